"""The learner's example prints what the book's prints (issue 22): a file runs as `python stepNN.py`
runs it, what it prints is kept, and where it runs the step's example, it is compared with what
the snapshot's `python core.py` prints."""
import re
import shutil
import subprocess
import sys

import pytest

from common import catalog
from common.check import example, run
from common.check.child import units
from common.tests.test_check import cli, notebook, run_check, snapshot_code

STEPS = catalog.STEPS_DIR


def core(step):
    """A snapshot's whole core.py, its example too, as a learner who typed the book has it."""
    return (STEPS / 'step{:02d}'.format(step) / 'core.py').read_text(encoding='utf-8')


def slipped(step, old, new):
    code = core(step)
    assert code.count(old) == 1, 'the slip was not planted'
    return code.replace(old, new)


SQUARE_SLIP = (16, '        gx = 2 * x * gy\n', '        gx = 2 * x\n')
GOLDSTEIN_SLIP = (24, '(30 + (2*x - 3*y)**2', '(30 + (2*x + 3*y)**2')
NO_CLEARGRAD = (28, '        x0.cleargrad()\n', '')


# -- comparing ---------------------------------------------------------------------------------

def test_a_line_is_its_values_and_numbers_agree_within_the_tolerance():
    assert example.values('variable(64.0)') == example.values('64.0') == example.values('x.grad: 64.0') == [64.0]
    assert example.values("<class 'numpy.float64'>") == []
    assert example.values('0 variable(2.0) None True') == [0.0, 2.0, 'None', 'True']
    assert example.same([64.0], [64.00000001]) and not example.same([4.0], [64.0])
    assert not example.same([1.0], [1.0, 2.0]) and not example.same(['None'], [2.0])


BOOK = [['y.data', '32.0'], ['x.grad', '64.0']]


def test_the_books_lines_are_found_in_order_among_the_learners():
    calls = {'x.grad'}
    assert example.compare(BOOK, 'variable(32.0)\nhello 1 2\nvariable(64.0)\n', calls=calls) is None
    found = example.compare(BOOK, '32.0\n4.0\n', calls=calls)
    assert (found.what, found.mine, found.book) == ('x.grad', '4.0', '64.0')
    assert example.compare(BOOK, '64.0\n32.0\n', calls=calls) is None  # the right values, in another order
    assert example.compare(BOOK, '32.0\n', calls=calls) is None  # a part of the example left out


def test_step_24_may_print_any_of_the_three_functions_the_book_shows():
    book = [['x.grad, y.grad', '-5376.0 8064.0']]
    calls, also = {'x.grad, y.grad'}, example.ALSO[24]
    for printed in ('2.0 2.0\n', '0.040000000000000036 0.040000000000000036\n', '-5376.0 8064.0\n'):
        assert example.compare(book, printed, calls=calls, also=also) is None
    assert example.compare(book, '14145.0 -72774.0\n', calls=calls, also=also).mine == '14145.0 -72774.0'


def test_code_that_does_not_run_the_example_is_not_compared():
    assert example.compare(BOOK, '', calls={'x.grad'}) is None                     # prints nothing
    assert example.compare(BOOK, '9.0\n', calls={'square(x).data'}) is None        # its own print()
    assert example.compare(BOOK, 'a b c\n1 2\n', calls={'x.grad'}) is None         # no line of one value
    assert example.compare(BOOK, '4.0\n', cut=True, calls={'x.grad'}) is None      # may be past the cut


def test_what_the_learners_code_prints_is_kept_up_to_a_limit():
    printed = units.Printed(limit=10)
    with units.redirected(printed):
        print('0123456789abc')
    assert printed.text == '0123456789' and printed.cut


def test_the_cache_is_the_users_own(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, 'platform', 'linux')
    monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'xdg'))
    assert run.cache_dir('examples') == str(tmp_path / 'xdg' / 'dezero-check' / 'examples')
    monkeypatch.setattr(sys, 'platform', 'win32')
    monkeypatch.setenv('LOCALAPPDATA', str(tmp_path / 'local'))
    assert run.cache_dir() == str(tmp_path / 'local' / 'dezero-check')
    monkeypatch.setattr(sys, 'platform', 'darwin')
    monkeypatch.setenv('HOME', str(tmp_path / 'home'))
    assert run.cache_dir() == str(tmp_path / 'home' / 'Library' / 'Caches' / 'dezero-check')


@pytest.mark.slow
def test_the_books_output_is_what_python_core_py_prints_and_every_compared_step_prints_values(tmp_path):
    recorded = example.book_outputs(range(1, 31))
    for step in range(1, 31):
        copy = tmp_path / str(step)
        shutil.copytree(STEPS / 'step{:02d}'.format(step), copy, ignore=shutil.ignore_patterns('__pycache__'))
        printed = subprocess.run([sys.executable, 'core.py'], cwd=copy, capture_output=True, text=True).stdout
        assert ''.join(line + '\n' for _, line in recorded[step]) == printed, step
        assert all(what for what, _ in recorded[step]), step  # each line's print() arguments
        has_values = any(example.values(line) for _, line in recorded[step])
        assert has_values or step in example.SKIP, step
    assert not any(map(example.values, [line for _, line in recorded[17] + recorded[26]]))


# -- the checker -------------------------------------------------------------------------------

def test_step_16_with_a_square_that_forgets_gy_fails_on_its_example(capsys, tmp_path):
    (tmp_path / 'step16.py').write_text(slipped(*SQUARE_SLIP))
    passed, report = run_check(capsys, 16, tmp_path / 'step16.py')
    assert not passed
    lines = report.splitlines()
    at = lines.index("✗ the example prints x.grad differently — yours: 4.0, the book's: 64.0")
    assert lines[at:at + 7] == [
        "✗ the example prints x.grad differently — yours: 4.0, the book's: 64.0",
        '  yours prints:', '    | 32.0', '    | 4.0',
        "  the book's (python core.py in steps/step16) prints:", '    | 32.0', '    | 64.0'], report


@pytest.mark.slow
def test_step_16_with_a_square_that_forgets_gy_exits_1_in_english_and_korean(tmp_path):
    (tmp_path / 'step16.py').write_text(slipped(*SQUARE_SLIP))
    result = cli(16, tmp_path / 'step16.py', '--lang', 'en')
    assert result.returncode == 1, result.stdout
    assert "✗ the example prints x.grad differently — yours: 4.0, the book's: 64.0" in result.stdout
    assert result.stdout.rstrip().endswith("not yet the book's step 16")
    korean = cli(16, tmp_path / 'step16.py', '--lang', 'ko')
    assert '✗ 예제가 출력하는 x.grad 값이 책과 다릅니다 — 내 코드: 4.0, 책의 코드: 64.0' in korean.stdout


@pytest.mark.slow
def test_step_24_with_a_sign_slip_in_goldstein_fails_on_its_example(capsys, tmp_path):
    (tmp_path / 'step24.py').write_text(slipped(*GOLDSTEIN_SLIP))
    passed, report = run_check(capsys, 24, tmp_path / 'step24.py')
    assert not passed
    assert re.search(r"^✗ the example prints x\.grad, y\.grad differently — yours: \S+ \S+, the book's: -5376\.0 8064\.0$",
                     report, re.MULTILINE), report


@pytest.mark.slow
def test_step_28_without_cleargrad_fails_on_its_example(capsys, tmp_path):
    (tmp_path / 'step28.py').write_text(slipped(*NO_CLEARGRAD))
    passed, report = run_check(capsys, 28, tmp_path / 'step28.py')
    assert not passed
    assert ("✗ the example prints x0, x1 differently — yours: variable(0.0072759968) variable(1.2800008), "
            "the book's: variable(0.0052759968) variable(1.2800008)") in report, report
    assert "  the book's (python core.py in steps/step28) prints:" in report


def test_a_file_that_prints_lines_of_its_own_passes(capsys, tmp_path):
    code = core(16).replace('    print(y.data)\n', "    print('my note:', a.data, 'and', 1, 2)\n    print(y.data)\n"
                            "    print('----')\n")
    (tmp_path / 'step16.py').write_text(code)
    passed, report = run_check(capsys, 16, tmp_path / 'step16.py')
    assert passed, report
    assert 'example' not in report


@pytest.mark.slow
def test_a_file_that_prints_nothing_of_the_example_passes(capsys, tmp_path):
    # its own example: one number a line, as the book's, but not the book's print(x.grad)
    (tmp_path / 'step16.py').write_text(snapshot_code(16) + "if __name__ == '__main__':\n"
                                        "    print(square(Variable(np.array(3.0))).data)\n")
    passed, report = run_check(capsys, 16, tmp_path / 'step16.py')
    assert passed, report


@pytest.mark.slow
def test_unittest_main_ends_only_the_file_and_the_report_says_so(capsys, tmp_path):
    code = core(16).replace("if __name__ == '__main__':\n",
                            "import unittest\n\n\nclass MyTest(unittest.TestCase):\n    def test_one(self):\n"
                            "        self.assertEqual(square(Variable(np.array(3.0))).data, 9.0)\n\n\n"
                            "if __name__ == '__main__':\n    unittest.main()\n")
    (tmp_path / 'step16.py').write_text(code)
    passed, report = run_check(capsys, 16, tmp_path / 'step16.py')
    assert passed, report
    assert re.search(r"^! step16\.py, line \d+ `unittest\.main\(\)`: your code ends the program there "
                     r"\(SystemExit: 0\).*here that ends only this file, and the lines after it did not run", report,
                     re.MULTILINE), report


@pytest.mark.slow
def test_step_files_that_import_each_other_run_their_own_examples(capsys, tmp_path):
    (tmp_path / 'step15.py').write_text(core(15))  # its example prints 32.0 96.0 64.00000016006047
    (tmp_path / 'step16.py').write_text('from step15 import Variable, Function, as_array\n'
                                        + slipped(*SQUARE_SLIP).replace('import numpy as np\n', 'import numpy as np\n', 1))
    passed, report = run_check(capsys, 16, tmp_path / 'step16.py')
    assert not passed and 'yours: 4.0, the book\'s: 64.0' in report


@pytest.mark.slow
@pytest.mark.parametrize('step', range(1, 31))
def test_each_snapshots_core_py_checked_as_a_file_passes(capsys, step):
    passed, report = run_check(capsys, step, STEPS / 'step{:02d}'.format(step) / 'core.py')
    assert passed, report
    assert '✗' not in report and '\n! ' not in report, report


@pytest.mark.slow
def test_every_step_of_a_notebook_compares_each_sections_output_with_its_steps_example(tmp_path):
    cells = ['import numpy as np']
    for step, code in ((14, core(14)), (16, slipped(*SQUARE_SLIP)), (24, core(24))):
        cells += ['## Step{}. {}'.format(step, catalog.STEPS[step - 1].korean), code]
    result = cli(notebook(tmp_path / 'book.ipynb', cells), '--lang', 'en')
    assert result.returncode == 1, result.stdout
    lines = result.stdout.splitlines()
    lines = lines[:lines.index('Step 16 in detail:')]
    assert [m[0] for m in map(re.compile(r'[✓✗] Step \d+').match, lines) if m] == ['✓ Step 14', '✗ Step 16', '✓ Step 24']
    assert '✗ Step 16 — Complex graphs (implementation): 4 passed, 7 failed — ' in result.stdout
    assert "✗ the example prints x.grad differently — yours: 4.0, the book's: 64.0" in result.stdout
    assert '✗ 2 of 3 steps' in result.stdout
