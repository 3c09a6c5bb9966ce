"""common.snapshot: the one reader of a snapshot's functions and of where it goes beyond the book."""
from common import catalog, snapshot

SOURCE = '''\
import numpy as np


class Variable:
    def __init__(self, data):
        self.data = data

    @property
    def shape(self):
        return self.data.shape

    class Inner:
        def deep(self):
            pass


def square(x):
    def helper():
        pass
    return x ** 2


if __name__ == '__main__':
    def example():
        pass
'''


def test_the_functions_by_qualified_name_in_order_without_nested_or_example_ones():
    found = snapshot.functions(snapshot.parse(SOURCE))
    assert list(found) == ['Variable.__init__', 'Variable.shape', 'Variable.Inner.deep', 'square']
    assert snapshot.span(found['Variable.shape']) == (8, 10)  # from its decorator


def test_what_is_not_python_has_no_functions():
    assert snapshot.parse('def (:\n') is None and snapshot.functions(None) == {}


def test_the_departures_of_step_7_are_its_guard():
    source = (catalog.step_dir(7) / 'core.py').read_text(encoding='utf-8')
    lines = source.splitlines()
    (first, last), = snapshot.departures(source).values()
    assert lines[first - 1].strip() == 'if self.grad is None:' and lines[last - 1].strip().startswith('"e.g.')


def test_the_books_functions_of_a_step_are_in_core_and_utils():
    found = snapshot.book_functions(26)
    assert found['Variable.backward'][0].name == 'core.py' and found['plot_dot_graph'][0].name == 'utils.py'
