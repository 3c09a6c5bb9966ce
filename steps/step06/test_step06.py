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


def forward_and_backward_by_hand(x):
    A = Square()
    B = Exp()
    C = Square()
    a = A(x)
    b = B(a)
    y = C(b)
    y.grad = np.ones_like(y.data)
    b.grad = C.backward(y.grad)
    a.grad = B.backward(b.grad)
    x.grad = A.backward(a.grad)
    return a, b, y


def test_backward_by_hand_at_0_5_is_the_books_value():
    x = Variable(np.array(0.5))
    forward_and_backward_by_hand(x)
    assert x.grad == pytest.approx(3.297442541400256, rel=1e-12)


def test_every_variable_on_the_way_back_gets_its_gradient():
    x = Variable(np.array(0.5))
    a, b, y = forward_and_backward_by_hand(x)
    assert y.grad == 1.0
    assert b.grad == pytest.approx(2 * b.data, rel=1e-12)  # dy/db = 2b
    assert a.grad == pytest.approx(2 * b.data * np.exp(a.data), rel=1e-12)  # dy/da


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
@pytest.mark.parametrize('F', [Square, Exp])
def test_backward_matches_numerical_diff(F, shape):
    x = Variable(random_array(shape))
    f = F()
    y = f(x)
    gx = f.backward(np.ones_like(y.data))
    assert np.allclose(gx, numerical_diff(F(), x))


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_backward_by_hand_through_the_chain_matches_numerical_diff(shape):
    x = Variable(random_array(shape))
    forward_and_backward_by_hand(x)
    assert np.allclose(x.grad, numerical_diff(chain, x))


@pytest.mark.parametrize('F', [Square, Exp])
def test_backward_multiplies_the_gradient_that_comes_from_the_output(F):
    f = F()
    f(Variable(np.array(0.5)))
    assert f.backward(np.array(3.0)) == pytest.approx(3 * f.backward(np.array(1.0)), rel=1e-12)


def test_a_function_remembers_its_input():
    x = Variable(np.array(0.5))
    f = Square()
    f(x)
    assert f.input is x


def test_one_function_object_called_twice_backpropagates_with_its_last_input():
    # A remembers only its last input, a = 4, so A.backward for the first call
    # computes 2 * a * a.grad = 2 * 4 * 8 = 64, not dy/dx = 4x^3 = 32.
    A = Square()
    x = Variable(np.array(2.0))
    a = A(x)
    y = A(a)
    a.grad = A.backward(np.array(1.0))  # dy/da = 2a = 8: right
    x.grad = A.backward(a.grad)
    assert A.input is a
    assert (y.data, a.grad, x.grad) == (16.0, 8.0, 64.0)


def test_a_variable_starts_without_a_gradient():
    assert Variable(np.array(1.0)).grad is None


def test_numerical_diff_values_of_the_book_are_unchanged():
    assert numerical_diff(Square(), Variable(np.array(2.0))) == 4.000000000004
    assert numerical_diff(chain, Variable(np.array(0.5))) == pytest.approx(3.2974426293330694, rel=1e-12)


def test_an_output_does_not_know_which_function_made_it_yet():
    # So backward must be called by hand, function by function, in reverse
    # order. Step 7 links each output to its creator.
    y = Square()(Variable(np.array(0.5)))
    assert not hasattr(y, 'creator')
    assert not hasattr(y, 'backward')


def test_example_prints_the_books_output():
    assert run_example() == '3.297442541400256\n'


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
