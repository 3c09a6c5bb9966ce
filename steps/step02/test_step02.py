import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import Function, Square, Variable

HERE = Path(__file__).resolve().parent
SHAPES = [(), (3,), (2, 3)]
SHAPE_IDS = ['0-d', '1-d', '2-d']


def random_array(shape, seed=0):
    return np.random.default_rng(seed).uniform(-1.0, 1.0, shape)


def run_example():
    result = subprocess.run([sys.executable, 'core.py'], cwd=HERE,
                            capture_output=True, text=True, check=True)
    return result.stdout


def test_square_of_10_is_100():
    y = Square()(Variable(np.array(10)))
    assert y.data == 100


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_square_squares_every_element(shape):
    x = Variable(random_array(shape))
    y = Square()(x)
    assert np.array_equal(y.data, x.data * x.data)


def test_a_function_takes_a_variable_and_returns_a_new_variable():
    x = Variable(np.array(3.0))
    y = Square()(x)
    assert isinstance(y, Variable)
    assert y is not x
    assert x.data == 3.0  # the input is left as it was


def test_one_function_object_can_be_called_again():
    f = Square()
    assert f(Variable(np.array(2.0))).data == 4.0
    assert f(Variable(np.array(3.0))).data == 9.0


def test_example_prints_the_books_output():
    assert run_example() == "<class '__main__.Variable'>\n100\n"


def test_function_itself_has_no_forward():
    # Function is the base class: a concrete function overrides forward.
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
