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


def test_numerical_diff_of_square_at_2_is_the_books_value():
    # Only + - * / here, so the book's printed value is exact.
    assert numerical_diff(Square(), Variable(np.array(2.0))) == 4.000000000004


def test_numerical_diff_of_the_chain_at_0_5_is_the_books_value():
    dy = numerical_diff(chain, Variable(np.array(0.5)))
    assert dy == pytest.approx(3.2974426293330694, rel=1e-12)


def test_numerical_diff_is_close_to_the_derivative_but_not_exact():
    # d/dx x^2 = 2x = 4 at x = 2; the central difference carries rounding error.
    dy = numerical_diff(Square(), Variable(np.array(2.0)))
    assert dy != 4.0
    assert abs(dy - 4.0) < 1e-10


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
@pytest.mark.parametrize('f, derivative', [
    (Square(), lambda x: 2 * x),
    (Exp(), np.exp),
    (chain, lambda x: 4 * x * np.exp(2 * x ** 2)),
], ids=['square', 'exp', 'chain'])
def test_numerical_diff_matches_the_analytic_derivative(f, derivative, shape):
    # Square and Exp work element by element, so one central difference over
    # the whole array gives every element's derivative at once.
    x = Variable(random_array(shape))
    assert np.allclose(numerical_diff(f, x), derivative(x.data))


@pytest.mark.parametrize('eps', [1e-2, 1e-3, 1e-4])
def test_central_difference_error_shrinks_like_eps_squared(eps):
    # Taylor: (f(x + h) - f(x - h)) / 2h = f'(x) + h^2 f'''(x) / 6 + O(h^4),
    # and for exp at 0.5 every derivative is exp(0.5).
    error = numerical_diff(Exp(), Variable(np.array(0.5)), eps=eps) - np.exp(0.5)
    assert error == pytest.approx(eps ** 2 * np.exp(0.5) / 6, rel=0.01)


def test_numerical_diff_leaves_its_input_unchanged():
    x = Variable(np.array(0.5))
    numerical_diff(Square(), x)
    assert x.data == 0.5


def test_example_prints_the_books_output():
    assert run_example() == '4.000000000004\n3.2974426293330694\n'


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


def test_numerical_diff_needs_a_function_object_not_the_class():
    # numerical_diff(Square, x) would call Square(x0), i.e. make a new Square.
    with pytest.raises(TypeError):
        numerical_diff(Square, Variable(np.array(2.0)))
