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
            # dy/dy = 1: seed the output's gradient with ones of its shape
            self.grad = np.ones_like(self.data)

        if self.creator is None:
            # Beyond the book: a variable no function made has nothing to
            # propagate (the book's loop would fail on funcs = [None]).
            return

        funcs = [self.creator]
        while funcs:
            f = funcs.pop()  # get a function
            # Adapted: functions now keep lists of inputs and outputs and take
            # and return lists; backward still follows one input (step 13).
            x, y = f.inputs[0], f.outputs[0]  # get its input and output
            x.grad = f.backward([y.grad])[0]  # call its backward

            if x.creator is not None:
                funcs.append(x.creator)  # queue the function before it


def as_array(x):
    # numpy returns a numpy scalar (np.float64), not an ndarray, from
    # arithmetic on 0-d arrays, e.g. np.array(1.0) ** 2. Wrap it again.
    if np.isscalar(x):
        return np.array(x)
    return x


class Function:
    def __call__(self, inputs):
        xs = [x.data for x in inputs]  # take the data out of the boxes
        ys = self.forward(xs)  # the actual computation, list in, tuple out
        outputs = [Variable(as_array(y)) for y in ys]  # put the results into boxes

        for output in outputs:
            output.set_creator(self)  # every output remembers who made it
        self.inputs = inputs  # remember the inputs: backward needs them
        self.outputs = outputs  # remember the outputs too
        return outputs

    def forward(self, xs):
        raise NotImplementedError()

    def backward(self, gys):
        raise NotImplementedError()


# Adapted: Square and Exp take and return lists like every function now.
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


class Add(Function):
    def forward(self, xs):
        x0, x1 = xs
        y = x0 + x1
        return (y,)


def square(x):
    return Square()([x])[0]


def exp(x):
    return Exp()([x])[0]


def numerical_diff(f, x, eps=1e-4):
    # Central difference: (f(x + eps) - f(x - eps)) / 2eps is closer to the
    # true derivative than the forward difference (f(x + eps) - f(x)) / eps.
    # Beyond the book: as_array, because x.data - eps is a numpy scalar for a
    # 0-d x, and Variable now accepts only ndarrays.
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
