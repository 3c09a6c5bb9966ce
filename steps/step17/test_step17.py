"""Step 17 — 메모리 관리와 순환 참조 / Memory and circular references: the tests of this snapshot.

A lesson log: one section per book step, 1 to 17, in the book's order; step 17's own tests are
the last section. They use only the names the book's code has at step 17, so they can judge a
learner's own code (python -m common.check 17 PATH, from the repository root).
"""
import gc
import re
import subprocess
import sys
import tracemalloc
import unittest
import weakref
from pathlib import Path

import numpy as np
import pytest

import core

# The names the book's code has at step 17; a test that needs one the code under test lacks is
# skipped, and says which.
Variable = getattr(core, 'Variable', None)
Function = getattr(core, 'Function', None)
Square = getattr(core, 'Square', None)
square = getattr(core, 'square', None)
Exp = getattr(core, 'Exp', None)  # our snapshot keeps it; the book's listing has none here
Add = getattr(core, 'Add', None)  # not in the book's listing at 17
add = getattr(core, 'add', None)  # not in the book's listing at 17
as_array = getattr(core, 'as_array', None)
numerical_diff = getattr(core, 'numerical_diff', None)  # not in the book's listing at 11-22

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


class SquareFn(Function):
    """The book's Square, of the test's own: the book's code has it only at some steps."""
    def forward(self, x):
        return x ** 2

    def backward(self, gy):
        return 2 * self.inputs[0].data * gy


def square_fn(x):
    return SquareFn()(x)


# The book's code has Square and square at this step: the tests run the code's own, and their
# copies above stand in only for code that lacks them (the tests that need them say so).
SquareFn = Square or SquareFn
square_fn = square or square_fn


class ExpFn(Function):
    """The book's Exp, of the test's own: the book's code has no Exp at this step."""
    def forward(self, x):
        return np.exp(x)

    def backward(self, gy):
        return np.exp(self.inputs[0].data) * gy


def exp_fn(x):
    return ExpFn()(x)


def chain(x):
    """The book's composite y = square(exp(square(x))) = exp(2x^2); dy/dx = 4x exp(2x^2)."""
    return square_fn(exp_fn(square_fn(x)))


class AddOne(Function):
    """A function of the test's own: y = x + 1, so a chain of any length has dy/dx = 1."""
    def forward(self, x):
        return x + 1

    def backward(self, gy):
        return gy


def add_one_chain(x, length):
    """x + 1 + 1 + ... by `length` AddOne functions: a graph as deep as `length`."""
    y = x
    for _ in range(length):
        y = AddOne()(y)
    return y


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


# =============================================================================
# Step 2 — 변수를 낳는 함수 / Functions that make variables
# =============================================================================

def test_square_of_10_is_100():
    """`Square()(Variable(np.array(10)))` gives a `Variable` holding 100."""
    y = square_fn(Variable(np.array(10)))
    assert y.data == 100


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_square_squares_every_element(shape):
    """`Square` squares every element of its input, whatever the input's shape."""
    x = Variable(random_array(shape))
    y = square_fn(x)
    assert np.array_equal(y.data, x.data * x.data)


def test_a_function_takes_a_variable_and_returns_a_new_variable():
    """`Square()` called on `Variable(np.array(3.0))` returns a new `Variable` and leaves the input as it
    was."""
    x = Variable(np.array(3.0))
    y = square_fn(x)
    assert isinstance(y, Variable)
    assert y is not x
    assert x.data == 3.0  # the input is left as it was


def test_one_function_object_can_be_called_again():
    """One `Square` object can be called again and again: 2.0 gives 4.0, then 3.0 gives 9.0."""
    f = SquareFn()
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
        SquareFn()(value)


# =============================================================================
# Step 3 — 함수 연결 / Chaining functions
# =============================================================================

@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_exp_is_numpys_exp(shape):
    """`Exp` gives `np.exp` of its input, element by element, for any shape."""
    x = Variable(random_array(shape))
    y = exp_fn(x)
    assert np.array_equal(y.data, np.exp(x.data))


def test_chain_of_the_book_at_0_5_is_1_648721270700128():
    """`Square`, `Exp` and `Square` applied in turn to 0.5 give 1.648721270700128, i.e. `np.exp(0.5)`."""
    # square(exp(square(0.5))) = exp(0.25) ** 2 = exp(0.5)
    A = SquareFn()
    B = ExpFn()
    C = SquareFn()
    x = Variable(np.array(0.5))
    a = A(x)
    b = B(a)
    y = C(b)
    assert y.data == pytest.approx(1.648721270700128, rel=1e-12)
    assert y.data == pytest.approx(np.exp(0.5), rel=1e-12)


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_functions_chain_because_a_variable_goes_in_and_comes_out(shape):
    """Each function takes and returns a `Variable`, so `Square`, `Exp`, `Square` chain into exp(2x²)."""
    x = Variable(random_array(shape))
    a = square_fn(x)
    b = exp_fn(a)
    y = square_fn(b)
    assert all(isinstance(v, Variable) for v in (a, b, y))
    assert np.allclose(y.data, np.exp(2 * x.data ** 2), rtol=1e-12, atol=0)


# =============================================================================
# Step 4 — 수치 미분 / Numerical differentiation
# =============================================================================
# From step 9 Variable takes only ndarrays, and for a 0-d x the book's numerical_diff hands it
# x.data - eps, a numpy scalar: these tests use 1-element arrays (0-d: see step 9).

@need('numerical_diff')
def test_numerical_diff_of_square_at_2_is_the_books_value():
    """`numerical_diff` of `Square` at 2.0 gives the book's 4.000000000004."""
    # Only + - * / here, so the book's printed value is exact.
    assert numerical_diff(square_fn, Variable(np.array([2.0]))) == 4.000000000004


@need('numerical_diff')
def test_numerical_diff_of_the_chain_at_0_5_is_the_books_value():
    """`numerical_diff` of `square(exp(square(x)))` at 0.5 gives the book's 3.2974426293330694."""
    dy = numerical_diff(chain, Variable(np.array([0.5])))
    assert dy == pytest.approx(3.2974426293330694, rel=1e-12)


@need('numerical_diff')
def test_numerical_diff_is_close_to_the_derivative_but_not_exact():
    """`numerical_diff` of `Square` at 2.0 is within 1e-10 of the true 4.0 but, by rounding error, not
    exactly 4.0."""
    # d/dx x^2 = 2x = 4 at x = 2; the central difference carries rounding error.
    dy = numerical_diff(square_fn, Variable(np.array([2.0])))
    assert dy != 4.0
    assert abs(dy - 4.0) < 1e-10


@need('numerical_diff')
@pytest.mark.parametrize('shape', SHAPES[1:], ids=SHAPE_IDS[1:])
@pytest.mark.parametrize('f, derivative', [
    pytest.param(square_fn, lambda x: 2 * x, id='square'),
    pytest.param(exp_fn, np.exp, id='exp'),
    pytest.param(chain, lambda x: 4 * x * np.exp(2 * x ** 2), id='chain'),
])
def test_numerical_diff_matches_the_analytic_derivative(f, derivative, shape):
    """`numerical_diff` matches the analytic derivative (2x, exp(x), 4x·exp(2x²)) element by element."""
    # Square and Exp work element by element, so one central difference over
    # the whole array gives every element's derivative at once.
    x = Variable(random_array(shape))
    assert np.allclose(numerical_diff(f, x), derivative(x.data))


@need('numerical_diff')
@pytest.mark.parametrize('eps', [1e-2, 1e-3, 1e-4])
def test_central_difference_error_shrinks_like_eps_squared(eps):
    """The central difference's error for `Exp` at 0.5 is about eps²·exp(0.5)/6: it shrinks with eps
    squared."""
    # Taylor: (f(x + h) - f(x - h)) / 2h = f'(x) + h^2 f'''(x) / 6 + O(h^4),
    # and for exp at 0.5 every derivative is exp(0.5). A forward difference
    # (f(x + h) - f(x)) / h would be off by h f''(x) / 2 instead.
    error = numerical_diff(exp_fn, Variable(np.array([0.5])), eps=eps) - np.exp(0.5)
    assert error == pytest.approx(eps ** 2 * np.exp(0.5) / 6, rel=0.01)


@need('numerical_diff')
def test_numerical_diff_takes_eps_1e_4_by_default():
    """`numerical_diff(f, x)` uses `eps=1e-4` when no eps is given."""
    x = Variable(np.array([0.5]))
    assert numerical_diff(exp_fn, x) == numerical_diff(exp_fn, x, eps=1e-4)


@need('numerical_diff')
def test_numerical_diff_leaves_its_input_unchanged():
    """`numerical_diff` leaves its input's data as it was: 0.5 stays 0.5."""
    x = Variable(np.array([0.5]))
    numerical_diff(square_fn, x)
    assert x.data == 0.5


@need('numerical_diff')
def test_numerical_diff_needs_a_function_object_not_the_class():
    """`numerical_diff` needs a function object like `Square()`; given the class `Square` it raises a
    `TypeError`."""
    # numerical_diff(SquareFn, x) would call SquareFn(x0), i.e. make a new SquareFn.
    with pytest.raises(TypeError):
        numerical_diff(SquareFn, Variable(np.array([2.0])))


# =============================================================================
# Step 5 — 역전파 이론 / Backpropagation theory
# =============================================================================

def chain_rule_by_hand(x):
    # Forward pass with the framework, then the chain rule on paper:
    # dy/dx = C'(b) * B'(a) * A'(x), multiplied from the output back.
    a = square_fn(x)
    b = exp_fn(a)
    dy_db = 1.0 * 2 * b.data  # C(b) = b^2
    dy_da = dy_db * np.exp(a.data)  # B(a) = exp(a)
    dy_dx = dy_da * 2 * x.data  # A(x) = x^2
    return dy_dx


def chain_rule_forward_order(x):
    # The same product multiplied from the input forward: da/dx first.
    a = square_fn(x)
    b = exp_fn(a)
    db_dx = np.exp(a.data) * (2 * x.data)
    return (2 * b.data) * db_dx


def test_chain_rule_by_hand_at_0_5_is_the_books_value():
    """Multiplying the derivatives by the chain rule, from the output back, gives 3.297442541400256 at x
    = 0.5."""
    # The value step 6's backward pass prints, and the analytic 4x exp(2x^2).
    by_hand = chain_rule_by_hand(Variable(np.array(0.5)))
    assert by_hand == pytest.approx(3.297442541400256, rel=1e-12)
    assert by_hand == pytest.approx(2 * np.exp(0.5), rel=1e-12)


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_chain_rule_by_hand_matches_the_analytic_derivative_and_finite_differences(shape):
    """The chain rule by hand gives 4x·exp(2x²) for `square(exp(square(x)))`, matching finite
    differences."""
    x = Variable(random_array(shape))
    by_hand = chain_rule_by_hand(x)
    assert np.allclose(by_hand, 4 * x.data * np.exp(2 * x.data ** 2), rtol=1e-12, atol=0)
    assert np.allclose(by_hand, numerical_grad(chain, x))


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_backward_and_forward_order_of_the_chain_rule_agree(shape):
    """Multiplying the chain rule's factors from the output back or from the input forward gives the same
    derivative."""
    # For one input and one output the order of the product does not change
    # the result; backpropagation is chosen because with many inputs one
    # backward pass gives all their derivatives.
    x = Variable(random_array(shape))
    assert np.allclose(chain_rule_by_hand(x), chain_rule_forward_order(x), rtol=1e-12, atol=0)


@need('numerical_diff')
def test_chain_rule_by_hand_and_numerical_diff_agree_to_7_digits():
    """At 0.5 the chain rule's 3.297442541400256 and `numerical_diff`'s 3.2974426293330694 agree to about
    7 digits."""
    # 3.297442541400256 by hand, 3.2974426293330694 by step 4's central
    # difference: 8.8e-8 apart, a relative error of 2.7e-8.
    x = Variable(np.array([0.5]))
    assert chain_rule_by_hand(x) == pytest.approx(numerical_diff(chain, x), rel=1e-7)


# =============================================================================
# Step 6 — 수동 역전파 / Manual backpropagation
# =============================================================================

def forward_and_backward_by_hand(x):
    A = SquareFn()
    B = ExpFn()
    C = SquareFn()
    a = A(x)
    b = B(a)
    y = C(b)
    y.grad = np.ones_like(y.data)
    b.grad = C.backward(y.grad)
    a.grad = B.backward(b.grad)
    x.grad = A.backward(a.grad)
    return a, b, y


def test_a_variable_starts_without_a_gradient():
    """A new `Variable` has no gradient yet: its `grad` is `None`."""
    assert Variable(np.array(1.0)).grad is None


def test_a_function_remembers_its_input():
    """A function keeps the variable it was called with: `input`, from step 11 `inputs[0]`."""
    x = Variable(np.array(0.5))
    f = SquareFn()
    f(x)
    assert f.inputs[0] is x


def test_backward_by_hand_at_0_5_is_the_books_value():
    """Calling each function's `backward` by hand, from the output back, gives `x.grad` 3.297442541400256
    at x = 0.5."""
    x = Variable(np.array(0.5))
    forward_and_backward_by_hand(x)
    assert x.grad == pytest.approx(3.297442541400256, rel=1e-12)


def test_every_variable_on_the_way_back_gets_its_gradient():
    """Backpropagating by hand fills in the `grad` of y, b and a: 1.0, 2b and 2b·exp(a)."""
    x = Variable(np.array(0.5))
    a, b, y = forward_and_backward_by_hand(x)
    assert y.grad == 1.0
    assert b.grad == pytest.approx(2 * b.data, rel=1e-12)  # dy/db = 2b
    assert a.grad == pytest.approx(2 * b.data * np.exp(a.data), rel=1e-12)  # dy/da


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
@pytest.mark.parametrize('make, f', [
    pytest.param(SquareFn, square_fn, id='square'),
    pytest.param(ExpFn, exp_fn, id='exp'),
])
def test_backward_of_square_and_exp_matches_finite_differences(make, f, shape):
    """`Square.backward` and `Exp.backward`, given a gradient of ones, return what finite differences
    give."""
    x = Variable(random_array(shape))
    function = make()
    y = function(x)
    gx = function.backward(np.ones_like(y.data))
    assert np.allclose(gx, numerical_grad(f, x))


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_backward_by_hand_through_the_chain_matches_finite_differences(shape):
    """Backpropagating by hand through `square(exp(square(x)))` gives an `x.grad` that matches finite
    differences."""
    x = Variable(random_array(shape))
    forward_and_backward_by_hand(x)
    assert np.allclose(x.grad, numerical_grad(chain, x))


@pytest.mark.parametrize('make, derivative', [
    pytest.param(SquareFn, lambda x: 2 * x, id='square'),
    pytest.param(ExpFn, np.exp, id='exp'),
])
def test_backward_multiplies_the_gradient_that_comes_from_the_output(make, derivative):
    """`backward(gy)` returns the function's derivative at its input times `gy`, element by element."""
    # gx = f'(x) * gy, element by element.
    x = Variable(random_array((2, 3)))
    gy = random_array((2, 3), seed=1)
    f = make()
    f(x)
    assert np.allclose(f.backward(gy), derivative(x.data) * gy, rtol=1e-12, atol=0)


def test_one_function_object_called_twice_backpropagates_with_its_last_input():
    """A `Square` called twice remembers only its last input, so backward by hand gives `x.grad` 64.0,
    not 32.0."""
    # A remembers only its last input, a = 4, so A.backward for the first call
    # computes 2 * a * a.grad = 2 * 4 * 8 = 64, not dy/dx = 4x^3 = 32.
    A = SquareFn()
    x = Variable(np.array(2.0))
    a = A(x)
    y = A(a)
    a.grad = A.backward(np.array(1.0))  # dy/da = 2a = 8: right
    x.grad = A.backward(a.grad)
    assert A.inputs[0] is a
    assert (y.data, a.grad, x.grad) == (16.0, 8.0, 64.0)


def test_function_itself_has_no_backward():
    """`Function().backward(...)` raises `NotImplementedError`: each subclass implements `backward`."""
    # Function is the base class: a concrete function overrides backward.
    with pytest.raises(NotImplementedError):
        Function().backward(np.array(1.0))


# =============================================================================
# Step 7 — 역전파 자동화 / Automating backpropagation
# =============================================================================

def test_set_creator_records_the_function_that_made_the_variable():
    """A new `Variable` has `creator` `None`, and `set_creator(f)` makes `f` its creator."""
    x = Variable(np.array(1.0))
    assert x.creator is None  # a variable we made ourselves
    f = Function()
    f.generation = 0  # from step 16 set_creator reads it; __call__ sets it
    x.set_creator(f)
    assert x.creator is f


def test_the_graph_links_back_from_output_to_input():
    """Each output's `creator` is the function that made it, and that function holds its input and
    output, back to x."""
    A = SquareFn()
    B = ExpFn()
    C = SquareFn()
    x = Variable(np.array(0.5))
    a = A(x)
    b = B(a)
    y = C(b)
    # From step 17 a function holds its outputs by weak reference: outputs[0]() is the output.
    assert y.creator is C and C.inputs[0] is b and C.outputs[0]() is y
    assert b.creator is B and B.inputs[0] is a and B.outputs[0]() is b
    assert a.creator is A and A.inputs[0] is x and A.outputs[0]() is a
    assert x.creator is None


def test_backward_of_the_chain_at_0_5_is_the_books_value():
    """With `y.grad = np.array(1.0)`, `y.backward()` gives `x.grad` 3.297442541400256 for
    `square(exp(square(x)))` at 0.5."""
    x = Variable(np.array(0.5))
    y = chain(x)
    y.grad = np.array(1.0)
    y.backward()
    assert x.grad == pytest.approx(3.297442541400256, rel=1e-12)


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
@pytest.mark.parametrize('f', [
    pytest.param(square_fn, id='square'),
    pytest.param(exp_fn, id='exp'),
    pytest.param(chain, id='chain'),
])
def test_backward_matches_finite_differences(f, shape):
    """`y.backward()` from a `y.grad` of ones gives an `x.grad` that matches finite differences."""
    x = Variable(random_array(shape))
    y = f(x)
    y.grad = np.ones_like(y.data)
    y.backward()
    assert np.allclose(x.grad, numerical_grad(f, x))


@limitation(18)
def test_backward_fills_in_every_gradient_on_the_way():
    """`y.backward()` also fills in the middle `grad`s, 2b and 2b·exp(a) (from step 18, with
    `retain_grad=True`)."""
    x = Variable(np.array(0.5))
    a = square_fn(x)
    b = exp_fn(a)
    y = square_fn(b)
    y.grad = np.array(1.0)
    y.backward()
    assert b.grad == pytest.approx(2 * b.data, rel=1e-12)
    assert a.grad == pytest.approx(2 * b.data * np.exp(a.data), rel=1e-12)


def test_one_function_object_called_twice_makes_a_loop_in_the_graph():
    """One `Square` called twice becomes the creator of both outputs but remembers only its second input."""
    # A remembers only its second call: a's creator is A and A's input is a,
    # so y.backward() would never get from a back to x (not called here).
    A = SquareFn()
    x = Variable(np.array(2.0))
    a = A(x)
    y = A(a)
    assert y.creator is A and a.creator is A
    assert A.inputs[0] is a  # not x: the first call is forgotten


def test_backward_calls_each_function_once_from_the_output_back():
    """`backward()` calls each function's `backward` exactly once, from the output back to the input."""
    calls = []

    class Record(AddOne):
        def backward(self, gy):
            calls.append(self)
            return gy

    functions = [Record(), Record(), Record()]
    y = Variable(np.array(0.0))
    for f in functions:
        y = f(y)
    y.grad = np.array(1.0)
    y.backward()
    assert calls == functions[::-1]


def test_backward_handles_a_chain_of_100_functions():
    """`backward()` goes back through 100 chained functions (each adds 1) and gives `x.grad` 1.0."""
    x = Variable(np.array(0.0))
    y = add_one_chain(x, 100)
    y.grad = np.array(1.0)
    y.backward()
    assert y.data == 100.0
    assert x.grad == 1.0


# =============================================================================
# Step 8 — 재귀에서 반복문으로 / From recursion to a loop
# =============================================================================

def test_loop_backward_handles_a_chain_of_10000_functions():
    """The loop `backward()` handles 10,000 chained functions, past Python's recursion limit, giving
    `x.grad` 1.0."""
    # Step 7's recursion would need 10,000 nested calls, ten times Python's
    # default limit; the loop needs none.
    x = Variable(np.array(0.0))
    y = add_one_chain(x, 10_000)
    y.grad = np.array(1.0)
    y.backward()
    assert y.data == 10_000.0
    assert x.grad == 1.0


@departure
def test_backward_of_a_variable_no_function_made_leaves_its_gradient():
    """`backward()` on a variable no function made leaves the `grad` set by hand as it is."""
    # The book's loop starts from funcs = [None] and fails on None.input.
    x = Variable(np.array(0.5))
    x.grad = np.array(1.0)
    x.backward()
    assert x.grad == 1.0


# =============================================================================
# Step 9 — 함수를 더 편리하게 / More convenient functions
# =============================================================================

@need('square', 'Square')
def test_square_is_a_python_function_that_makes_a_new_square_each_call():
    """`square(x)` returns a `Variable` and makes a new `Square` for every call."""
    x = Variable(np.array(0.5))
    a = square(x)
    b = square(x)
    assert isinstance(a, Variable)
    assert type(a.creator) is Square and type(b.creator) is Square
    assert a.creator is not b.creator


def test_square_of_square_backpropagates_to_4x_cubed():
    """`square(square(x))` at 2.0 gives 16.0 and `x.grad` 32.0 (4x³), since each call makes its own
    `Square`."""
    # Unlike one Square object called twice (steps 6 and 7), each call of
    # square() is a new function with its own input: d(x^4)/dx = 4x^3 = 32 at 2.
    x = Variable(np.array(2.0))
    y = square_fn(square_fn(x))
    y.backward()
    assert (y.data, x.grad) == (16.0, 32.0)


@limitation(18)
def test_backward_of_the_chain_at_0_5_is_the_books_value_without_seeding():
    """With `y.grad` unset, `y.backward()` starts from 1.0 and gives `x.grad` 3.297442541400256 for the
    chain at 0.5."""
    x = Variable(np.array(0.5))
    y = chain(x)
    y.backward()  # y.grad is filled in by backward itself
    assert y.grad == 1.0
    assert x.grad == pytest.approx(3.297442541400256, rel=1e-12)


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
@pytest.mark.parametrize('f', [
    pytest.param(square_fn, id='square'),
    pytest.param(exp_fn, id='exp'),
    pytest.param(chain, id='chain'),
])
def test_backward_without_seeding_matches_finite_differences(f, shape):
    """`y.backward()` with no `y.grad` set gives an `x.grad` that matches finite differences."""
    x = Variable(random_array(shape))
    y = f(x)
    y.backward()
    assert np.allclose(x.grad, numerical_grad(f, x))


@limitation(18)
@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_backward_seeds_the_output_gradient_with_ones_of_its_shape(shape):
    """`backward()` starts from `y.grad = np.ones_like(y.data)`, ones of the output's shape."""
    y = square_fn(Variable(random_array(shape)))
    y.backward()
    assert y.grad.shape == y.data.shape
    assert np.all(y.grad == 1.0)


def test_backward_starts_from_a_gradient_set_by_hand():
    """`backward()` keeps a `y.grad` set by hand and starts from it: `[3.0, 3.0]` gives `x.grad` `[6.0,
    12.0]`."""
    # Ones only when y.grad is None: a gradient set by hand is kept and used.
    x = Variable(np.array([1.0, 2.0]))
    y = square_fn(x)
    y.grad = np.array([3.0, 3.0])
    y.backward()
    assert np.array_equal(y.grad, [3.0, 3.0])
    assert np.array_equal(x.grad, [6.0, 12.0])  # 2x * 3


@pytest.mark.parametrize('f', [
    pytest.param(square_fn, id='square'),
    pytest.param(exp_fn, id='exp'),
])
def test_outputs_of_0_d_inputs_stay_ndarrays(f):
    """For a 0-d input, `square` and `exp` still give an ndarray, not a numpy scalar, thanks to
    `as_array`."""
    # np.array(0.5) ** 2 is an np.float64, not an ndarray; as_array wraps it.
    y = f(Variable(np.array(0.5)))
    assert type(y.data) is np.ndarray
    assert y.data.ndim == 0


def test_a_forward_that_returns_a_number_still_gives_an_ndarray():
    """When `forward` returns a plain number, `__call__` still puts an ndarray in the output."""
    class Half(Function):
        def forward(self, x):
            return float(x) / 2

    y = Half()(Variable(np.array(3.0)))
    assert type(y.data) is np.ndarray
    assert y.data == 1.5


@need('as_array')
def test_as_array_wraps_scalars_and_passes_arrays_through():
    """`as_array` turns a scalar (`float` or `np.float64`) into an ndarray and returns an ndarray as it
    is."""
    assert type(as_array(np.float64(2.0))) is np.ndarray
    assert type(as_array(2.0)) is np.ndarray
    assert as_array(2.0) == 2.0
    data = np.array([1.0, 2.0])
    assert as_array(data) is data


def test_variable_accepts_an_ndarray_or_none():
    """`Variable` accepts an ndarray or `None` as its data."""
    assert Variable(np.array(1.0)).data == 1.0
    assert Variable(None).data is None


@pytest.mark.parametrize('value', [1.0, 0.0, 1, [1.0, 2.0], np.float64(1.0), '1.0'],
                         ids=['float', 'zero', 'int', 'list', 'numpy-scalar', 'str'])
def test_variable_refuses_anything_else_with_a_type_error_naming_it(value):
    """`Variable` refuses anything that is not an ndarray (or `None`) with a `TypeError` naming its type."""
    with pytest.raises(TypeError, match=re.escape(str(type(value)))):
        Variable(value)


@departure
@need('numerical_diff')
def test_numerical_diff_still_works_on_0_d_inputs():
    """From step 9, `numerical_diff` wraps `x.data ± eps` in `as_array`, so 0-d inputs still give the
    book's values."""
    # x.data - eps is a numpy scalar for a 0-d x, which Variable now refuses:
    # the book's numerical_diff fails with a TypeError; ours wraps it with as_array.
    assert numerical_diff(square_fn, Variable(np.array(2.0))) == 4.000000000004
    dy = numerical_diff(chain, Variable(np.array(0.5)))
    assert dy == pytest.approx(3.2974426293330694, rel=1e-12)


@departure
def test_backward_of_a_variable_no_function_made_gives_dx_dx_1():
    """`backward()` on a variable no function made sets its `grad` to ones, since dx/dx = 1."""
    # The book's loop starts from funcs = [None] and fails on None.input.
    x = Variable(np.array([0.5, 2.0]))
    x.backward()
    assert np.array_equal(x.grad, [1.0, 1.0])


# =============================================================================
# Step 10 — 테스트 / Testing
# =============================================================================

# The book's lesson: tests with the standard library's unittest, one TestCase class per
# function, and a gradient check against numerical differentiation.

class SquareTest(unittest.TestCase):
    def test_forward(self):
        """`square(Variable(np.array(2.0)))` gives 4.0."""
        x = Variable(np.array(2.0))
        y = square_fn(x)
        expected = np.array(4.0)
        self.assertEqual(y.data, expected)

    def test_backward(self):
        """For x = 3.0, `square(x).backward()` gives `x.grad` 6.0."""
        x = Variable(np.array(3.0))
        y = square_fn(x)
        y.backward()
        expected = np.array(6.0)
        self.assertEqual(x.grad, expected)

    @need('numerical_diff')
    def test_gradient_check(self):
        """Gradient check: the `x.grad` that `backward()` gives for `square` matches `numerical_diff` on
        random inputs."""
        # Random inputs (the book's is np.random.rand(1)); not 0-d, which the
        # book's numerical_diff cannot take from step 9 on.
        for shape in [(1,), (3,), (2, 3)]:
            x = Variable(random_array(shape))
            y = square_fn(x)
            y.backward()
            num_grad = numerical_diff(square_fn, x)
            flg = np.allclose(x.grad, num_grad)
            self.assertTrue(flg, 'shape {}'.format(shape))


class ChainTest(unittest.TestCase):
    # y = square(exp(square(x))) with the test's own square_fn and exp_fn: the
    # book's code has no Exp at this step.
    def f(self, x):
        return square_fn(exp_fn(square_fn(x)))

    def test_forward(self):
        """`square(exp(square(x)))` at 0.5 gives 1.648721270700128."""
        y = self.f(Variable(np.array(0.5)))
        self.assertAlmostEqual(float(y.data), 1.648721270700128, places=12)

    def test_backward(self):
        """For `square(exp(square(x)))` at 0.5, `backward()` gives `x.grad` 3.297442541400256."""
        x = Variable(np.array(0.5))
        self.f(x).backward()
        self.assertAlmostEqual(float(x.grad), 3.297442541400256, places=12)

    def test_gradient_check(self):
        """Gradient check: `backward()` through `square(exp(square(x)))` gives an `x.grad` matching
        finite differences."""
        for shape in SHAPES:
            x = Variable(random_array(shape))
            self.f(x).backward()
            num_grad = numerical_grad(self.f, x)
            self.assertTrue(np.allclose(x.grad, num_grad), 'shape {}'.format(shape))


# =============================================================================
# Step 11 — 가변 길이 인수(순전파 편) / Variable-length arguments (forward)
# =============================================================================

@need('Add')
def test_add_of_2_and_3_is_5():
    """`Add` of `Variable(np.array(2))` and `Variable(np.array(3))` gives 5."""
    y = Add()(Variable(np.array(2)), Variable(np.array(3)))
    assert y.data == 5


@need('Add')
@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_add_adds_elementwise(shape):
    """`Add` adds its two inputs element by element, for any shape."""
    x0, x1 = Variable(random_array(shape, 0)), Variable(random_array(shape, 1))
    y = Add()(x0, x1)
    assert np.array_equal(y.data, x0.data + x1.data)


@need('Add')
def test_a_function_remembers_its_inputs_and_outputs():
    """A function keeps its `inputs` and `outputs` (weakly from step 17) and is its output's `creator`."""
    x0, x1 = Variable(np.array(2.0)), Variable(np.array(3.0))
    f = Add()
    y = f(x0, x1)
    assert len(f.inputs) == 2 and f.inputs[0] is x0 and f.inputs[1] is x1
    assert len(f.outputs) == 1 and f.outputs[0]() is y  # a weak reference from step 17
    assert y.creator is f


@limitation(21)
@need('Add')
def test_an_ndarray_input_is_not_a_variable_yet():
    """Until step 21, an ndarray input to `Add` raises an `AttributeError`: an ndarray has no
    `generation`."""
    # An ndarray has no generation, which __call__ reads from step 16 (step 21
    # makes it a Variable first).
    message = "'numpy.ndarray' object has no attribute 'generation'"
    with pytest.raises(AttributeError, match=message):
        Add()(Variable(np.array(1.0)), np.array(2.0))


@departure
@need('Square', 'Exp')
def test_our_square_and_exp_are_kept_and_backpropagate():
    """The snapshot's kept `Square` and `Exp` still backpropagate: the chain at 0.5 gives `x.grad`
    3.297442541400256."""
    # Beyond the book: its listings drop Square and Exp here; the snapshots keep them
    # working through the change of Function (lists at step 11).
    x = Variable(np.array(0.5))
    y = Square()(Exp()(Square()(x)))
    y.backward()
    assert x.grad == pytest.approx(3.297442541400256, rel=1e-12)  # 4x exp(2x^2) at 0.5


# =============================================================================
# Step 12 — 가변 길이 인수(개선 편) / Variable-length arguments (improved)
# =============================================================================

class SumAndDifference(Function):
    # A function of the test's own with two outputs.
    def forward(self, x0, x1):
        return x0 + x1, x0 - x1


@need('add', 'Add')
def test_add_of_2_and_3_as_in_the_book_makes_its_own_add():
    """`add(x0, x1)` gives 5 for 2 and 3 and makes a new `Add` for every call."""
    x0 = Variable(np.array(2))
    x1 = Variable(np.array(3))
    y = add(x0, x1)
    assert y.data == 5
    assert type(y.creator) is Add
    assert add(x0, x1).creator is not y.creator  # a new Add for every call


@limitation(21)
@need('Add')
def test_inputs_are_arguments_and_a_single_output_comes_back_alone():
    """`f(x0, x1)` takes the inputs as arguments and returns a single output as a `Variable`, not a list."""
    x0, x1 = Variable(np.array(2.0)), Variable(np.array(3.0))
    f = Add()
    y = f(x0, x1)
    assert isinstance(y, Variable)
    assert f.inputs == (x0, x1)
    assert y.creator is f


def test_several_outputs_come_back_as_a_list():
    """A function with several outputs returns them in a list: sum and difference of 5 and 3 give `[8.0,
    2.0]`."""
    ys = SumAndDifference()(Variable(np.array(5.0)), Variable(np.array(3.0)))
    assert isinstance(ys, list)
    assert [y.data for y in ys] == [8.0, 2.0]


@pytest.mark.parametrize('call', [
    pytest.param(lambda x: add(x), id='add-one-input', marks=need('add')),
    pytest.param(lambda x: Add()(x), id='Add-one-input', marks=need('Add')),
    pytest.param(lambda x: SquareFn()(x, x), id='Square-two-inputs'),
    pytest.param(lambda x: Add()(), id='Add-no-input', marks=need('Add')),
])
def test_the_wrong_number_of_inputs_is_a_type_error(call):
    """Calling `add`, `Add` or `Square` with a wrong input count raises a `TypeError` about positional
    arguments."""
    with pytest.raises(TypeError, match='positional argument'):
        call(Variable(np.array(1.0)))


# =============================================================================
# Step 13 — 가변 길이 인수(역전파 편) / Variable-length arguments (backward)
# =============================================================================

class ForgetfulMul(Function):
    # A learner's mistake: two inputs, but backward returns one gradient.
    def forward(self, x0, x1):
        return x0 * x1

    def backward(self, gy):
        return gy * self.inputs[1].data


@need('add')
def test_the_books_example_add_of_two_squares():
    """`add(square(x), square(y))` at 2.0 and 3.0 gives 13.0, with `x.grad` 4.0 and `y.grad` 6.0."""
    x = Variable(np.array(2.0))
    y = Variable(np.array(3.0))
    z = add(square_fn(x), square_fn(y))
    z.backward()
    assert (z.data, x.grad, y.grad) == (13.0, 4.0, 6.0)


@need('Add')
def test_add_passes_the_gradient_to_both_inputs():
    """`Add.backward(gy)` passes `gy` on to both inputs unchanged: 7.0 gives `(7.0, 7.0)`."""
    f = Add()
    f(Variable(np.array(2.0)), Variable(np.array(3.0)))
    assert f.backward(np.array(7.0)) == (7.0, 7.0)


@need('add')
def test_add_gives_both_inputs_the_same_gradient_array():
    """After `add(x0, x1).backward()`, `x0.grad` and `x1.grad` are one array, so changing one in place
    changes both."""
    # Add.backward returns gy twice, so x0 and x1 hold one ndarray: changing
    # one gradient in place changes the other.
    x0, x1 = Variable(np.array([1.0, 2.0])), Variable(np.array([3.0, 4.0]))
    add(x0, x1).backward()
    assert x0.grad is x1.grad
    x0.grad *= 10
    assert np.array_equal(x1.grad, [10.0, 10.0])


@need('add')
@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_backward_through_add_matches_finite_differences_for_each_input(shape):
    """Backward through `add(square(x0), exp(x1))` gives each input a `grad` that matches finite
    differences."""
    x0, x1 = Variable(random_array(shape, 0)), Variable(random_array(shape, 1))
    add(square_fn(x0), exp_fn(x1)).backward()
    assert np.allclose(x0.grad, numerical_grad(lambda x: add(square_fn(x), exp_fn(x1)), x0))
    assert np.allclose(x1.grad, numerical_grad(lambda x: add(square_fn(x0), exp_fn(x)), x1))


@need('add')
def test_add_of_different_shapes_gives_a_gradient_of_the_wrong_shape():
    """Adding a 0-d `c` to a 3-element `x` broadcasts, but `c.grad` comes back in y's shape, `[1, 1, 1]`,
    not 3.0."""
    # The forward pass broadcasts c over x, but backward hands c the gradient in
    # y's shape: d(y0 + y1 + y2)/dc = 1 + 1 + 1 = 3.0. The book fixes it at step 40.
    x = Variable(np.array([1.0, 2.0, 3.0]))
    c = Variable(np.array(2.0))
    y = add(x, c)
    y.backward()
    assert np.array_equal(y.data, [3.0, 4.0, 5.0])
    assert c.grad.shape == (3,)  # not c's shape, ()
    assert np.array_equal(c.grad, [1.0, 1.0, 1.0])  # not 3.0


def test_a_backward_that_returns_too_few_gradients_leaves_an_input_without_one():
    """If `backward` returns one gradient for two inputs, `zip` stops early and the second `grad` stays
    `None`."""
    # As in the book: zip() stops at the shorter of its arguments, so the second
    # input gets no gradient, and nothing says so.
    x0, x1 = Variable(np.array(2.0)), Variable(np.array(3.0))
    y = ForgetfulMul()(x0, x1)
    y.backward()
    assert (x0.grad, x1.grad) == (3.0, None)


@need('Square')
def test_square_reads_its_input_from_inputs():
    """`Square` reads its input from `self.inputs[0]`: 3.0 gives 9.0 forward and 6.0 backward."""
    # The book's Square for many inputs: self.inputs[0], as self.input is gone.
    x = Variable(np.array(3.0))
    f = Square()
    y = f(x)
    assert f.inputs[0] is x and y.data == 9.0
    assert f.backward(np.array(1.0)) == 6.0  # 2x


@need('square')
@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_square_backpropagates_2x(shape):
    """`square(x).backward()` gives `x.grad` = 2x for any shape, matching finite differences."""
    x = Variable(random_array(shape))
    square(x).backward()
    assert np.allclose(x.grad, 2 * x.data, rtol=1e-12, atol=0)
    assert np.allclose(x.grad, numerical_grad(square, x))


@need('square')
@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_square_of_square_multiplies_by_the_gradient_from_the_output(shape):
    """`square(square(x))` gives `x.grad` 4x³, 32.0 at 2.0: `Square.backward` multiplies 2x by the `gy`
    it is given."""
    x = Variable(np.array(2.0))
    square(square(x)).backward()
    assert x.grad == 32.0
    x = Variable(random_array(shape))
    square(square(x)).backward()
    assert np.allclose(x.grad, 4 * x.data ** 3, rtol=1e-12, atol=0)
    assert np.allclose(x.grad, numerical_grad(lambda v: square(square(v)), x))


# =============================================================================
# Step 14 — 같은 변수 반복 사용 / Reusing the same variable
# =============================================================================

@limitation(18)
@need('add')
def test_the_same_variable_twice_gets_both_gradients():
    """`add(x, x)` gives `x.grad` 2.0 because both gradients add up, and `y.grad` stays 1.0."""
    # d(x + x)/dx = 2: the book's fix adds the gradients up (step 13 gave 1.0).
    x = Variable(np.array(3.0))
    y = add(x, x)
    y.backward()
    assert x.grad == 2.0
    assert y.grad == 1.0  # x.grad + gx, not +=, which would change y.grad too


@need('add')
def test_cleargrad_starts_a_new_computation_from_zero():
    """After `x.cleargrad()`, a new computation starts from zero: `add(add(x, x), x)` gives `x.grad` 3.0,
    not 5.0."""
    # The book's example: 2.0, then 3.0 for the second computation.
    x = Variable(np.array(3.0))
    add(x, x).backward()
    assert x.grad == 2.0
    x.cleargrad()
    add(add(x, x), x).backward()
    assert x.grad == 3.0


@need('add')
def test_without_cleargrad_a_second_computation_adds_to_the_first():
    """Without `cleargrad()`, a second computation adds to the first: `x.grad` becomes 2.0 + 3.0 = 5.0."""
    x = Variable(np.array(3.0))
    add(x, x).backward()
    add(add(x, x), x).backward()
    assert x.grad == 5.0


@need('add')
@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_a_variable_used_twice_matches_finite_differences(shape):
    """For `add(square(x), exp(x))`, which uses x twice, `x.grad` matches numerical differentiation."""
    def f(x):
        return add(square_fn(x), exp_fn(x))
    x = Variable(random_array(shape))
    f(x).backward()
    assert np.allclose(x.grad, numerical_grad(f, x))


@limitation(18)
@need('add')
def test_backward_twice_through_the_same_graph_counts_the_gradients_again():
    """A second `y.backward()` adds to the grads the first pass left set, so `x.grad` becomes 4×, not 2×,
    dy/dx."""
    # As in the book: the first pass's gradients are all still set, and the second
    # adds to each and passes the sum on. With g the gradient at each variable:
    # y.grad stays 1, exp's output gets 2g, the first square's output 1g + 2g = 3g,
    # and x 1g + 3g = 4g, not 2g.
    x = Variable(np.array(0.5))
    y = chain(x)
    y.backward()
    y.backward()
    assert x.grad == pytest.approx(4 * 3.297442541400256, rel=1e-12)


@limitation(18)
def test_backward_from_an_intermediate_variable_counts_its_leftover_gradient():
    """`z.backward()` leaves `y.grad` 8.0, and `y.backward()` starts from that 8, so `x.grad` goes from
    32.0 to 64.0."""
    # As in the book: z.backward() leaves y.grad = dz/dy = 2y = 8 set, and
    # y.backward() starts from that 8, not from 1: x.grad = 32 + 2x * 8 = 64,
    # dz/dx counted twice, not the 32 + dy/dx = 32 + 4 = 36 one might expect.
    x = Variable(np.array(2.0))
    y = square_fn(x)
    z = square_fn(y)
    z.backward()
    assert (y.grad, x.grad) == (8.0, 32.0)  # dz/dy = 2y, dz/dx = 2x * 2y
    y.backward()
    assert x.grad == 64.0


def test_backward_again_after_cleargrad_on_every_variable_gives_the_gradient_once():
    """With `cleargrad()` on every variable between passes, a second `backward()` gives `x.grad`
    3.297442541400256 again."""
    # The book's answer is cleargrad(): with every gradient cleared first, a
    # second pass gives the gradient again.
    x = Variable(np.array(0.5))
    a = square_fn(x)
    b = exp_fn(a)
    y = square_fn(b)
    y.backward()
    for variable in (x, a, b, y):
        variable.cleargrad()
    y.backward()
    assert x.grad == pytest.approx(3.297442541400256, rel=1e-12)


@limitation(18)
def test_cleargrad_of_x_alone_still_counts_the_gradient_left_in_y():
    """`x.cleargrad()` alone leaves `y.grad` 8.0, so `y.backward()` gives `x.grad` 32.0; clearing `y` too
    gives 4.0."""
    # z.backward() leaves y.grad = 8 as above. x.cleargrad() alone is not enough:
    # y.backward() still starts from 8 and gives x.grad = 2x * 8 = 32. With
    # y.cleargrad() too it starts from 1 and gives dy/dx = 2x = 4.
    x = Variable(np.array(2.0))
    y = square_fn(x)
    z = square_fn(y)
    z.backward()
    x.cleargrad()
    y.backward()
    assert x.grad == 32.0
    x.cleargrad()
    y.cleargrad()
    y.backward()
    assert x.grad == 4.0


# =============================================================================
# Step 15 — 복잡한 계산 그래프(이론 편) / Complex graphs (theory)
# =============================================================================

def diamond(x):
    # y = a^2 + a^2 with a = x^2, so y = 2x^4 and dy/dx = 8x^3.
    a = square_fn(x)
    return add(square_fn(a), square_fn(a))


def skip(x):
    # a = x^2 reaches y directly and through three squares: y = a^8 + a,
    # so dy/dx = (8a^7 + 1) * 2x.
    a = square_fn(x)
    return add(square_fn(square_fn(square_fn(a))), a)


@need('add')
def test_the_diamond_graphs_derivative_at_2_is_64():
    """For a = x², y = a² + a² at x = 2, y is 32.0 and numerical differentiation gives dy/dx = 64.0."""
    # What backward has to find: 8x^3 = 64 at x = 2, here by finite differences.
    x = Variable(np.array(2.0))
    assert diamond(x).data == 32.0
    assert numerical_grad(diamond, x) == pytest.approx(64.0, rel=1e-8)


# =============================================================================
# Step 16 — 복잡한 계산 그래프(구현 편) / Complex graphs (implementation)
# =============================================================================

@need('add')
def test_the_diamond_graph_gets_the_right_gradient():
    """With generations, a = x², y = a² + a² at x = 2 gives y 32.0 and `x.grad` 64.0 (step 15's engine
    gave 96.0)."""
    x = Variable(np.array(2.0))
    y = diamond(x)
    y.backward()
    assert y.data == 32.0
    assert x.grad == 64.0  # 8x^3; step 15's engine gave 96.0


@need('add')
def test_a_wider_graph_gets_the_right_gradient():
    """When a = x² reaches y directly and via three squares, a's creator waits for both grads: `x.grad`
    is 524292.0."""
    # a's creator waits until both of a's gradients have arrived.
    x = Variable(np.array(2.0))
    skip(x).backward()
    assert x.grad == (8 * 4.0 ** 7 + 1) * 4  # 524292.0; step 15's engine gave 524296.0


@need('add')
@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
@pytest.mark.parametrize('f', [diamond, skip])
def test_graphs_with_shared_variables_match_finite_differences(f, shape):
    """In graphs where one variable feeds several functions, `x.grad` matches numerical differentiation
    for every shape."""
    x = Variable(random_array(shape))
    f(x).backward()
    assert np.allclose(x.grad, numerical_grad(f, x))


@need('add')
def test_generations_count_the_steps_from_the_input():
    """A function takes its latest input's generation and its output one more: x, a, b, y = add(b, a) get
    0, 1, 2, 3."""
    x = Variable(np.array(2.0))
    a = square_fn(x)
    b = square_fn(a)
    y = add(b, a)
    assert (x.generation, a.generation, b.generation, y.generation) == (0, 1, 2, 3)
    # a function takes the generation of its latest input
    assert (a.creator.generation, b.creator.generation, y.creator.generation) == (0, 1, 2)


@need('add')
def test_each_function_runs_backward_once():
    """Even when its output feeds two functions, a function's `backward` runs only once."""
    calls = []

    class CountingSquare(SquareFn):
        def backward(self, gy):
            calls.append(self)
            return super().backward(gy)

    x = Variable(np.array(2.0))
    a = CountingSquare()(x)
    add(square_fn(a), square_fn(a)).backward()
    assert calls == [a.creator]


def test_one_function_object_called_twice_leaves_the_first_input_without_a_gradient():
    """One `Square` object called twice keeps only its last input, so `a.grad` is 8.0 and `x.grad` stays
    `None`."""
    # A remembers only its second call, and backward runs each function once:
    # a gets dy/da = 2a = 8, and nothing reaches x (dy/dx = 4x^3 = 32).
    A = SquareFn()
    x = Variable(np.array(2.0))
    a = A(x)
    y = A(a)
    y.backward()
    assert y.data == 16.0
    assert a.grad == 8.0
    assert x.grad is None


# =============================================================================
# Step 17 — 메모리 관리와 순환 참조 / Memory and circular references
# =============================================================================

def test_a_dropped_graph_is_freed_at_once_without_the_garbage_collector():
    """Functions hold outputs by weak reference, so dropping `y` frees the graph at once, without the
    garbage collector."""
    # A function holds its outputs by weak reference, so there is no cycle and
    # reference counting frees the graph as soon as its output goes (step 16
    # needed the garbage collector).
    gc.disable()
    try:
        x = Variable(np.array(1.0))
        y = square_fn(square_fn(x))
        creators = [weakref.ref(y.creator), weakref.ref(y.creator.inputs[0].creator)]
        del y
        assert [creator() for creator in creators] == [None, None]
    finally:
        gc.enable()


def test_memory_stays_flat_over_the_books_loop():
    """In the book's loop over big data, each pass frees the previous graph, so memory holds about one
    graph."""
    # Each pass replaces x and y; the previous graph (four 80 kB arrays) must
    # be gone at once, so ten passes hold no more than about one.
    rng = np.random.default_rng(0)
    gc.disable()
    tracemalloc.start()
    try:
        for i in range(10):
            x = Variable(rng.standard_normal(10000))  # big data
            y = square_fn(square_fn(square_fn(x)))
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        gc.enable()
    one_graph = 4 * x.data.nbytes
    assert one_graph <= held < 1.5 * one_graph


def test_a_function_holds_its_outputs_by_weak_reference():
    """`Function.outputs` holds `weakref.ref` objects, and calling one gives back the output variable."""
    x = Variable(np.array(2.0))
    y = square_fn(x)
    assert isinstance(y.creator.outputs[0], weakref.ref)
    assert y.creator.outputs[0]() is y


@snapshot_only
def test_example_runs_the_books_loop_and_prints_nothing():
    """The step's example runs the book's memory loop and prints nothing."""
    assert run_example() == ''
