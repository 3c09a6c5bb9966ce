"""The README's commands work as typed in a fresh clone, in English and in Korean: the quick start,
then the blocks of "One step", "What a step changes" and "Start from a snapshot", one after
another, in a home folder of the test's own. And a run of a step's tests without Graphviz's dot
says why its tests are skipped."""
import os
import re
import shutil
import subprocess
import sys

import pytest

from common import catalog

# The sections whose command blocks a learner runs as typed, in order (English, Korean).
SNIPPETS = [('## One step', '## 한 단계'), ('## What a step changes', '## 한 단계가 바꾸는 것'),
            ('## Start from a snapshot', '## 스냅숏에서 시작하기')]

# The learner's copy of the book's steps/step26.py, which "Start from a snapshot" runs beside the
# snapshot copied as dezero.
BOOK_STEP26 = '''\
if '__file__' in globals():
    import os, sys
    sys.path.append(os.path.join(os.path.dirname(__file__), '..'))

import numpy as np
from dezero import Variable
from dezero.utils import plot_dot_graph


def goldstein(x, y):
    z = (1 + (x + y + 1)**2 * (19 - 14*x + 3*x**2 - 14*y + 6*x*y + 3*y**2)) * \\
        (30 + (2*x - 3*y)**2 * (18 - 32*x + 12*x**2 + 48*y - 36*x*y + 27*y**2))
    return z


x = Variable(np.array(1.0))
y = Variable(np.array(1.0))
z = goldstein(x, y)
z.backward()

x.name = 'x'
y.name = 'y'
z.name = 'z'
plot_dot_graph(z, verbose=False, to_file='goldstein.png')
'''


def without_comment(line):
    return re.sub(r'\s+#.*$', '', line)


def quick_start(marker, readme='README.md'):
    """The command lines of the code block after the README's marker comment."""
    readme = (catalog.ROOT / readme).read_text(encoding='utf-8')
    block = readme.split(marker, 1)[1].split('```\n', 2)[1]
    return [without_comment(line) for line in block.splitlines()]


def snippets(readme='README.md'):
    """The command blocks of SNIPPETS' sections, in the README's order: a list of lines each."""
    column = 1 if readme == 'README.ko.md' else 0
    headings = [pair[column] for pair in SNIPPETS]
    text = (catalog.ROOT / readme).read_text(encoding='utf-8')
    blocks = []
    for section in re.split(r'(?m)^(?=## )', text):
        if section.splitlines()[0] in headings:
            blocks += [[without_comment(line) for line in block.splitlines()]
                       for block in re.findall(r'```\n(.*?)```', section, re.DOTALL)]
    return blocks


def fresh_environment(tmp_path):
    """The environment of a learner's shell: nothing of an outer tox run leaks in."""
    return {key: value for key, value in os.environ.items()
            if not key.startswith(('TOX', 'PIP_REQUIRE')) and key not in ('PYTHONPATH', 'CI')}


def test_both_languages_give_the_same_commands():
    english = quick_start('<!-- quick start:')
    korean = quick_start('<!-- 빠른 시작:', 'README.ko.md')
    assert english[2:] == korean[2:]
    assert english[0].startswith('git clone ') and english[1] == 'cd dezero-steps'
    assert snippets('README.ko.md') == snippets() != []


def test_every_block_that_leaves_the_root_comes_back():
    for block in snippets():
        moves = [line for line in block if line.startswith('cd ')]
        assert moves[-1:] in ([], ['cd ../..'], ['cd -']), block
        assert len(moves) in (0, 2), block


@pytest.mark.slow  # tox -e checks runs it; plain tox does not
def test_the_quick_start_runs_as_typed_in_a_fresh_clone(tmp_path):
    clone = tmp_path / 'dezero-steps'
    subprocess.run(['git', 'clone', '-q', str(catalog.ROOT), str(clone)], check=True)
    # a fresh machine: a new virtual environment with pip and nothing else, first on PATH
    venv = tmp_path / 'venv'
    subprocess.run([sys.executable, '-m', 'venv', str(venv)], check=True)
    env = fresh_environment(tmp_path)
    env.update(VIRTUAL_ENV=str(venv), PATH=str(venv / 'bin') + os.pathsep + env['PATH'])
    printed = {}
    for line in quick_start('<!-- quick start:')[2:]:
        result = subprocess.run(line, shell=True, cwd=clone, env=env, capture_output=True, text=True)
        assert result.returncode == 0, (line, result.stdout[-3000:], result.stderr[-3000:])
        printed[line] = result.stdout + result.stderr
    assert printed['python steps/step07/core.py'] == '3.297442541400256\n'
    assert 'core.py  steps/step06/core.py → steps/step07/core.py' in printed['python -m common.stepdiff 7']
    assert "does what the book's code does at step 7" in printed['python -m common.check 7 steps/step07/core.py']
    for line in ('tox -e step07', 'tox'):
        assert 'congratulations' in printed[line]
        assert 'automatically provisioned tox' not in printed[line]
    assert 'all 30 steps passed' in printed['tox']
    status = subprocess.run(['git', 'status', '--porcelain'], cwd=clone, capture_output=True, text=True)
    assert status.stdout == ''


@pytest.mark.slow
def test_the_step_diff_and_copy_commands_run_as_typed_one_after_another(tmp_path):
    if shutil.which('dot') is None:
        pytest.skip("needs Graphviz's dot program: step26.py draws a graph")
    clone = tmp_path / 'dezero-steps'
    subprocess.run(['git', 'clone', '-q', str(catalog.ROOT), str(clone)], check=True)
    home = tmp_path / 'home'
    (home / 'mywork' / 'step26').mkdir(parents=True)
    (home / 'mywork' / 'step26' / 'step26.py').write_text(BOOK_STEP26, encoding='utf-8')
    # `python` is the Python running these tests, which has numpy, pytest and graphviz
    bin_folder = tmp_path / 'bin'
    bin_folder.mkdir()
    (bin_folder / 'python').write_text('#!/bin/sh\nexec {} "$@"\n'.format(sys.executable))
    (bin_folder / 'python').chmod(0o755)
    env = fresh_environment(tmp_path)
    env.update(HOME=str(home), PATH=str(bin_folder) + os.pathsep + env['PATH'])
    # One shell runs every block in order, as a learner types them; the tox lines are the quick
    # start's, run by the test above.
    script, lines = ['set -e'], []
    for number, block in enumerate(snippets()):
        for line in block:
            if line.split()[0] == 'tox':
                assert line in quick_start('<!-- quick start:'), line
                continue
            script += ['echo "::: {}"'.format(len(lines)), line]
            lines.append((number, line))
        script.append('echo "::: block {} ends in $PWD"'.format(number))
    result = subprocess.run(['bash', '-c', '\n'.join(script)], cwd=clone, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-3000:])
    parts = re.split(r'(?m)^::: (\d+)\n', result.stdout)[1:]
    printed = {lines[int(index)]: re.sub(r'(?m)^::: block .*\n', '', text)
               for index, text in zip(parts[::2], parts[1::2])}
    assert len(printed) == len(lines)
    assert re.findall(r'(?m)^::: block \d+ ends in (.*)$', result.stdout) == \
        [str(clone)] * len(snippets())

    blocks = snippets()
    assert blocks[1][0] == 'cd steps/step07' and blocks[-2][1] == 'cp -r steps/step17 ~/mywork/step17'
    one_step = {line: text for (number, line), text in printed.items() if number == 1}
    assert re.search(r'\b\d+ passed\b', one_step['python -m pytest'])
    assert one_step['python core.py'] == '3.297442541400256\n'
    assert 'core.py  steps/step06/core.py → steps/step07/core.py' in printed[(2, 'python -m common.stepdiff 7')]
    assert (clone / 'build' / 'steps' / 'index.html').is_file() and (clone / 'build' / 'steps' / 'ko' / 'step07.html').is_file()
    copy = {line: text for (number, line), text in printed.items() if number == len(blocks) - 2}
    assert re.search(r'\b\d+ passed\b', copy['python -m pytest'])
    assert 'test_step17.py' in copy['python -m pytest'] and 'step26' not in copy['python -m pytest']
    assert sorted(path.name for path in (home / 'mywork').iterdir()) == ['step17', 'step26']
    assert (home / 'mywork' / 'step17' / 'test_step17.py').is_file()
    assert (home / 'mywork' / 'step26' / 'dezero' / 'core.py').is_file()
    assert (home / 'mywork' / 'step26' / 'goldstein.png').read_bytes().startswith(b'\x89PNG')
    status = subprocess.run(['git', 'status', '--porcelain'], cwd=clone, capture_output=True, text=True)
    assert status.stdout == ''


INSTALL_DOT = "Graphviz's dot program is not installed"
# Every step whose tests need dot, copied alone as a learner copies it; and one run inside the
# repository, whose tox.ini makes its root pytest's rootdir.
DOT_RUNS = [(step, 'copied') for step, _ in catalog.present() if 25 <= step.number <= 30]
DOT_RUNS += [(catalog.STEPS[25], 'in the repository')]


@pytest.mark.slow
@pytest.mark.parametrize('step, where', DOT_RUNS,
                         ids=['{}-{}'.format(catalog.folder(step), where.replace(' ', '-')) for step, where in DOT_RUNS])
def test_without_dot_a_run_of_a_steps_tests_says_why_tests_are_skipped(tmp_path, step, where):
    folder = catalog.STEPS_DIR / catalog.folder(step)
    if where == 'copied':
        folder = shutil.copytree(folder, tmp_path / 'mywork' / folder.name,
                                 ignore=shutil.ignore_patterns('__pycache__', '*.png'))
    env = fresh_environment(tmp_path)
    env['PATH'] = str(tmp_path / 'no-dot-here')  # no dot on PATH
    result = subprocess.run([sys.executable, '-m', 'pytest', '-p', 'no:cacheprovider'], cwd=folder,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert re.search(r'\b\d+ skipped\b', result.stdout)
    assert INSTALL_DOT in result.stdout
    assert 'winget install graphviz (Windows)' in result.stdout
