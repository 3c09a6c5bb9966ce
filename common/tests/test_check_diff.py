"""--diff shows the book's code: our snapshot's function without the guards it adds to the book's,
and with the statements it writes in the book's place marked."""
from common import catalog
from common.check import diff


def snapshot_function(step, qualname):
    return diff.find((catalog.STEPS_DIR / catalog.folder(step) / 'core.py').read_text(encoding='utf-8'), qualname)


BOOKS_BACKWARD_7 = '''\
    def backward(self):
        f = self.creator  # 1. get the function that made this variable
        if f is not None:
            x = f.input  # 2. get that function's input
            x.grad = f.backward(self.grad)  # 3. call the function's backward
            x.backward()
'''


def test_the_books_own_function_has_nothing_to_show():
    # step 7's snapshot refuses a missing seed (grad is None); the book's backward does not
    assert 'if self.grad is None' in snapshot_function(7, 'Variable.backward')
    assert diff.side_by_side(BOOKS_BACKWARD_7, 'mine.py', 7, 'Variable.backward') == []


def test_a_learner_who_kept_our_guard_has_nothing_to_show_either():
    assert diff.side_by_side(snapshot_function(7, 'Variable.backward'), 'mine.py', 7, 'Variable.backward') == []


def test_a_slip_is_shown_without_our_guards():
    mine = BOOKS_BACKWARD_7.replace('x.grad = f.backward(self.grad)', 'x.grad = f.backward(self.data)')
    lines = diff.side_by_side(mine, 'mine.py', 7, 'Variable.backward')
    changed = [line for line in lines if line[:1] in '+-' and line[:3] not in ('+++', '---')]
    assert changed == ['-        x.grad = f.backward(self.data)', '+        x.grad = f.backward(self.grad)']
    assert lines[1] == '+++ steps/step07/core.py'


def test_our_statement_in_the_books_place_is_marked():
    # step 11: the book's loop still reads f.input and f.output, which Function no longer sets
    mine = snapshot_function(11, 'Variable.backward').replace('f.inputs[0], f.outputs[0]', 'f.input, f.output')
    changed = [line for line in diff.side_by_side(mine, 'mine.py', 11, 'Variable.backward')
               if line[:1] in '+-' and line[:3] not in ('+++', '---')]
    assert changed == ['-        x, y = f.input, f.output',
                       '+        x, y = f.inputs[0], f.outputs[0]' + diff.BEYOND]


def test_a_class_the_books_listing_leaves_out_is_still_the_books():
    # step 11 keeps Square, marked as beyond the book's listing: its methods are compared whole
    mine = snapshot_function(11, 'Square.backward').replace('2 * x', '3 * x')
    changed = [line for line in diff.side_by_side(mine, 'mine.py', 11, 'Square.backward') if line[:1] == '+']
    assert changed == ['+++ steps/step11/core.py', '+    gx = 2 * x * gys[0]']


def test_no_diff_without_the_books_function():
    assert diff.side_by_side('def square(x):\n    return x ** 2\n', 'mine.py', 7, 'square') is None
