"""The checker on code as learners keep it: their own package, step files that import each other,
a notebook that reaches its package by a relative path. What runs in Jupyter, or with
`python stepNN.py` in the learner's folder, runs in the checker."""
import shutil

import pytest

from common import catalog
from common.tests.test_check import cli

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
