"""Show how the framework grows: one set of behaviour scenarios, run against every snapshot.

    python -m common.growth            print the matrix (scenario x step)
    python -m common.growth --write    write it to common/GROWTH.md

Each scenario is tagged with the step that introduces the behaviour, and where the
book changes the API for it, with the code to use from that step on. Every
snapshot runs all scenarios in a process of its own. A cell is

    ✓  passes            ·  not yet: fails before the step that introduces it
    –  not applicable    ✗  FAIL: fails at or after its step, or after passing at an earlier one
"""
import argparse
import concurrent.futures
import json
import subprocess
import sys
import textwrap
from collections import namedtuple
from pathlib import Path

from common import catalog

GROWTH_MD = Path(__file__).resolve().parent / 'GROWTH.md'
SYMBOLS = {'pass': '✓', 'not yet': '·', 'n/a': '–', 'FAIL': '✗'}

# code: {step: source}, the source to run from that step on (the book changes
# the API at steps 11 and 12). not_applicable: steps where the book removes the
# behaviour on purpose.
Scenario = namedtuple('Scenario', 'name since code not_applicable', defaults=((),))

CHAIN = 'square(exp(square(x)))'
ADD_ONE = '''
class AddOne(Function):  # y = x + 1, dy/dx = 1
    def forward(self, x):
        return x + 1

    def backward(self, gy):
        return gy
'''
ADD_ONE_CHAIN = ADD_ONE + '''
x = Variable(np.array(0.0))
y = x
for _ in range(10000):
    y = AddOne()(y)
y.grad = np.array(1.0)
y.backward()
assert x.grad == 1.0
'''


def with_lists(source):
    """AddOne and its calls in step 11's API, where functions take and return lists."""
    return (source.replace('def forward(self, x):\n        return x + 1',
                           'def forward(self, xs):\n        return (xs[0] + 1,)')
                  .replace('def backward(self, gy):\n        return gy',
                           'def backward(self, gys):\n        return (gys[0],)')
                  .replace('y = AddOne()(y)', 'y = AddOne()([y])[0]'))


SCENARIOS = [
    Scenario('Variable holds an ndarray', 1, {
        1: 'x = Variable(np.array(2.0))\nassert x.data == 2.0'}),
    Scenario('Variable holds a plain float', 1, {
        1: 'assert Variable(1.0).data == 1.0'}, not_applicable=range(9, 31)),
    Scenario('a function maps a Variable to a new Variable', 2, {
        2: 'y = Square()(Variable(np.array(3.0)))\nassert isinstance(y, Variable) and y.data == 9.0',
        11: 'y = Square()([Variable(np.array(3.0))])[0]\nassert isinstance(y, Variable) and y.data == 9.0',
        12: 'y = Square()(Variable(np.array(3.0)))\nassert isinstance(y, Variable) and y.data == 9.0'}),
    Scenario('functions chain: square(exp(square(0.5))) = e^0.5', 3, {
        3: 'y = Square()(Exp()(Square()(Variable(np.array(0.5)))))\nassert abs(y.data - np.exp(0.5)) < 1e-12',
        11: 'y = Square()(Exp()(Square()([Variable(np.array(0.5))])))[0]\nassert abs(y.data - np.exp(0.5)) < 1e-12',
        12: 'y = Square()(Exp()(Square()(Variable(np.array(0.5)))))\nassert abs(y.data - np.exp(0.5)) < 1e-12'}),
    Scenario('numerical_diff of square at 2.0 is 4.000000000004', 4, {
        4: 'assert numerical_diff(Square(), Variable(np.array(2.0))) == 4.000000000004',
        11: 'assert numerical_diff(lambda v: Square()([v])[0], Variable(np.array(2.0))) == 4.000000000004',
        12: 'assert numerical_diff(Square(), Variable(np.array(2.0))) == 4.000000000004'}),
    Scenario('a function backpropagates by hand: Square.backward(1) = 2x', 6, {
        6: 'f = Square()\nf(Variable(np.array(3.0)))\nassert f.backward(np.array(1.0)) == 6.0',
        11: 'f = Square()\nf([Variable(np.array(3.0))])\nassert f.backward([np.array(1.0)])[0] == 6.0',
        12: 'f = Square()\nf(Variable(np.array(3.0)))\nassert f.backward(np.array(1.0)) == 6.0'}),
    Scenario('y.backward() from a seeded y: the book\'s chain gives 3.2974425414', 7, {
        7: 'x = Variable(np.array(0.5))\ny = Square()(Exp()(Square()(x)))\ny.grad = np.array(1.0)\n'
           'y.backward()\nassert abs(x.grad - 3.297442541400256) < 1e-12',
        11: 'x = Variable(np.array(0.5))\ny = Square()(Exp()(Square()([x])))[0]\ny.grad = np.array(1.0)\n'
            'y.backward()\nassert abs(x.grad - 3.297442541400256) < 1e-12',
        12: 'x = Variable(np.array(0.5))\ny = Square()(Exp()(Square()(x)))\ny.grad = np.array(1.0)\n'
            'y.backward()\nassert abs(x.grad - 3.297442541400256) < 1e-12'}),
    Scenario('a chain of 10,000 functions backpropagates', 8, {
        8: ADD_ONE_CHAIN,
        11: with_lists(ADD_ONE_CHAIN),
        12: ADD_ONE_CHAIN}),
    Scenario('backward() of a variable no function made does no harm', 8, {
        8: 'x = Variable(np.array(2.0))\nx.grad = np.array(1.0)\nx.backward()\nassert x.grad == 1.0'}),
    Scenario('backward() seeds dy/dy = 1 itself', 9, {
        9: 'x = Variable(np.array(3.0))\ny = square(x)\ny.backward()\nassert x.grad == 6.0'}),
    Scenario('Variable refuses a float with a TypeError', 9, {
        9: 'try:\n    Variable(1.0)\nexcept TypeError:\n    pass\nelse:\n    raise AssertionError("accepted")'}),
    Scenario('the output of a 0-d input is an ndarray', 9, {
        9: 'assert type(square(Variable(np.array(2.0))).data) is np.ndarray'}),
    Scenario('numerical_diff works on a 0-d input', 9, {
        9: 'assert numerical_diff(square, Variable(np.array(2.0))) == 4.000000000004'}),
    Scenario('Add takes two inputs: 2 + 3 = 5', 11, {
        11: 'assert Add()([Variable(np.array(2)), Variable(np.array(3))])[0].data == 5',
        12: 'assert add(Variable(np.array(2)), Variable(np.array(3))).data == 5'}),
    Scenario('backward through add: z = x^2 + y^2 at (2, 3)', 13, {
        13: 'x, y = Variable(np.array(2.0)), Variable(np.array(3.0))\nz = add(square(x), square(y))\n'
            'z.backward()\nassert (z.data, x.grad, y.grad) == (13.0, 4.0, 6.0)'}),
    Scenario('the same variable twice: add(x, x) gives dx = 2', 14, {
        14: 'x = Variable(np.array(3.0))\nadd(x, x).backward()\nassert x.grad == 2.0'}),
    Scenario('cleargrad() starts a new computation', 14, {
        14: 'x = Variable(np.array(3.0))\nadd(x, x).backward()\nx.cleargrad()\n'
            'add(add(x, x), x).backward()\nassert x.grad == 3.0'}),
    Scenario('a second backward() through one graph counts its gradients again: 4g', 14, {
        14: 'x = Variable(np.array(0.5))\ny = {}\ny.backward()\ny.backward()\n'
            'assert abs(x.grad - 4 * 3.297442541400256) < 1e-12'.format(CHAIN),
        18: 'x = Variable(np.array(0.5))\ny = {}\ny.backward(retain_grad=True)\ny.backward()\n'
            'assert abs(x.grad - 4 * 3.297442541400256) < 1e-12'.format(CHAIN)}),
    Scenario('the diamond graph: dx = 64 at x = 2', 16, {
        16: 'x = Variable(np.array(2.0))\na = square(x)\nadd(square(a), square(a)).backward()\n'
            'assert x.grad == 64.0'}),
    Scenario('a dropped graph is freed without the garbage collector', 17, {
        17: 'import gc, weakref\ngc.disable()\ny = square(square(Variable(np.array(1.0))))\n'
            'f = weakref.ref(y.creator)\ndel y\ngc.enable()\nassert f() is None'}),
    Scenario('no_grad() builds no graph', 18, {
        18: 'with no_grad():\n    y = square(Variable(np.array(2.0)))\nassert y.creator is None'}),
    Scenario('intermediate gradients are dropped unless retain_grad=True', 18, {
        18: 'x = Variable(np.array(1.0))\nt = square(x)\ny = square(t)\ny.backward()\n'
            'assert t.grad is None and x.grad == 4.0'}),
    Scenario('retain_grad=False: a second backward() adds the gradient once more: 2g', 18, {
        18: 'x = Variable(np.array(0.5))\ny = {}\ny.backward()\ny.backward()\n'
            'assert abs(x.grad - 2 * 3.297442541400256) < 1e-12'.format(CHAIN)}),
    Scenario('repr, shape and len of a Variable', 19, {
        19: 'x = Variable(np.array([[1, 2, 3], [4, 5, 6]]))\n'
            'assert repr(x) == "variable([[1 2 3]\\n          [4 5 6]])"\n'
            'assert (x.shape, x.ndim, x.size, len(x)) == ((2, 3), 2, 6, 2)'}),
    Scenario('operators: a * b + c', 20, {
        20: 'a, b, c = Variable(np.array(3.0)), Variable(np.array(2.0)), Variable(np.array(1.0))\n'
            'y = a * b + c\ny.backward()\nassert (y.data, a.grad, b.grad) == (7.0, 2.0, 3.0)'}),
    Scenario('numbers and arrays on either side: 3.0 * x + 1.0, array + x', 21, {
        21: 'x = Variable(np.array(2.0))\nassert (3.0 * x + 1.0).data == 7.0\n'
            'assert isinstance(np.array([2.0]) + x, Variable)'}),
    Scenario('-x, 2.0 - x, x - 1.0, 3.0 / x, x ** 3', 22, {
        22: 'x = Variable(np.array(2.0))\n'
            'assert [v.data for v in (-x, 2.0 - x, x - 1.0, 3.0 / x, x ** 3)] == [-2, 0, 1, 1.5, 8]'}),
    Scenario('setup_variable() installs the operators', 23, {
        23: 'setup_variable()\nassert Variable.__add__ is add and Variable.__pow__ is pow'}),
    Scenario('Goldstein-Price at (1, 1): gradient (-5376, 8064)', 24, {
        24: 'x, y = Variable(np.array(1.0)), Variable(np.array(1.0))\n'
            'z = (1 + (x + y + 1)**2 * (19 - 14*x + 3*x**2 - 14*y + 6*x*y + 3*y**2)) * '
            '(30 + (2*x - 3*y)**2 * (18 - 32*x + 12*x**2 + 48*y - 36*x*y + 27*y**2))\n'
            'z.backward()\nassert (x.grad, y.grad) == (-5376.0, 8064.0)'}),
    Scenario('get_dot_graph writes a graph in DOT', 26, {
        26: 'from utils import get_dot_graph\nx = Variable(np.array(1.0), "x")\n'
            'text = get_dot_graph(square(x), verbose=False)\n'
            'assert text.startswith("digraph g {") and \'label="Square"\' in text'}),
    Scenario('sin and its gradient cos', 27, {
        27: 'x = Variable(np.array(np.pi / 4))\ny = sin(x)\ny.backward()\n'
            'assert abs(y.data - np.sin(np.pi / 4)) < 1e-15 and abs(x.grad - np.cos(np.pi / 4)) < 1e-15'}),
    Scenario('Rosenbrock: gradient (-2, 400) at (0, 2)', 28, {
        28: 'x0, x1 = Variable(np.array(0.0)), Variable(np.array(2.0))\n'
            'y = 100 * (x1 - x0 ** 2) ** 2 + (1 - x0) ** 2\ny.backward()\n'
            'assert (x0.grad, x1.grad) == (-2.0, 400.0)'}),
    Scenario("Newton's method: x^4 - 2x^2 from 2 reaches 1 in 7 steps", 29, {
        29: 'x = Variable(np.array(2.0))\nfor i in range(7):\n    y = x ** 4 - 2 * x ** 2\n'
            '    x.cleargrad()\n    y.backward()\n    x.data -= x.grad / (12 * x.data ** 2 - 4)\n'
            'assert x.data == 1.0'}),
    Scenario('a gradient is a plain numpy value with no graph', 30, {
        30: 'x = Variable(np.array([2.0]))\ny = x ** 4\ny.backward()\n'
            'assert type(x.grad) is np.ndarray and not hasattr(x.grad, "creator")'}),
]

# Runs in the snapshot's folder: every scenario in a namespace of core's names.
RUNNER = textwrap.dedent('''
    import json, sys
    import numpy as np
    import core
    if hasattr(core, 'setup_variable'):  # what importing the dezero package does
        core.setup_variable()
    results = {}
    for name, source in json.load(sys.stdin).items():
        namespace = dict(vars(core))
        try:
            exec(source, namespace)
            results[name] = 'pass'
        except BaseException as error:
            results[name] = 'fail: {}: {}'.format(type(error).__name__, error)[:200]
    print(json.dumps(results))
''')


def source_at(scenario, step):
    """The code of a scenario (or a workload of bench.py) for a step: its latest version
    from that step or before."""
    versions = [number for number in scenario.code if number <= step]
    return scenario.code[max(versions)] if versions else scenario.code[min(scenario.code)]


def run_step(folder, step, scenarios):
    """{scenario name: 'pass' or 'fail: ...'} for one snapshot, in a process of its own."""
    sources = {scenario.name: source_at(scenario, step) for scenario in scenarios}
    result = subprocess.run([sys.executable, '-c', RUNNER], cwd=folder, input=json.dumps(sources),
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        error = (result.stderr.strip().splitlines() or ['no output'])[-1]
        return {scenario.name: 'fail: the snapshot did not run: ' + error for scenario in scenarios}
    return json.loads(result.stdout)


def raw_results(steps_dir=catalog.STEPS_DIR, scenarios=SCENARIOS):
    """{step: {scenario name: 'pass' or 'fail: ...'}} for every snapshot present."""
    folders = {step.number: folder for step, folder in catalog.present(steps_dir)}
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        futures = {number: pool.submit(run_step, folder, number, scenarios)
                   for number, folder in folders.items()}
        return {number: future.result() for number, future in sorted(futures.items())}


def statuses(results, scenarios=SCENARIOS):
    """{scenario name: {step: 'pass' | 'not yet' | 'n/a' | 'FAIL'}}"""
    matrix = {}
    for scenario in scenarios:
        row, passed_before = {}, False
        for step, outcomes in results.items():
            if step in scenario.not_applicable:
                row[step] = 'n/a'
            elif outcomes[scenario.name] == 'pass':
                row[step] = 'pass'
                passed_before = True
            elif step < scenario.since and not passed_before:
                row[step] = 'not yet'
            else:
                row[step] = 'FAIL'
        matrix[scenario.name] = row
    return matrix


def failures(results, scenarios=SCENARIOS):
    """'stepNN: scenario: why' for every FAIL cell."""
    matrix = statuses(results, scenarios)
    return ['step{:02d}: {}: {}'.format(step, name, results[step][name])
            for name, row in matrix.items() for step, status in row.items() if status == 'FAIL']


def markdown(results, scenarios=SCENARIOS):
    matrix = statuses(results, scenarios)
    steps = list(results)
    lines = [
        '# How the framework grows',
        '',
        'Each row is a behaviour, tagged with the step of the book that introduces it; each',
        'column is a snapshot, `steps/stepNN`. Every snapshot runs all the behaviours in a',
        'process of its own (`python -m common.growth`; the scenarios are in',
        '[`growth.py`](growth.py)). A test fails when this page is out of date',
        '(`python -m common.growth --write` rewrites it) or when a cell is ✗.',
        '',
        '✓ works, · not yet, – not applicable (the book removes it on purpose), ✗ broken',
        '',
        '| behaviour | step | ' + ' | '.join(str(step) for step in steps) + ' |',
        '|---|---|' + '---|' * len(steps),
    ]
    for scenario in scenarios:
        cells = ' | '.join(SYMBOLS[matrix[scenario.name][step]] for step in steps)
        lines.append('| {} | {} | {} |'.format(scenario.name, scenario.since, cells))
    return '\n'.join(lines) + '\n'


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m common.growth', description=__doc__.splitlines()[0])
    parser.add_argument('--write', action='store_true', help='write the matrix to common/GROWTH.md')
    args = parser.parse_args(argv)
    results = raw_results()
    text = markdown(results)
    if args.write:
        GROWTH_MD.write_text(text, encoding='utf-8')
    else:
        sys.stdout.write(text)
    for failure in failures(results):
        print(failure, file=sys.stderr)
    return 1 if failures(results) else 0


if __name__ == '__main__':
    sys.exit(main())
