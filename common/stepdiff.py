"""Show what step N changes: every file of steps/step(N-1) against steps/stepN.

    python -m common.stepdiff 7        the change step 7 makes (step06 -> step07)

test_step06.py is paired with test_step07.py, so the tests show as a change,
not as one file removed and another added. Coloured on a terminal, plain when
piped (or when NO_COLOR is set).
"""
import argparse
import difflib
import os
import sys
from pathlib import Path

STEPS_DIR = Path(__file__).resolve().parent.parent / 'steps'
SKIP = {'__pycache__', '.pytest_cache'}
COLOURS = {'+': '\033[32m', '-': '\033[31m', '@': '\033[36m'}
RESET = '\033[0m'


def snapshot_files(folder, number):
    """The snapshot's files by a name shared across steps: its test file as 'test_stepNN.py'."""
    own_test = 'test_step{:02d}.py'.format(number)
    files = {}
    for path in sorted(folder.rglob('*')):
        if path.is_file() and not SKIP.intersection(path.relative_to(folder).parts):
            name = path.relative_to(folder).as_posix()
            files['test_stepNN.py' if name == own_test else name] = path
    return files


def read_lines(path):
    if path is None:
        return []
    return path.read_text(encoding='utf-8').splitlines(keepends=True)


def step_diff(number, steps_dir=STEPS_DIR):
    """The unified diff of steps/step(N-1) -> steps/stepN, as a list of lines."""
    old_dir = steps_dir / 'step{:02d}'.format(number - 1)
    new_dir = steps_dir / 'step{:02d}'.format(number)
    for folder in (old_dir, new_dir):
        if not folder.is_dir():
            raise SystemExit('stepdiff: {} does not exist'.format(folder.relative_to(steps_dir.parent)))
    old, new = snapshot_files(old_dir, number - 1), snapshot_files(new_dir, number)
    lines = []
    for name in sorted(old.keys() | new.keys()):
        old_path, new_path = old.get(name), new.get(name)
        lines += difflib.unified_diff(
            read_lines(old_path), read_lines(new_path),
            fromfile=label(old_path, steps_dir), tofile=label(new_path, steps_dir))
    return [line if line.endswith('\n') else line + '\n' for line in lines]


def label(path, steps_dir):
    return '/dev/null' if path is None else path.relative_to(steps_dir.parent).as_posix()


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m common.stepdiff', description=__doc__.splitlines()[0])
    parser.add_argument('step', type=int, help='the step whose change to show (2 to 30)')
    args = parser.parse_args(argv)
    if args.step < 2:
        parser.error('step 1 is the first snapshot; give a step from 2 on')
    colour = sys.stdout.isatty() and 'NO_COLOR' not in os.environ
    for line in step_diff(args.step):
        if colour and line[:1] in COLOURS and not line.startswith(('+++', '---')):
            line = COLOURS[line[0]] + line.rstrip('\n') + RESET + '\n'
        sys.stdout.write(line)


if __name__ == '__main__':
    main()
