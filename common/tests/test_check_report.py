"""The report teaches: where to look first, failures of one cause on one line, plain values, the
book's function beside the learner's only when asked, Korean through and through, --watch."""
import queue
import re
import signal
import subprocess
import sys
import threading
import time

import pytest

from common import catalog
from common.check import checking, reading, run
from common.check.report import Report
from common.tests.test_check import planted, snapshot_code

ROOT = catalog.ROOT
SLIP_14 = ('x.grad = x.grad + gx', 'x.grad = gx')


def report_of(capsys, step, path, lang='en', diff=False):
    passed = checking(step, reading.plan_for(path, step), lang, diff=diff)
    return passed, capsys.readouterr().out


@pytest.fixture
def slip14(tmp_path):
    (tmp_path / 'mine.py').write_text(planted(14, *SLIP_14))
    return tmp_path / 'mine.py'


def test_the_report_leads_with_the_earliest_failing_step_and_the_function_to_look_at(capsys, slip14):
    passed, report = report_of(capsys, 14, slip14)
    lines = report.splitlines()
    assert not passed
    assert lines[1] == 'The earliest step that fails: Step 14 — Reusing the same variable'
    assert lines[2].startswith('Look first at Variable.backward (mine.py, line ')
    assert '--- ' not in report  # nothing of the answer unasked
    assert len(lines) <= 40  # one slip, one screen


@pytest.mark.slow
def test_one_cause_is_one_line_with_a_count_and_the_function_where_it_was_raised(capsys, tmp_path):
    (tmp_path / 'mine.py').write_text(planted(9, '        if data is not None:\n', '        if not data:\n'))
    passed, report = report_of(capsys, 9, tmp_path / 'mine.py')
    assert re.search(r'^Look first at Variable.__init__ \(mine.py, line 5\): the error was raised there in \d+ of',
                     report, re.MULTILINE), report
    assert re.search(r'^✗ \d+ tests in steps 1–9, one cause: ValueError: The truth value of an array', report,
                     re.MULTILINE)
    assert len(report.splitlines()) <= 40


@pytest.mark.slow
def test_diff_shows_the_learners_function_beside_the_books_without_comments(capsys, slip14):
    passed, report = report_of(capsys, 14, slip14, diff=True)
    book = (catalog.STEPS_DIR / 'step14' / 'core.py').read_text().splitlines()
    shown = [line[5:] for line in report.splitlines() if line.startswith('    +') and not line.startswith('    +++')]
    mine = [line[5:] for line in report.splitlines() if line.startswith('    -') and not line.startswith('    ---')]
    assert shown == ['                x.grad = x.grad + gx'] and mine == ['                x.grad = gx']
    assert all(any(line.strip() == b.split('#')[0].strip() for b in book) for line in shown)
    assert '    +++ steps/step14/core.py' in report


def test_values_are_plain(capsys, slip14):
    passed, report = report_of(capsys, 14, slip14)
    assert "— `x.grad`: yours: 1.0, the book's: 2.0" in report
    assert not re.search(r'np\.float64|array\(|object at 0x|assert ', report)


@pytest.mark.slow
def test_skips_are_listed_under_the_steps_they_belong_to(capsys, tmp_path):
    code = snapshot_code(7)
    start = code.index('def numerical_diff')
    end = code.index('\n\n\n', start)
    (tmp_path / 'mine.py').write_text(code[:start] + code[end:])  # the book's step 7 has no numerical_diff
    passed, report = report_of(capsys, 7, tmp_path / 'mine.py')
    assert passed, report
    lines = report.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith('· Step 4 — '))
    assert lines[at + 1].startswith("  skipped ") and "of numerical_diff: the book's code has none at step 7" in lines[at + 1]


@pytest.mark.parametrize('lang, one, many', [('en', '1 test', '2 tests'), ('ko', '테스트 1개', '테스트 2개')])
def test_counts_are_said_right(lang, one, many):
    words = Report(lang, run.LIMITS)
    assert (words.tests(1), words.tests(2)) == (one, many)


HANGUL = re.compile('[가-힣]')


def test_the_korean_report_is_korean_outside_code(capsys, slip14):
    passed, report = report_of(capsys, 14, slip14, lang='ko')
    for line in report.splitlines():
        words = re.sub(r'`[^`]*`|\([^()]*\.py[^()]*\)|[\w./]+\.py|yours|the book', '', line)
        words = re.sub(r'— 내 코드: .*', '', words)  # the values and Python's own messages are code
        if re.search('[A-Za-z]{3,}', words) and not line.startswith('    '):
            assert HANGUL.search(words), line


def test_cannot_check_and_usage_speak_korean(tmp_path):
    env = {'PYTHONPATH': str(ROOT), 'PATH': '/usr/bin:/bin', 'LANG': 'ko_KR.UTF-8'}
    missing = subprocess.run([sys.executable, '-m', 'common.check', '7', str(tmp_path / 'nope.py')], cwd=ROOT,
                             capture_output=True, text=True, env=env)
    assert missing.returncode == 2 and missing.stderr.startswith('확인할 수 없음: ') and HANGUL.search(missing.stderr[10:])
    usage = subprocess.run([sys.executable, '-m', 'common.check', '-h'], cwd=ROOT, capture_output=True, text=True,
                           env=env)
    assert usage.returncode == 0 and usage.stdout.startswith('사용법: python -m common.check')
    assert '\n옵션:\n' in usage.stdout and '\n위치 인수:\n' in usage.stdout


@pytest.mark.slow
def test_watch_checks_again_on_every_save_until_ctrl_c(tmp_path):
    pytest.importorskip('watchfiles')
    mine = tmp_path / 'mine.py'
    mine.write_text(planted(14, *SLIP_14))
    child = subprocess.Popen([sys.executable, '-m', 'common.check', '14', str(mine), '--watch'], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines, seen = queue.Queue(), []
    threading.Thread(target=lambda: [lines.put(line) for line in child.stdout], daemon=True).start()

    def until(words, seconds=30):
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            try:
                seen.append(lines.get(timeout=max(0.1, ends - time.monotonic())))
            except queue.Empty:
                break
            if words in seen[-1]:
                return
        child.kill()
        raise AssertionError('no "{}" in {}'.format(words, ''.join(seen)))
    until("not yet the book's step 14")
    until('watching')
    mine.write_text(snapshot_code(14))
    until("your code does what the book's code does at step 14")
    until('watching')  # a report can reach the pipe while it is still being printed: Ctrl-C once it is done
    child.send_signal(signal.SIGINT)
    assert child.wait(timeout=10) == 0, child.stderr.read() + str(list(lines.queue))


def test_a_raise_that_never_came_is_a_sentence_and_test_ids_are_korean_in_korean():
    from common.check.child.values import not_raised
    from common.check.records import Result, TestOutcome
    with pytest.raises(pytest.fail.Exception) as waited:
        with pytest.raises(TypeError):
            pass
    assert not_raised(waited.value) == 'TypeError' and not_raised(ValueError('DID NOT RAISE')) == ''
    test = TestOutcome('test_add_none[square-1-d]', 10, Result.FAILED, str(waited.value), params=['square', '1-d'],
                       not_raised=not_raised(waited.value))
    english, korean = Report('en', run.LIMITS).failure(test), Report('ko', run.LIMITS).failure(test)
    assert english == '  ✗ add none [square-1-d] — yours: no TypeError was raised'
    assert korean.endswith('[square, 1차원] — 내 코드: TypeError 예외가 발생하지 않음'), korean
    assert 'DID NOT RAISE' not in english + korean


def test_jupyters_own_notebook_is_this_notebook_in_the_reports_language():
    from common.check import report, run
    from common.check.reading import Plan
    kernel, file = Plan('this notebook', [], [], []), Plan('/home/me/step07.py', [], [], [])
    assert report.Report('ko', run.LIMITS).source(kernel) == '이 노트북'
    assert report.Report('en', run.LIMITS).source(kernel) == 'this notebook'
    assert report.Report('ko', run.LIMITS).source(file) == '/home/me/step07.py'


def test_an_object_without_a_value_is_said_in_the_reports_language():
    from common.check import report, run
    assert report.Report('ko', run.LIMITS).objects('(a Square, 2.0)') == '(Square 객체, 2.0)'
    assert report.Report('en', run.LIMITS).objects('(a Square, 2.0)') == '(a Square, 2.0)'


def test_numpys_arrays_read_plain_and_an_errors_own_full_stop_stays():
    from common.check.child.values import tidy
    assert tidy('array([[1., 2.], [ 3., -4.]])') == '[[1.0, 2.0], [3.0, -4.0]]'
    assert tidy('ValueError: the step must be 3.') == 'ValueError: the step must be 3.'
