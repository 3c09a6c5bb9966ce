"""The checker on code as learners keep it: their own package, step files that import each other,
a notebook that reaches its package by a relative path. What runs in Jupyter, or with
`python stepNN.py` in the learner's folder, runs in the checker."""
import shutil

import pytest

from common import catalog
from common.tests.test_check import cli, notebook, snapshot_code

STEPS = catalog.STEPS_DIR


def dezero(folder, step):
    """The book's dezero package as at step (23 on), in folder/dezero."""
    shutil.copytree(STEPS / 'step{:02d}'.format(step), folder / 'dezero', ignore=shutil.ignore_patterns('test_*', '__pycache__'))
    return folder / 'dezero'


@pytest.mark.slow
def test_a_package_is_imported_as_python_imports_it_not_every_module_in_it(tmp_path):
    package = dezero(tmp_path, 24)
    (package / 'datasets.py').write_text('import matplotlib_the_checker_never_installs\n')
    result = cli(24, package)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'matplotlib' not in result.stdout


def without(code, *names):
    """code without the top-level classes and functions named."""
    import ast
    lines = code.splitlines(keepends=True)
    for node in sorted(ast.parse(code).body, key=lambda n: -n.lineno):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and node.name in names:
            start = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
            del lines[start:node.end_lineno]
    return ''.join(lines)


@pytest.mark.slow
def test_step_files_that_import_each_other_are_the_learners_code(tmp_path):
    (tmp_path / 'step01.py').write_text(snapshot_code(1))
    (tmp_path / 'step04.py').write_text('from step01 import Variable\n' + without(snapshot_code(4), 'Variable'))
    result = cli(4, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'missing' not in result.stdout.replace('0 missing names', '')


BOOK_STEP24 = '''if '__file__' in globals():
    import os, sys
    sys.path.append(os.path.join(os.path.dirname(__file__), '..'))
import numpy as np
from dezero import Variable


def sphere(x, y):
    z = x ** 2 + y ** 2
    return z


x = Variable(np.array(1.0))
y = Variable(np.array(1.0))
z = sphere(x, y)
z.backward()
print(x.grad, y.grad)
'''


@pytest.mark.slow
def test_a_step_file_that_imports_the_learners_package_from_the_folder_above(tmp_path):
    """The book's own step files reach dezero through __file__, one folder up."""
    dezero(tmp_path, 24)
    (tmp_path / 'steps').mkdir()
    (tmp_path / 'steps' / 'step24.py').write_text(BOOK_STEP24)
    for path in (tmp_path / 'steps', tmp_path / 'steps' / 'step24.py'):
        result = cli(24, path)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_a_type_error_in_the_learners_own_words_keeps_the_books_contract(tmp_path):
    """`x + None` must raise TypeError; what the message says is the learner's."""
    code = snapshot_code(21).replace(
        '        xs = [x.data for x in inputs]\n',
        '        xs = [x.data for x in inputs]\n'
        '        if any(x is None for x in xs):\n'
        "            raise TypeError('계산할 수 없는 값이 있습니다')\n")
    (tmp_path / 'step21.py').write_text(code)
    result = cli(21, tmp_path / 'step21.py')
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_tests_skipped_for_a_name_the_book_has_at_the_step_are_not_yet_a_pass(tmp_path):
    """Step 26's file without utils.py: its graph functions are missing, whatever their names hold."""
    (tmp_path / 'step26.py').write_text(snapshot_code(26))
    result = cli(26, tmp_path / 'step26.py')
    assert result.returncode == 1, result.stdout
    assert '  - plot_dot_graph (the book brings it at step 26): 8 tests' in result.stdout
    assert result.stdout.rstrip().endswith("not yet the book's step 26")


@pytest.mark.slow
def test_a_notebook_reaches_its_package_by_a_path_relative_to_its_folder_as_in_jupyter(tmp_path):
    dezero(tmp_path, 24)
    (tmp_path / 'steps').mkdir()
    cells = ['import os, sys\nsys.path.append(os.path.join(os.getcwd(), \'..\'))', '## Step 24',
             BOOK_STEP24.split('import numpy as np\n', 1)[1].join(['import numpy as np\n', ''])]
    path = notebook(tmp_path / 'steps' / 'book.ipynb', cells)
    result = cli(24, path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_a_folder_of_step_files_as_learners_name_them(tmp_path):
    """step4.py and step_07_define_by_run.py are steps 4 and 7; a step past 30 is named, not run
    before every step; an __init__.py does not make the folder one package."""
    (tmp_path / '__init__.py').write_text('')
    (tmp_path / 'step4.py').write_text(snapshot_code(4))
    (tmp_path / 'step_07_define_by_run.py').write_text(snapshot_code(7))
    (tmp_path / 'step47.py').write_text('import matplotlib_the_checker_never_installs\n' + snapshot_code(30))
    for step in (4, 7):
        result = cli(step, tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        assert 'not read: step47.py (this repository has the book up to step 30)' in result.stdout
        assert 'matplotlib' not in result.stdout
    every = cli(tmp_path)
    assert every.returncode == 0, every.stdout + every.stderr
    assert '✓ Step 4 — ' in every.stdout and '✓ Step 7 — ' in every.stdout


@pytest.mark.slow
def test_a_package_the_learners_code_needs_and_nobody_installed_is_named_with_what_to_do(tmp_path):
    (tmp_path / 'step01.py').write_text('import matplotlib_nobody_installs\n' + snapshot_code(1))
    result = cli(1, tmp_path / 'step01.py')
    assert ("matplotlib_nobody_installs is neither installed in this Python nor a file of yours beside your "
            "code: if it is a package from PyPI, which this repository does not install, "
            "python -m pip install matplotlib_nobody_installs") in result.stdout, result.stdout
