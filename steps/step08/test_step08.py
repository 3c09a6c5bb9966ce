import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import Exp, Function, Square, Variable, numerical_diff

HERE = Path(__file__).resolve().parent
SHAPES = [(), (3,), (2, 3)]
SHAPE_IDS = ['0-d', '1-d', '2-d']


def random_array(shape, seed=0):
    return np.random.default_rng(seed).uniform(-1.0, 1.0, shape)


def run_example():
    result = subprocess.run([sys.executable, 'core.py'], cwd=HERE,
                            capture_output=True, text=True, check=True)
    return result.stdout


def chain(x):
    # The book's composite y = square(exp(square(x))) = exp(2x^2).
    return Square()(Exp()(Square()(x)))


class AddOne(Function):
    # A function of the test's own, the way a learner adds one: y = x + 1 and
    # dy/dx = 1, so a chain of any length has the gradient 1.
    def forward(self, x):
        return x + 1

    def backward(self, gy):
        return gy


def add_one_chain(x, length):
    y = x
    for _ in range(length):
        y = AddOne()(y)
    return y


def test_the_graph_links_back_from_output_to_input():
    A = Square()
    B = Exp()
    C = Square()
    x = Variable(np.array(0.5))
    a = A(x)
    b = B(a)
    y = C(b)
    assert y.creator is C and C.input is b and C.output is y
    assert b.creator is B and B.input is a and B.output is b
    assert a.creator is A and A.input is x and A.output is a
    assert x.creator is None  # a variable we made ourselves


def test_backward_of_the_chain_at_0_5_is_the_books_value():
    x = Variable(np.array(0.5))
    y = chain(x)
    y.grad = np.array(1.0)
    y.backward()
    assert x.grad == pytest.approx(3.297442541400256, rel=1e-12)


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
@pytest.mark.parametrize('f', [Square(), Exp(), chain], ids=['square', 'exp', 'chain'])
def test_backward_matches_numerical_diff(f, shape):
    x = Variable(random_array(shape))
    y = f(x)
    y.grad = np.ones_like(y.data)
    y.backward()
    assert np.allclose(x.grad, numerical_diff(f, x))


def test_one_function_object_called_twice_makes_a_loop_in_the_graph():
    # A remembers only its second call: a's creator is A and A's input is a,
    # so the loop of y.backward() would take A again after A, for ever (not
    # called here).
    A = Square()
    x = Variable(np.array(2.0))
    a = A(x)
    y = A(a)
    assert y.creator is A and a.creator is A
    assert A.input is a  # not x: the first call is forgotten


def test_backward_fills_in_every_gradient_on_the_way():
    x = Variable(np.array(0.5))
    a = Square()(x)
    b = Exp()(a)
    y = Square()(b)
    y.grad = np.array(1.0)
    y.backward()
    assert b.grad == pytest.approx(2 * b.data, rel=1e-12)
    assert a.grad == pytest.approx(2 * b.data * np.exp(a.data), rel=1e-12)


def test_loop_backward_handles_a_chain_of_100000_functions():
    # Step 7's recursion would need 100,000 nested calls; the loop needs none.
    x = Variable(np.array(0.0))
    y = add_one_chain(x, 100_000)
    y.grad = np.array(1.0)
    y.backward()
    assert y.data == 100_000.0
    assert x.grad == 1.0


def test_backward_of_a_variable_no_function_made_leaves_its_gradient():
    # The book's loop would start from funcs = [None] and fail on None.input.
    x = Variable(np.array(0.5))
    x.grad = np.array(1.0)
    x.backward()
    assert x.grad == 1.0


def test_example_prints_the_books_output():
    assert run_example() == '3.297442541400256\n'


def test_backward_without_a_gradient_to_start_from_says_what_to_do():
    # The output's gradient must still be set by hand (step 9 seeds it).
    y = chain(Variable(np.array(0.5)))
    with pytest.raises(RuntimeError, match=r'y\.grad = np\.array\(1\.0\)'):
        y.backward()


def test_function_itself_has_no_forward_or_backward():
    with pytest.raises(NotImplementedError):
        Function()(Variable(np.array(1.0)))
    with pytest.raises(NotImplementedError):
        Function().backward(np.array(1.0))


@pytest.mark.parametrize('value, error, message', [
    (np.array(2.0), TypeError, "'memoryview'"),
    (2.0, AttributeError, "'float' object has no attribute 'data'"),
    ([2.0], AttributeError, "'list' object has no attribute 'data'"),
], ids=['ndarray', 'float', 'list'])
def test_a_function_takes_only_a_variable_yet(value, error, message):
    # Until step 21 a function reads input.data straight away. An ndarray has a
    # .data of its own, a memoryview of its memory, which Square cannot square.
    with pytest.raises(error, match=message):
        Square()(value)
