"""The learner's checker, used as learners use it: faithful copies pass, slips fail where they
are, whole-book notebooks headed as learners head them, cells that fail, leftovers, magics."""
import re
import subprocess
import sys

import nbformat
import pytest

from common import catalog
from common.check import check, checking, reading

STEPS = catalog.STEPS_DIR
ROOT = catalog.ROOT
KOREAN_ERROR = "raise TypeError('{}은(는) 지원하지 않습니다.'.format(type(data)))"


def snapshot_code(step):
    """core.py of a snapshot without its example."""
    return (STEPS / 'step{:02d}'.format(step) / 'core.py').read_text().split("if __name__ == '__main__':")[0]


def planted(step, old, new, code=None):
    code = code or snapshot_code(step)
    assert old in code, 'the slip was not planted'
    return code.replace(old, new)


def run_check(capsys, step, path, **limits):
    if limits:
        passed = checking(step, reading.plan_for(path, step), 'en', limits)
    else:
        passed = check(step, path, lang='en')
    return passed, capsys.readouterr().out


def cli(*args, cwd=ROOT, timeout=120):
    return subprocess.run([sys.executable, '-m', 'common.check', *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env={'PYTHONPATH': str(ROOT), 'PATH': '/usr/bin:/bin',
                                                           'LANG': 'C.UTF-8'})


def failing_sections(report):
    return {int(n) for n in re.findall(r'^✗ Step (\d+) — ', report, re.MULTILINE)}


def notebook(path, cells):
    """A notebook of cells: a string starting with '#' is markdown, any other is code."""
    made = [nbformat.v4.new_markdown_cell(c) if c.startswith('#') else nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nbformat.v4.new_notebook(cells=made), str(path))
    return path


def whole_book(path, steps, heading, slips=None):
    """A notebook for the whole book as learners keep one: a heading and the step's code, step by step."""
    slips = slips or {}
    cells = ['import numpy as np']
    for n in steps:
        code = snapshot_code(n)
        if n in slips:
            code = planted(n, *slips[n], code=code)
        cells += [heading(n), code]
    return notebook(path, cells)


# -- a file ----------------------------------------------------------------------------------------

@pytest.mark.parametrize('step', [8, pytest.param(1, marks=pytest.mark.slow),
                                  *(pytest.param(n, marks=pytest.mark.slow) for n in (13, 18, 22, 30))])
def test_a_faithful_copy_of_a_snapshot_passes(capsys, tmp_path, step):
    (tmp_path / 'mine.py').write_text(snapshot_code(step))
    if (STEPS / 'step{:02d}'.format(step) / 'utils.py').exists():  # from step 26 the graph functions are in utils.py
        (tmp_path / 'utils.py').write_text((STEPS / 'step{:02d}'.format(step) / 'utils.py').read_text())
        (tmp_path / 'mine.py').write_text(snapshot_code(step) + 'from utils import get_dot_graph, plot_dot_graph\n')
    passed, report = run_check(capsys, step, tmp_path / 'mine.py')
    assert passed, report
    assert report.rstrip().endswith("your code does what the book's code does at step {}".format(step))
    assert '✗' not in report


@pytest.mark.parametrize('step', [9, pytest.param(22, marks=pytest.mark.slow)])
def test_the_korean_editions_listing_passes(capsys, tmp_path, step):
    (tmp_path / 'mine.py').write_text(planted(step, "raise TypeError('{} is not supported'.format(type(data)))",
                                              KOREAN_ERROR))
    passed, report = run_check(capsys, step, tmp_path / 'mine.py')
    assert passed, report


SLIPS = {
    'a forgotten self.input': (6, '        self.input = input\n', '', {6}),
    "if not data: for the type check": (9, '        if data is not None:\n', '        if not data:\n', {9}),
    'a gradient overwritten, not added up': (14, 'x.grad = x.grad + gx', 'x.grad = gx', {14}),
    'a forgotten generation': (16, '        self.generation = func.generation + 1\n', '', {16}),
    'no_grad that does not restore its mode when its block raises': (
        18, '    try:\n        yield\n    finally:\n        setattr(Config, name, old_value)',
        '    yield\n    setattr(Config, name, old_value)', {18}),
    'retain_grad inverted': (18, 'if not retain_grad:', 'if retain_grad:', {18}),
}


@pytest.mark.parametrize('slip', [slip if slip == 'retain_grad inverted' else
                                  pytest.param(slip, marks=pytest.mark.slow) for slip in SLIPS])
def test_a_learners_slip_fails_in_the_section_of_its_step(capsys, tmp_path, slip):
    step, old, new, sections = SLIPS[slip]
    (tmp_path / 'mine.py').write_text(planted(step, old, new))
    passed, report = run_check(capsys, step, tmp_path / 'mine.py')
    assert not passed
    assert sections <= failing_sections(report), report
    assert re.search(r"^  ✗ .+ — (`.+`: )?yours: .+$|^✗ \d+ tests in steps? [\d, –]+, one cause: .+ — e\.g\. ", report, re.MULTILINE)
    assert report.rstrip().endswith("not yet the book's step {}".format(step))


@pytest.mark.slow
def test_an_error_names_the_learners_own_line_and_where_it_was_raised(capsys, tmp_path):
    code = snapshot_code(9) + '\nx = Variable(np.array(1.0))\nx = Variable(1.0)\n'
    (tmp_path / 'mine.py').write_text(code)
    last = len(code.splitlines())
    raised = code.splitlines().index("                raise TypeError('{} is not supported'.format(type(data)))") + 1
    passed, report = run_check(capsys, 9, tmp_path / 'mine.py')
    assert passed, report  # the names were defined before the last line stopped
    assert 'mine.py, line {} `x = Variable(1.0)`: TypeError'.format(last) in report
    assert '(raised in Variable.__init__, mine.py, line {})'.format(raised) in report


@pytest.mark.slow
def test_a_typo_in_a_base_class_names_the_error_and_the_missing_class(capsys, tmp_path):
    (tmp_path / 'mine.py').write_text(planted(3, 'class Exp(Function):', 'class Exp(Funtion):'))
    passed, report = run_check(capsys, 3, tmp_path / 'mine.py')
    assert not passed
    assert "NameError: name 'Funtion' is not defined" in report
    assert '  - Exp (the book brings it at step 3)' in report


@pytest.mark.slow
def test_the_books_numerical_diff_passes_and_the_report_says_why_it_fails_on_0_d(capsys, tmp_path):
    book = planted(9, 'Variable(as_array(x.data - eps))', 'Variable(x.data - eps)')
    (tmp_path / 'mine.py').write_text(book.replace('Variable(as_array(x.data + eps))', 'Variable(x.data + eps)'))
    passed, report = run_check(capsys, 9, tmp_path / 'mine.py')
    assert passed, report
    assert 'np.float64' in report and 'Variable(as_array(x.data - eps))' in report
    assert 'numpy 2' not in report


@pytest.mark.slow
def test_a_folder_copied_as_the_books_dezero_package_is_checked_as_a_whole(capsys, tmp_path):
    import shutil
    shutil.copytree(STEPS / 'step23', tmp_path / 'dezero', ignore=shutil.ignore_patterns('test_*', '__pycache__'))
    passed, report = run_check(capsys, 23, tmp_path / 'dezero')
    assert passed, report


# -- a notebook, headed step by step -----------------------------------------------------------------

def title(n, language):
    info = catalog.STEPS[n - 1]
    return info.korean if language == 'ko' else info.english


HEADINGS = {
    'Step 7': lambda n: '## Step {}'.format(n),
    'Step7.': lambda n: '## Step{}. {}'.format(n, title(n, 'ko')),
    'step07': lambda n: '### step{:02d}'.format(n),
    '7단계': lambda n: '## {}단계 {}'.format(n, title(n, 'ko')),
    'the Korean title alone': lambda n: '# {}'.format(title(n, 'ko')),
    'the English title, numbered by the learner': lambda n: '# {}. {}'.format(n - 5, title(n, 'en')),
}


@pytest.mark.parametrize('style', [s if s == 'Step7.' else pytest.param(s, marks=pytest.mark.slow) for s in HEADINGS])
def test_check_n_judges_a_whole_book_notebook_at_the_end_of_step_n(capsys, tmp_path, style):
    path = whole_book(tmp_path / 'book.ipynb', [6, 7, 8, 9], HEADINGS[style],
                      slips={9: ('        if data is not None:\n', '        if not data:\n')})
    passed, report = run_check(capsys, 7, path)
    assert passed, report
    assert "read: code cell 1 to code cell 3, up to the end of step 7's section" in report
    passed, report = run_check(capsys, 9, path)
    assert not passed and 9 in failing_sections(report), report


@pytest.mark.slow
def test_every_step_of_a_notebook_gets_a_line_and_the_first_failing_step_its_details(tmp_path):
    path = whole_book(tmp_path / 'book.ipynb', [1, 2, 3, 4, 6, 7, 8, 9], HEADINGS['Step7.'],
                      slips={7: ('        output.set_creator(self)\n', '')})
    result = cli(path)
    lines = result.stdout.splitlines()
    assert result.returncode == 1, result.stdout + result.stderr
    summary = lines[:lines.index('Step 7 in detail:')]
    # step 8's section defines every class again, without the slip
    assert [line[:9] for line in summary if re.match('[✓✗] Step', line)] == [
        '✓ Step 1 ', '✓ Step 2 ', '✓ Step 3 ', '✓ Step 4 ', '✓ Step 6 ', '✗ Step 7 ', '✓ Step 8 ', '✓ Step 9 ']
    assert lines[-1] == "✗ 7 of 8 steps do what the book's code does — not yet: step 7"


@pytest.mark.slow
def test_every_step_of_a_right_notebook_passes_with_exit_0(tmp_path):
    path = whole_book(tmp_path / 'book.ipynb', [1, 2, 3], HEADINGS['7단계'])
    result = cli(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "✓ all 3 steps do what the book's code does"


def test_a_notebook_without_step_headings_cannot_be_checked_without_a_step(tmp_path):
    result = cli(notebook(tmp_path / 'mine.ipynb', ['x = 1']))
    assert result.returncode == 2
    assert 'has no step sections' in result.stderr and 'python -m common.check 7' in result.stderr


@pytest.mark.slow
def test_cells_that_raise_or_are_not_python_are_named_and_the_check_goes_on(capsys, tmp_path):
    path = notebook(tmp_path / 'book.ipynb', [
        '## Step 6', snapshot_code(6), 'y = square(x)\nprint(y)',
        'digraph g {\n  x -> y\n}',
        '## Step 7', 'x = 1\nraise ValueError("oops")', snapshot_code(7)])
    passed, report = run_check(capsys, 7, path)
    assert passed, report
    assert "! code cell 2 (`y = square(x)`), line 1: NameError: name 'square' is not defined" in report
    assert '! code cell 3 (`digraph g {`), line 1: SyntaxError' in report and 'it is not Python' in report
    assert '! code cell 4 (`x = 1`), line 2 `raise ValueError("oops")`: ValueError: oops' in report


EXITS = ['import sys\nsys.exit()', 'exit()', 'quit()', 'import os\nos._exit(0)', 'import unittest\nunittest.main()',
         'name = input("your name: ")']


@pytest.mark.slow
def test_exits_and_input_in_a_cell_end_only_that_cell(capsys, tmp_path):
    path = notebook(tmp_path / 'book.ipynb', [snapshot_code(9), *EXITS, 'x = Variable(np.array(1.0))'])
    passed, report = run_check(capsys, 9, path)
    assert passed, report
    for number in range(2, 7):
        assert '! code cell {} '.format(number) in report and 'tried to end the program' in report
    assert '! code cell 7 (`name = input("your name: ")`), line 1: asked for input' in report


@pytest.mark.slow
def test_a_leftover_of_the_learners_demo_does_not_fail_a_test_and_is_named(capsys, tmp_path):
    path = notebook(tmp_path / 'book.ipynb', [snapshot_code(18), 'Config.enable_backprop = False\nx = 1'])
    passed, report = run_check(capsys, 18, path)
    assert passed, report
    assert '! your code left Config.enable_backprop = False (code cell 2); each test starts from True' in report


@pytest.mark.slow
def test_a_config_defined_with_the_wrong_default_still_fails(capsys, tmp_path):
    code = planted(18, 'class Config:\n    enable_backprop = True', 'class Config:\n    enable_backprop = False')
    path = notebook(tmp_path / 'book.ipynb', [code])
    passed, report = run_check(capsys, 18, path)
    assert not passed and 18 in failing_sections(report), report


@pytest.mark.slow
def test_a_class_built_on_an_older_function_is_named_with_both_cells(capsys, tmp_path):
    code6, code7 = snapshot_code(6), snapshot_code(7)
    function7 = code7[code7.index('class Function:'):code7.index('class Square(Function):')]
    path = notebook(tmp_path / 'book.ipynb', ['## Step 6', code6, '## Step 7', code7.split('class Function:')[0], function7])
    passed, report = run_check(capsys, 7, path)
    assert not passed
    assert ('! Square (code cell 1) is built on an older Function (code cell 1), not on the Function of code '
            'cell 3: run the cell of Square again after changing Function') in report


@pytest.mark.slow
def test_magics_and_shell_lines_are_read_as_ipython_reads_them(capsys, tmp_path):
    path = notebook(tmp_path / 'book.ipynb', [
        '%matplotlib inline\n!pip install numpy', '%%time\n' + snapshot_code(9), 'x = Variable(np.array(1.0))\nx.data?',
        'files = !ls\ndisplay(x)', '%%bash\necho not python'])
    passed, report = run_check(capsys, 9, path)
    assert passed, report
    assert '\n! ' not in report


@pytest.mark.slow
def test_names_from_a_snapshot_are_not_the_learners_and_never_pass(capsys, tmp_path):
    path = notebook(tmp_path / 'book.ipynb', [
        'import sys\nsys.path.insert(0, {!r})\nfrom common.notebook import use_step\ncore = use_step(9)'.format(str(ROOT)),
        'from core import Variable, Function, Square, Exp, as_array, exp\n'
        'def square(x):\n    return Square()(x)'])
    passed, report = run_check(capsys, 9, path)
    assert not passed
    assert ('! not your code: Variable, Function, Square, Exp, as_array, exp came from our snapshot of step09 '
            '(use_step, import core); they are not checked') in report
    assert "does what the book's code does" not in report


# -- the command line ---------------------------------------------------------------------------------

@pytest.mark.parametrize('args, status, words', [
    (['7', 'steps/step07/core.py'], 0, 'does what the book'),
    (['07', 'steps/step07/core.py'], 0, 'does what the book'),
    (['7', 'no/such/file.py'], 2, 'no such file or folder'),
    (['31', 'steps/step07/core.py'], 2, 'a whole number from 1 to 30'),
    (['7.9', 'steps/step07/core.py'], 2, 'a whole number from 1 to 30'),
    (['-h'], 0, 'usage: python -m common.check'),
])
@pytest.mark.slow
def test_the_command_exits_0_1_or_2(args, status, words):
    result = cli(*args)
    assert result.returncode == status, result.stdout + result.stderr
    assert words in result.stdout + result.stderr
    assert 'Traceback' not in result.stderr


@pytest.mark.parametrize('slip, expected', [(False, 'RESULT True'), (True, 'RESULT False')])
@pytest.mark.slow
def test_a_notebook_checks_itself_in_a_real_kernel(tmp_path, slip, expected):
    nbclient = pytest.importorskip('nbclient')
    code = snapshot_code(9)
    if slip:
        code = planted(9, '        if data is not None:\n', '        if not data:\n')
    cells = ['import sys\nsys.path.insert(0, {!r})'.format(str(ROOT)), '%%time\n' + code,
             'from common.check import check\nprint("RESULT", check(9, lang="en"))']
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbclient.NotebookClient(book, timeout=60, kernel_name='python3',
                            resources={'metadata': {'path': str(tmp_path)}}).execute()
    printed = ''.join(output.get('text', '') for output in book.cells[-1].outputs)
    assert expected in printed, printed
    assert 'Step 9 — 함수를 더 편리하게 / More convenient functions' in printed
    assert 'read: what this notebook has run, In [1] to In [3]' in printed


@pytest.mark.parametrize('how', ['lang', 'locale'])
def test_the_report_speaks_korean_with_lang_ko_or_a_korean_locale(capsys, monkeypatch, tmp_path, how):
    (tmp_path / 'mine.py').write_text(planted(6, '        self.input = input\n', ''))
    if how == 'locale':
        monkeypatch.setenv('LANG', 'ko_KR.UTF-8')
        monkeypatch.delenv('LC_ALL', raising=False)
        monkeypatch.delenv('LC_MESSAGES', raising=False)
    passed = check(6, tmp_path / 'mine.py', lang='ko' if how == 'lang' else None)
    report = capsys.readouterr().out
    assert not passed
    assert report.splitlines()[0].startswith('6단계 — 수동 역전파: 내 코드(')
    assert '✗ 6단계 — 수동 역전파: ' in report
    assert re.search(r'^  ✗ .+ — 내 코드: .+$|^✗ .+단계의 테스트 \d+개가 같은 원인으로 실패: ', report, re.MULTILINE), report
    assert report.rstrip().endswith('아직 책의 6단계와 다릅니다')


@pytest.mark.slow
def test_check_in_a_real_kernel_after_use_step_does_not_judge_the_snapshot_as_the_learners(tmp_path):
    nbclient = pytest.importorskip('nbclient')
    cells = ['import sys\nsys.path.insert(0, {!r})'.format(str(ROOT)),
             'from common.notebook import use_step\ncore = use_step(9)\nfrom core import *',
             'from common.check import check\nprint("RESULT", check(9, lang="en"))']
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbclient.NotebookClient(book, timeout=60, kernel_name='python3',
                            resources={'metadata': {'path': str(tmp_path)}}).execute()
    printed = ''.join(output.get('text', '') for output in book.cells[-1].outputs)
    assert 'RESULT False' in printed, printed
    assert 'came from our snapshot of step09' in printed and 'square' in printed


# -- the learners' notebooks (../shared/seeds) ------------------------------------------------------

SEEDS = ROOT.parent / 'shared' / 'seeds' / 'notebooks'


def step_lines(report):
    """{step: its line} of a whole-notebook report (the lines before the details)."""
    summary = report.split(' in detail:')[0].splitlines()
    return {int(m[1]): line for line in summary if (m := re.match(r'[✓✗·] Step (\d+) ', line))}


def seed(name):
    path = next(SEEDS.glob(name + '_*.ipynb'), None)
    if path is None:
        pytest.skip('the seed notebooks are not beside this repository')
    return path


@pytest.mark.slow
def test_seed_000_a_whole_book_notebook_gets_a_true_line_for_each_of_its_28_steps():
    result = cli(seed('000'))
    assert result.returncode == 1 and 'Traceback' not in result.stderr
    assert result.stdout.startswith(str(seed('000')) + ': 28 step sections, each checked with its own step')
    step = step_lines(result.stdout)
    assert sorted(step) == [n for n in range(1, 31) if n not in (5, 23)]
    # code cell 9 types `class Exp(Funtion):`, so step 3 has no Exp
    assert "code cell 9 (`class Exp(Funtion):`), line 1: NameError: name 'Funtion' is not defined" in step[3]
    # code cell 22 defines Function again, but Square's cell 16 is not run again
    assert 'Square (code cell 16) is built on an older Function (code cell 15), not on the Function of code cell 22' \
        in step[7]
    assert step[6].startswith('✓ Step 6 ') and step[16].startswith('✓ Step 16 ')


@pytest.mark.slow
def test_seed_001_passes_step_7_and_says_its_other_sections_have_no_code():
    result = cli(seed('001'))
    assert result.returncode == 0, result.stdout
    assert '✓ Step 7 — Automating backpropagation: 19 passed' in result.stdout
    assert result.stdout.count("no code of the book's to check yet") == 6


@pytest.mark.slow
def test_seed_003_its_slips_are_named_in_the_steps_they_break():
    result = cli(seed('003'))
    step = step_lines(result.stdout)
    assert sorted(step) == [15, 17, 18]
    # `if not data:` in Variable.__init__ fails on an array of many elements
    assert 'The truth value of an array with more than one element is ambiguous' in step[17]
    # `if not not retain_grad:` keeps the gradients it should drop
    assert "By default `backward()` drops intermediate grads" in step[18]
    assert "yours: (1.0, 1.0), the book's: (None, None)" in step[18]


@pytest.mark.slow
def test_seed_004_says_its_code_lives_in_a_package_that_is_not_beside_it():
    result = cli(seed('004'))
    assert result.returncode == 1
    assert "line 2 `import dezero.functions as F`: ModuleNotFoundError: No module named 'dezero'" in result.stdout


@pytest.mark.slow
def test_every_step_of_a_folder_of_step_files_each_file_on_its_own(tmp_path):
    (tmp_path / 'step06.py').write_text(snapshot_code(6))
    (tmp_path / 'step07.py').write_text(planted(7, '        output.set_creator(self)\n', ''))
    result = cli(tmp_path)
    summary = step_lines(result.stdout)
    assert result.returncode == 1, result.stdout
    assert summary[6].startswith('✓ Step 6 ') and summary[7].startswith('✗ Step 7 ')
