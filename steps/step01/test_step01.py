"""Step 1 — 상자로서의 변수 / Variable as a box: the tests of this snapshot.

A lesson log: one section per book step, 1 to 1, in the book's order; step 1's own tests are
the last section. They use only the names the book's code has at step 1, so they can judge a
learner's own code (python -m common.check 1 PATH, from the repository root).
"""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import core

# The names the book's code has at step 1; a test that needs one the code under test lacks is
# skipped, and says which.
Variable = getattr(core, 'Variable', None)

if Variable is None:
    pytest.skip('needs Variable', allow_module_level=True)


def need(*names):
    """Skip a test that needs names the code under test lacks."""
    missing = [name for name in names if getattr(core, name, None) is None]
    return pytest.mark.skipif(bool(missing), reason='needs ' + ', '.join(missing))


def departure(test):
    """A test of where this snapshot goes beyond the book: the learner's checker leaves it out."""
    test.departure = True
    return test


def snapshot_only(test):
    """A test that runs this folder's own files: the learner's checker leaves it out."""
    test.snapshot_only = True
    return test


def limitation(fixed_at):
    """A test of what the book's code cannot do yet (the book changes it at step fixed_at): the
    learner's checker does not count it against code that already does more."""
    def mark(test):
        test.limitation = fixed_at
        return test
    return mark


def numerical_grad(f, x, eps=1e-6):
    """d sum(f(x)) / dx by central differences, element by element: the tests' own oracle."""
    data = np.array(x.data, dtype=float)
    grad = np.zeros_like(data)
    for index in np.ndindex(data.shape):
        plus, minus = data.copy(), data.copy()
        plus[index] += eps
        minus[index] -= eps
        y_plus, y_minus = np.sum(f(Variable(plus)).data), np.sum(f(Variable(minus)).data)
        grad[index] = (y_plus - y_minus) / (2 * eps)
    return grad


HERE = Path(__file__).resolve().parent
SHAPES = [(), (3,), (2, 3)]
SHAPE_IDS = ['0-d', '1-d', '2-d']


def random_array(shape, seed=0):
    """Values in [-1, 1) of the given shape, the same on every run."""
    return np.random.default_rng(seed).uniform(-1.0, 1.0, shape)


def run_example():
    """What `python core.py` prints in this folder."""
    result = subprocess.run([sys.executable, 'core.py'], cwd=HERE,
                            capture_output=True, text=True, check=True)
    return result.stdout


# =============================================================================
# Step 1 — 상자로서의 변수 / Variable as a box
# =============================================================================

@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_variable_holds_the_array_it_is_given(shape):
    """`Variable(data)` keeps the very array it is given in `.data`, whatever its shape."""
    data = random_array(shape)
    x = Variable(data)
    assert x.data is data


def test_data_can_be_replaced():
    """Assigning `x.data = np.array(2.0)` replaces the 1.0 that `Variable(np.array(1.0))` held with 2.0."""
    x = Variable(np.array(1.0))
    assert x.data == 1.0
    x.data = np.array(2.0)
    assert x.data == 2.0


def test_a_variable_needs_data():
    """`Variable()` with no data raises a `TypeError`: the data argument is required."""
    with pytest.raises(TypeError):
        Variable()


@limitation(9)
def test_the_box_does_not_check_what_goes_in_yet():
    """Until step 9, `Variable` stores any data unchecked, even `1.0` or `[1, 2]`."""
    # Step 9 restricts Variable to ndarrays; until then anything goes in.
    assert Variable(1.0).data == 1.0
    assert Variable([1, 2]).data == [1, 2]


@snapshot_only
def test_example_prints_the_books_output():
    """Running the step's `core.py` prints exactly what the book's example for the step prints."""
    assert run_example() == '1.0\n2.0\n'
