"""Step 2 — 변수를 낳는 함수 / Functions that make variables: the tests of this snapshot.

A lesson log: one section per book step, 1 to 2, in the book's order; step 2's own tests are
the last section. They use only the names the book's code has at step 2, so they can judge a
learner's own code (python -m common.check 2 PATH, from the repository root).
"""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import core

# The names the book's code has at step 2; a test that needs one the code under test lacks is
# skipped, and says which.
Variable = getattr(core, 'Variable', None)
Function = getattr(core, 'Function', None)
Square = getattr(core, 'Square', None)

if Variable is None or Function is None:
    pytest.skip('needs Variable and Function', allow_module_level=True)


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


# =============================================================================
# Step 2 — 변수를 낳는 함수 / Functions that make variables
# =============================================================================

@need('Square')
def test_square_of_10_is_100():
    """`Square()(Variable(np.array(10)))` gives a `Variable` holding 100."""
    y = Square()(Variable(np.array(10)))
    assert y.data == 100


@need('Square')
@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_square_squares_every_element(shape):
    """`Square` squares every element of its input, whatever the input's shape."""
    x = Variable(random_array(shape))
    y = Square()(x)
    assert np.array_equal(y.data, x.data * x.data)


@need('Square')
def test_a_function_takes_a_variable_and_returns_a_new_variable():
    """`Square()` called on `Variable(np.array(3.0))` returns a new `Variable` and leaves the input as it
    was."""
    x = Variable(np.array(3.0))
    y = Square()(x)
    assert isinstance(y, Variable)
    assert y is not x
    assert x.data == 3.0  # the input is left as it was


@need('Square')
def test_one_function_object_can_be_called_again():
    """One `Square` object can be called again and again: 2.0 gives 4.0, then 3.0 gives 9.0."""
    f = Square()
    assert f(Variable(np.array(2.0))).data == 4.0
    assert f(Variable(np.array(3.0))).data == 9.0


def test_calling_a_function_runs_its_forward_on_the_inputs_data():
    """Calling a `Function` hands the input's `data` to `forward` and wraps the result in a new
    `Variable`."""
    # A function of the test's own: __call__ takes the data out of the
    # variable, hands it to forward and puts forward's result in a new variable.
    class Double(Function):
        def forward(self, x):
            return 2 * x

    y = Double()(Variable(np.array([1.0, 2.0])))
    assert isinstance(y, Variable)
    assert np.array_equal(y.data, [2.0, 4.0])


def test_function_itself_has_no_forward():
    """Calling the base class `Function` itself raises `NotImplementedError`: each subclass implements
    `forward`."""
    # Function is the base class: a concrete function overrides forward.
    with pytest.raises(NotImplementedError):
        Function()(Variable(np.array(1.0)))


@limitation(21)
@need('Square')
@pytest.mark.parametrize('value, error, message', [
    (np.array(2.0), TypeError, "'memoryview'"),
    (2.0, AttributeError, "'float' object has no attribute 'data'"),
    ([2.0], AttributeError, "'list' object has no attribute 'data'"),
], ids=['ndarray', 'float', 'list'])
def test_a_function_takes_only_a_variable_yet(value, error, message):
    """Until step 21 a function reads its input's `.data` at once, so an ndarray, float or list raises an
    error."""
    # Until step 21 a function reads input.data straight away. An ndarray has a
    # .data of its own, a memoryview of its memory, which Square cannot square.
    with pytest.raises(error, match=message):
        Square()(value)


@snapshot_only
def test_example_prints_the_books_output():
    """Running the step's `core.py` prints exactly what the book's example for the step prints."""
    assert run_example() == "<class '__main__.Variable'>\n100\n"
