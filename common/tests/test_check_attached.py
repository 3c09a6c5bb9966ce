"""Operators attached to a class that a later cell defines again (common.check.source), read from
the code as a notebook keeps it."""
from common.check.source import book_attributes, lost_attachments

VARIABLE = 'class Variable:\n    def __init__(self, data):\n        self.data = data\n'
ADD = 'def add(x0, x1):\n    return x0\n'


def cells(*codes):
    return [('code cell {}'.format(n), code) for n, code in enumerate(codes, 1)]


def test_a_class_defined_again_after_its_operators_were_attached_loses_them():
    units = cells(VARIABLE + ADD, 'Variable.__add__ = add\nVariable.__mul__ = add\n', VARIABLE, 'y = 1')
    assert lost_attachments(units) == [('Variable', ['__add__', '__mul__'], 'code cell 3', 'code cell 2')]


def test_attaching_again_after_the_new_class_mends_it():
    units = cells(VARIABLE + ADD, 'Variable.__add__ = add', VARIABLE, 'Variable.__add__ = add')
    assert lost_attachments(units) == []


def test_a_class_body_that_defines_the_method_itself_loses_nothing():
    again = VARIABLE + '    def __add__(self, other):\n        return add(self, other)\n'
    assert lost_attachments(cells(VARIABLE + ADD, 'Variable.__add__ = add', again)) == []


def test_a_function_that_attaches_counts_where_it_is_called():
    setup = 'def setup_variable():\n    Variable.__add__ = add\n    Variable.__neg__ = add\n'
    units = cells(VARIABLE + ADD + setup, 'setup_variable()', VARIABLE)
    assert lost_attachments(units) == [('Variable', ['__add__', '__neg__'], 'code cell 3', 'code cell 2')]
    assert lost_attachments(units + cells('', '', '', 'setup_variable()')[3:]) == []


def test_a_second_definition_keeps_what_the_first_lost():
    units = cells(VARIABLE + ADD, 'Variable.__add__ = add', VARIABLE, VARIABLE)
    assert lost_attachments(units) == [('Variable', ['__add__'], 'code cell 4', 'code cell 2')]


def test_setattr_and_tuple_targets_attach_too():
    units = cells(VARIABLE + ADD, "setattr(Variable, '__add__', add)\nVariable.__radd__, Variable.__mul__ = add, add",
                  VARIABLE)
    assert lost_attachments(units) == [('Variable', ['__add__', '__mul__', '__radd__'], 'code cell 3', 'code cell 2')]


def test_only_what_is_wanted_is_named():
    units = cells(VARIABLE + ADD, 'Variable.__add__ = add\nVariable.my_helper = add', VARIABLE)
    wanted = lambda cls, attribute: attribute.startswith('__')  # noqa: E731
    assert lost_attachments(units, wanted) == [('Variable', ['__add__'], 'code cell 3', 'code cell 2')]
    assert lost_attachments(units, lambda cls, attribute: False) == []


def test_a_cell_that_is_not_python_is_passed_over():
    units = cells(VARIABLE + ADD, 'Variable.__add__ = add', 'digraph g { x -> y }', VARIABLE)
    assert lost_attachments(units) == [('Variable', ['__add__'], 'code cell 4', 'code cell 2')]


def test_the_books_attributes_include_what_setup_variable_attaches():
    variable = book_attributes(23)['Variable']
    assert {'__add__', '__rtruediv__', '__pow__', 'backward', '__array_priority__'} <= variable
    step20 = book_attributes(20)
    assert {'__add__', '__mul__'} <= step20['Variable'] and '__neg__' not in step20['Variable']
