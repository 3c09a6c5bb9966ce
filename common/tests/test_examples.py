"""Doing what the READMEs say breaks nothing: every example runs, and the tools work after it."""
import shutil
import subprocess
import sys

import pytest

from common import catalog

pytestmark = pytest.mark.slow  # tox -e checks runs it; plain tox does not


def test_after_every_steps_example_git_sees_nothing_new_and_the_tools_still_work(tmp_path):
    repo = tmp_path / 'repo'
    shutil.copytree(catalog.ROOT, repo, ignore=shutil.ignore_patterns(
        '.git', '.tox', 'build', '__pycache__', '.pytest_cache', '*.png'))
    shutil.copytree(catalog.ROOT / 'common' / 'bench', repo / 'common' / 'bench', dirs_exist_ok=True)
    git = ['git', '-c', 'user.name=t', '-c', 'user.email=t@t', '-C', str(repo)]
    subprocess.run(git + ['init', '-q'], check=True)
    subprocess.run(git + ['add', '-A'], check=True)
    subprocess.run(git + ['commit', '-q', '-m', 'as cloned'], check=True)

    for step in catalog.STEPS:
        folder = repo / 'steps' / catalog.folder(step)
        example = subprocess.run([sys.executable, 'core.py'], cwd=folder, capture_output=True, text=True)
        assert example.returncode == 0, (step.number, example.stderr)
    assert (repo / 'steps' / 'step26' / 'goldstein.png').is_file()
    assert (repo / 'steps' / 'step27' / 'my_sin.png').is_file()

    status = subprocess.run(git + ['status', '--porcelain', '--untracked-files=all'],
                            capture_output=True, text=True, check=True)
    assert status.stdout == ''
    for command in (['common.stepdiff', '26'], ['common.stepdiff', '27'], ['common.stepdiff', '--summary'],
                    ['common.stepdiff', '--html', str(tmp_path / 'html')], ['common.checks', '--quick']):
        result = subprocess.run([sys.executable, '-m'] + command, cwd=repo, capture_output=True, text=True)
        assert result.returncode == 0, (command, result.stdout[-2000:], result.stderr[-2000:])
    for lang in ('en', 'ko'):  # the pages show the example's output, never a leftover image of it
        assert 'steps/step27/my_sin.png' not in (tmp_path / 'html' / lang / 'step27.html').read_text(encoding='utf-8')
