"""The learner's checker: faithful copies of the snapshots pass, learners' slips fail where they should."""
import re
import shutil
import subprocess
import sys

import pytest

from common import catalog
from common.check import check

STEPS = catalog.STEPS_DIR
ROOT = catalog.ROOT


def snapshot_code(step):
    """core.py of a snapshot without its example."""
    return (STEPS / 'step{:02d}'.format(step) / 'core.py').read_text().split("if __name__ == '__main__':")[0]


def planted(step, old, new):
    code = snapshot_code(step)
    assert old in code, 'the slip was not planted'
    return code.replace(old, new)


def run_check(capsys, step, path):
    passed = check(step, path)
    return passed, capsys.readouterr().out


def failing_sections(report):
    return {int(n) for n in re.findall(r'^✗ Step (\d+) — ', report, re.MULTILINE)}


@pytest.mark.parametrize('step', [8, pytest.param(1, marks=pytest.mark.slow),
                                  *(pytest.param(n, marks=pytest.mark.slow) for n in (13, 18, 22))])
def test_a_faithful_copy_of_a_snapshot_passes(capsys, tmp_path, step):
    (tmp_path / 'mine.py').write_text(snapshot_code(step))
    passed, report = run_check(capsys, step, tmp_path / 'mine.py')
    assert passed, report
    assert report.rstrip().endswith("your code does what the book's code does at step {}".format(step))
    assert '✗' not in report


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
    assert re.search(r"^  ✗ the book's code: .+ — yours: .+$", report, re.MULTILINE)
    assert report.rstrip().endswith("not yet the book's step {}".format(step))


def test_a_typo_in_a_base_class_names_the_error_and_the_missing_class(capsys, tmp_path):
    (tmp_path / 'mine.py').write_text(planted(3, 'class Exp(Function):', 'class Exp(Funtion):'))
    passed, report = run_check(capsys, 3, tmp_path / 'mine.py')
    assert not passed
    assert "NameError: name 'Funtion' is not defined" in report
    assert '  - Exp (the book brings it at step 3)' in report


@pytest.mark.slow
def test_the_books_numerical_diff_passes_and_the_report_says_what_numpy_2_needs(capsys, tmp_path):
    book = planted(9, 'Variable(as_array(x.data - eps))', 'Variable(x.data - eps)')
    (tmp_path / 'mine.py').write_text(book.replace('Variable(as_array(x.data + eps))', 'Variable(x.data + eps)'))
    passed, report = run_check(capsys, 9, tmp_path / 'mine.py')
    assert passed, report
    assert 'numpy 2' in report and 'Variable(as_array(x.data - eps))' in report


@pytest.mark.slow
def test_a_folder_copied_as_the_books_dezero_package_is_checked_as_a_whole(capsys, tmp_path):
    shutil.copytree(STEPS / 'step23', tmp_path / 'dezero', ignore=shutil.ignore_patterns('test_*', '__pycache__'))
    passed, report = run_check(capsys, 23, tmp_path / 'dezero')
    assert passed, report


@pytest.mark.slow
def test_a_notebook_runs_its_code_cells_in_order_without_shell_and_magic_lines(capsys, tmp_path):
    nbformat = pytest.importorskip('nbformat')
    code = snapshot_code(9)
    cells = ['!pip install numpy\n%matplotlib inline', code, '%%bash\necho not python']
    path = tmp_path / 'mine.ipynb'
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells]), str(path))
    passed, report = run_check(capsys, 9, path)
    assert passed, report


@pytest.mark.slow
def test_a_cell_that_raises_is_named_and_the_check_goes_on_with_what_came_before(capsys, tmp_path):
    nbformat = pytest.importorskip('nbformat')
    cells = ['import numpy as np', snapshot_code(1), 'raise ValueError("oops")', 'class Function: pass']
    path = tmp_path / 'mine.ipynb'
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells]), str(path))
    passed, report = run_check(capsys, 2, path)
    assert not passed
    assert 'code cell 3 stopped at line 1: ValueError: oops' in report
    assert '  - Function (the book brings it at step 2)' in report


@pytest.mark.parametrize('args, status, words', [
    (['7', 'steps/step07/core.py'], 0, 'does what the book'),
    (['7', 'no/such/file.py'], 2, 'no such file or folder'),
    (['31', 'steps/step07/core.py'], 2, 'from 1 to 30'),
])
@pytest.mark.slow
def test_the_command_exits_0_1_or_2(args, status, words):
    result = subprocess.run([sys.executable, '-m', 'common.check'] + args, cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == status, result.stdout + result.stderr
    assert words in result.stdout + result.stderr


@pytest.mark.slow
def test_a_syntax_error_is_unusable_input_with_file_and_line(tmp_path):
    (tmp_path / 'mine.py').write_text('import numpy as np\n\nclass Variable(:\n')
    result = subprocess.run([sys.executable, '-m', 'common.check', '1', str(tmp_path / 'mine.py')],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert 'mine.py, line 3: SyntaxError' in result.stderr


@pytest.mark.parametrize('slip, expected', [(False, 'RESULT True'), (True, 'RESULT False')])
@pytest.mark.slow
def test_a_notebook_checks_itself_in_a_real_kernel(tmp_path, slip, expected):
    nbformat, nbclient = pytest.importorskip('nbformat'), pytest.importorskip('nbclient')
    code = snapshot_code(9)
    if slip:
        code = planted(9, '        if data is not None:\n', '        if not data:\n')
    cells = ['import sys\nsys.path.insert(0, {!r})'.format(str(ROOT)), code,
             'from common.check import check\nprint("RESULT", check(9))']
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbclient.NotebookClient(notebook, timeout=60, kernel_name='python3',
                            resources={'metadata': {'path': str(tmp_path)}}).execute()
    printed = ''.join(output.get('text', '') for output in notebook.cells[-1].outputs)
    assert expected in printed
    assert 'Step 9 — 함수를 더 편리하게 / More convenient functions' in printed


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
    assert report.splitlines()[0].startswith('6단계 — 수동 역전파 / Manual backpropagation: 내 코드(')
    assert '  ✗ 책의 코드: ' in report and ' — 내 코드: ' in report
    assert report.rstrip().endswith('아직 책의 6단계와 다릅니다')
