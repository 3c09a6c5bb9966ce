# The book's lesson for step 10: tests with the standard library's unittest.
# Run them with python -m unittest (as in the book) or with python -m pytest.
import subprocess
import sys
import unittest
from pathlib import Path

import numpy as np

from core import Function, Square, Variable, exp, numerical_diff, square

HERE = Path(__file__).resolve().parent
SHAPES = [(), (3,), (2, 3)]


def random_array(shape, seed=0):
    return np.random.default_rng(seed).uniform(-1.0, 1.0, shape)


class SquareTest(unittest.TestCase):
    def test_forward(self):
        x = Variable(np.array(2.0))
        y = square(x)
        expected = np.array(4.0)
        self.assertEqual(y.data, expected)

    def test_backward(self):
        x = Variable(np.array(3.0))
        y = square(x)
        y.backward()
        expected = np.array(6.0)
        self.assertEqual(x.grad, expected)

    def test_gradient_check(self):
        # A random input, 0-d, 1-d and 2-d: backward must agree with
        # numerical differentiation.
        for shape in SHAPES:
            x = Variable(random_array(shape))
            y = square(x)
            y.backward()
            num_grad = numerical_diff(square, x)
            self.assertTrue(np.allclose(x.grad, num_grad), 'shape {}'.format(shape))


class ExpTest(unittest.TestCase):
    def test_forward(self):
        x = Variable(np.array(0.0))
        y = exp(x)
        self.assertEqual(y.data, np.array(1.0))  # e^0 = 1

    def test_backward(self):
        x = Variable(np.array(0.0))
        y = exp(x)
        y.backward()
        self.assertEqual(x.grad, np.array(1.0))  # (e^x)' = e^x = 1 at 0

    def test_gradient_check(self):
        for shape in SHAPES:
            x = Variable(random_array(shape))
            y = exp(x)
            y.backward()
            num_grad = numerical_diff(exp, x)
            self.assertTrue(np.allclose(x.grad, num_grad), 'shape {}'.format(shape))


class ChainTest(unittest.TestCase):
    def f(self, x):
        return square(exp(square(x)))

    def test_forward(self):
        y = self.f(Variable(np.array(0.5)))
        self.assertAlmostEqual(float(y.data), 1.648721270700128, places=12)

    def test_backward(self):
        x = Variable(np.array(0.5))
        self.f(x).backward()
        self.assertAlmostEqual(float(x.grad), 3.297442541400256, places=12)

    def test_gradient_check(self):
        for shape in SHAPES:
            x = Variable(random_array(shape))
            self.f(x).backward()
            num_grad = numerical_diff(self.f, x)
            self.assertTrue(np.allclose(x.grad, num_grad), 'shape {}'.format(shape))


class OneFunctionTwiceTest(unittest.TestCase):
    def test_one_function_object_called_twice_makes_a_loop_in_the_graph(self):
        # A remembers only its second call: a's creator is A and A's input is a,
        # so the loop of y.backward() would take A again after A, for ever (not
        # called here).
        A = Square()
        x = Variable(np.array(2.0))
        a = A(x)
        y = A(a)
        self.assertIs(y.creator, A)
        self.assertIs(a.creator, A)
        self.assertIs(A.input, a)  # not x: the first call is forgotten


class ExampleTest(unittest.TestCase):
    def test_example_prints_the_gradient_check_result(self):
        result = subprocess.run([sys.executable, 'core.py'], cwd=HERE,
                                capture_output=True, text=True, check=True)
        self.assertEqual(result.stdout, 'True\n')


class BadInputTest(unittest.TestCase):
    def test_variable_refuses_a_float(self):
        with self.assertRaisesRegex(TypeError, "<class 'float'> is not supported"):
            Variable(1.0)

    def test_a_function_takes_only_a_variable_yet(self):
        # An ndarray has a .data of its own, a memoryview, which square cannot square.
        with self.assertRaisesRegex(TypeError, "'memoryview'"):
            square(np.array(2.0))
        with self.assertRaisesRegex(AttributeError, "'float' object has no attribute 'data'"):
            square(2.0)

    def test_function_itself_has_no_forward(self):
        with self.assertRaises(NotImplementedError):
            Function()(Variable(np.array(1.0)))


if __name__ == '__main__':
    unittest.main()
