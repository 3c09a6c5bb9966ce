"""The files of two adjacent snapshots, paired by name, and their plain unified diff."""
import difflib
import functools
import os
import subprocess

from common import catalog

STEPS_DIR = catalog.STEPS_DIR
SKIP = {'__pycache__', '.pytest_cache', '.benchmarks'}
# The framework first, then its tests, then the notes and anything else.
FILE_ORDER = ['core.py', 'utils.py', '__init__.py', 'test_stepNN.py']
TEST_FILE = 'test_stepNN.py'


def tracked(folder):
    """The files git tracks in folder, or None outside a git checkout."""
    listing, inside = tracked_under(folder.parent), str(folder) + os.sep
    return None if listing is None else {path for path in listing if str(path).startswith(inside)}


@functools.lru_cache(maxsize=8)
def tracked_under(folder):
    """Every file git tracks under folder (one `git ls-files` for all the steps), or None."""
    try:
        listing = subprocess.run(['git', 'ls-files', '-z'], cwd=folder, capture_output=True,
                                 check=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return None
    return frozenset(folder / name for name in listing.split('\0') if name)


def is_text(path):
    try:
        path.read_text(encoding='utf-8')
    except (UnicodeDecodeError, OSError):
        return False
    return True


def snapshot_files(folder, number):
    """The snapshot's text files that git tracks (what the examples write is left out), by a
    name shared across steps: its test file as 'test_stepNN.py'."""
    own_test = catalog.test_file(number).name
    known = tracked(folder)
    files = {}
    for path in sorted(folder.rglob('*')):
        if not path.is_file() or SKIP.intersection(path.relative_to(folder).parts):
            continue
        if (known is None or path in known) and is_text(path):
            name = path.relative_to(folder).as_posix()
            files[TEST_FILE if name == own_test else name] = path
    return files


def read_lines(path):
    if path is None:
        return []
    return path.read_text(encoding='utf-8').splitlines(keepends=True)


def label(path, steps_dir):
    return '/dev/null' if path is None else path.relative_to(steps_dir.parent).as_posix()


def file_order(name):
    if name in FILE_ORDER:
        return (FILE_ORDER.index(name), '')
    return (len(FILE_ORDER), name)


def step_dir(number, steps_dir=STEPS_DIR):
    return catalog.step_dir(number, steps_dir)


def missing_step(number, steps_dir=STEPS_DIR):
    """steps/step(N-1) or steps/stepN if one of them is not there, else None."""
    for folder in (step_dir(number - 1, steps_dir), step_dir(number, steps_dir)):
        if not folder.is_dir():
            return folder.relative_to(steps_dir.parent).as_posix()
    return None


class Missing(SystemExit):
    """A step folder that is not there."""


@functools.lru_cache(maxsize=64)
def changed_files(number, steps_dir=STEPS_DIR):
    """(old path or None, new path or None, old lines, new lines) for each file step N changes."""
    missing = missing_step(number, steps_dir)
    if missing:
        raise Missing('stepdiff: {} does not exist'.format(missing))
    old = snapshot_files(step_dir(number - 1, steps_dir), number - 1)
    new = snapshot_files(step_dir(number, steps_dir), number)
    changes = []
    for name in sorted(old.keys() | new.keys(), key=file_order):
        old_lines, new_lines = read_lines(old.get(name)), read_lines(new.get(name))
        if old_lines != new_lines:
            changes.append((old.get(name), new.get(name), tuple(old_lines), tuple(new_lines)))
    return tuple(changes)


def shared_name(old_path, new_path):
    """The name both steps give a file: core.py, test_stepNN.py, README.md."""
    name = (new_path or old_path).name
    return TEST_FILE if name.startswith('test_step') and name.endswith('.py') else name


def step_diff(number, steps_dir=STEPS_DIR):
    """The unified diff of steps/step(N-1) -> steps/stepN, as a list of lines."""
    lines = []
    for old_path, new_path, old_lines, new_lines in changed_files(number, steps_dir):
        lines += difflib.unified_diff(old_lines, new_lines, fromfile=label(old_path, steps_dir),
                                      tofile=label(new_path, steps_dir))
    return [line if line.endswith('\n') else line + '\n' for line in lines]


def step_summary(number, steps_dir=STEPS_DIR):
    """(files changed, lines added, lines removed) by step N."""
    lines = step_diff(number, steps_dir)
    added = sum(1 for line in lines if line.startswith('+') and not line.startswith('+++'))
    removed = sum(1 for line in lines if line.startswith('-') and not line.startswith('---'))
    return len(changed_files(number, steps_dir)), added, removed


def transitions(steps_dir=STEPS_DIR):
    """The steps that have a step before them in this checkout."""
    present = {step.number for step, _ in catalog.present(steps_dir)}
    return [number for number in sorted(present) if number - 1 in present]
