import numpy as np


class Variable:
    def __init__(self, data):
        if data is not None:
            if not isinstance(data, np.ndarray):
                raise TypeError('{} is not supported'.format(type(data)))

        self.data = data
        self.grad = None
        self.creator = None

    def set_creator(self, func):
        self.creator = func

    def backward(self):
        if self.grad is None:
            self.grad = np.ones_like(self.data)

        if self.creator is None:
            # Beyond the book: the book's loop fails on funcs = [None].
            return

        funcs = [self.creator]
        while funcs:
            f = funcs.pop()
            x, y = f.input, f.output
            x.grad = f.backward(y.grad)

            if x.creator is not None:
                funcs.append(x.creator)


def as_array(x):
    # numpy returns a numpy scalar (np.float64), not an ndarray, from
    # arithmetic on 0-d arrays, e.g. np.array(1.0) ** 2. Wrap it again.
    if np.isscalar(x):
        return np.array(x)
    return x


class Function:
    def __call__(self, input):
        x = input.data
        y = self.forward(x)
        output = Variable(as_array(y))
        output.set_creator(self)
        self.input = input
        self.output = output
        return output

    def forward(self, x):
        raise NotImplementedError()

    def backward(self, gy):
        raise NotImplementedError()


class Square(Function):
    def forward(self, x):
        y = x ** 2
        return y

    def backward(self, gy):
        x = self.input.data
        gx = 2 * x * gy
        return gx


# Beyond the book: Exp and exp stay where the book's listing leaves them out.
class Exp(Function):
    def forward(self, x):
        y = np.exp(x)
        return y

    def backward(self, gy):
        x = self.input.data
        gx = np.exp(x) * gy
        return gx


def square(x):
    return Square()(x)


def exp(x):
    return Exp()(x)


def numerical_diff(f, x, eps=1e-4):
    # Central difference: (f(x + eps) - f(x - eps)) / 2eps is closer to the
    # true derivative than the forward difference (f(x + eps) - f(x)) / eps.
    # Beyond the book: as_array, as x.data - eps is a numpy scalar for a 0-d x.
    x0 = Variable(as_array(x.data - eps))
    x1 = Variable(as_array(x.data + eps))
    y0 = f(x0)
    y1 = f(x1)
    return (y1.data - y0.data) / (2 * eps)


if __name__ == '__main__':
    # Step 10 adds tests, not framework code: see test_step10.py and run
    # python -m unittest (or python -m pytest). The gradient check they use:
    x = Variable(np.random.rand(1))  # a random input
    y = square(x)
    y.backward()
    num_grad = numerical_diff(square, x)
    print(np.allclose(x.grad, num_grad))
