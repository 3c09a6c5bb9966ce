"""Run every snapshot's tests, steps side by side, each step in its own processes and folder.

    python -m common.runsteps                 every step (what plain `tox` runs)
    python -m common.runsteps -- -k grad      ... with these arguments for pytest

Each step runs what `tox -e stepNN` runs (checks.py compares them): `python -m pytest` in its
folder, at step 10 also `python -m unittest`, a new process per command, so no snapshot sees
another's `core`. Ends with a line per step (and one about Graphviz when `dot` is missing);
exits with 1 if any step failed.
"""
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import time

from common import catalog

UNITTEST_STEPS = {10}
INSTALL_DOT = ('apt-get install graphviz (Debian, Ubuntu) · brew install graphviz (macOS) · '
               'conda install graphviz · winget install graphviz (Windows)')


def commands(step, pytest_args):
    runs = [[sys.executable, '-m', 'pytest'] + list(pytest_args)]
    if step.number in UNITTEST_STEPS:
        runs.append([sys.executable, '-m', 'unittest'])
    return runs


def run_step(step, folder, pytest_args):
    """Run one step's commands in its folder; return (seconds or None if it failed, output)."""
    start, output = time.perf_counter(), ''
    for command in commands(step, pytest_args):
        result = subprocess.run(command, cwd=folder, capture_output=True, text=True)
        output += '{}: python {}\n{}{}'.format(folder.name, ' '.join(command[1:]), result.stdout, result.stderr)
        if result.returncode != 0:  # as tox does: a step's later commands do not run
            return None, output
    return time.perf_counter() - start, output


def run_steps(root, pytest_args=(), workers=None):
    """Run every present step; return {folder name: seconds or None} and the number of skips."""
    steps = catalog.present(catalog.STEPS_DIR if root is None else root / 'steps')
    results, skipped = {}, 0
    with concurrent.futures.ThreadPoolExecutor(workers or os.cpu_count()) as pool:
        futures = {pool.submit(run_step, step, folder, pytest_args): folder.name for step, folder in steps}
        for future in concurrent.futures.as_completed(futures):
            seconds, output = future.result()
            print(output, end='', flush=True)
            results[futures[future]] = seconds
            skipped += sum(int(n) for n in re.findall(r'\b(\d+) skipped\b', output))
    return dict(sorted(results.items())), skipped


def summary(results, skipped=0, have_dot=True):
    lines = ['{}: {}'.format(name, 'OK ({:.2f} s)'.format(seconds) if seconds is not None
                             else 'FAILED') for name, seconds in results.items()]
    failed = [name for name, seconds in results.items() if seconds is None]
    if skipped and not have_dot:
        lines.append("{} test{} skipped: Graphviz's dot program is not installed. Install it: {}".format(
            skipped, '' if skipped == 1 else 's', INSTALL_DOT))
    if not results:
        lines.append('no step folders found under steps/')
    elif failed:
        lines.append('{} of {} steps failed: {}'.format(len(failed), len(results), ', '.join(failed)))
    else:
        lines.append('all {} steps passed'.format(len(results)))
    return '\n'.join(lines)


def main(argv=None, root=None):
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ['--']:
        args = args[1:]
    results, skipped = run_steps(root, args)
    print(summary(results, skipped, shutil.which('dot') is not None), flush=True)
    return 0 if results and None not in results.values() else 1


if __name__ == '__main__':
    sys.exit(main())
