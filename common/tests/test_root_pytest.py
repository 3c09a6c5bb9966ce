"""pytest typed at the repository root never runs one step's tests against another step's core.py."""
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # tox -e checks runs it; plain tox does not

ROOT = Path(__file__).resolve().parents[2]


def pytest_in(folder, *args):
    return subprocess.run([sys.executable, '-m', 'pytest', '-q', *args], cwd=folder,
                          capture_output=True, text=True)


@pytest.mark.parametrize('folder, args', [
    ('.', []),
    ('.', ['steps']),
    ('.', ['steps/step01', 'steps/step02/test_step02.py::test_square_of_10_is_100']),
    ('steps', []),
    ('steps/step04', ['.', '../step05']),
], ids=['root', 'steps-folder', 'two-steps-named', 'inside-steps', 'from-a-step-folder'])
def test_a_run_over_more_than_one_step_is_refused_with_one_line(folder, args):
    result = pytest_in(ROOT / folder, *args)
    assert result.returncode == 4
    assert 'passed' not in result.stdout
    message = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(message) == 1
    assert 'tox' in message[0]


@pytest.mark.parametrize('folder, args', [
    ('.', ['steps/step03']),
    ('steps/step07', []),
    ('steps', ['step02/test_step02.py']),
], ids=['named-from-root', 'inside-the-step', 'one-file'])
def test_a_run_over_one_step_is_allowed(folder, args):
    result = pytest_in(ROOT / folder, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ' passed' in result.stdout
