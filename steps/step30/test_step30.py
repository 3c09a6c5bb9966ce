import gc
import importlib.util
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tracemalloc
import types
import weakref
from pathlib import Path

import numpy as np
import pytest

# This folder is a package now (__init__.py): its modules are imported
# relative to it, and importing it calls setup_variable().
from . import core
from .core import (Add, Config, Div, Exp, Function, Mul, Neg, Pow, Sin, Square, Sub, Variable,
                   add, as_array, div, exp, mul, neg, no_grad, numerical_diff, pow, rdiv, rsub,
                   setup_variable, sin, square, sub, using_config)
from .utils import get_dot_graph, plot_dot_graph

HERE = Path(__file__).resolve().parent
SHAPES = [(), (3,), (2, 3)]
SHAPE_IDS = ['0-d', '1-d', '2-d']


def random_array(shape, seed=0):
    return np.random.default_rng(seed).uniform(-1.0, 1.0, shape)


def positive_array(shape, seed=0):
    # away from 0, for division and non-integer powers
    return np.random.default_rng(seed).uniform(0.5, 2.0, shape)


def run_example(cwd=HERE):
    result = subprocess.run([sys.executable, str(HERE / 'core.py')], cwd=cwd,
                            capture_output=True, text=True, check=True)
    return result.stdout


def chain(x):
    return square(exp(square(x)))


class SquareFn(Function):
    # y = x ** 2 of the test's own: the book's listing has no Square at some steps.
    def forward(self, x):
        return x ** 2

    def backward(self, gy):
        return 2 * self.inputs[0].data * gy


class SumAndDifference(Function):
    # A function of the test's own with two outputs.
    def forward(self, x0, x1):
        return x0 + x1, x0 - x1


class ForgetfulMul(Function):
    # A learner's mistake: two inputs, but backward returns one gradient.
    def forward(self, x0, x1):
        return x0 * x1

    def backward(self, gy):
        return gy * self.inputs[1].data


def test_the_books_example_add_of_two_squares():
    x = Variable(np.array(2.0))
    y = Variable(np.array(3.0))
    z = add(square(x), square(y))
    z.backward()
    assert (z.data, x.grad, y.grad) == (13.0, 4.0, 6.0)


def test_add_passes_the_gradient_to_both_inputs():
    f = Add()
    f(Variable(np.array(2.0)), Variable(np.array(3.0)))
    assert f.backward(np.array(7.0)) == (7.0, 7.0)


def test_add_gives_both_inputs_the_same_gradient_array():
    # Add.backward returns gy twice, so x0 and x1 hold one ndarray: changing
    # one gradient in place changes the other.
    x0, x1 = Variable(np.array([1.0, 2.0])), Variable(np.array([3.0, 4.0]))
    add(x0, x1).backward()
    assert x0.grad is x1.grad
    x0.grad *= 10
    assert np.array_equal(x1.grad, [10.0, 10.0])


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_backward_through_add_matches_numerical_diff_for_each_input(shape):
    x0, x1 = Variable(random_array(shape, 0)), Variable(random_array(shape, 1))
    add(square(x0), exp(x1)).backward()
    assert np.allclose(x0.grad, numerical_diff(lambda x: add(square(x), exp(x1)), x0))
    assert np.allclose(x1.grad, numerical_diff(lambda x: add(square(x0), exp(x)), x1))


def test_add_of_different_shapes_gives_a_gradient_of_the_wrong_shape():
    # The forward pass broadcasts c over x, but backward hands c the gradient in
    # y's shape: d(y0 + y1 + y2)/dc = 1 + 1 + 1 = 3.0. The book fixes it at step 40.
    x = Variable(np.array([1.0, 2.0, 3.0]))
    c = Variable(np.array(2.0))
    y = add(x, c)
    y.backward()
    assert np.array_equal(y.data, [3.0, 4.0, 5.0])
    assert c.grad.shape == (3,)  # not c's shape, ()
    assert np.array_equal(c.grad, [1.0, 1.0, 1.0])  # not 3.0


def test_add_of_2_and_3_is_5():
    assert add(Variable(np.array(2)), Variable(np.array(3))).data == 5


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_add_adds_elementwise(shape):
    x0, x1 = Variable(random_array(shape, 0)), Variable(random_array(shape, 1))
    assert np.array_equal(add(x0, x1).data, x0.data + x1.data)


def test_inputs_are_arguments_and_a_single_output_comes_back_alone():
    x0, x1 = Variable(np.array(2.0)), Variable(np.array(3.0))
    f = Add()
    y = f(x0, x1)
    assert isinstance(y, Variable)
    assert f.inputs == [x0, x1]  # a list now: as_variable made it
    assert y.creator is f


def test_several_outputs_come_back_as_a_list():
    ys = SumAndDifference()(Variable(np.array(5.0)), Variable(np.array(3.0)))
    assert [y.data for y in ys] == [8.0, 2.0]


def test_square_and_exp_objects_take_a_variable_again():
    x = Variable(np.array(2.0))
    assert Square()(x).data == 4.0
    assert Exp()(x).data == np.exp(2.0)


def test_backward_of_the_chain_at_0_5_is_the_books_value():
    x = Variable(np.array(0.5))
    chain(x).backward()
    assert x.grad == pytest.approx(3.297442541400256, rel=1e-12)


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
@pytest.mark.parametrize('f', [square, exp, chain])
def test_backward_matches_numerical_diff(f, shape):
    x = Variable(random_array(shape))
    f(x).backward()
    assert np.allclose(x.grad, numerical_diff(f, x))


def test_one_function_object_called_twice_leaves_the_first_input_without_a_gradient():
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


def test_numerical_diff_of_square_at_2_is_the_books_value():
    assert numerical_diff(Square(), Variable(np.array(2.0))) == 4.000000000004


def test_the_same_variable_twice_gets_both_gradients():
    # d(x + x)/dx = 2: the book's fix adds the gradients up (step 13 gave 1.0).
    x = Variable(np.array(3.0))
    y = add(x, x)
    y.backward(retain_grad=True)
    assert x.grad == 2.0
    assert y.grad == 1.0  # x.grad + gx, not +=, which would change y.grad too


def test_cleargrad_starts_a_new_computation_from_zero():
    x = Variable(np.array(3.0))
    add(x, x).backward()
    x.cleargrad()
    add(add(x, x), x).backward()
    assert x.grad == 3.0


def test_without_cleargrad_a_second_computation_adds_to_the_first():
    x = Variable(np.array(3.0))
    add(x, x).backward()
    add(add(x, x), x).backward()
    assert x.grad == 5.0


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_a_variable_used_twice_matches_numerical_diff(shape):
    def f(x):
        return add(square(x), exp(x))
    x = Variable(random_array(shape))
    f(x).backward()
    assert np.allclose(x.grad, numerical_diff(f, x))


def diamond(x):
    # y = a^2 + a^2 with a = x^2, so y = 2x^4 and dy/dx = 8x^3.
    a = square(x)
    return add(square(a), square(a))


def skip(x):
    # a = x^2 reaches y directly and through three squares: y = a^8 + a,
    # so dy/dx = (8a^7 + 1) * 2x.
    a = square(x)
    return add(square(square(square(a))), a)


def test_the_diamond_graph_gets_the_right_gradient():
    x = Variable(np.array(2.0))
    y = diamond(x)
    y.backward()
    assert y.data == 32.0
    assert x.grad == 64.0  # 8x^3; step 15's engine gave 96.0


def test_a_wider_graph_gets_the_right_gradient():
    # a's creator waits until both of a's gradients have arrived.
    x = Variable(np.array(2.0))
    skip(x).backward()
    assert x.grad == (8 * 4.0 ** 7 + 1) * 4  # 524292.0; step 15's engine gave 524296.0


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
@pytest.mark.parametrize('f', [diamond, skip])
def test_graphs_with_shared_variables_match_numerical_diff(f, shape):
    x = Variable(random_array(shape))
    f(x).backward()
    assert np.allclose(x.grad, numerical_diff(f, x))


def test_generations_count_the_steps_from_the_input():
    x = Variable(np.array(2.0))
    a = square(x)
    b = square(a)
    y = add(b, a)
    assert (x.generation, a.generation, b.generation, y.generation) == (0, 1, 2, 3)
    # a function takes the generation of its latest input
    assert (a.creator.generation, b.creator.generation, y.creator.generation) == (0, 1, 2)


def test_each_function_runs_backward_once():
    calls = []

    class CountingSquare(Square):
        def backward(self, gy):
            calls.append(self)
            return super().backward(gy)

    x = Variable(np.array(2.0))
    a = CountingSquare()(x)
    add(square(a), square(a)).backward()
    assert calls == [a.creator]


def test_a_dropped_graph_is_freed_at_once_without_the_garbage_collector():
    # A function holds its outputs by weak reference, so there is no cycle and
    # reference counting frees the graph as soon as its output goes (step 16
    # needed the garbage collector).
    gc.disable()
    try:
        x = Variable(np.array(1.0))
        y = square(square(x))
        creators = [weakref.ref(y.creator), weakref.ref(y.creator.inputs[0].creator)]
        del y
        assert [creator() for creator in creators] == [None, None]
    finally:
        gc.enable()


def test_memory_stays_flat_over_the_books_loop():
    # Each pass replaces x and y; the previous graph (four 80 kB arrays) must
    # be gone at once, so ten passes hold no more than about one.
    rng = np.random.default_rng(0)
    gc.disable()
    tracemalloc.start()
    try:
        for i in range(10):
            x = Variable(rng.standard_normal(10000))  # big data
            y = square(square(square(x)))
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        gc.enable()
    one_graph = 4 * x.data.nbytes
    assert one_graph <= held < 1.5 * one_graph


def test_a_function_holds_its_outputs_by_weak_reference():
    x = Variable(np.array(2.0))
    y = square(x)
    assert isinstance(y.creator.outputs[0], weakref.ref)
    assert y.creator.outputs[0]() is y


def test_backward_twice_adds_one_more_gradient_to_the_inputs():
    # retain_grad=False drops every output's gradient, so a second pass
    # starts clean and adds the gradient to x once more.
    x = Variable(np.array(0.5))
    y = chain(x)
    y.backward()
    y.backward()
    assert x.grad == pytest.approx(2 * 3.297442541400256, rel=1e-12)


def test_backward_twice_through_the_same_graph_counts_the_gradients_again():
    # As in the book: with retain_grad=True the first pass's gradients are all
    # still set, and the second adds to each and passes the sum on. With g the
    # gradient at each variable: y.grad stays 1, exp's output gets 2g, the first
    # square's output 1g + 2g = 3g, and x 1g + 3g = 4g, not 2g.
    x = Variable(np.array(0.5))
    y = chain(x)
    y.backward(retain_grad=True)
    y.backward()
    assert x.grad == pytest.approx(4 * 3.297442541400256, rel=1e-12)


def test_backward_from_an_intermediate_variable_counts_its_leftover_gradient():
    # As in the book: z.backward() leaves y.grad = dz/dy = 2y = 8 set, and
    # y.backward() starts from that 8, not from 1: x.grad = 32 + 2x * 8 = 64,
    # dz/dx counted twice, not the 32 + dy/dx = 32 + 4 = 36 one might expect.
    x = Variable(np.array(2.0))
    y = square(x)
    z = square(y)
    z.backward(retain_grad=True)
    assert (y.grad, x.grad) == (8.0, 32.0)  # dz/dy = 2y, dz/dx = 2x * 2y
    y.backward()
    assert x.grad == 64.0


def test_backward_from_an_intermediate_variable_starts_from_1_once_its_gradient_is_dropped():
    # retain_grad=False (the default) drops y.grad after z.backward(), so
    # y.backward() starts from 1: x.grad = 32 + dy/dx = 32 + 2x = 36.
    x = Variable(np.array(2.0))
    y = square(x)
    z = square(y)
    z.backward()
    assert (y.grad, x.grad) == (None, 32.0)
    y.backward()
    assert x.grad == 36.0


def test_backward_again_after_cleargrad_on_every_variable_gives_the_gradient_once():
    # The book's answer is cleargrad(): with every gradient cleared first, a
    # second pass gives the gradient again.
    x = Variable(np.array(0.5))
    a = square(x)
    b = exp(a)
    y = square(b)
    y.backward(retain_grad=True)
    for variable in (x, a, b, y):
        variable.cleargrad()
    y.backward()
    assert x.grad == pytest.approx(3.297442541400256, rel=1e-12)


def test_cleargrad_of_x_alone_still_counts_the_gradient_left_in_y():
    # z.backward() leaves y.grad = 8 as above. x.cleargrad() alone is not enough:
    # y.backward() still starts from 8 and gives x.grad = 2x * 8 = 32. With
    # y.cleargrad() too it starts from 1 and gives dy/dx = 2x = 4.
    x = Variable(np.array(2.0))
    y = square(x)
    z = square(y)
    z.backward(retain_grad=True)
    x.cleargrad()
    y.backward()
    assert x.grad == 32.0
    x.cleargrad()
    y.cleargrad()
    y.backward()
    assert x.grad == 4.0


def test_intermediate_gradients_are_dropped_unless_retained():
    x0 = Variable(np.array(1.0))
    x1 = Variable(np.array(1.0))
    t = add(x0, x1)
    y = add(x0, t)
    y.backward()
    assert (y.grad, t.grad) == (None, None)
    assert (x0.grad, x1.grad) == (2.0, 1.0)


def test_retain_grad_keeps_intermediate_gradients():
    x0 = Variable(np.array(1.0))
    x1 = Variable(np.array(1.0))
    t = add(x0, x1)
    y = add(x0, t)
    y.backward(retain_grad=True)
    assert (y.grad, t.grad) == (1.0, 1.0)
    assert (x0.grad, x1.grad) == (2.0, 1.0)


@pytest.mark.parametrize('mode', ['no_grad', 'using_config'])
def test_without_backprop_no_graph_is_built(mode):
    context = no_grad() if mode == 'no_grad' else using_config('enable_backprop', False)
    x = Variable(np.array(2.0))
    with context:
        y = square(x)
    assert y.data == 4.0  # the forward pass is the same
    assert y.creator is None
    assert y.generation == 0


def test_backward_of_an_output_made_without_backprop_reaches_nothing():
    x = Variable(np.array(2.0))
    with no_grad():
        y = square(x)
    y.backward()
    assert y.grad == 1.0
    assert x.grad is None


def test_no_grad_restores_the_previous_mode_even_when_its_block_raises():
    assert Config.enable_backprop is True
    with pytest.raises(ZeroDivisionError):
        with no_grad():
            assert Config.enable_backprop is False
            1 / 0
    assert Config.enable_backprop is True
    assert square(Variable(np.array(2.0))).creator is not None


def test_no_grad_inside_no_grad_restores_each_mode_in_turn():
    with no_grad():
        with no_grad():
            assert Config.enable_backprop is False
        assert Config.enable_backprop is False
    assert Config.enable_backprop is True


def test_using_config_works_for_any_config_name(monkeypatch):
    monkeypatch.setattr(Config, 'train', True, raising=False)  # a setting a learner adds
    with using_config('train', False):
        assert Config.train is False
    assert Config.train is True


def test_using_config_with_an_unknown_name_fails_before_changing_anything():
    with pytest.raises(AttributeError, match='enable_backprob'):
        with using_config('enable_backprob', False):
            pass
    assert not hasattr(Config, 'enable_backprob')
    assert Config.enable_backprop is True


def held_memory(build):
    """Bytes still allocated while build()'s result is alive."""
    gc.disable()
    tracemalloc.start()
    try:
        result = build()
        held, _ = tracemalloc.get_traced_memory()
        del result
    finally:
        tracemalloc.stop()
        gc.enable()
    return held


def test_no_grad_frees_the_intermediate_results_it_does_not_need():
    # The book's no_grad example, smaller (x is made before measuring): with a
    # graph, y keeps the two intermediate results alive; without one, only y.
    x = Variable(np.ones((100, 100, 10)))  # 800 kB
    with_graph = held_memory(lambda: square(square(square(x))))
    with no_grad():
        without_graph = held_memory(lambda: square(square(square(x))))
    assert 3 * x.data.nbytes <= with_graph < 3.5 * x.data.nbytes
    assert 1 * x.data.nbytes <= without_graph < 1.5 * x.data.nbytes


def test_retain_grad_false_frees_the_intermediate_gradients():
    # y = square(square(square(x))) has three outputs: y and two intermediate
    # results. retain_grad=True keeps their three gradients; the default drops them.
    x = Variable(np.ones((100, 100, 10)))

    def graph_after_backward(retain_grad):
        x.cleargrad()
        y = square(square(square(x)))
        y.backward(retain_grad=retain_grad)
        return y

    kept = held_memory(lambda: graph_after_backward(True))
    dropped = held_memory(lambda: graph_after_backward(False))
    assert 3 * x.data.nbytes <= kept - dropped < 3.5 * x.data.nbytes


# The book's three functions, as in its step24.py.
def sphere(x, y):
    z = x ** 2 + y ** 2
    return z


def matyas(x, y):
    z = 0.26 * (x ** 2 + y ** 2) - 0.48 * x * y
    return z


def goldstein(x, y):
    z = (1 + (x + y + 1)**2 * (19 - 14*x + 3*x**2 - 14*y + 6*x*y + 3*y**2)) * \
        (30 + (2*x - 3*y)**2 * (18 - 32*x + 12*x**2 + 48*y - 36*x*y + 27*y**2))
    return z


# Drawing needs Graphviz: the graphviz Python package and Graphviz's dot program.
# Without them these tests are skipped, except under CI.
UNDER_CI = os.environ.get('CI') == 'true'
needs_graphviz_package = pytest.mark.skipif(
    importlib.util.find_spec('graphviz') is None and not UNDER_CI,
    reason='needs the graphviz package: pip install graphviz')
needs_graphviz = pytest.mark.skipif(
    (importlib.util.find_spec('graphviz') is None or shutil.which('dot') is None) and not UNDER_CI,
    reason="needs the graphviz package (pip install graphviz) and Graphviz's dot program "
           '(apt-get install graphviz on Debian and Ubuntu, brew install graphviz on macOS, '
           'conda install graphviz)')

SIGNATURES = {'png': b'\x89PNG\r\n\x1a\n', 'jpg': b'\xff\xd8\xff', 'jpeg': b'\xff\xd8\xff',
              'gif': b'GIF8', 'svg': b'<?xml', 'pdf': b'%PDF-'}


def dot_json(text):
    """What dot made of a DOT text: node labels by node name, and edges."""
    result = subprocess.run(['dot', '-Tjson'], input=text, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    graph = json.loads(result.stdout)
    names = [node['name'] for node in graph['objects']]
    nodes = {node['name']: node['label'] for node in graph['objects']}
    edges = sorted((names[edge['tail']], names[edge['head']]) for edge in graph['edges'])
    return nodes, edges


def small_graph():
    x = Variable(np.array(1.0), 'x')
    y = Variable(np.array(2.0), 'y')
    z = x + y
    z.name = 'z'
    return x, y, z


def f(x):
    y = x ** 4 - 2 * x ** 2
    return y


def gx2(x):
    # the second derivative, by hand: (4x^3 - 4x)' = 12x^2 - 4
    return 12 * x ** 2 - 4


BOOK_NEWTON = ['2.0', '1.4545454545454546', '1.1510467893775467', '1.0253259289766978',
               '1.0009084519430513', '1.0000012353089454', '1.000000000002289', '1.0']


def newton(x, iters):
    for i in range(iters):
        y = f(x)
        x.cleargrad()
        y.backward()
        x.data -= x.grad / gx2(x.data)


def test_example_shows_a_gradient_with_no_graph_behind_it():
    assert run_example() == "24.0\n<class 'numpy.float64'>\nFalse False\n"


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_a_gradient_is_a_plain_numpy_value_not_a_variable(shape):
    x = Variable(random_array(shape))
    f(x).backward()
    assert not isinstance(x.grad, Variable)
    assert not hasattr(x.grad, 'creator')
    if shape:
        assert type(x.grad) is np.ndarray
    else:  # numpy's arithmetic on 0-d arrays gives a numpy scalar
        assert isinstance(x.grad, np.float64)


def test_backward_creates_no_function(monkeypatch):
    x = Variable(np.array(2.0))
    y = f(x)
    calls = []
    original_call = Function.__call__

    def counting_call(self, *inputs):
        calls.append(type(self).__name__)
        return original_call(self, *inputs)

    monkeypatch.setattr(Function, '__call__', counting_call)
    y.backward()
    assert calls == []  # the forward pass above made 4 functions; backward none
    assert x.grad == 24.0


@pytest.mark.parametrize('F, inputs', [
    (Mul, 2), (Add, 2), (Sub, 2), (Div, 2), (Neg, 1), (Sin, 1), (Exp, 1), (Square, 1),
])
def test_every_backward_computes_on_ndarrays(F, inputs):
    xs = [Variable(np.array([1.0, 2.0])) for _ in range(inputs)]
    f = F()
    y = f(*xs)
    gxs = f.backward(np.ones_like(y.data))
    gxs = gxs if isinstance(gxs, tuple) else (gxs,)
    assert all(type(gx) is np.ndarray for gx in gxs)


def test_a_second_derivative_cannot_be_taken_yet():
    # f'(x) = 4x^3 - 4x is in x.grad as a number; to differentiate it again
    # backward would need a graph from x.grad back to x.
    x = Variable(np.array(2.0))
    f(x).backward()
    with pytest.raises(AttributeError):
        x.grad.backward()
    gx = Variable(as_array(x.grad))  # boxing the number does not bring a graph with it
    assert gx.creator is None
    x.cleargrad()
    gx.backward()
    assert x.grad is None  # nothing reached x: f''(2) = 44 is still for gx2 by hand
    assert gx2(2.0) == 44.0


@pytest.mark.parametrize('i, value', list(enumerate(BOOK_NEWTON)))
def test_newtons_method_gives_the_books_values(i, value):
    x = Variable(np.array(2.0))
    newton(x, i)
    assert x.data == pytest.approx(float(value), rel=1e-15)


def test_newtons_method_reaches_the_minimum_in_7_iterations():
    x = Variable(np.array(2.0))
    newton(x, 7)
    assert x.data == 1.0  # exactly: f'(1) = 4 - 4 = 0
    newton(x, 1)
    assert x.data == 1.0  # and stays there


def test_gradient_descent_needs_thousands_of_iterations_for_the_same():
    # Near the minimum x = 1, where f''(1) = 8, each step of lr * f'(x) shrinks
    # the distance by a factor of about 1 - 8 * lr = 0.992 (lr = 0.001): 1e-10
    # takes thousands of iterations, where Newton needs 7.
    x = Variable(np.array(2.0))
    lr = 0.001
    iters = 0
    while abs(x.data - 1.0) > 1e-10:
        y = f(x)
        x.cleargrad()
        y.backward()
        previous = abs(x.data - 1.0)
        x.data -= lr * x.grad
        iters += 1
    assert abs(x.data - 1.0) / previous == pytest.approx(1 - 8 * lr, rel=1e-6)
    assert 1000 < iters < 10000


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_backward_gives_f_prime_and_gx2_is_its_derivative(shape):
    x = Variable(random_array(shape))
    f(x).backward()
    assert np.allclose(x.grad, 4 * x.data ** 3 - 4 * x.data)
    assert np.allclose(numerical_diff(f, x), x.grad)
    assert np.allclose(numerical_diff(lambda v: 4 * v ** 3 - 4 * v, x), gx2(x.data))


def my_sin(x, threshold=0.0001):
    # The book's sin by its Taylor series at 0.
    y = 0
    for i in range(100000):
        c = (-1) ** i / math.factorial(2 * i + 1)
        t = c * x ** (2 * i + 1)
        y = y + t
        if abs(t.data) < threshold:
            break
    return y


def test_sin_at_pi_over_4_is_the_books_value():
    x = Variable(np.array(np.pi / 4))
    y = sin(x)
    y.backward()
    assert y.data == pytest.approx(0.7071067811865475, rel=1e-15)
    assert x.grad == pytest.approx(0.7071067811865476, rel=1e-15)  # cos(pi/4)
    assert isinstance(y.creator, Sin)


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
@pytest.mark.parametrize('f', [sin, lambda x: sin(x) * sin(x) + sin(2 * x)], ids=['sin', 'expression'])
def test_sin_matches_numpy_and_numerical_diff(f, shape):
    x = Variable(np.asarray(random_array(shape) * 3))  # asarray: a 0-d array times 3 is a scalar
    y = f(x)
    assert np.allclose(sin(x).data, np.sin(x.data))
    y.backward()
    assert np.allclose(x.grad, numerical_diff(f, x))


def test_my_sin_at_pi_over_4_is_the_books_value():
    x = Variable(np.array(np.pi / 4))
    y = my_sin(x)
    y.backward()
    assert y.data == pytest.approx(0.7071064695751781, rel=1e-12)
    assert x.grad == pytest.approx(0.7071032148228457, rel=1e-12)


def taylor_terms(y):
    # my_sin makes one Pow per term: count them in the graph's DOT text.
    return get_dot_graph(y).count('label="Pow"')


def test_a_smaller_threshold_adds_terms_and_comes_closer_to_sin():
    errors, terms = [], []
    for threshold in (1e-2, 1e-4, 1e-8, 1e-150):
        x = Variable(np.array(np.pi / 4))
        y = my_sin(x, threshold)
        y.backward()
        errors.append(abs(y.data - np.sin(np.pi / 4)) + abs(x.grad - np.cos(np.pi / 4)))
        terms.append(taylor_terms(y))
    assert terms == sorted(terms) and len(set(terms)) == 4
    assert errors == sorted(errors, reverse=True)
    assert errors[-1] < 1e-15  # as exact as float64 sin itself


def test_my_sin_with_threshold_1e_4_has_four_terms():
    # x, x^3/3!, x^5/5!, x^7/7!: (pi/4)^7 / 5040 = 3.7e-5 is the first term below 1e-4
    assert (np.pi / 4) ** 5 / 120 > 1e-4 > (np.pi / 4) ** 7 / 5040
    assert taylor_terms(my_sin(Variable(np.array(np.pi / 4)))) == 4


@needs_graphviz
def test_the_graph_of_my_sin_is_rendered(tmp_path):
    x = Variable(np.array(np.pi / 4), 'x')
    y = my_sin(x)
    y.name = 'y'
    plot_dot_graph(y, verbose=False, to_file=str(tmp_path / 'my_sin.png'))
    assert (tmp_path / 'my_sin.png').read_bytes().startswith(SIGNATURES['png'])


def test_the_dot_text_of_a_small_graph_is_the_books_format():
    x, y, z = small_graph()
    f = z.creator
    assert get_dot_graph(z, verbose=False) == (
        'digraph g {{\n'
        '{z} [label="z", color=orange, style=filled]\n'
        '{f} [label="Add", color=lightblue, style=filled, shape=box]\n'
        '{x} -> {f}\n'
        '{y} -> {f}\n'
        '{f} -> {z}\n'
        '{x} [label="x", color=orange, style=filled]\n'
        '{y} [label="y", color=orange, style=filled]\n'
        '}}').format(x=id(x), y=id(y), z=id(z), f=id(f))


def test_verbose_labels_add_shape_and_dtype():
    x, y, z = small_graph()
    x.data = np.ones((2, 3))
    text = get_dot_graph(x * 2, verbose=True)
    assert 'label="x: (2, 3) float64"' in text
    assert 'label="(2, 3) float64"' in text  # the unnamed output
    assert 'label="() int64"' in text  # the constant 2, made an array


def test_a_variable_no_function_made_is_a_graph_of_one_node():
    x = Variable(np.array(1.0), 'x')
    assert get_dot_graph(x, verbose=False) == (
        'digraph g {{\n{} [label="x", color=orange, style=filled]\n}}'.format(id(x)))


def test_each_function_appears_once_even_when_reached_twice():
    x = Variable(np.array(2.0), 'x')
    a = square(x)
    y = a * a + a  # a feeds three inputs
    assert get_dot_graph(y).count('label="Square"') == 1


@needs_graphviz
def test_dot_reads_the_graph_of_goldstein():
    x, y = Variable(np.array(1.0), 'x'), Variable(np.array(1.0), 'y')
    z = goldstein(x, y)
    z.name = 'z'
    nodes, edges = dot_json(get_dot_graph(z, verbose=False))
    labels = sorted(nodes.values())
    assert {'x', 'y', 'z', 'Add', 'Sub', 'Mul', 'Pow'} <= set(labels)
    assert labels.count('x') == labels.count('y') == 1  # each variable is one node
    # every function has its inputs' edges in and one edge out
    functions = [name for name, label in nodes.items() if label in ('Add', 'Sub', 'Mul', 'Pow')]
    assert all(any(tail == name for tail, _ in edges) for name in functions)


@needs_graphviz
@pytest.mark.parametrize('name', ['x', 'a "quoted" name', 'x -> y; z [label=1]', '한국어'])
def test_dot_reads_any_variable_name_as_its_label(name):
    x = Variable(np.array(1.0), name)
    y = square(x)
    nodes, edges = dot_json(get_dot_graph(y, verbose=False))
    assert nodes == {str(id(x)): name, str(id(y)): '', str(id(y.creator)): 'Square'}
    assert edges == sorted([(str(id(x)), str(id(y.creator))), (str(id(y.creator)), str(id(y)))])


def test_a_backslash_in_a_name_is_escaped():
    # DOT reads \N or \l in a label as an escape; a name keeps its backslash.
    x = Variable(np.array(1.0), 'C:\\new')
    assert 'label="C:\\\\new"' in get_dot_graph(x, verbose=False)


def test_a_name_that_is_not_a_string_is_written_as_text():
    x = Variable(np.array(1.0), name=5)
    assert 'label="5"' in get_dot_graph(square(x), verbose=False)


def test_a_name_that_is_not_a_string_fails_with_verbose_labels_as_in_the_book():
    # _dot_var adds ': ' to the name itself, and 5 + ': ' is a TypeError.
    x = Variable(np.array(1.0), name=5)
    with pytest.raises(TypeError):
        get_dot_graph(square(x), verbose=True)


@needs_graphviz
@pytest.mark.parametrize('fmt', SIGNATURES)
def test_plot_dot_graph_writes_an_image_in_the_format_of_the_extension(fmt, tmp_path):
    x, y, z = small_graph()
    to_file = tmp_path / ('graph.' + fmt)
    plot_dot_graph(z, to_file=str(to_file))
    assert [path.name for path in tmp_path.iterdir()] == [to_file.name]
    image = to_file.read_bytes()
    assert image.startswith(SIGNATURES[fmt])
    if fmt == 'svg':
        assert b'<svg' in image


@needs_graphviz
def test_plot_dot_graph_writes_only_the_file_it_is_asked_for(tmp_path, monkeypatch):
    # The book writes ~/.dezero/tmp_graph.dot and runs dot through a shell.
    home = tmp_path / 'home'
    home.mkdir()
    monkeypatch.setenv('HOME', str(home))
    monkeypatch.chdir(tmp_path)
    x, y, z = small_graph()
    plot_dot_graph(z)
    assert sorted(path.name for path in tmp_path.iterdir()) == ['graph.png', 'home']
    assert list(home.iterdir()) == []


@needs_graphviz
@pytest.mark.parametrize('name', [
    'my graph.png',
    'a;touch pwned.png',
    '$(touch pwned).png',
    '"quoted" -o x.png',
    '그래프.png',
])
def test_a_file_name_is_only_a_file_name(name, tmp_path):
    x, y, z = small_graph()
    plot_dot_graph(z, to_file=str(tmp_path / name))
    assert [path.name for path in tmp_path.iterdir()] == [name]
    assert (tmp_path / name).read_bytes().startswith(SIGNATURES['png'])


@pytest.mark.parametrize('name', ['graph.x11', 'graph.vrml', 'graph.xyz', 'graph'])
def test_a_file_name_that_is_not_an_image_is_refused_before_dot_runs(name, tmp_path, monkeypatch):
    # dot -Tx11 opens a window (or fails with no display); -Tvrml also writes
    # node1.png, node2.png... into the current folder.
    monkeypatch.chdir(tmp_path)
    x, y, z = small_graph()
    with pytest.raises(ValueError) as error:
        plot_dot_graph(z, to_file=name)
    assert all('.' + fmt in str(error.value) for fmt in SIGNATURES)
    assert list(tmp_path.iterdir()) == []


@needs_graphviz_package
def test_without_dot_the_error_names_graphviz_and_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setenv('PATH', str(tmp_path))  # no dot here
    x, y, z = small_graph()
    with pytest.raises(RuntimeError) as error:
        plot_dot_graph(z, to_file=str(tmp_path / 'graph.png'))
    message = str(error.value)
    assert 'Graphviz' in message and "dot" in message
    assert 'apt-get install graphviz' in message and 'brew install graphviz' in message
    assert not (tmp_path / 'graph.png').exists()


def test_without_the_graphviz_package_the_error_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, 'graphviz', None)  # import graphviz now fails
    x, y, z = small_graph()
    with pytest.raises(ImportError, match='pip install graphviz'):
        plot_dot_graph(z)


def fake_ipython(shell):
    """A stand-in for IPython: get_ipython() and display.Image / display.SVG."""
    display = types.SimpleNamespace(
        Image=lambda filename: ('Image', filename),
        SVG=lambda filename: ('SVG', filename))
    return types.SimpleNamespace(get_ipython=lambda: shell, display=display)


@needs_graphviz
@pytest.mark.parametrize('fmt, kind', [('png', 'Image'), ('jpg', 'Image'), ('gif', 'Image'),
                                       ('svg', 'SVG')])
def test_under_ipython_the_image_is_returned_for_display(fmt, kind, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, 'IPython', fake_ipython(shell=object()))
    x, y, z = small_graph()
    to_file = str(tmp_path / ('graph.' + fmt))
    assert plot_dot_graph(z, to_file=to_file) == (kind, to_file)


@needs_graphviz
def test_under_ipython_a_pdf_is_written_but_not_returned(tmp_path, monkeypatch):
    # IPython's Image shows png, jpeg and gif, and refuses a PDF with a ValueError.
    monkeypatch.setitem(sys.modules, 'IPython', fake_ipython(shell=object()))
    x, y, z = small_graph()
    to_file = tmp_path / 'graph.pdf'
    assert plot_dot_graph(z, to_file=str(to_file)) is None
    assert to_file.read_bytes().startswith(SIGNATURES['pdf'])


@needs_graphviz
@pytest.mark.parametrize('ipython', [None, fake_ipython(shell=None)], ids=['not-installed', 'not-running'])
def test_outside_ipython_nothing_is_returned(ipython, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, 'IPython', ipython)
    x, y, z = small_graph()
    assert plot_dot_graph(z, to_file=str(tmp_path / 'graph.png')) is None


@pytest.mark.parametrize('f, value, grads', [
    (sphere, 2.0, (2.0, 2.0)),  # 2x, 2y
    (matyas, 0.04, (0.040000000000000036, 0.040000000000000036)),  # 0.52x - 0.48y
    (goldstein, 1876.0, (-5376.0, 8064.0)),  # 28 * 67
], ids=['sphere', 'matyas', 'goldstein'])
def test_the_books_values_at_1_1(f, value, grads):
    x = Variable(np.array(1.0))
    y = Variable(np.array(1.0))
    z = f(x, y)
    z.backward()
    assert z.data == pytest.approx(value, rel=1e-12)
    assert (x.grad, y.grad) == pytest.approx(grads, rel=1e-12)


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
@pytest.mark.parametrize('f, rtol', [
    (sphere, 1e-5),
    (matyas, 1e-5),
    # A degree-8 polynomial: numerical_diff's error, about eps^2 times the
    # third derivative, is larger here.
    (goldstein, 1e-4),
], ids=['sphere', 'matyas', 'goldstein'])
def test_the_books_functions_match_numerical_diff(f, rtol, shape):
    x, y = Variable(random_array(shape, 0)), Variable(random_array(shape, 1))
    f(x, y).backward()
    assert np.allclose(x.grad, numerical_diff(lambda v: f(v, y), x), rtol=rtol)
    assert np.allclose(y.grad, numerical_diff(lambda v: f(x, v), y), rtol=rtol)


def run_as_dezero(tmp_path, name, script):
    """Copy this folder as the package dezero and run one of the book's step files beside it."""
    shutil.copytree(HERE, tmp_path / 'dezero', ignore=shutil.ignore_patterns('__pycache__'))
    (tmp_path / name).write_text(script)
    result = subprocess.run([sys.executable, name], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


BOOK_STEP23 = '''\
# Add import path for the dezero directory.
if '__file__' in globals():
    import os, sys
    sys.path.append(os.path.join(os.path.dirname(__file__), '..'))

import numpy as np
from dezero import Variable


x = Variable(np.array(1.0))
y = (x + 3) ** 2
y.backward()

print(y)
print(x.grad)
'''


def test_the_folder_copied_as_dezero_runs_the_books_step23_py(tmp_path):
    assert run_as_dezero(tmp_path, 'step23.py', BOOK_STEP23) == 'variable(16.0)\n8.0\n'


BOOK_STEP24 = '''\
import numpy as np
from dezero import Variable


def goldstein(x, y):
    z = (1 + (x + y + 1)**2 * (19 - 14*x + 3*x**2 - 14*y + 6*x*y + 3*y**2)) * \\
        (30 + (2*x - 3*y)**2 * (18 - 32*x + 12*x**2 + 48*y - 36*x*y + 27*y**2))
    return z


x = Variable(np.array(1.0))
y = Variable(np.array(1.0))
z = goldstein(x, y)
z.backward()
print(x.grad, y.grad)
'''


def test_the_folder_copied_as_dezero_runs_the_books_step24_py(tmp_path):
    assert run_as_dezero(tmp_path, 'step24.py', BOOK_STEP24) == '-5376.0 8064.0\n'


BOOK_STEP26 = '''\
import numpy as np
from dezero import Variable
from dezero.utils import plot_dot_graph


def goldstein(x, y):
    z = (1 + (x + y + 1)**2 * (19 - 14*x + 3*x**2 - 14*y + 6*x*y + 3*y**2)) * \\
        (30 + (2*x - 3*y)**2 * (18 - 32*x + 12*x**2 + 48*y - 36*x*y + 27*y**2))
    return z


x = Variable(np.array(1.0))
y = Variable(np.array(1.0))
z = goldstein(x, y)
z.backward()

x.name = 'x'
y.name = 'y'
z.name = 'z'
plot_dot_graph(z, verbose=False, to_file='goldstein.png')
'''


@needs_graphviz
def test_the_folder_copied_as_dezero_runs_the_books_step26_py(tmp_path):
    assert run_as_dezero(tmp_path, 'step26.py', BOOK_STEP26) == ''
    assert (tmp_path / 'goldstein.png').read_bytes().startswith(SIGNATURES['png'])


BOOK_STEP27 = '''\
if '__file__' in globals():
    import os, sys
    sys.path.append(os.path.join(os.path.dirname(__file__), '..'))
import numpy as np
import math
from dezero import Variable, Function
from dezero.utils import plot_dot_graph


class Sin(Function):
    def forward(self, x):
        y = np.sin(x)
        return y

    def backward(self, gy):
        x = self.inputs[0].data
        gx = gy * np.cos(x)
        return gx


def sin(x):
    return Sin()(x)


x = Variable(np.array(np.pi / 4))
y = sin(x)
y.backward()
print('--- original sin ---')
print(y.data)
print(x.grad)


def my_sin(x, threshold=0.0001):
    y = 0
    for i in range(100000):
        c = (-1) ** i / math.factorial(2 * i + 1)
        t = c * x ** (2 * i + 1)
        y = y + t
        if abs(t.data) < threshold:
            break
    return y


x = Variable(np.array(np.pi / 4))
y = my_sin(x)  # , threshold=1e-150)
y.backward()
print('--- approximate sin ---')
print(y.data)
print(x.grad)

x.name = 'x'
y.name = 'y'
plot_dot_graph(y, verbose=False, to_file='my_sin.png')
'''


@needs_graphviz
def test_the_folder_copied_as_dezero_runs_the_books_step27_py(tmp_path):
    # The book's step27.py defines its own Sin and sin, on the package's Function.
    assert run_as_dezero(tmp_path, 'step27.py', BOOK_STEP27).splitlines() == [
        '--- original sin ---', '0.7071067811865475', '0.7071067811865476',
        '--- approximate sin ---', '0.7071064695751781', '0.7071032148228457']
    assert (tmp_path / 'my_sin.png').read_bytes().startswith(SIGNATURES['png'])


BOOK_STEP28 = '''\
if '__file__' in globals():
    import os, sys
    sys.path.append(os.path.join(os.path.dirname(__file__), '..'))
import numpy as np
from dezero import Variable
# import dezero's simple_core explicitly
import dezero
if not dezero.is_simple_core:
    from dezero.core_simple import Variable
    from dezero.core_simple import setup_variable
    setup_variable()


def rosenbrock(x0, x1):
    y = 100 * (x1 - x0 ** 2) ** 2 + (1 - x0) ** 2
    return y


x0 = Variable(np.array(0.0))
x1 = Variable(np.array(2.0))
lr = 0.001
iters = 1000

for i in range(iters):
    print(x0, x1)

    y = rosenbrock(x0, x1)

    x0.cleargrad()
    x1.cleargrad()
    y.backward()

    x0.data -= lr * x0.grad
    x1.data -= lr * x1.grad
'''


def test_the_folder_copied_as_dezero_runs_the_books_step28_py(tmp_path):
    # The book's step28.py reads dezero.is_simple_core, which __init__.py sets.
    lines = run_as_dezero(tmp_path, 'step28.py', BOOK_STEP28).splitlines()
    assert len(lines) == 1000  # printed before each update
    assert lines[0] == 'variable(0.0) variable(2.0)'
    assert lines[-1] == 'variable(0.6834917840420289) variable(0.46565059996514135)'  # 999 updates


BOOK_STEP29 = '''\
if '__file__' in globals():
    import os, sys
    sys.path.append(os.path.join(os.path.dirname(__file__), '..'))
import numpy as np
from dezero import Variable
# import dezero's simple_core explicitly
import dezero
if not dezero.is_simple_core:
    from dezero.core_simple import Variable
    from dezero.core_simple import setup_variable
    setup_variable()


def f(x):
    y = x ** 4 - 2 * x ** 2
    return y


def gx2(x):
    return 12 * x ** 2 - 4


x = Variable(np.array(2.0))
iters = 10

for i in range(iters):
    print(i, x)

    y = f(x)
    x.cleargrad()
    y.backward()

    x.data -= x.grad / gx2(x.data)
'''


def test_the_folder_copied_as_dezero_runs_the_books_step29_py(tmp_path):
    # The book's step29.py reads dezero.is_simple_core, which __init__.py sets.
    lines = run_as_dezero(tmp_path, 'step29.py', BOOK_STEP29).splitlines()
    expected = ['{} variable({})'.format(i, value) for i, value in enumerate(BOOK_NEWTON)]
    assert lines == expected + ['8 variable(1.0)', '9 variable(1.0)']


def test_the_package_exports_the_books_names():
    from . import (Function as F, Variable as V, as_array as aa, as_variable as av,
                   no_grad as ng, setup_variable as sv, using_config as uc)
    assert (V, F, uc, ng, aa, av, sv) == (core.Variable, core.Function, core.using_config,
                                          core.no_grad, core.as_array, core.as_variable,
                                          core.setup_variable)


def test_core_alone_has_no_operators_until_setup_variable_is_called():
    # The book's core_simple.py defines the operators but leaves it to
    # dezero/__init__.py to install them.
    code = '''\
import numpy as np
import core
x = core.Variable(np.array(1.0))
try:
    x + 1
except TypeError:
    print('no operators')
core.setup_variable()
print(x + 1)
'''
    result = subprocess.run([sys.executable, '-c', code], cwd=HERE, capture_output=True, text=True)
    assert result.stdout == 'no operators\nvariable(2.0)\n', result.stderr


def test_setup_variable_twice_changes_nothing():
    setup_variable()
    x = Variable(np.array(2.0))
    assert repr(3.0 / x - x * 2 + x ** 2) == 'variable(1.5)'


def test_the_books_examples():
    x = Variable(np.array(2.0))
    assert [repr(y) for y in (-x, 2.0 - x, x - 1.0, 3.0 / x, x ** 3)] == [
        'variable(-2.0)', 'variable(0.0)', 'variable(1.0)', 'variable(1.5)', 'variable(8.0)']


@pytest.mark.parametrize('operation, F', [
    (lambda x0, x1: -x0, Neg),
    (lambda x0, x1: x0 - x1, Sub),
    (lambda x0, x1: x0 / x1, Div),
    (lambda x0, x1: x0 ** 3, Pow),
], ids=['neg', 'sub', 'div', 'pow'])
def test_each_operator_makes_its_function(operation, F):
    y = operation(Variable(np.array(2.0)), Variable(np.array(4.0)))
    assert isinstance(y.creator, F)


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
@pytest.mark.parametrize('operation', [
    lambda x0, x1: -x0,
    lambda x0, x1: x0 - x1,
    lambda x0, x1: x0 / x1,
    lambda x0, x1: x0 ** 3,
    lambda x0, x1: x0 ** 2.5,
    lambda x0, x1: x0 ** -1,
    lambda x0, x1: neg(sub(div(x0, x1), pow(x1, 2))),
    lambda x0, x1: (x0 - x1) / (x0 * x1) ** 2 + 1 / x0 - 2 - x1,
], ids=['neg', 'sub', 'div', 'pow-3', 'pow-2.5', 'pow-minus-1', 'functions', 'expression'])
def test_neg_sub_div_and_pow_match_numerical_diff_for_each_operand(operation, shape):
    x0, x1 = Variable(positive_array(shape, 0)), Variable(positive_array(shape, 1))
    operation(x0, x1).backward()
    assert np.allclose(x0.grad, numerical_diff(lambda x: operation(x, x1), x0))
    if x1.grad is not None:
        assert np.allclose(x1.grad, numerical_diff(lambda x: operation(x0, x), x1))


@pytest.mark.parametrize('kind', ['ndarray', 'float', 'int'])
@pytest.mark.parametrize('operation, numpy_operation', [
    (lambda v, c: v - c, lambda x, c: x - c),
    (lambda v, c: c - v, lambda x, c: c - x),
    (lambda v, c: v / c, lambda x, c: x / c),
    (lambda v, c: c / v, lambda x, c: c / x),
], ids=['v-c', 'c-v', 'v/c', 'c/v'])
@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_subtraction_and_division_take_numbers_on_either_side(operation, numpy_operation, kind, shape):
    x = Variable(positive_array(shape))
    c = {'ndarray': positive_array(shape, 2), 'float': 1.5, 'int': 3}[kind]
    y = operation(x, c)
    assert isinstance(y, Variable)
    assert np.allclose(y.data, numpy_operation(x.data, c))
    y.backward()
    assert np.allclose(x.grad, numerical_diff(lambda v: operation(v, c), x))


def test_rsub_and_rdiv_swap_the_operands_back():
    x = Variable(np.array(2.0))
    assert rsub(x, 10.0).data == 8.0  # 10.0 - x
    assert rdiv(x, 10.0).data == 5.0  # 10.0 / x
    assert sub(x, 10.0).data == -8.0
    assert div(x, 10.0).data == 0.2


def test_the_exponent_of_pow_is_a_constant_not_an_input():
    x = Variable(np.array(2.0))
    y = x ** 3
    assert y.creator.inputs == [x]
    assert y.creator.c == 3
    y.backward()
    assert x.grad == 12.0  # 3x^2


def test_pow_0_at_0_gives_a_nan_gradient():
    # x ** 0 is 1 for every x, so dy/dx = 0, but Pow.backward computes
    # 0 * x ** -1 = 0 * inf = nan at x = 0, and numpy warns about both steps.
    x = Variable(np.array(0.0))
    y = x ** 0
    with pytest.warns(RuntimeWarning, match='divide by zero|invalid value'):
        y.backward()
    assert y.data == 1.0
    assert np.isnan(x.grad)


def test_a_variable_exponent_is_a_type_error():
    # The book's Pow takes a constant; x ** y with a Variable y is not supported.
    x = Variable(np.array(2.0))
    with pytest.raises(TypeError, match="'Variable'"):
        x ** x
    with pytest.raises(TypeError, match="'Variable'"):
        2.0 ** x


def test_the_books_examples_with_numbers():
    x = Variable(np.array(2.0))
    assert repr(x + np.array(3.0)) == 'variable(5.0)'
    assert repr(x + 3.0) == 'variable(5.0)'
    assert repr(3.0 * x + 1.0) == 'variable(7.0)'


OPERANDS = {
    'ndarray': lambda shape: random_array(shape, 2),
    'float': lambda shape: 1.5,
    'int': lambda shape: 3,
}


@pytest.mark.parametrize('kind', OPERANDS)
@pytest.mark.parametrize('operation, numpy_operation', [
    (lambda v, c: v + c, lambda x, c: x + c),
    (lambda v, c: c + v, lambda x, c: c + x),
    (lambda v, c: v * c, lambda x, c: x * c),
    (lambda v, c: c * v, lambda x, c: c * x),
], ids=['v+c', 'c+v', 'v*c', 'c*v'])
@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_a_number_or_an_array_on_either_side_gives_a_variable(operation, numpy_operation, kind, shape):
    x = Variable(random_array(shape))
    c = OPERANDS[kind](shape)
    y = operation(x, c)
    assert isinstance(y, Variable)
    assert np.allclose(y.data, numpy_operation(x.data, c))
    y.backward()
    assert np.allclose(x.grad, numerical_diff(lambda v: operation(v, c), x))


@pytest.mark.parametrize('data', [np.array([2.0]), np.array(2.0), np.array([[2.0, 1.0]])],
                         ids=['1-d', '0-d', '2-d'])
def test_ndarray_plus_variable_is_a_variable(data):
    # ndarray.__add__ steps aside for an object of higher __array_priority__,
    # so Variable.__radd__ handles the whole operation.
    y = data + Variable(np.array(3.0))
    assert isinstance(y, Variable)
    assert np.array_equal(y.data, data + 3.0)
    assert isinstance(data * Variable(np.array(3.0)), Variable)


def test_without_array_priority_numpy_would_take_the_variable_apart():
    class NoPriority(Variable):
        __array_priority__ = 0

    y = np.array([2.0]) + NoPriority(np.array(3.0))
    assert type(y) is np.ndarray and y.dtype == object  # an array of Variables


def test_a_float32_variable_times_a_python_number_becomes_float64():
    # as_array turns 2.0 into a float64 array, and numpy 2 gives two arrays the
    # wider of their types; a Python number alone would leave float32 as it is.
    x = Variable(np.array(1.0, dtype=np.float32))
    assert (x.data * 2.0).dtype == np.float32
    assert (x * 2.0).dtype == np.float64
    assert (x + 2).dtype == np.float64
    assert (x * Variable(np.array(2.0, dtype=np.float32))).dtype == np.float32


def test_the_books_example_a_times_b_plus_c():
    a = Variable(np.array(3.0))
    b = Variable(np.array(2.0))
    c = Variable(np.array(1.0))
    y = a * b + c
    y.backward()
    assert repr(y) == 'variable(7.0)'
    assert (a.grad, b.grad, c.grad) == (2.0, 3.0, 1.0)


def test_operators_build_the_same_graph_as_the_functions():
    a, b = Variable(np.array(3.0)), Variable(np.array(2.0))
    assert isinstance((a * b).creator, Mul)
    assert isinstance((a + b).creator, Add)
    assert (a * b + a).data == add(mul(a, b), a).data


def test_mul_backward_multiplies_by_the_other_input():
    f = Mul()
    f(Variable(np.array(3.0)), Variable(np.array(2.0)))
    assert f.backward(np.array(10.0)) == (20.0, 30.0)


def test_mul_of_different_shapes_gives_a_gradient_of_the_wrong_shape():
    # As for add: c's gradient comes back in y's shape, gy * x = [1, 2, 3], where
    # d(y0 + y1 + y2)/dc = 1 + 2 + 3 = 6.0. The book fixes it at step 40.
    x = Variable(np.array([1.0, 2.0, 3.0]))
    c = Variable(np.array(2.0))
    y = mul(x, c)
    y.backward()
    assert np.array_equal(y.data, [2.0, 4.0, 6.0])
    assert np.array_equal(x.grad, [2.0, 2.0, 2.0])  # x's gradient is right
    assert c.grad.shape == (3,)  # not c's shape, ()
    assert np.array_equal(c.grad, [1.0, 2.0, 3.0])  # not 6.0


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
@pytest.mark.parametrize('operator', [
    lambda x0, x1: x0 * x1,
    lambda x0, x1: x0 + x1,
    lambda x0, x1: x0 * x1 + x0 * x0,
    lambda x0, x1: mul(exp(x0), square(x1)),
], ids=['mul', 'add', 'expression', 'functions'])
def test_operators_match_numerical_diff_for_each_operand(operator, shape):
    x0, x1 = Variable(random_array(shape, 0)), Variable(random_array(shape, 1))
    operator(x0, x1).backward()
    assert np.allclose(x0.grad, numerical_diff(lambda x: operator(x, x1), x0))
    assert np.allclose(x1.grad, numerical_diff(lambda x: operator(x0, x), x1))


def test_a_variable_has_a_name():
    assert Variable(np.array(1.0)).name is None
    assert Variable(np.array(1.0), 'x').name == 'x'
    x = Variable(np.array(1.0))
    x.name = 'x'
    assert x.name == 'x'


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_a_variable_looks_like_its_array(shape):
    data = random_array(shape)
    x = Variable(data)
    assert x.shape == data.shape == shape
    assert x.ndim == data.ndim == len(shape)
    assert x.size == data.size
    assert x.dtype == data.dtype == np.float64


def test_len_is_the_length_of_the_first_axis():
    assert len(Variable(np.array([[1, 2, 3], [4, 5, 6]]))) == 2
    assert len(Variable(np.array([1, 2, 3, 4]))) == 4


def test_len_of_a_0_d_variable_is_a_type_error_as_for_its_array():
    with pytest.raises(TypeError, match='unsized'):
        len(Variable(np.array(1.0)))


@pytest.mark.parametrize('data, text', [
    (np.array([[1, 2, 3], [4, 5, 6]]), 'variable([[1 2 3]\n          [4 5 6]])'),
    (np.array([1.0, 2.0]), 'variable([1. 2.])'),
    (np.array(2.0), 'variable(2.0)'),
    (None, 'variable(None)'),
], ids=['2-d', '1-d', '0-d', 'none'])
def test_repr_is_the_books(data, text):
    assert repr(Variable(data)) == text
    assert str(Variable(data)) == text


def test_properties_follow_new_data():
    x = Variable(np.array(1.0))
    x.data = np.zeros((2, 5))
    assert (x.shape, len(x)) == ((2, 5), 2)


def test_the_books_diamond_example_still_gives_64():
    x = Variable(np.array(2.0))
    diamond(x).backward()
    assert x.grad == 64.0


def test_a_backward_that_returns_too_few_gradients_leaves_an_input_without_one():
    # As in the book: zip() stops at the shorter of its arguments, so the second
    # input gets no gradient, and nothing says so.
    x0, x1 = Variable(np.array(2.0)), Variable(np.array(3.0))
    y = ForgetfulMul()(x0, x1)
    y.backward()
    assert (x0.grad, x1.grad) == (3.0, None)


@pytest.mark.parametrize('call', [
    lambda x: add(x),
    lambda x: Add()(x),
    lambda x: Square()(x, x),
    lambda x: Add()(),
], ids=['add-one-input', 'Add-one-input', 'Square-two-inputs', 'Add-no-input'])
def test_the_wrong_number_of_inputs_is_a_type_error(call):
    with pytest.raises(TypeError, match='positional argument'):
        call(Variable(np.array(1.0)))


def test_functions_take_an_ndarray_as_a_variable():
    y = square(np.array(3.0))
    assert isinstance(y, Variable) and y.data == 9.0
    assert isinstance(y.creator.inputs[0], Variable)


def test_a_function_given_a_plain_number_says_so():
    # Only the operators and add/mul turn numbers into arrays, as in the book.
    with pytest.raises(TypeError, match="<class 'float'> is not supported"):
        square(3.0)


@pytest.mark.parametrize('operand, message', [
    (None, "unsupported operand type(s) for {symbol}: 'float' and 'NoneType'"),
    ('2', "ufunc '{ufunc}' did not contain a loop with signature matching types"),
    (np.array(['a', 'b']), "ufunc '{ufunc}' did not contain a loop with signature matching types"),
    ([1.0, 2.0], "<class 'list'> is not supported"),
    ({}, "<class 'dict'> is not supported"),
], ids=['none', 'str', 'str-array', 'list', 'dict'])
@pytest.mark.parametrize('operation, symbol, ufunc', [
    (lambda a, b: a + b, '+', 'add'),
    (lambda a, b: b + a, '+', 'add'),
    (lambda a, b: a * b, '*', 'multiply'),
    (lambda a, b: b * a, '*', 'multiply'),
], ids=['v+x', 'x+v', 'v*x', 'x*v'])
def test_an_operand_that_is_not_a_number_or_an_array_of_numbers_is_a_type_error(
        operation, symbol, ufunc, operand, message):
    # As in the book: None and a string become Variables (as_array makes '2' an
    # array of strings), which numpy refuses in forward; Variable refuses the rest.
    with pytest.raises(TypeError, match=re.escape(message.format(symbol=symbol, ufunc=ufunc))):
        operation(Variable(np.array(1.0)), operand)


def test_variable_refuses_a_float():
    with pytest.raises(TypeError, match="<class 'float'> is not supported"):
        Variable(1.0)


def test_function_itself_has_no_forward():
    with pytest.raises(NotImplementedError):
        Function()(Variable(np.array(1.0)))
