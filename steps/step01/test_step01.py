import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import Variable

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
def test_variable_holds_the_array_it_is_given(shape):
    data = random_array(shape)
    x = Variable(data)
    assert x.data is data


def test_data_can_be_replaced():
    x = Variable(np.array(1.0))
    x.data = np.array(2.0)
    assert x.data == 2.0


def test_example_prints_the_books_output():
    assert run_example() == '1.0\n2.0\n'


def test_the_box_does_not_check_what_goes_in_yet():
    # Step 9 restricts Variable to ndarrays; until then anything goes in.
    assert Variable(1.0).data == 1.0
    assert Variable([1, 2]).data == [1, 2]


def test_a_variable_needs_data():
    with pytest.raises(TypeError):
        Variable()
