import numpy as np


class Variable:
    def __init__(self, data):
        self.data = data
        self.grad = None
        self.creator = None

    def set_creator(self, func):
        self.creator = func

    def backward(self):
        if self.grad is None:
            # Beyond the book: without this check a missing seed fails later,
            # deep inside a function's backward, as an unrelated TypeError.
            raise RuntimeError("grad is None: set the output's gradient first, "
                               "e.g. y.grad = np.array(1.0), then call y.backward()")

        if self.creator is None:
            # Beyond the book: a variable no function made has nothing to
            # propagate (the book's loop would fail on funcs = [None]).
            return

        funcs = [self.creator]
        while funcs:
            f = funcs.pop()  # get a function
            x, y = f.input, f.output  # get its input and output
            x.grad = f.backward(y.grad)  # call its backward

            if x.creator is not None:
                funcs.append(x.creator)  # queue the function before it


class Function:
    def __call__(self, input):
        x = input.data  # take the data out of the box
        y = self.forward(x)  # the actual computation
        output = Variable(y)  # put the result back into a box
        output.set_creator(self)  # the output remembers who made it
        self.input = input  # remember the input: backward needs it
        self.output = output  # remember the output too
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


class Exp(Function):
    def forward(self, x):
        y = np.exp(x)
        return y

    def backward(self, gy):
        x = self.input.data
        gx = np.exp(x) * gy
        return gx


def numerical_diff(f, x, eps=1e-4):
    # Central difference: (f(x + eps) - f(x - eps)) / 2eps is closer to the
    # true derivative than the forward difference (f(x + eps) - f(x)) / eps.
    x0 = Variable(x.data - eps)
    x1 = Variable(x.data + eps)
    y0 = f(x0)
    y1 = f(x1)
    return (y1.data - y0.data) / (2 * eps)


if __name__ == '__main__':
    A = Square()
    B = Exp()
    C = Square()

    x = Variable(np.array(0.5))
    a = A(x)
    b = B(a)
    y = C(b)

    y.grad = np.array(1.0)
    y.backward()
    print(x.grad)
