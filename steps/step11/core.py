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
            # Beyond the book: the book's loop still reads f.input, which Function no longer sets.
            x, y = f.inputs[0], f.outputs[0]
            x.grad = f.backward([y.grad])[0]

            if x.creator is not None:
                funcs.append(x.creator)


def as_array(x):
    # numpy returns a numpy scalar (np.float64), not an ndarray, from
    # arithmetic on 0-d arrays, e.g. np.array(1.0) ** 2. Wrap it again.
    if np.isscalar(x):
        return np.array(x)
    return x


class Function:
    def __call__(self, inputs):
        xs = [x.data for x in inputs]
        ys = self.forward(xs)
        outputs = [Variable(as_array(y)) for y in ys]

        for output in outputs:
            output.set_creator(self)
        self.inputs = inputs
        self.outputs = outputs
        return outputs

    def forward(self, xs):
        raise NotImplementedError()

    def backward(self, gys):
        raise NotImplementedError()


# Beyond the book: Square and Exp stay where the book's listing leaves them out.
class Square(Function):
    def forward(self, xs):
        x = xs[0]
        y = x ** 2
        return (y,)

    def backward(self, gys):
        x = self.inputs[0].data
        gx = 2 * x * gys[0]
        return (gx,)


class Exp(Function):
    def forward(self, xs):
        x = xs[0]
        y = np.exp(x)
        return (y,)

    def backward(self, gys):
        x = self.inputs[0].data
        gx = np.exp(x) * gys[0]
        return (gx,)


def square(x):
    return Square()([x])[0]


def exp(x):
    return Exp()([x])[0]


class Add(Function):
    def forward(self, xs):
        x0, x1 = xs
        y = x0 + x1
        return (y,)


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
    xs = [Variable(np.array(2)), Variable(np.array(3))]  # a list of inputs
    f = Add()
    ys = f(xs)  # a list of outputs
    y = ys[0]
    print(y.data)
