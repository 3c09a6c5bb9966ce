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


def test_add_cannot_backpropagate_yet():
    # Step 13 gives Add a backward.
    y = add(Variable(np.array(2.0)), Variable(np.array(3.0)))
    with pytest.raises(NotImplementedError):
        y.backward()


def test_backward_of_a_variable_no_function_made_gives_dx_dx_1():
    x = Variable(np.array(0.5))
    x.backward()
    assert x.grad == 1.0


def test_example_prints_the_books_output():
    assert run_example() == '5\n'


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


def test_variable_refuses_a_float():
    with pytest.raises(TypeError, match="<class 'float'> is not supported"):
        Variable(1.0)


def test_function_itself_has_no_forward():
    with pytest.raises(NotImplementedError):
        Function()(Variable(np.array(1.0)))
