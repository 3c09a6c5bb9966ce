"""common.notebook: a step as the command lines take it, and in a real kernel two steps one after
another and a graph drawn inline."""
import sys

import pytest

from common import catalog
from common.notebook import use_step


@pytest.fixture
def kernel_modules():
    """use_step puts core (and utils, dezero) into sys.modules; take them out after the test."""
    yield
    for name in list(sys.modules):
        if name in ('core', 'utils', 'dezero') or name.startswith('dezero.'):
            del sys.modules[name]


@pytest.mark.parametrize('number', [7, '7', '07', ' 7', 'step07', 7.0])
def test_a_step_is_taken_as_the_command_lines_take_it(number, kernel_modules):
    core = use_step(number)
    assert core.__file__ == str(catalog.STEPS_DIR / 'step07' / 'core.py')
    assert sys.modules['core'] is core


@pytest.mark.parametrize('number', [7.9, True, '7.9', 'seven', '²', 'step', None, 0, 31, '31'])
def test_anything_but_a_step_number_is_refused_with_what_a_step_number_is(number, kernel_modules):
    with pytest.raises(ValueError, match=r"use_step\(.*\): a step is a whole number from 1 to 30, "
                                         r"such as 7, '7' or '07'"):
        use_step(number)


def test_a_refused_step_leaves_the_step_before_in_place(kernel_modules):
    core = use_step(7)
    with pytest.raises(ValueError):
        use_step('7.9')
    assert sys.modules['core'] is core

CELLS = [
    'import sys\nsys.path.insert(0, {root!r})\nimport numpy as np\nfrom common.notebook import use_step',
    'core = use_step(7)\nfrom core import Variable, Square\nprint(Square()(Variable(np.array(3.0))).data)',
    # a plain `import core` here would give step 7's module again, which has no square()
    'core = use_step(9)\nfrom core import Variable, square\nprint(square(Variable(np.array(4.0))).data)',
    'dezero = use_step(26)\nfrom dezero import Variable\nfrom dezero.utils import plot_dot_graph\n'
    'x = Variable(np.array(1.0), name="x")\ny = x * x + 1\ny.name = "y"\n'
    'plot_dot_graph(y, verbose=False, to_file="graph.png")',
]


@pytest.mark.slow  # tox -e checks runs it; plain tox does not
def test_two_steps_one_after_another_and_a_graph_drawn_inline(tmp_path):
    nbformat, nbclient = pytest.importorskip('nbformat'), pytest.importorskip('nbclient')
    cells = [nbformat.v4.new_code_cell(cell.format(root=str(catalog.ROOT))) for cell in CELLS]
    notebook = nbformat.v4.new_notebook(cells=cells)
    nbclient.NotebookClient(notebook, timeout=60, kernel_name='python3',
                            resources={'metadata': {'path': str(tmp_path)}}).execute()
    printed = [''.join(output.get('text', '') for output in cell.outputs) for cell in notebook.cells]
    assert printed[1:3] == ['9.0\n', '16.0\n']
    images = [output for output in notebook.cells[3].outputs if 'image/png' in output.get('data', {})]
    assert len(images) == 1
    assert (tmp_path / 'graph.png').read_bytes().startswith(b'\x89PNG')
