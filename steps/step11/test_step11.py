import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import Add, Exp, Function, Square, Variable, exp, numerical_diff, square

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
    def forward(self, xs):
        return (xs[0] ** 2,)

    def backward(self, gys):
        return (2 * self.inputs[0].data * gys[0],)


def test_add_of_2_and_3_is_5():
    xs = [Variable(np.array(2)), Variable(np.array(3))]
    ys = Add()(xs)
    assert ys[0].data == 5


@pytest.mark.parametrize('shape', SHAPES, ids=SHAPE_IDS)
def test_add_adds_elementwise(shape):
    x0, x1 = Variable(random_array(shape, 0)), Variable(random_array(shape, 1))
    ys = Add()([x0, x1])
    assert np.array_equal(ys[0].data, x0.data + x1.data)


def test_a_function_takes_a_list_and_returns_a_list():
    x0, x1 = Variable(np.array(2.0)), Variable(np.array(3.0))
    f = Add()
    ys = f([x0, x1])
    assert isinstance(ys, list) and len(ys) == 1
    assert f.inputs == [x0, x1]
    assert f.outputs == ys
    assert ys[0].creator is f


@pytest.mark.parametrize('F, numpy_f', [(Square, np.square), (Exp, np.exp)], ids=['square', 'exp'])
def test_square_and_exp_work_with_lists_too(F, numpy_f):
    x = Variable(np.array(0.5))
    ys = F()([x])
    assert ys[0].data == numpy_f(0.5)


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
    a = A([x])[0]
    y = A([a])[0]
    assert y.creator is A and a.creator is A
    assert A.inputs[0] is a  # not x: the first call is forgotten


def test_numerical_diff_still_works_on_0_d_inputs():
    assert numerical_diff(square, Variable(np.array(2.0))) == 4.000000000004


def test_add_cannot_backpropagate_yet():
    # Step 13 gives Add a backward.
    y = Add()([Variable(np.array(2.0)), Variable(np.array(3.0))])[0]
    with pytest.raises(NotImplementedError):
        y.backward()


def test_backward_of_a_variable_no_function_made_gives_dx_dx_1():
    x = Variable(np.array(0.5))
    x.backward()
    assert x.grad == 1.0


def test_example_prints_the_books_output():
    assert run_example() == '5\n'


def test_inputs_must_come_in_a_list():
    x0, x1 = Variable(np.array(2.0)), Variable(np.array(3.0))
    with pytest.raises(TypeError):
        Add()(x0, x1)
    with pytest.raises(TypeError, match='not iterable'):
        Add()(x0)


def test_add_needs_two_inputs():
    with pytest.raises(ValueError, match='not enough values to unpack'):
        Add()([Variable(np.array(2.0))])


def test_a_function_takes_only_a_variable_yet():
    # Until step 21 a function reads x.data of each input straight away.
    with pytest.raises(AttributeError, match="'float' object has no attribute 'data'"):
        Add()([Variable(np.array(1.0)), 2.0])


def test_an_ndarray_input_goes_into_the_graph_as_it_is_yet():
    # An ndarray has a .data of its own, a memoryview of its memory, which numpy
    # reads as an array: the forward pass works, but the graph holds the ndarray,
    # which has no .grad for backward (step 21 makes it a Variable first).
    a = np.array(2.0)
    y = Add()([Variable(np.array(1.0)), a])[0]
    assert y.data == 3.0
    assert y.creator.inputs[1] is a


def test_variable_refuses_a_float():
    with pytest.raises(TypeError, match="<class 'float'> is not supported"):
        Variable(1.0)


def test_function_itself_has_no_forward():
    with pytest.raises(NotImplementedError):
        Function()([Variable(np.array(1.0))])
