import numpy as np


class Variable:
    def __init__(self, data):
        self.data = data


class Function:
    def __call__(self, input):
        x = input.data
        y = self.forward(x)
        output = Variable(y)
        return output

    def forward(self, x):
        raise NotImplementedError()


class Square(Function):
    def forward(self, x):
        return x ** 2


class Exp(Function):
    def forward(self, x):
        return np.exp(x)


def numerical_diff(f, x, eps=1e-4):
    # Central difference: (f(x + eps) - f(x - eps)) / 2eps is closer to the
    # true derivative than the forward difference (f(x + eps) - f(x)) / eps.
    x0 = Variable(x.data - eps)
    x1 = Variable(x.data + eps)
    y0 = f(x0)
    y1 = f(x1)
    return (y1.data - y0.data) / (2 * eps)


if __name__ == '__main__':
    # Step 5 adds no code: it is the chain rule on paper. Here it is by hand for
    # y = C(B(A(x))) with A = square, B = exp, C = square, at x = 0.5.
    A = Square()
    B = Exp()
    C = Square()

    x = Variable(np.array(0.5))
    a = A(x)
    b = B(a)
    y = C(b)

    # Backpropagation: start from dy/dy = 1 and multiply by each function's
    # local derivative, from the output back to the input:
    # C(b) = b ** 2 gives 2b, B(a) = exp(a) gives exp(a), A(x) = x ** 2 gives 2x.
    dy_dy = 1.0
    dy_db = dy_dy * 2 * b.data
    dy_da = dy_db * np.exp(a.data)
    dy_dx = dy_da * 2 * x.data
    print(dy_dx)

    # The same derivative by numerical differentiation (step 4).
    print(numerical_diff(lambda x: C(B(A(x))), x))
