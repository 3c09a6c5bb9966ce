"""Values as a learner reads them, and what a failed test compared: 64.0, not np.float64(64.0); the
learner's value beside the book's, not pytest's `assert` lines."""
import re

from common.check.child.session import one_line
from common.check.records import Values

# how the plugin's assertrepr hook writes a failed `==` into the AssertionError, read back by message_of
YOURS, BOOKS = 'yours: ', " | the book's: "
OBJECT = re.compile(r'<(?:[\w.]+\.)?(\w+) object at 0x[0-9a-fA-F]+>')


def plain(value, depth=0):
    """A value as a learner reads it: 64.0, not np.float64(64.0); a Square, not <__main__.Square object at 0x…>."""
    import numpy
    if isinstance(value, numpy.ndarray):
        return repr(value.item()) if value.ndim == 0 else repr(value.tolist())
    if isinstance(value, numpy.generic):
        return repr(value.item())
    if isinstance(value, (tuple, list)) and depth < 2:
        inner = ', '.join(plain(v, depth + 1) for v in value)
        return '({}{})'.format(inner, ',' if len(value) == 1 else '') if isinstance(value, tuple) else '[{}]'.format(inner)
    if type(value).__name__ == 'Variable' and hasattr(value, 'data'):
        return 'Variable({})'.format(plain(value.data, depth + 1))
    return tidy(repr(value))


def tidy(text, width=100):
    """<function allclose at 0x…> -> allclose, np.float64(1.5) -> 1.5, array(1.5) -> 1.5, one line."""
    text = re.sub(r'<function (\w+) at 0x[0-9a-fA-F]+>', r'\1', text)
    text = re.sub(r'(?:np\.float\d+|np\.int\d+|array)\(([^()]*)\)', r'\1', text)
    text = ' '.join(OBJECT.sub(lambda m: 'a ' + m[1], text.replace('\\n', ' ')).split())
    text = re.sub(r'\[ +', '[', re.sub(r' +\]', ']', text))  # numpy's alignment: [ 0.5, -0.9 ] -> [0.5, -0.9]
    # numpy's 1. is 1.0, inside an array's brackets only: an error's own sentence keeps its full stop
    text = re.sub(r'\[[^\[\]]*\]', lambda m: re.sub(r'(?<![\w.])(-?\d+)\.(?=[,\]\s])', r'\1.0', m[0]), text)
    return text if len(text) <= width else text[:width - 1] + '…'


def compared(left, right):
    """The line pytest puts in the AssertionError of a failed `left == right`."""
    return YOURS + plain(left) + BOOKS + plain(right)


def message_of(error):
    """(message, Values or None) for a failure: the values compared, or what a bare `assert f(...)` found."""
    try:
        text = str(error)
    except BaseException:
        return one_line(error), None
    if not isinstance(error, AssertionError) or not text:
        return tidy(one_line(error)), None
    lines = text.splitlines()
    first = lines[0].removeprefix('assert ')
    if YOURS in first:  # the assertrepr line, maybe in brackets: (yours: … | the book's: …)
        first = first[first.index(YOURS):-1] if first.startswith('(') else first
        if BOOKS in first:
            yours, books = first[len(YOURS):].split(BOOKS, 1)
            return first, Values(yours, books)
        return first, None
    unittest = re.fullmatch(r'(.+?) != (.+?)(?: : .*)?', lines[0])  # self.assertEqual(yours, the book's)
    if unittest and len(lines) == 1:
        yours, books = tidy(unittest[1], 45), tidy(unittest[2], 45)
        return YOURS + yours + BOOKS + books, Values(yours, books)
    inner = re.search(re.escape(YOURS) + r'(.+?)' + re.escape(BOOKS) + r'(.+?)\)', text)
    if inner:  # a comparison inside a call, np.all(y.grad == 1.0): our assertrepr line within pytest's
        return YOURS + inner[1] + BOOKS + inner[2], Values(tidy(inner[1], 45), tidy(inner[2], 45))
    where = next((line.strip().removeprefix('+').strip().removeprefix('where ') for line in lines[1:]
                  if 'where' in line), None)
    close = re.fullmatch(r'False = (?:np\.|numpy\.)?(?:allclose|isclose|array_equal)\((.*)\)', tidy(where or '', 10 ** 4))
    parts = split_arguments(close[1]) if close else []
    if len(parts) >= 2:  # np.allclose(yours, the book's)
        yours, books = tidy(parts[0], 45), tidy(parts[1], 45)
        return YOURS + yours + BOOKS + books, Values(yours, books)
    return tidy(where or first), None


def failed_check(function, tb):
    """The assert that failed, as the test's code has it ('x.grad == 2.0'), what it compares on the
    learner's side ('x.grad'), and whether the test makes more than one assert: then its sentence may
    be about another of them (a test whose sentence ends on 3.0 may fail on its 2.0)."""
    import ast
    import inspect
    import textwrap
    code, line = getattr(function, '__code__', None), None
    while tb is not None:
        if tb.tb_frame.f_code is code:
            line = tb.tb_lineno
        tb = tb.tb_next
    try:
        lines, first = inspect.getsourcelines(function)
        tree = ast.parse(textwrap.dedent(''.join(lines)))
    except (OSError, TypeError, SyntaxError):
        return '', '', False
    asserts = [node for node in ast.walk(tree) if isinstance(node, ast.Assert)]
    node = next((node for node in asserts if line is not None
                 and node.lineno + first - 1 <= line <= node.end_lineno + first - 1), None)
    if node is None:
        return '', '', False
    test, side = node.test, None  # `a is b and c is d`: which part failed, pytest's values do not say
    if isinstance(test, ast.Compare):
        side = test.left
    elif isinstance(test, ast.Call) and test.args and getattr(test.func, 'attr', getattr(test.func, 'id', '')) in (
            'allclose', 'isclose', 'array_equal'):
        side = test.args[0]
    return (' '.join(ast.unparse(test).split()), side and ' '.join(ast.unparse(side).split()) or '',
            len(asserts) > 1)


def not_raised(error):
    """'TypeError' for the failure of `with pytest.raises(TypeError):` (pytest says 'DID NOT RAISE
    <class 'TypeError'>', from 9.1 'DID NOT RAISE TypeError'), 'TypeError or ValueError' for a tuple of
    them; '' for any other error."""
    import pytest
    text = str(error) if isinstance(error, pytest.fail.Exception) else ''  # a learner's error's str() may raise
    if not text.startswith('DID NOT RAISE '):
        return ''
    text = text.removeprefix('DID NOT RAISE ').removeprefix('any of ')
    names = re.findall(r"<class '([\w.]+)'>", text) or re.findall(r'[A-Za-z_][\w.]*', text)
    return ' or '.join(name.rsplit('.', 1)[-1] for name in names)


def split_arguments(text):
    """'[1, 2], 3, rtol=1' -> ['[1, 2]', '3', 'rtol=1']: the commas outside brackets."""
    parts, depth, start = [], 0, 0
    for at, char in enumerate(text):
        depth += char in '([{' and 1 or char in ')]}' and -1 or 0
        if char == ',' and depth == 0:
            parts.append(text[start:at].strip())
            start = at + 1
    return parts + [text[start:].strip()]
