"""The checker never lies, never hangs, never harms: hangs and runaways stop at their limits, an
interrupt is never a pass, the learner's exits and input() end nothing, files Python reads are
read, and the learner's code writes nowhere but a scratch folder."""
import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest

from common import catalog
from common.check import check, checking, reading
from common.tests.test_check import cli, notebook, planted, snapshot_code

ROOT = catalog.ROOT
SHORT = dict(test=1.0, cell=1.0)


def run_check(capsys, step, path, **limits):
    passed = checking(step, reading.plan_for(path, step), 'en', dict(SHORT, **limits))
    return passed, capsys.readouterr().out


def hang8(tmp_path):
    """Step 8's commonest slip: the last function is read, not popped, so the loop never ends."""
    (tmp_path / 'mine.py').write_text(planted(8, '            f = funcs.pop()', '            f = funcs[-1]'))
    return tmp_path / 'mine.py'


@pytest.mark.slow
def test_a_loop_that_never_ends_stops_at_the_limit_and_names_the_learners_function(capsys, tmp_path):
    started = time.monotonic()
    passed, report = run_check(capsys, 8, hang8(tmp_path))
    assert not passed
    assert time.monotonic() - started < 20  # three time-outs of 1 s, then the rest is not run
    assert 'ran past the 1 s limit (a loop that never ends?) in your Variable.backward (mine.py, line 2' in report
    assert '✗ stopped after 3 tests ran past the 1 s limit' in report
    assert '✓' not in report.splitlines()[-1]


@pytest.mark.slow
def test_a_cell_that_never_ends_is_stopped_and_the_check_goes_on_but_never_passes(capsys, tmp_path):
    path = notebook(tmp_path / 'book.ipynb', [snapshot_code(2), 'while True:\n    pass', 'y = 2'])
    passed, report = run_check(capsys, 2, path)
    assert not passed, report
    assert '! code cell 2 (`while True:`), line ' in report and 'ran past the 1 s limit' in report
    assert '✓ Steps 1–2: 17 passed' in report  # the tests after it ran
    assert report.splitlines()[-1].endswith('not finished: code cell 2 ran past the 1 s limit, and the rest of it never ran')


@pytest.mark.slow
def test_a_runaway_that_takes_memory_is_stopped_before_the_machine(capsys, tmp_path):
    if not sys.platform.startswith('linux') or sys.modules.get('resource', 0) is None:
        pytest.skip('the memory limit is Linux only (it needs the resource module)')
    code = snapshot_code(1) + 'keep = []\nwhile True:\n    keep.append(np.ones(10 ** 6))\n'
    (tmp_path / 'mine.py').write_text(code)
    passed, report = run_check(capsys, 1, tmp_path / 'mine.py', memory=200 * 2 ** 20, cell=30.0)
    assert passed, report
    assert 'keep.append(np.ones(10 ** 6))`: took more than 200 MiB of memory' in report


@pytest.mark.slow
def test_ctrl_c_on_the_command_line_is_not_finished_and_never_a_pass(tmp_path):
    child = subprocess.Popen([sys.executable, '-m', 'common.check', '8', str(hang8(tmp_path)), '--time-limit', '60'],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=30)
    assert child.returncode == 1, out + err
    assert '✗ not finished: you stopped the check (Ctrl-C)' in out
    assert re.search(r'in your (Variable|Square|Exp)\.backward \(mine\.py, line \d+\)', out), out
    assert '✓ ' not in out.splitlines()[-1] and 'Traceback' not in err


@pytest.mark.slow
def test_jupyters_interrupt_during_check_returns_false(capsys, tmp_path):
    threading.Timer(3, os.kill, (os.getpid(), signal.SIGINT)).start()
    assert check(8, hang8(tmp_path), lang='en') is False
    assert '✗ not finished: you stopped the check (Ctrl-C)' in capsys.readouterr().out


EXITS = ['import sys\nsys.exit()', 'exit(0)', 'quit()', 'import os\nos._exit(0)']


@pytest.mark.parametrize('exit', EXITS)
@pytest.mark.slow
def test_an_exit_at_the_top_of_a_file_is_named_and_never_a_pass(tmp_path, exit):
    (tmp_path / 'mine.py').write_text(exit + '\n' + snapshot_code(1))
    result = cli(1, tmp_path / 'mine.py')
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'your code ends the program there' in result.stdout and 'ends only this file' in result.stdout
    assert 'mine.py, line' in result.stdout


@pytest.mark.slow
def test_input_gets_no_answer_and_never_waits(tmp_path):
    (tmp_path / 'mine.py').write_text(snapshot_code(1) + 'name = input("your name: ")\n')
    result = cli(1, tmp_path / 'mine.py', timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "asked for input (InputAsked: input('your name: ')" in result.stdout


@pytest.mark.parametrize('encoding', ['utf-8-sig', 'cp949'])
@pytest.mark.slow
def test_files_python_runs_the_checker_reads(tmp_path, encoding):
    code = '# -*- coding: cp949 -*-\n' if encoding == 'cp949' else ''
    code += '# 1단계: 상자로서의 변수\n' + snapshot_code(1)
    (tmp_path / 'mine.py').write_bytes(code.replace('\n', '\r\n').encode(encoding))
    result = cli(1, tmp_path / 'mine.py')
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize('lang, words', [('en', 'Save it as UTF-8'), ('ko', 'UTF-8로 저장하세요')])
def test_a_file_python_refuses_gets_a_sentence_on_saving_it_as_utf8(tmp_path, lang, words):
    (tmp_path / 'mine.py').write_bytes('# 1단계\nimport numpy\n'.encode('cp949'))
    result = cli(1, tmp_path / 'mine.py', '--lang', lang)
    assert result.returncode == 2
    assert words in result.stderr and 'Traceback' not in result.stderr


@pytest.mark.slow
def test_the_learners_code_runs_in_a_scratch_folder_and_harms_nothing(tmp_path):
    (tmp_path / 'victim.txt').write_text('keep me')
    code = snapshot_code(1) + "import os\nos.remove('victim.txt')\nopen('written.txt', 'w').write('x')\n"
    (tmp_path / 'mine.py').write_text(code)
    result = cli(1, tmp_path / 'mine.py', cwd=tmp_path)
    assert (tmp_path / 'victim.txt').read_text() == 'keep me'
    assert sorted(p.name for p in tmp_path.iterdir()) == ['mine.py', 'victim.txt']
    assert not (ROOT / 'written.txt').exists()
    assert "FileNotFoundError: [Errno 2] No such file or directory: 'victim.txt'" in result.stdout


@pytest.mark.slow
def test_a_folder_with_two_attempts_checks_the_steps_own_file_and_says_which(tmp_path):
    (tmp_path / 'step07.py').write_text(snapshot_code(7))
    (tmp_path / 'step08_wip.py').write_text(planted(8, '            f = funcs.pop()', '            f = funcs[-1]'))
    result = cli(7, tmp_path)
    assert result.returncode == 0, result.stdout
    assert '  read: step07.py' in result.stdout


@pytest.mark.slow
def test_a_recursion_limit_set_by_the_learner_is_named_and_undone_for_the_tests(tmp_path):
    (tmp_path / 'mine.py').write_text('import sys\nsys.setrecursionlimit(50)\n' + snapshot_code(8))
    result = cli(8, tmp_path / 'mine.py')
    assert result.returncode == 0, result.stdout + result.stderr
    assert "! your code left sys.setrecursionlimit(50) (mine.py); the tests run with Python's default, 1000" \
        in result.stdout


def test_a_missing_step_folder_is_a_sentence(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(catalog, 'STEPS_DIR', tmp_path)
    assert check(15, tmp_path) is False
    assert 'steps/step15 is missing from this repository' in capsys.readouterr().out


@pytest.mark.parametrize('step', [7.9, True, '7.9', 'seven', 31])
def test_a_step_that_is_not_a_step_is_refused_in_words(capsys, step):
    assert check(step, 'steps/step07/core.py', lang='en') is False
    assert 'the step is a whole number from 1 to 30' in capsys.readouterr().out
