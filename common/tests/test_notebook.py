"""common.notebook in a real kernel: two steps one after another in one kernel, and a graph drawn inline."""
import pytest

from common import catalog

pytestmark = pytest.mark.slow  # tox -e checks runs it; plain tox does not

CELLS = [
    'import sys\nsys.path.insert(0, {root!r})\nimport numpy as np\nfrom common.notebook import use_step',
    'core = use_step(7)\nfrom core import Variable, Square\nprint(Square()(Variable(np.array(3.0))).data)',
    # a plain `import core` here would give step 7's module again, which has no square()
    'core = use_step(9)\nfrom core import Variable, square\nprint(square(Variable(np.array(4.0))).data)',
    'dezero = use_step(26)\nfrom dezero import Variable\nfrom dezero.utils import plot_dot_graph\n'
    'x = Variable(np.array(1.0), name="x")\ny = x * x + 1\ny.name = "y"\n'
    'plot_dot_graph(y, verbose=False, to_file="graph.png")',
]


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
