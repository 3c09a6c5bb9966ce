import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import Add, Exp, Function, Square, Variable, add, exp, numerical_diff, square

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


def test_one_function_object_called_twice_makes_a_loop_in_the_graph():
    # A remembers only its second call: a's creator is A and A's input is a,
    # so the loop of y.backward() would take A again after A, for ever (not
    # called here).
    A = SquareFn()
    x = Variable(np.array(2.0))
    a = A(x)
    y = A(a)
    assert y.creator is A and a.creator is A
    assert A.inputs[0] is a  # not x: the first call is forgotten


def test_numerical_diff_of_square_at_2_is_the_books_value():
    assert numerical_diff(Square(), Variable(np.array(2.0))) == 4.000000000004


def test_the_same_variable_twice_gets_both_gradients():
    # d(x + x)/dx = 2: the book's fix adds the gradients up (step 13 gave 1.0).
    x = Variable(np.array(3.0))
    y = add(x, x)
    y.backward()
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


def test_the_diamond_graph_gets_the_wrong_gradient_yet():
    # a = x^2 feeds two functions; a's creator runs before a's gradient is
    # complete. 64 is right (step 16 fixes the order); step 15 explains.
    x = Variable(np.array(2.0))
    a = square(x)
    add(square(a), square(a)).backward()
    assert x.grad == 96.0


def test_backward_twice_through_the_same_graph_counts_the_gradients_again():
    # As in the book: the first pass's gradients are all still set, and the second
    # adds to each and passes the sum on. With g the gradient at each variable:
    # y.grad stays 1, exp's output gets 2g, the first square's output 1g + 2g = 3g,
    # and x 1g + 3g = 4g, not 2g.
    x = Variable(np.array(0.5))
    y = chain(x)
    y.backward()
    y.backward()
    assert x.grad == pytest.approx(4 * 3.297442541400256, rel=1e-12)


def test_backward_from_an_intermediate_variable_counts_its_leftover_gradient():
    # As in the book: z.backward() leaves y.grad = dz/dy = 2y = 8 set, and
    # y.backward() starts from that 8, not from 1: x.grad = 32 + 2x * 8 = 64,
    # dz/dx counted twice, not the 32 + dy/dx = 32 + 4 = 36 one might expect.
    x = Variable(np.array(2.0))
    y = square(x)
    z = square(y)
    z.backward()
    assert (y.grad, x.grad) == (8.0, 32.0)  # dz/dy = 2y, dz/dx = 2x * 2y
    y.backward()
    assert x.grad == 64.0


def test_backward_again_after_cleargrad_on_every_variable_gives_the_gradient_once():
    # The book's answer is cleargrad(): with every gradient cleared first, a
    # second pass gives the gradient again.
    x = Variable(np.array(0.5))
    a = square(x)
    b = exp(a)
    y = square(b)
    y.backward()
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
    z.backward()
    x.cleargrad()
    y.backward()
    assert x.grad == 32.0
    x.cleargrad()
    y.cleargrad()
    y.backward()
    assert x.grad == 4.0


def test_backward_of_a_variable_no_function_made_gives_dx_dx_1():
    x = Variable(np.array(0.5))
    x.backward()
    assert x.grad == 1.0


def test_example_prints_the_books_output():
    assert run_example() == '2.0\n3.0\n'


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


def test_an_ndarray_input_goes_into_the_graph_as_it_is_yet():
    # An ndarray has a .data of its own, a memoryview of its memory, which numpy
    # reads as an array: the forward pass works, but the graph holds the ndarray,
    # which has no .grad for backward (step 21 makes it a Variable first).
    a = np.array(2.0)
    y = add(Variable(np.array(1.0)), a)
    assert y.data == 3.0
    assert y.creator.inputs[1] is a
    with pytest.raises(AttributeError, match="'numpy.ndarray' object has no attribute 'grad'"):
        y.backward()


def test_variable_refuses_a_float():
    with pytest.raises(TypeError, match="<class 'float'> is not supported"):
        Variable(1.0)


def test_function_itself_has_no_forward():
    with pytest.raises(NotImplementedError):
        Function()(Variable(np.array(1.0)))
