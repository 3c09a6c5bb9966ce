import gc
import subprocess
import sys
import tracemalloc
import weakref
from pathlib import Path

import numpy as np
import pytest

from core import (Add, Config, Exp, Function, Square, Variable, add, exp, no_grad,
                  numerical_diff, square, using_config)

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
    assert f.inputs == (x0, x1)
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


def test_example_prints_the_books_output():
    assert run_example() == 'x\n(2, 3)\nvariable([[1 2 3]\n          [4 5 6]])\n'


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


def test_a_function_takes_only_a_variable_yet():
    # Until step 21 a function reads x.data of each input straight away.
    with pytest.raises(AttributeError, match="'float' object has no attribute 'data'"):
        add(Variable(np.array(1.0)), 2.0)


def test_an_ndarray_input_is_not_a_variable_yet():
    # An ndarray has no generation (step 21 makes it a Variable first).
    with pytest.raises(AttributeError, match="'numpy.ndarray' object has no attribute 'generation'"):
        add(Variable(np.array(1.0)), np.array(2.0))


def test_variable_refuses_a_float():
    with pytest.raises(TypeError, match="<class 'float'> is not supported"):
        Variable(1.0)


def test_function_itself_has_no_forward():
    with pytest.raises(NotImplementedError):
        Function()(Variable(np.array(1.0)))
