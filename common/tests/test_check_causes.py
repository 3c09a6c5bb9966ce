"""The cause, not a neighbour of it: each report line true to the learner's code, as learners keep it
(a notebook that attaches operators and then defines the class again, a step file whose package
fails to import, a notebook run in Jupyter, an import that fails and the names it leaves undefined)."""
import re
import shutil

import nbformat
import pytest

from common import catalog
from common.tests.test_check import cli, notebook, snapshot_code, whole_book

STEPS = catalog.STEPS_DIR


def lines_with(report, *words):
    return [line for line in report.splitlines() if all(word in line for word in words)]


@pytest.mark.slow
def test_a_class_defined_again_after_its_operators_were_attached_names_the_cell_that_attached_them(tmp_path):
    code = snapshot_code(20)
    attach = 'Variable.__add__ = add\nVariable.__mul__ = mul\n'
    variable = re.search(r'^class Variable:.*?(?=^class )', code, re.S | re.M)[0]
    example = 'a = Variable(np.array(3.0))\nb = Variable(np.array(2.0))\ny = a * b\ny.backward()\nprint(y, a.grad)'
    path = notebook(tmp_path / 'mine.ipynb', ['## Step 20', code.replace(attach, ''), attach, variable, example])
    result = cli(20, path)
    assert result.returncode == 1, result.stdout + result.stderr
    named = lines_with(result.stdout, 'code cell 3', 'code cell 2', '__add__', '__mul__')
    assert named, result.stdout
    # the rerun that mends it: the cell that attaches, not the class's own cell
    assert 'Run code cell 2 again' in named[0], named[0]
    assert 'Look first at Variable.__init__' not in result.stdout


def package_that_fails(folder):
    package = folder / 'dezero'
    shutil.copytree(STEPS / 'step23', package, ignore=shutil.ignore_patterns('test_*', '__pycache__', 'README*'))
    init = (package / '__init__.py').read_text()
    (package / '__init__.py').write_text(init + '\nimport a_module_nobody_has\n')
    return package


@pytest.mark.slow
def test_a_step_file_whose_package_fails_to_import_is_not_a_pass(tmp_path):
    package_that_fails(tmp_path)
    (tmp_path / 'steps').mkdir()
    step = tmp_path / 'steps' / 'step23.py'
    step.write_text("if '__file__' in globals():\n    import os, sys\n"
                    "    sys.path.append(os.path.join(os.path.dirname(__file__), '..'))\n"
                    'import numpy as np\nfrom dezero import Variable\n'
                    'x = Variable(np.array(1.0))\ny = (x + 3) ** 2\ny.backward()\nprint(y)\nprint(x.grad)\n')
    for path in (step, tmp_path / 'steps'):
        result = cli(23, path)
        assert result.returncode == 1, result.stdout + result.stderr
        last = result.stdout.rstrip().splitlines()[-1]
        assert not last.startswith('✓') and 'step23.py' in last, last


@pytest.mark.slow
def test_a_package_whose_init_fails_to_import_is_not_a_pass(tmp_path):
    result = cli(23, package_that_fails(tmp_path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'a_module_nobody_has' in result.stdout
    assert 'cell' not in result.stdout.rstrip().splitlines()[-1]


@pytest.mark.slow
def test_cells_are_named_as_jupyter_shows_them_where_the_notebook_has_execution_counts(tmp_path):
    cells = [nbformat.v4.new_markdown_cell('## Step 1'),
             nbformat.v4.new_code_cell(snapshot_code(1), execution_count=3),
             nbformat.v4.new_code_cell('print(undefined_name)', execution_count=7),
             nbformat.v4.new_code_cell('x = Variable(np.array(1.0))')]  # never run in Jupyter: no count
    path = tmp_path / 'mine.ipynb'
    nbformat.write(nbformat.v4.new_notebook(cells=cells), str(path))
    result = cli(1, path)
    assert lines_with(result.stdout, 'In [7]', 'NameError'), result.stdout
    assert 'code cell 2' not in result.stdout
    assert 'read: In [3] to code cell 3' in result.stdout, result.stdout


@pytest.mark.slow
def test_an_import_that_fails_and_the_names_it_leaves_undefined_are_one_finding(tmp_path):
    cells = ['## Step 9', 'import numpy as np\nfrom dezero import Variable, Function, square, exp, as_array',
             'x = Variable(np.array(0.5))\ny = square(exp(square(x)))\ny.backward()\nprint(x.grad)']
    result = cli(9, notebook(tmp_path / 'mine.ipynb', cells))
    assert result.returncode == 1
    report = result.stdout
    assert len(lines_with(report, "No module named 'dezero'")) == 1, report
    assert not lines_with(report, 'NameError'), report
    assert not lines_with(report, 'every test needs it'), report
    # dezero is the book's own package, the learner's to write: PyPI's is the finished one
    assert 'pip install dezero' not in report


@pytest.mark.slow
def test_a_file_beside_the_notebook_that_nothing_imports_lends_it_no_names(tmp_path):
    (tmp_path / 'step09.py').write_text(snapshot_code(9))
    cells = ['## Step 9', 'import numpy as np\nfrom dezero import Variable', 'x = Variable(np.array(0.5))']
    result = cli(9, notebook(tmp_path / 'mine.ipynb', cells))
    assert result.returncode == 1
    assert 'step09.py' not in result.stdout and '0 passed' in result.stdout.splitlines()[-1], result.stdout


@pytest.mark.slow
def test_every_step_at_once_names_the_function_to_look_at_in_the_first_failing_step(tmp_path):
    path = whole_book(tmp_path / 'book.ipynb', range(1, 12), lambda n: '## Step{}.'.format(n),
                      slips={9: ('gx = 2 * x * gy', 'gx = 2 * x')})
    result = cli(path)
    assert result.returncode == 1
    details = result.stdout.split('Step 9 in detail:')[1]
    assert lines_with(details, 'Look first at Square.backward'), result.stdout


@pytest.mark.slow
def test_every_step_at_once_names_a_cell_that_raised_in_a_step_that_passes(tmp_path):
    path = whole_book(tmp_path / 'book.ipynb', range(1, 4), lambda n: '## Step{}.'.format(n))
    made = nbformat.read(str(path), as_version=4)
    made.cells.insert(4, nbformat.v4.new_code_cell('print(y.dtaa)'))  # in step 2's section, after its code
    nbformat.write(made, str(path))
    result = cli(path)
    assert result.returncode == 0, result.stdout
    assert lines_with(result.stdout, '✓ Step 2 ', '1 cell raised', 'code cell 3 (`print(y.dtaa)`)', 'NameError'), \
        result.stdout


@pytest.mark.slow
def test_a_class_defined_again_as_it_was_leaves_the_classes_built_on_it_alone(tmp_path):
    """Running Function's cell twice makes a new Function, code for code the old one: Square, built on
    the old one, needs no rerun, and the report asks for none."""
    code = snapshot_code(7)
    function = code[code.index('class Function:'):code.index('class Square(Function):')]
    result = cli(7, notebook(tmp_path / 'mine.ipynb', ['## Step 7', code, function]))
    assert result.returncode == 0, result.stdout
    assert 'built on an older' not in result.stdout


@pytest.mark.slow
def test_a_failure_line_names_the_assert_that_failed_when_its_test_makes_several(tmp_path):
    """The cleargrad test's sentence ends on 3.0; with grads overwritten, not added up, its first
    assert fails on 2.0, and the line says which."""
    from common.tests.test_check import planted
    (tmp_path / 'mine.py').write_text(planted(14, 'x.grad = x.grad + gx', 'x.grad = gx'))
    result = cli(14, tmp_path / 'mine.py')
    assert result.returncode == 1
    line = lines_with(result.stdout, 'After `x.cleargrad()`')
    assert line and line[0].endswith("— `x.grad`: yours: 1.0, the book's: 2.0"), result.stdout


def ahead(folder, slip=None):
    """The learner's dezero as the book has it from step 32 on, where backward() starts from a Variable
    grad (so every grad is one), here made from step 30's package; with a slip if asked."""
    package = folder / 'dezero'
    shutil.copytree(STEPS / 'step30', package, ignore=shutil.ignore_patterns('test_*', '__pycache__', 'README*'))
    core = (package / 'core.py').read_text()
    changes = [('self.grad = np.ones_like(self.data)', 'self.grad = Variable(np.ones_like(self.data))')]
    for old, new in changes + ([slip] if slip else []):
        assert old in core
        core = core.replace(old, new)
    (package / 'core.py').write_text(core)
    return package


@pytest.mark.slow
def test_code_ahead_of_the_step_is_judged_by_value_and_said_to_be_ahead(tmp_path):
    result = cli(27, ahead(tmp_path))
    assert result.returncode == 0, result.stdout
    assert lines_with(result.stdout, 'judged by value', 'grad is a Variable', 'step 32'), result.stdout
    assert 'yours: Variable(' not in result.stdout


@pytest.mark.slow
def test_a_slip_in_code_ahead_of_the_step_still_fails(tmp_path):
    result = cli(27, ahead(tmp_path, ('return gy * x1, gy * x0', 'return gy * x1, gy * x1')))
    assert result.returncode == 1, result.stdout
    assert '✗ Step 24 ' in result.stdout
