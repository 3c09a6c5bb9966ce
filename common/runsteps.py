"""Run every snapshot's tests, each step in its own processes, in its own folder.

    python -m common.runsteps                 every step (what plain `tox` runs)
    python -m common.runsteps -- -k grad      ... with these arguments for pytest

For each steps/stepNN it runs the commands that `tox -e stepNN` runs (read from
tox.ini), with the step's folder as the working directory, one new process per
command: no snapshot can see another's modules. It keeps going after a failing
step, ends with one line per step, and exits with 1 if any step failed.

Why not one tox environment per step for the full run: each new environment costs
about 0.8 s to create and to compile pytest and numpy on first import, 30 times
over. Here the 30 steps share one environment, and only that.
"""
import configparser
import shlex
import subprocess
import sys
import time
from pathlib import Path

from common import catalog


def step_commands(root, name, pytest_args):
    """The commands of [testenv:<name>] in tox.ini (or of [testenv]), ready to run."""
    config = configparser.ConfigParser(interpolation=None)
    config.read(Path(root) / 'tox.ini', encoding='utf-8')
    section = 'testenv:' + name if config.has_option('testenv:' + name, 'commands') else 'testenv'
    commands = []
    for line in config[section]['commands'].strip().splitlines():
        words = shlex.split(line)
        if any('{' in word and word != '{posargs}' for word in words):
            raise ValueError('tox.ini [{}]: cannot run {!r} outside tox; only {{posargs}} '
                             'is understood here'.format(section, line))
        if words[0] == 'python':
            words[0] = sys.executable
        commands.append([arg for word in words
                         for arg in (pytest_args if word == '{posargs}' else [word])])
    return commands


def run_steps(root, pytest_args=()):
    """Run each step's commands; return {folder name: seconds, or None if it failed}."""
    results = {}
    for step in catalog.STEPS:
        name = catalog.folder(step)
        folder = Path(root) / 'steps' / name
        if not folder.is_dir():
            continue
        start = time.perf_counter()
        ok = True
        for command in step_commands(root, name, list(pytest_args)):
            print('{}: {}'.format(name, shlex.join(['python'] + command[1:])), flush=True)
            ok = subprocess.run(command, cwd=folder).returncode == 0
            if not ok:  # as tox does: a step's later commands do not run
                break
        results[name] = time.perf_counter() - start if ok else None
    return results


def summary(results):
    lines = ['{}: {}'.format(name, 'OK ({:.2f} s)'.format(seconds) if seconds is not None
                             else 'FAILED') for name, seconds in results.items()]
    failed = [name for name, seconds in results.items() if seconds is None]
    if not results:
        lines.append('no step folders found under steps/')
    elif failed:
        lines.append('{} of {} steps failed: {}'.format(len(failed), len(results), ', '.join(failed)))
    else:
        lines.append('all {} steps passed'.format(len(results)))
    return '\n'.join(lines)


def main(argv=None, root=catalog.ROOT):
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ['--']:
        args = args[1:]
    results = run_steps(root, args)
    print(summary(results), flush=True)
    return 0 if results and None not in results.values() else 1


if __name__ == '__main__':
    sys.exit(main())
