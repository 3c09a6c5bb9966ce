"""python -m common.bench: measured on a few snapshots, the lessons of steps 17 and 18 show."""
import pytest

from common import bench

pytestmark = pytest.mark.slow  # tox -e checks runs it; plain tox does not


@pytest.fixture(scope='module')
def results():
    memory = [w for w in bench.WORKLOADS if w.kind == 'memory']
    return bench.measure([6, 16, 17, 18], workloads=memory)


def test_before_step_17_the_books_loop_keeps_every_graph(results):
    held = {step: cell['held kB'] for step, cell in results["the book's step-17 loop"].items()}
    # ten graphs of four 80 kB arrays at step 16, one at step 17: 3200 kB against 320 kB
    assert held[16] > 3000 and 300 < held[17] < 400
    assert held[6] < held[17]  # before step 7 there is no graph to keep


def test_no_grad_frees_the_intermediate_results(results):
    # x and y, 800 kB each, stay under no_grad; with a graph the two intermediate results too
    with_graph = results['three squares, with a graph'][18]['held kB']
    without = results['three squares, under no_grad'][18]['held kB']
    assert 3100 < with_graph < 3300 and 1550 < without < 1650


def test_a_workload_is_measured_only_from_the_step_that_supports_it(results):
    assert sorted(results['three squares, under no_grad']) == [18]
    assert sorted(results['three squares, with a graph']) == [16, 17, 18]


def test_the_table_has_a_row_per_measurement(results):
    rows = bench.table(results).splitlines()[2:]
    assert len(rows) == sum(len(by_step) for by_step in results.values())
    assert rows[0].startswith("| the book's step-17 loop | 6 |")
