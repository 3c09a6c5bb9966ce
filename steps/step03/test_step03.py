import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import Exp, Function, Square, Variable

HERE = Path(__file__).resolve().parent
SHAPES = [(), (3,), (2, 3)]
SHAPE_IDS = ['0-d', '1-d', '2-d']


def random_array(shape, seed=0):
    return np.random.default_rng(seed).uniform(-1.0, 1.0, shape)


def run_example():
    result = subprocess.run([sys.executable, 'core.py'], cwd=HERE,
                            capture_output=True, text=True, check=True)
    return result.stdout


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_square_squares_every_element(shape):
    x = Variable(random_array(shape))
    y = Square()(x)
    assert np.array_equal(y.data, x.data * x.data)


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_exp_is_numpys_exp(shape):
    x = Variable(random_array(shape))
    y = Exp()(x)
    assert np.array_equal(y.data, np.exp(x.data))


def test_chain_of_the_book_at_0_5():
    # square(exp(square(0.5))) = exp(0.25) ** 2 = exp(0.5)
    A = Square()
    B = Exp()
    C = Square()
    y = C(B(A(Variable(np.array(0.5)))))
    assert y.data == pytest.approx(1.648721270700128, rel=1e-12)
    assert y.data == pytest.approx(np.exp(0.5), rel=1e-12)


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_functions_chain_because_a_variable_goes_in_and_comes_out(shape):
    x = Variable(random_array(shape))
    a = Square()(x)
    b = Exp()(a)
    y = Square()(b)
    assert all(isinstance(v, Variable) for v in (a, b, y))
    assert np.allclose(y.data, np.exp(2 * x.data ** 2))


def test_example_prints_the_books_output():
    assert run_example() == '1.648721270700128\n'


def test_function_itself_has_no_forward():
    with pytest.raises(NotImplementedError):
        Function()(Variable(np.array(1.0)))


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
