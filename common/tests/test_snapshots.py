"""Each snapshot imports nothing outside its folder (test_copies.py runs copies)."""
import ast
import sys

import pytest

from common import catalog

PRESENT = [step for step in catalog.STEPS if catalog.present(step)]
# What a snapshot may import besides its own files: graphviz from step 26 on,
# and IPython only when it is there (plot_dot_graph under Jupyter).
THIRD_PARTY = {'numpy', 'pytest', 'graphviz', 'IPython'}


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding='utf-8'))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split('.')[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:  # level > 0: from . import
            yield node.module.split('.')[0]


@pytest.mark.parametrize('step', PRESENT, ids=catalog.folder)
def test_a_snapshot_imports_only_the_standard_library_numpy_and_its_own_files(step):
    folder = catalog.STEPS_DIR / catalog.folder(step)
    own = {path.stem for path in folder.glob('*.py')}
    allowed = set(sys.stdlib_module_names) | THIRD_PARTY | own
    for path in folder.glob('*.py'):
        outside = set(imported_modules(path)) - allowed
        assert not outside, '{}/{} imports {}'.format(folder.name, path.name, sorted(outside))
