import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import Exp, Function, Square, Variable, as_array, exp, numerical_diff, square

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
    # The book's composite, now written with the Python functions.
    return square(exp(square(x)))


class AddOne(Function):
    # A function of the test's own, the way a learner adds one: y = x + 1 and
    # dy/dx = 1, so a chain of any length has the gradient 1.
    def forward(self, x):
        return x + 1

    def backward(self, gy):
        return gy


def test_square_and_exp_are_plain_python_functions_now():
    x = Variable(np.array(0.5))
    assert isinstance(square(x), Variable)
    assert square(x).creator.__class__ is Square
    assert exp(x).creator.__class__ is Exp


def test_backward_of_the_chain_at_0_5_is_the_books_value_without_seeding():
    x = Variable(np.array(0.5))
    y = chain(x)
    y.backward()  # y.grad is filled in by backward itself
    assert y.grad == 1.0
    assert x.grad == pytest.approx(3.297442541400256, rel=1e-12)


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
@pytest.mark.parametrize('f', [square, exp, chain])
def test_backward_matches_numerical_diff(f, shape):
    x = Variable(random_array(shape))
    y = f(x)
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


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_backward_seeds_the_output_gradient_with_ones_of_its_shape(shape):
    y = square(Variable(random_array(shape)))
    y.backward()
    assert y.grad.shape == y.data.shape
    assert np.all(y.grad == 1.0)


@pytest.mark.parametrize('f', [square, exp])
def test_outputs_of_0_d_inputs_stay_ndarrays(f):
    # np.array(0.5) ** 2 is an np.float64, not an ndarray; as_array wraps it.
    assert not isinstance(np.array(0.5) ** 2, np.ndarray)
    y = f(Variable(np.array(0.5)))
    assert type(y.data) is np.ndarray
    assert y.data.ndim == 0


def test_as_array_wraps_scalars_and_passes_arrays_through():
    assert type(as_array(np.float64(2.0))) is np.ndarray
    assert type(as_array(2.0)) is np.ndarray
    data = np.array([1.0, 2.0])
    assert as_array(data) is data


def test_numerical_diff_still_works_on_0_d_inputs():
    # Beyond the book: x.data - eps is a numpy scalar for a 0-d x, which
    # Variable would now refuse; numerical_diff wraps it with as_array.
    assert numerical_diff(square, Variable(np.array(2.0))) == 4.000000000004
    assert numerical_diff(chain, Variable(np.array(0.5))) == pytest.approx(3.2974426293330694, rel=1e-12)


def test_loop_backward_handles_a_chain_of_100000_functions():
    x = Variable(np.array(0.0))
    y = x
    for _ in range(100_000):
        y = AddOne()(y)
    y.backward()
    assert y.data == 100_000.0
    assert x.grad == 1.0


def test_backward_of_a_variable_no_function_made_gives_dx_dx_1():
    x = Variable(np.array([0.5, 2.0]))
    x.backward()
    assert np.array_equal(x.grad, [1.0, 1.0])


def test_backward_twice_gives_the_same_gradient():
    # Gradients are overwritten, not added up, at this step.
    x = Variable(np.array(0.5))
    y = chain(x)
    y.backward()
    first = x.grad
    y.backward()
    assert x.grad == first


def test_example_prints_the_books_output():
    assert run_example() == "3.297442541400256\nTypeError: <class 'float'> is not supported\n"


def test_variable_accepts_an_ndarray_or_none():
    assert Variable(np.array(1.0)).data == 1.0
    assert Variable(None).data is None


@pytest.mark.parametrize('value', [1.0, 1, [1.0, 2.0], np.float64(1.0), '1.0'],
                         ids=['float', 'int', 'list', 'numpy-scalar', 'str'])
def test_variable_refuses_anything_else_with_a_type_error_naming_it(value):
    with pytest.raises(TypeError, match=re.escape('{} is not supported'.format(type(value)))):
        Variable(value)


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
