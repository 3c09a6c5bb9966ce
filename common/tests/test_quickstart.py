"""The quick start of README.md and README.ko.md works as typed in a fresh clone."""
import os
import re
import subprocess
import sys

import pytest

from common import catalog

pytestmark = pytest.mark.slow  # tox -e checks runs it; plain tox does not


def quick_start(marker, readme='README.md'):
    """The command lines of the code block after the README's marker comment."""
    readme = (catalog.ROOT / readme).read_text(encoding='utf-8')
    block = readme.split(marker, 1)[1].split('```\n', 2)[1]
    return [re.sub(r'\s+#.*$', '', line) for line in block.splitlines()]


def test_both_languages_give_the_same_commands():
    english = quick_start('<!-- quick start:')
    korean = quick_start('<!-- 빠른 시작:', 'README.ko.md')
    assert english[2:] == korean[2:]
    assert english[0].startswith('git clone ') and english[1] == 'cd dezero-steps'


def test_the_quick_start_runs_as_typed_in_a_fresh_clone(tmp_path):
    clone = tmp_path / 'dezero-steps'
    subprocess.run(['git', 'clone', '-q', str(catalog.ROOT), str(clone)], check=True)
    # a fresh machine: a new virtual environment with pip and nothing else, first on PATH;
    # nothing of an outer tox run leaks in
    venv = tmp_path / 'venv'
    subprocess.run([sys.executable, '-m', 'venv', str(venv)], check=True)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(('TOX', 'PIP_REQUIRE')) and key not in ('PYTHONPATH',)}
    env.update(VIRTUAL_ENV=str(venv), PATH=str(venv / 'bin') + os.pathsep + env['PATH'])
    printed = {}
    for line in quick_start('<!-- quick start:')[2:]:
        result = subprocess.run(line, shell=True, cwd=clone, env=env, capture_output=True, text=True)
        assert result.returncode == 0, (line, result.stdout[-3000:], result.stderr[-3000:])
        printed[line] = result.stdout + result.stderr
    assert printed['python steps/step07/core.py'] == '3.297442541400256\n'
    assert '+++ steps/step07/core.py' in printed['python -m common.stepdiff 7']
    assert "does what the book's code does at step 7" in printed['python -m common.check 7 steps/step07/core.py']
    for line in ('tox -e step07', 'tox'):
        assert 'congratulations' in printed[line]
        assert 'automatically provisioned tox' not in printed[line]
    assert 'all 30 steps passed' in printed['tox']
    status = subprocess.run(['git', 'status', '--porcelain'], cwd=clone, capture_output=True, text=True)
    assert status.stdout == ''
