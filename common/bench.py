"""Benchmark every snapshot: the memory lessons of steps 17 and 18, and the book's workloads.

    python -m common.bench                 run, print the table, write common/bench/
    python -m common.bench --steps 16 17   only these snapshots, print only

Each workload runs in a process of its own against every snapshot that supports it: time,
memory under tracemalloc (held at the end, and peak), peak RSS. Writes benchmark.md and
benchmark.png (matplotlib). Not in the default tox run: tox -e bench.
"""
import argparse
import json
import subprocess
import sys
import textwrap
from collections import namedtuple
from pathlib import Path

from common import catalog

OUT_DIR = Path(__file__).resolve().parent / 'bench'

# code: {step: source}, the source to run from that step on (the book changes the API at
# steps 11 and 12). kind: 'memory' runs under tracemalloc (which slows Python down, so its
# time is not reported), 'time' without it.
Workload = namedtuple('Workload', 'name since kind code')

ADD_ONE = '''
class AddOne(Function):  # y = x + 1, dy/dx = 1
    def forward(self, x):
        return x + 1

    def backward(self, gy):
        return gy
'''


def with_lists(source):
    """AddOne and its calls in step 11's API, where functions take and return lists."""
    return (source.replace('def forward(self, x):\n        return x + 1',
                           'def forward(self, xs):\n        return (xs[0] + 1,)')
                  .replace('def backward(self, gy):\n        return gy',
                           'def backward(self, gys):\n        return (gys[0],)')
                  .replace('y = AddOne()(y)', 'y = AddOne()([y])[0]'))


def source_at(workload, step):
    """The code of a workload for a step: its latest version from that step or before."""
    versions = [number for number in workload.code if number <= step]
    return workload.code[max(versions)] if versions else workload.code[min(workload.code)]

BOOK_LOOP = '''
for i in range(10):
    x = Variable(np.random.randn(10000))  # big data
    y = {}
'''
CHAIN = ADD_ONE + '''
forwards, backwards = [], []
for repeat in range(5):  # the median of five runs
    x = Variable(np.array(0.0))
    y = x
    start = time.perf_counter()
    for _ in range(10000):
        y = AddOne()(y)
    forwards.append(time.perf_counter() - start)
    y.grad = np.array(1.0)
    start = time.perf_counter()
    y.backward()
    backwards.append(time.perf_counter() - start)
    assert x.grad == 1.0
extra = {'forward us/op': sorted(forwards)[2] / 10000 * 1e6,
         'backward us/op': sorted(backwards)[2] / 10000 * 1e6}
'''
NO_GRAD = '''
{}
    x = Variable(np.ones((100, 100, 10)))  # 800 kB
    y = square(square(square(x)))
keep = y
'''

WORKLOADS = [
    # Step 17's lesson: the book's loop keeps every old graph until the garbage
    # collector runs, up to step 16; from step 17 each is freed at once.
    Workload("the book's step-17 loop", 2, 'memory', {
        2: BOOK_LOOP.format('Square()(Square()(Square()(x)))'),
        11: BOOK_LOOP.format('Square()(Square()(Square()([x])))[0]'),
        12: BOOK_LOOP.format('Square()(Square()(Square()(x)))')}),
    # Step 18's lesson: without a graph the intermediate results are freed.
    Workload('three squares, with a graph', 9, 'memory', {9: NO_GRAD.format('if True:')}),
    Workload('three squares, under no_grad', 18, 'memory', {18: NO_GRAD.format('with no_grad():')}),
    Workload('a chain of 10,000 functions (x5)', 8, 'time', {8: CHAIN, 11: with_lists(CHAIN), 12: CHAIN}),
    Workload('Goldstein-Price x 100', 22, 'time', {22: '''
for i in range(100):
    x, y = Variable(np.array(1.0)), Variable(np.array(1.0))
    z = (1 + (x + y + 1)**2 * (19 - 14*x + 3*x**2 - 14*y + 6*x*y + 3*y**2)) * \\
        (30 + (2*x - 3*y)**2 * (18 - 32*x + 12*x**2 + 48*y - 36*x*y + 27*y**2))
    z.backward()
assert (x.grad, y.grad) == (-5376.0, 8064.0)
'''}),
]

# Runs in the snapshot's folder, one workload per process; argv[1] is its kind.
RUNNER = textwrap.dedent('''
    import json, resource, sys, time, tracemalloc
    import numpy as np
    import core
    if hasattr(core, 'setup_variable'):
        core.setup_variable()
    namespace = dict(vars(core), np=np, time=time)
    np.random.seed(0)
    source = sys.stdin.read()
    if sys.argv[1] == 'memory':
        tracemalloc.start()
        exec(source, namespace)
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result = {'held kB': held / 1024, 'peak kB': peak / 1024}
    else:
        start = time.perf_counter()
        exec(source, namespace)
        result = {'seconds': time.perf_counter() - start}
    result['peak RSS MB'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result.update(namespace.get('extra', {}))
    print(json.dumps(result))
''')


def run(folder, step, workload):
    result = subprocess.run([sys.executable, '-c', RUNNER, workload.kind], cwd=folder,
                            input=source_at(workload, step),
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        return {'error': (result.stderr.strip().splitlines() or ['?'])[-1]}
    return json.loads(result.stdout)


def measure(steps=None, steps_dir=catalog.STEPS_DIR, workloads=WORKLOADS):
    """{workload name: {step: measurements}}, one process per cell, one at a time (so
    that timings do not share the cores)."""
    steps = [step.number for step, _ in catalog.present(steps_dir) if steps is None or step.number in steps]
    cells = [(workload, number) for workload in workloads for number in steps
             if number >= workload.since]
    results = {workload.name: {} for workload in workloads}
    for workload, number in cells:
        results[workload.name][number] = run(catalog.step_dir(number, steps_dir), number, workload)
    return results


def number_or_blank(cell, key, form):
    return form.format(cell[key]) if key in cell else ''


def table(results):
    lines = ['| workload | step | time (s) | held (kB) | peak (kB) | peak RSS (MB) | forward (µs/op) | backward (µs/op) |',
             '|---|---|---|---|---|---|---|---|']
    for name, by_step in results.items():
        for number, cell in sorted(by_step.items()):
            if 'error' in cell:
                lines.append('| {} | {} | {} |  |  |  |  |  |'.format(name, number, cell['error']))
                continue
            lines.append('| {} | {} | {} | {} | {} | {:.0f} | {} | {} |'.format(
                name, number, number_or_blank(cell, 'seconds', '{:.3f}'),
                number_or_blank(cell, 'held kB', '{:.0f}'), number_or_blank(cell, 'peak kB', '{:.0f}'),
                cell['peak RSS MB'],
                number_or_blank(cell, 'forward us/op', '{:.2f}'),
                number_or_blank(cell, 'backward us/op', '{:.2f}')))
    return '\n'.join(lines) + '\n'


def plot(results, path):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    def series(name, key):
        cells = sorted((n, c[key]) for n, c in results[name].items() if key in c)
        return [n for n, _ in cells], [v for _, v in cells]

    figure, (memory, saving, speed) = plt.subplots(1, 3, figsize=(16, 4.5))
    steps, held = series("the book's step-17 loop", 'held kB')
    # grey: no graph before step 7; red: graphs kept by reference cycles; green: freed
    memory.bar(steps, held, color=['tab:gray' if n < 7 else 'tab:red' if n < 17 else 'tab:green'
                                   for n in steps])
    memory.set(title="Step 17: memory still held after the book's loop",
               xlabel='snapshot (step)', ylabel='kB (tracemalloc)')
    for name, colour in (('three squares, with a graph', 'tab:red'),
                         ('three squares, under no_grad', 'tab:green')):
        steps, peak = series(name, 'held kB')
        saving.plot(steps, peak, 'o-', color=colour, label=name)
    saving.set(title='Step 18: memory held by y = square(square(square(x)))',
               xlabel='snapshot (step)', ylabel='kB (tracemalloc)')
    saving.set_ylim(bottom=0)
    saving.legend()
    for key, style in (('forward us/op', 'o-'), ('backward us/op', 's-')):
        steps, values = series('a chain of 10,000 functions (x5)', key)
        speed.plot(steps, values, style, label=key.replace(' us/op', ''))
    speed.set(title='Cost of one function call, forward and backward',
              xlabel='snapshot (step)', ylabel='µs per function')
    speed.set_ylim(bottom=0)
    speed.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=80)


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m common.bench', description=__doc__.splitlines()[0])
    parser.add_argument('--steps', type=int, nargs='+', help='only these snapshots (prints only)')
    args = parser.parse_args(argv)
    results = measure(args.steps)
    text = table(results)
    sys.stdout.write(text)
    if args.steps is None:
        OUT_DIR.mkdir(exist_ok=True)
        (OUT_DIR / 'benchmark.md').write_text(
            '# Benchmark across steps\n\nMade by `tox -e bench` (`python -m common.bench`); see '
            '[bench.py](../bench.py).\n\n' + text, encoding='utf-8')
        plot(results, OUT_DIR / 'benchmark.png')
    errors = ['{} at step {}: {}'.format(name, number, cell['error'])
              for name, by_step in results.items() for number, cell in by_step.items() if 'error' in cell]
    for error in errors:
        print(error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
