"""The checker meets what learners give it (issue 22): a sub-heading that mentions another step, a cell
that never ends, a console that cannot print every character, and input it cannot use — each is
said in a sentence, never a traceback, a hang or a false ✓. The tests run the command as a learner
would, in a subprocess; the verdict's rules on cells are also checked on the report itself, since a
real cell takes the 10 s cell limit to stop."""
import json
import os
import re
import subprocess
import sys

import pytest

from common import catalog
from common.check import reading, render, run
from common.check.records import Check, Place, Problem, Result, Section, StepResult, Stop, TestOutcome, Unit
from common.check.report import Report
from common.tests.test_check import cli, notebook, snapshot_code


@pytest.mark.slow
def test_a_sub_heading_mentioning_an_earlier_step_does_not_end_the_section(tmp_path):
    path = notebook(tmp_path / 'book.ipynb', [
        '## Step 9', snapshot_code(9), '### Calling backward without a grad, unlike step 7',
        'Square = None'])  # a slip after the sub-heading: every test of square() fails
    result = cli(9, path, '--time-limit', 1)
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'up to the end of step 9\'s section (## Step 9)' in result.stdout
    assert "✗ Step 9 — More convenient functions" in result.stdout


# -- B: a cell that did not finish is never a pass; cells that raised are counted ----------------------

def timed_report(problems, start=0, lang='en', every=False):
    """The report of step 1 whose tests all pass, for a notebook of three cells with these problems
    ({index: Stop}); step 1's section starts at cell start."""
    units = [Unit('code cell {}'.format(n), '<code cell {}>'.format(n), 'x = {}'.format(n)) for n in (1, 2, 3)]
    section = Section(1, '## Step 1', start, 3)
    plan = reading.Plan('book.ipynb', units, [section], [])
    check = Check(1, [0, 1, 2] if not every else list(range(start, 3)), section)
    result = StepResult(1, [TestOutcome('test_a_variable_holds_its_data', 10 ** 6, Result.PASSED)])
    outcome = run.Outcome(units={i: Problem(stop, 'TimeLimit' if stop is Stop.TIME else 'ValueError: oops',
                                            Place(units[i].label, 1)) for i, stop in problems.items()}, steps=[result])
    say = Report(lang, run.LIMITS)
    return render.every_step(say, plan, [check], outcome) if every else render.one_step(say, plan, check, outcome)


def test_a_cell_of_the_section_past_its_time_limit_is_not_finished_and_never_a_pass():
    lines, good = timed_report({2: Stop.TIME, 0: Stop.ERROR})
    assert not good
    assert lines[-1] == ('✗ 1 passed, 0 failed, 0 missing names, 1 cell raised, 1 cell stopped at the time limit '
                         '— not finished: code cell 3 ran past the 10 s limit, and the rest of it never ran')
    lines, good = timed_report({2: Stop.TIME}, lang='ko')
    assert not good
    assert lines[-1].startswith('✗ 1개 통과, 0개 실패, 빠진 이름 0개, 제한 시간에 멈춘 셀 1개 — 끝나지 않음: 코드 셀 3에서')
    lines, good = timed_report({2: Stop.TIME}, every=True)
    assert not good
    assert lines[2].startswith('✗ Step 1 — Variable as a box: 1 passed, 1 cell stopped at the time limit — ')


def test_cells_that_raised_are_counted_while_the_tests_decide():
    lines, good = timed_report({0: Stop.ERROR, 1: Stop.ERROR})
    assert good
    assert lines[-1] == ("✓ 1 passed, 0 failed, 0 missing names, 2 cells raised — your code does what the book's "
                         "code does at step 1")
    lines, good = timed_report({0: Stop.TIME}, start=1)  # before step 1's section: the tests decide
    assert good
    assert lines[-1].startswith('✓ 1 passed, 0 failed, 0 missing names, 1 cell stopped at the time limit — ')


@pytest.mark.slow
def test_the_command_exits_1_when_a_cell_of_the_section_never_ends(tmp_path):
    path = notebook(tmp_path / 'book.ipynb', ['## Step 2', snapshot_code(2), 'x = 1\nraise ValueError("oops")',
                                              'while True:\n    pass\nsquare = None'])
    result = cli(2, path, '--time-limit', 1)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == (
        '✗ 17 passed, 0 failed, 0 missing names, 1 cell raised, 1 cell stopped at the time limit — not finished: '
        'code cell 3 ran past the 10 s limit, and the rest of it never ran')


# -- C: a console or file that cannot encode a character gets replacements, never a crash --------------

def run_in(encoding, *args, code=None):
    """The command (or Python code) as run with its output going to a console or file in encoding."""
    command = [sys.executable, '-c', code] if code else [sys.executable, '-m', 'common.check', *map(str, args)]
    result = subprocess.run(command, cwd=catalog.ROOT, capture_output=True, timeout=120,
                            env={'PYTHONPATH': str(catalog.ROOT), 'PATH': '/usr/bin:/bin', 'LANG': 'C.UTF-8',
                                 'PYTHONIOENCODING': encoding})
    return result.returncode, result.stdout.decode(encoding), result.stderr.decode(encoding)


ENCODINGS = [('cp949', 'en'), ('cp949', 'ko'), ('ascii', 'en'), ('ascii', 'ko')]


@pytest.mark.parametrize('encoding, lang', [e if e in (('cp949', 'en'), ('ascii', 'ko')) else
                                            pytest.param(*e, marks=pytest.mark.slow) for e in ENCODINGS])
def test_the_report_comes_out_in_an_encoding_that_lacks_its_characters(encoding, lang):
    status, out, err = run_in(encoding, 1, 'steps/step01/core.py', '--lang', lang)
    assert status == 0 and 'Traceback' not in err, out + err
    verdict = out.splitlines()[-1]
    assert verdict.startswith('? ') and '?' in verdict  # ✓ and — replaced
    assert ('step 1' in verdict) if lang == 'en' else ('1' in verdict)
    if encoding == 'cp949' and lang == 'ko':
        assert '내 코드가 1단계에서 책의 코드와 같이 동작합니다' in verdict


@pytest.mark.parametrize('encoding, lang', ENCODINGS)
def test_help_and_sentences_come_out_in_an_encoding_that_lacks_their_characters(encoding, lang):
    status, out, err = run_in(encoding, '-h', '--lang', lang)
    assert status == 0 and 'Traceback' not in err and 'python -m common.check' in out, err
    status, out, err = run_in(encoding, 7, 'no/such/file.py', '--lang', lang)
    assert status == 2 and 'Traceback' not in err and 'no/such/file.py' in err, err


@pytest.mark.parametrize('encoding', ['cp949', pytest.param('ascii', marks=pytest.mark.slow)])
def test_check_in_python_prints_in_an_encoding_that_lacks_its_characters(encoding):
    code = "from common.check import check; print('RESULT', check(1, 'steps/step01/core.py', lang='en'))"
    status, out, err = run_in(encoding, code=code)
    assert status == 0 and 'Traceback' not in err, out + err
    assert out.splitlines()[-1] == 'RESULT True'
    assert re.search(r'^\? \d+ passed, 0 failed', out, re.MULTILINE), out


# -- D: input the checker cannot use is a sentence and exit 2, never a traceback or a hang --------------

def raw_notebook(path, cells):
    """A notebook file written as JSON, as a damaged or hand-edited one can be."""
    path.write_text(json.dumps(dict(nbformat=4, nbformat_minor=4, metadata={}, cells=cells)))
    return path


def code_cell(**fields):
    return dict(cell_type='code', metadata={}, outputs=[], execution_count=None, **fields)


def loop_path(tmp_path):
    (tmp_path / 'loop.py').symlink_to('loop.py')
    return [7, tmp_path / 'loop.py']


def loop_in_folder(tmp_path):
    (tmp_path / 'step07.py').write_text(snapshot_code(7))
    (tmp_path / 'x.py').symlink_to('x.py')
    return [7, tmp_path]


def fifo_path(tmp_path):
    os.mkfifo(tmp_path / 'step07.py')
    return [7, tmp_path / 'step07.py']


def fifo_in_folder(tmp_path):
    (tmp_path / 'step06.py').write_text(snapshot_code(6))
    os.mkfifo(tmp_path / 'step07.py')
    return [tmp_path]


def no_source(tmp_path):
    return [1, raw_notebook(tmp_path / 'book.ipynb', [dict(cell_type='markdown', metadata={}, source='## Step 1'),
                                                       code_cell()])]


def null_source(tmp_path):
    return [1, raw_notebook(tmp_path / 'book.ipynb', [dict(cell_type='markdown', metadata={}, source=None),
                                                       code_cell(source='x = 1')])]


UNUSABLE = {  # input: (how to make it, the English words, the Korean words)
    'a symlink loop as PATH': (loop_path, 'loop.py is a symbolic link that leads back to itself',
                               'loop.py 경로는 자기 자신으로 되돌아오는 심볼릭 링크입니다'),
    'a symlink loop in a folder': (loop_in_folder, 'x.py is a symbolic link that leads back to itself',
                                   'x.py 경로는 자기 자신으로 되돌아오는 심볼릭 링크입니다'),
    'a superscript step': (lambda tmp_path: ['²', 'steps/step02/core.py'], "not '²'", "받은 값: '²'"),
    'an Arabic-Indic step': (lambda tmp_path: ['٣', 'steps/step03/core.py'], "not '٣'", "받은 값: '٣'"),
    'a cell without source': (no_source, 'its cell 2 has no source', '2번째 셀에 source가 없거나 null이어서'),
    'a cell with source null': (null_source, 'its cell 1 has no source', '1번째 셀에 source가 없거나 null이어서'),
    'a FIFO as PATH': (fifo_path, 'step07.py is a pipe, socket or device, not a file',
                       'step07.py 경로는 파일이 아니라 파이프, 소켓, 장치 같은 것이어서'),
    'a FIFO in a folder': (fifo_in_folder, 'step07.py is a pipe, socket or device, not a file',
                           'step07.py 경로는 파일이 아니라 파이프, 소켓, 장치 같은 것이어서'),
    'a file as a folder in PATH': (lambda tmp_path: [7, 'steps/step07/core.py/step07.py'],
                                   'no such file or folder: ', '찾을 수 없는 파일이나 폴더: '),
    '--watch in a missing folder': (lambda tmp_path: [7, tmp_path / 'gone' / 'step07.py', '--watch'],
                                    'no such folder: ', 'gone 폴더가 없어서'),
}


@pytest.mark.parametrize('lang', ['en', 'ko'])
@pytest.mark.parametrize('case', list(UNUSABLE))
def test_input_the_checker_cannot_use_is_a_sentence_and_exit_2(tmp_path, case, lang):
    make, english, korean = UNUSABLE[case]
    result = cli(*make(tmp_path), '--lang', lang, timeout=30)  # a FIFO read would block: the timeout fails it
    assert result.returncode == 2, result.stdout + result.stderr
    assert 'Traceback' not in result.stderr and result.stdout == ''
    message = result.stderr.strip()
    assert message.startswith('cannot check: ' if lang == 'en' else '확인할 수 없음: ') and '\n' not in message
    assert (english if lang == 'en' else korean) in message, message


def test_a_notebook_whose_cells_keep_their_source_as_lines_is_read(tmp_path):
    lines = snapshot_code(1).splitlines(keepends=True)
    path = raw_notebook(tmp_path / 'book.ipynb', [dict(cell_type='markdown', metadata={}, source=['## Step 1\n']),
                                                  code_cell(source=lines)])
    result = cli(1, path, '--time-limit', 1)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ''  # not even nbformat's warnings
    assert 'read: code cell 1 to code cell 1, up to the end of step 1\'s section (## Step 1)' in result.stdout
