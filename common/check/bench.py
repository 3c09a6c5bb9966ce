"""How long the learner's checker takes: one step of a file, and --watch from a save to the new
report (each at most 1 s, by issue 18); check 30 of a whole-book notebook, and every step of the
same notebook (at most 3x check 30, by issue 16).

    python -m common.check.bench [NOTEBOOK ...]    prints a table, writes common/bench/checker.md

The whole-book notebook is made from the snapshots: a heading and the step's code for each of the
30 steps, as a learner keeps one. Any notebook given is timed too. Each figure is the median of 3
runs of `python -m common.check` in a new process, as a learner runs it.
"""
import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import catalog

OUT = catalog.ROOT / 'common' / 'bench' / 'checker.md'


def snapshot_code(step):
    """What a learner has typed by the end of a step: core.py without its example, and utils.py."""
    folder = catalog.step_dir(step)
    code = (folder / 'core.py').read_text(encoding='utf-8').split("if __name__ == '__main__':")[0]
    if (folder / 'utils.py').exists():
        code += '\n' + (folder / 'utils.py').read_text(encoding='utf-8')
    return code


def book_notebook(path, steps=range(1, 31), heading='## Step{0}. {1}'):
    """A whole-book notebook: for each step, its heading and its code."""
    import nbformat
    cells = [nbformat.v4.new_code_cell('import numpy as np')]
    for step in steps:
        cells += [nbformat.v4.new_markdown_cell(heading.format(step, catalog.STEPS[step - 1].korean)),
                  nbformat.v4.new_code_cell(snapshot_code(step))]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), str(path))
    return path


def seconds(*args, runs=3):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, '-m', 'common.check', *map(str, args)], cwd=catalog.ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def watch_latency(runs=3):
    """Seconds from saving a file to the new report's last line, under --watch: the median of runs."""
    import queue
    import threading
    with tempfile.TemporaryDirectory() as folder:
        mine = Path(folder) / 'step07.py'
        code = snapshot_code(7)
        mine.write_text(code)
        child = subprocess.Popen([sys.executable, '-m', 'common.check', '7', str(mine), '--watch'], cwd=catalog.ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in child.stdout], daemon=True).start()

        def until(words):
            while words not in lines.get(timeout=60):
                pass
        times = []
        try:
            until('watching')
            for run in range(runs):
                time.sleep(0.5)
                started = time.perf_counter()
                mine.write_text(code + '\n# save {}\n'.format(run))
                until("does what the book's code does")
                times.append(time.perf_counter() - started)
                until('watching')
        finally:
            child.kill()
        return statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m common.check.bench', description=__doc__.splitlines()[0])
    parser.add_argument('notebooks', nargs='*', type=Path, help='whole-book notebooks to time as well')
    args = parser.parse_args(argv)
    rows = [('check 7 steps/step07/core.py (one step of a file)', seconds(7, 'steps/step07/core.py'), ''),
            ('--watch: from saving step07.py to the new report', watch_latency(), '')]
    with tempfile.TemporaryDirectory() as folder:
        made = book_notebook(Path(folder) / 'book.ipynb')
        for name, path in [('the snapshots as a whole-book notebook', made)] + [(p.name, p) for p in args.notebooks]:
            one, every = seconds(30, path), seconds(path)
            rows += [('check 30: ' + name, one, ''), ('check (every step): ' + name, every, '{:.1f}x'.format(every / one))]
    lines = ['# How long the checker takes', '',
             'Made by `python -m common.check.bench` on {} ({} cores); the median of 3 runs each.'.format(
                 sys.platform, __import__('os').cpu_count()), '',
             '| what | seconds | vs check 30 |', '|---|---|---|']
    lines += ['| {} | {:.2f} | {} |'.format(*row) for row in rows]
    print('\n'.join(lines))
    OUT.write_text('\n'.join(lines) + '\n', encoding='utf-8')


if __name__ == '__main__':
    main()
