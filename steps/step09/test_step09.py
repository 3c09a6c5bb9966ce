"""Step 9 — 함수를 더 편리하게 / More convenient functions: the tests of this snapshot.

A lesson log: one section per book step, 1 to 9, in the book's order; step 9's own tests are
the last section. They use only the names the book's code has at step 9, so they can judge a
learner's own code (python -m common.check 9 PATH, from the repository root).
"""
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import core

# The names the book's code has at step 9; a test that needs one the code under test lacks is
# skipped, and says which.
Variable = getattr(core, 'Variable', None)
Function = getattr(core, 'Function', None)
Square = getattr(core, 'Square', None)
Exp = getattr(core, 'Exp', None)
numerical_diff = getattr(core, 'numerical_diff', None)  # not in the book's listing at 6-9
as_array = getattr(core, 'as_array', None)
square = getattr(core, 'square', None)
exp = getattr(core, 'exp', None)

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


def chain(x):
    """The book's composite y = square(exp(square(x))) = exp(2x^2); dy/dx = 4x exp(2x^2)."""
    return Square()(Exp()(Square()(x)))


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


# =============================================================================
# Step 3 — 함수 연결 / Chaining functions
# =============================================================================

@need('Exp')
@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_exp_is_numpys_exp(shape):
    """`Exp` gives `np.exp` of its input, element by element, for any shape."""
    x = Variable(random_array(shape))
    y = Exp()(x)
    assert np.array_equal(y.data, np.exp(x.data))


@need('Square', 'Exp')
def test_chain_of_the_book_at_0_5_is_1_648721270700128():
    """`Square`, `Exp` and `Square` applied in turn to 0.5 give 1.648721270700128, i.e. `np.exp(0.5)`."""
    # square(exp(square(0.5))) = exp(0.25) ** 2 = exp(0.5)
    A = Square()
    B = Exp()
    C = Square()
    x = Variable(np.array(0.5))
    a = A(x)
    b = B(a)
    y = C(b)
    assert y.data == pytest.approx(1.648721270700128, rel=1e-12)
    assert y.data == pytest.approx(np.exp(0.5), rel=1e-12)


@need('Square', 'Exp')
@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_functions_chain_because_a_variable_goes_in_and_comes_out(shape):
    """Each function takes and returns a `Variable`, so `Square`, `Exp`, `Square` chain into exp(2x²)."""
    x = Variable(random_array(shape))
    a = Square()(x)
    b = Exp()(a)
    y = Square()(b)
    assert all(isinstance(v, Variable) for v in (a, b, y))
    assert np.allclose(y.data, np.exp(2 * x.data ** 2), rtol=1e-12, atol=0)


# =============================================================================
# Step 4 — 수치 미분 / Numerical differentiation
# =============================================================================
# From step 9 Variable takes only ndarrays, and for a 0-d x the book's numerical_diff hands it
# x.data - eps, a numpy scalar: these tests use 1-element arrays (0-d: see step 9).

@need('numerical_diff', 'Square')
def test_numerical_diff_of_square_at_2_is_the_books_value():
    """`numerical_diff` of `Square` at 2.0 gives the book's 4.000000000004."""
    # Only + - * / here, so the book's printed value is exact.
    assert numerical_diff(Square(), Variable(np.array([2.0]))) == 4.000000000004


@need('numerical_diff', 'Square', 'Exp')
def test_numerical_diff_of_the_chain_at_0_5_is_the_books_value():
    """`numerical_diff` of `square(exp(square(x)))` at 0.5 gives the book's 3.2974426293330694."""
    dy = numerical_diff(chain, Variable(np.array([0.5])))
    assert dy == pytest.approx(3.2974426293330694, rel=1e-12)


@need('numerical_diff', 'Square')
def test_numerical_diff_is_close_to_the_derivative_but_not_exact():
    """`numerical_diff` of `Square` at 2.0 is within 1e-10 of the true 4.0 but, by rounding error, not
    exactly 4.0."""
    # d/dx x^2 = 2x = 4 at x = 2; the central difference carries rounding error.
    dy = numerical_diff(Square(), Variable(np.array([2.0])))
    assert dy != 4.0
    assert abs(dy - 4.0) < 1e-10


@need('numerical_diff')
@pytest.mark.parametrize('shape', SHAPES[1:], ids=SHAPE_IDS[1:])
@pytest.mark.parametrize('f, derivative', [
    pytest.param(lambda x: Square()(x), lambda x: 2 * x, id='square', marks=need('Square')),
    pytest.param(lambda x: Exp()(x), np.exp, id='exp', marks=need('Exp')),
    pytest.param(chain, lambda x: 4 * x * np.exp(2 * x ** 2), id='chain',
                 marks=need('Square', 'Exp')),
])
def test_numerical_diff_matches_the_analytic_derivative(f, derivative, shape):
    """`numerical_diff` matches the analytic derivative (2x, exp(x), 4x·exp(2x²)) element by element."""
    # Square and Exp work element by element, so one central difference over
    # the whole array gives every element's derivative at once.
    x = Variable(random_array(shape))
    assert np.allclose(numerical_diff(f, x), derivative(x.data))


@need('numerical_diff', 'Exp')
@pytest.mark.parametrize('eps', [1e-2, 1e-3, 1e-4])
def test_central_difference_error_shrinks_like_eps_squared(eps):
    """The central difference's error for `Exp` at 0.5 is about eps²·exp(0.5)/6: it shrinks with eps
    squared."""
    # Taylor: (f(x + h) - f(x - h)) / 2h = f'(x) + h^2 f'''(x) / 6 + O(h^4),
    # and for exp at 0.5 every derivative is exp(0.5). A forward difference
    # (f(x + h) - f(x)) / h would be off by h f''(x) / 2 instead.
    error = numerical_diff(Exp(), Variable(np.array([0.5])), eps=eps) - np.exp(0.5)
    assert error == pytest.approx(eps ** 2 * np.exp(0.5) / 6, rel=0.01)


@need('numerical_diff', 'Exp')
def test_numerical_diff_takes_eps_1e_4_by_default():
    """`numerical_diff(f, x)` uses `eps=1e-4` when no eps is given."""
    x = Variable(np.array([0.5]))
    assert numerical_diff(Exp(), x) == numerical_diff(Exp(), x, eps=1e-4)


@need('numerical_diff', 'Square')
def test_numerical_diff_leaves_its_input_unchanged():
    """`numerical_diff` leaves its input's data as it was: 0.5 stays 0.5."""
    x = Variable(np.array([0.5]))
    numerical_diff(Square(), x)
    assert x.data == 0.5


@need('numerical_diff', 'Square')
def test_numerical_diff_needs_a_function_object_not_the_class():
    """`numerical_diff` needs a function object like `Square()`; given the class `Square` it raises a
    `TypeError`."""
    # numerical_diff(Square, x) would call Square(x0), i.e. make a new Square.
    with pytest.raises(TypeError):
        numerical_diff(Square, Variable(np.array([2.0])))


# =============================================================================
# Step 5 — 역전파 이론 / Backpropagation theory
# =============================================================================

def chain_rule_by_hand(x):
    # Forward pass with the framework, then the chain rule on paper:
    # dy/dx = C'(b) * B'(a) * A'(x), multiplied from the output back.
    a = Square()(x)
    b = Exp()(a)
    dy_db = 1.0 * 2 * b.data  # C(b) = b^2
    dy_da = dy_db * np.exp(a.data)  # B(a) = exp(a)
    dy_dx = dy_da * 2 * x.data  # A(x) = x^2
    return dy_dx


def chain_rule_forward_order(x):
    # The same product multiplied from the input forward: da/dx first.
    a = Square()(x)
    b = Exp()(a)
    db_dx = np.exp(a.data) * (2 * x.data)
    return (2 * b.data) * db_dx


@need('Square', 'Exp')
def test_chain_rule_by_hand_at_0_5_is_the_books_value():
    """Multiplying the derivatives by the chain rule, from the output back, gives 3.297442541400256 at x
    = 0.5."""
    # The value step 6's backward pass prints, and the analytic 4x exp(2x^2).
    by_hand = chain_rule_by_hand(Variable(np.array(0.5)))
    assert by_hand == pytest.approx(3.297442541400256, rel=1e-12)
    assert by_hand == pytest.approx(2 * np.exp(0.5), rel=1e-12)


@need('Square', 'Exp')
@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_chain_rule_by_hand_matches_the_analytic_derivative_and_finite_differences(shape):
    """The chain rule by hand gives 4x·exp(2x²) for `square(exp(square(x)))`, matching finite
    differences."""
    x = Variable(random_array(shape))
    by_hand = chain_rule_by_hand(x)
    assert np.allclose(by_hand, 4 * x.data * np.exp(2 * x.data ** 2), rtol=1e-12, atol=0)
    assert np.allclose(by_hand, numerical_grad(chain, x))


@need('Square', 'Exp')
@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_backward_and_forward_order_of_the_chain_rule_agree(shape):
    """Multiplying the chain rule's factors from the output back or from the input forward gives the same
    derivative."""
    # For one input and one output the order of the product does not change
    # the result; backpropagation is chosen because with many inputs one
    # backward pass gives all their derivatives.
    x = Variable(random_array(shape))
    assert np.allclose(chain_rule_by_hand(x), chain_rule_forward_order(x), rtol=1e-12, atol=0)


@need('Square', 'Exp', 'numerical_diff')
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


def test_a_variable_starts_without_a_gradient():
    """A new `Variable` has no gradient yet: its `grad` is `None`."""
    assert Variable(np.array(1.0)).grad is None


@need('Square')
def test_a_function_remembers_its_input():
    """A function keeps the variable it was called with: `input`, from step 11 `inputs[0]`."""
    x = Variable(np.array(0.5))
    f = Square()
    f(x)
    assert f.input is x


@need('Square', 'Exp')
def test_backward_by_hand_at_0_5_is_the_books_value():
    """Calling each function's `backward` by hand, from the output back, gives `x.grad` 3.297442541400256
    at x = 0.5."""
    x = Variable(np.array(0.5))
    forward_and_backward_by_hand(x)
    assert x.grad == pytest.approx(3.297442541400256, rel=1e-12)


@need('Square', 'Exp')
def test_every_variable_on_the_way_back_gets_its_gradient():
    """Backpropagating by hand fills in the `grad` of y, b and a: 1.0, 2b and 2b·exp(a)."""
    x = Variable(np.array(0.5))
    a, b, y = forward_and_backward_by_hand(x)
    assert y.grad == 1.0
    assert b.grad == pytest.approx(2 * b.data, rel=1e-12)  # dy/db = 2b
    assert a.grad == pytest.approx(2 * b.data * np.exp(a.data), rel=1e-12)  # dy/da


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
@pytest.mark.parametrize('make', [
    pytest.param(lambda: Square(), id='square', marks=need('Square')),
    pytest.param(lambda: Exp(), id='exp', marks=need('Exp')),
])
def test_backward_of_square_and_exp_matches_finite_differences(make, shape):
    """`Square.backward` and `Exp.backward`, given a gradient of ones, return what finite differences
    give."""
    x = Variable(random_array(shape))
    f = make()
    y = f(x)
    gx = f.backward(np.ones_like(y.data))
    assert np.allclose(gx, numerical_grad(make(), x))


@need('Square', 'Exp')
@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_backward_by_hand_through_the_chain_matches_finite_differences(shape):
    """Backpropagating by hand through `square(exp(square(x)))` gives an `x.grad` that matches finite
    differences."""
    x = Variable(random_array(shape))
    forward_and_backward_by_hand(x)
    assert np.allclose(x.grad, numerical_grad(chain, x))


@pytest.mark.parametrize('make, derivative', [
    pytest.param(lambda: Square(), lambda x: 2 * x, id='square', marks=need('Square')),
    pytest.param(lambda: Exp(), np.exp, id='exp', marks=need('Exp')),
])
def test_backward_multiplies_the_gradient_that_comes_from_the_output(make, derivative):
    """`backward(gy)` returns the function's derivative at its input times `gy`, element by element."""
    # gx = f'(x) * gy, element by element.
    x = Variable(random_array((2, 3)))
    gy = random_array((2, 3), seed=1)
    f = make()
    f(x)
    assert np.allclose(f.backward(gy), derivative(x.data) * gy, rtol=1e-12, atol=0)


@need('Square')
def test_one_function_object_called_twice_backpropagates_with_its_last_input():
    """A `Square` called twice remembers only its last input, so backward by hand gives `x.grad` 64.0,
    not 32.0."""
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


def test_function_itself_has_no_backward():
    """`Function().backward(...)` raises `NotImplementedError`: each subclass implements `backward`."""
    # Function is the base class: a concrete function overrides backward.
    with pytest.raises(NotImplementedError):
        Function().backward(np.array(1.0))


# =============================================================================
# Step 7 — 역전파 자동화 / Automating backpropagation
# =============================================================================

@limitation(16)
def test_set_creator_records_the_function_that_made_the_variable():
    """A new `Variable` has `creator` `None`, and `set_creator(f)` makes `f` its creator."""
    x = Variable(np.array(1.0))
    assert x.creator is None  # a variable we made ourselves
    f = Function()
    x.set_creator(f)
    assert x.creator is f


@need('Square', 'Exp')
def test_the_graph_links_back_from_output_to_input():
    """Each output's `creator` is the function that made it, and that function holds its input and
    output, back to x."""
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
    assert x.creator is None


@need('Square', 'Exp')
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
    pytest.param(lambda x: Square()(x), id='square', marks=need('Square')),
    pytest.param(lambda x: Exp()(x), id='exp', marks=need('Exp')),
    pytest.param(chain, id='chain', marks=need('Square', 'Exp')),
])
def test_backward_matches_finite_differences(f, shape):
    """`y.backward()` from a `y.grad` of ones gives an `x.grad` that matches finite differences."""
    x = Variable(random_array(shape))
    y = f(x)
    y.grad = np.ones_like(y.data)
    y.backward()
    assert np.allclose(x.grad, numerical_grad(f, x))


@limitation(18)
@need('Square', 'Exp')
def test_backward_fills_in_every_gradient_on_the_way():
    """`y.backward()` also fills in the middle `grad`s, 2b and 2b·exp(a) (from step 18, with
    `retain_grad=True`)."""
    x = Variable(np.array(0.5))
    a = Square()(x)
    b = Exp()(a)
    y = Square()(b)
    y.grad = np.array(1.0)
    y.backward()
    assert b.grad == pytest.approx(2 * b.data, rel=1e-12)
    assert a.grad == pytest.approx(2 * b.data * np.exp(a.data), rel=1e-12)


@limitation(14)
@need('Square', 'Exp')
def test_backward_twice_gives_the_same_gradient():
    """Until step 14, a second `y.backward()` overwrites `x.grad` with the same value instead of adding
    to it."""
    # Gradients are overwritten, not added up (until step 14).
    x = Variable(np.array(0.5))
    y = chain(x)
    y.grad = np.array(1.0)
    y.backward()
    first = x.grad
    y.backward()
    assert x.grad == first


@need('Square')
def test_one_function_object_called_twice_makes_a_loop_in_the_graph():
    """One `Square` called twice becomes the creator of both outputs but remembers only its second input."""
    # A remembers only its second call: a's creator is A and A's input is a,
    # so y.backward() would never get from a back to x (not called here).
    A = Square()
    x = Variable(np.array(2.0))
    a = A(x)
    y = A(a)
    assert y.creator is A and a.creator is A
    assert A.input is a  # not x: the first call is forgotten


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
    """The loop `backward()` of step 8 handles a chain of 10,000 functions, ten times Python's recursion
    limit, and gives `x.grad` 1.0."""
    # Step 7's recursion would need 10,000 nested calls; the loop needs none.
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


@need('exp', 'Exp')
def test_exp_is_a_python_function_that_makes_a_new_exp_each_call():
    """`exp(x)` returns a `Variable` and makes a new `Exp` for every call."""
    x = Variable(np.array(0.5))
    a = exp(x)
    b = exp(x)
    assert isinstance(a, Variable)
    assert type(a.creator) is Exp and type(b.creator) is Exp
    assert a.creator is not b.creator


@need('square')
def test_square_of_square_backpropagates_to_4x_cubed():
    """`square(square(x))` at 2.0 gives 16.0 and `x.grad` 32.0 (4x³), since each call makes its own
    `Square`."""
    # Unlike one Square object called twice (steps 6 and 7), each call of
    # square() is a new function with its own input: d(x^4)/dx = 4x^3 = 32 at 2.
    x = Variable(np.array(2.0))
    y = square(square(x))
    y.backward()
    assert (y.data, x.grad) == (16.0, 32.0)


@limitation(18)
@need('square', 'exp')
def test_backward_of_the_chain_at_0_5_is_the_books_value_without_seeding():
    """With `y.grad` unset, `y.backward()` starts from 1.0 and gives `x.grad` 3.297442541400256 for the
    chain at 0.5."""
    x = Variable(np.array(0.5))
    y = square(exp(square(x)))
    y.backward()  # y.grad is filled in by backward itself
    assert y.grad == 1.0
    assert x.grad == pytest.approx(3.297442541400256, rel=1e-12)


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
@pytest.mark.parametrize('f', [
    pytest.param(lambda x: square(x), id='square', marks=need('square')),
    pytest.param(lambda x: exp(x), id='exp', marks=need('exp')),
    pytest.param(lambda x: square(exp(square(x))), id='chain', marks=need('square', 'exp')),
])
def test_backward_without_seeding_matches_finite_differences(f, shape):
    """`y.backward()` with no `y.grad` set gives an `x.grad` that matches finite differences."""
    x = Variable(random_array(shape))
    y = f(x)
    y.backward()
    assert np.allclose(x.grad, numerical_grad(f, x))


@limitation(18)
@need('square')
@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_backward_seeds_the_output_gradient_with_ones_of_its_shape(shape):
    """`backward()` starts from `y.grad = np.ones_like(y.data)`, ones of the output's shape."""
    y = square(Variable(random_array(shape)))
    y.backward()
    assert y.grad.shape == y.data.shape
    assert np.all(y.grad == 1.0)


@need('square')
def test_backward_starts_from_a_gradient_set_by_hand():
    """`backward()` keeps a `y.grad` set by hand and starts from it: `[3.0, 3.0]` gives `x.grad` `[6.0,
    12.0]`."""
    # Ones only when y.grad is None: a gradient set by hand is kept and used.
    x = Variable(np.array([1.0, 2.0]))
    y = square(x)
    y.grad = np.array([3.0, 3.0])
    y.backward()
    assert np.array_equal(y.grad, [3.0, 3.0])
    assert np.array_equal(x.grad, [6.0, 12.0])  # 2x * 3


@pytest.mark.parametrize('f', [
    pytest.param(lambda x: square(x), id='square', marks=need('square')),
    pytest.param(lambda x: exp(x), id='exp', marks=need('exp')),
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
@need('numerical_diff', 'Square', 'Exp')
def test_numerical_diff_still_works_on_0_d_inputs():
    """From step 9, `numerical_diff` wraps `x.data ± eps` in `as_array`, so 0-d inputs still give the
    book's values."""
    # x.data - eps is a numpy scalar for a 0-d x, which Variable now refuses:
    # the book's numerical_diff fails with a TypeError; ours wraps it with as_array.
    assert numerical_diff(Square(), Variable(np.array(2.0))) == 4.000000000004
    dy = numerical_diff(chain, Variable(np.array(0.5)))
    assert dy == pytest.approx(3.2974426293330694, rel=1e-12)


@departure
def test_backward_of_a_variable_no_function_made_gives_dx_dx_1():
    """`backward()` on a variable no function made sets its `grad` to ones, since dx/dx = 1."""
    # The book's loop starts from funcs = [None] and fails on None.input.
    x = Variable(np.array([0.5, 2.0]))
    x.backward()
    assert np.array_equal(x.grad, [1.0, 1.0])


@snapshot_only
def test_example_prints_the_books_output():
    """Running the step's `core.py` prints exactly what the book's example for the step prints."""
    assert run_example() == "3.297442541400256\nTypeError: <class 'float'> is not supported\n"
