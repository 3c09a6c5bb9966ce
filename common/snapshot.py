"""A snapshot's code read as Python: its functions by qualified name (Class.method) and the lines
that go beyond the book. The one reader for the checker, --diff, the repository checks and
stepdiff."""
import ast
import functools
import re

from common import catalog

FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
BOOK_FILES = ('core.py', 'utils.py')


@functools.lru_cache(maxsize=256)
def parse(source):
    """The module's tree, or None when it is not Python. Cached: do not change the tree."""
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def functions(tree):
    """{qualname: node} of a module's functions and its classes' methods, in order; not the
    functions inside a function or inside `if __name__ == '__main__':`."""
    found = {}

    def walk(nodes, prefix):
        for node in nodes:
            if isinstance(node, FUNCTIONS):
                found[prefix + node.name] = node
            elif isinstance(node, ast.ClassDef):
                walk(node.body, prefix + node.name + '.')
    walk(tree.body if tree is not None else [], '')
    return found


def span(node):
    """(first line, last line) of a definition, its decorators included."""
    return min([node.lineno] + [d.lineno for d in node.decorator_list]), node.end_lineno


def every_statement(body):
    for node in body:
        yield node
        for field in ('body', 'orelse', 'finalbody', 'handlers'):
            yield from every_statement(getattr(node, field, []))


@functools.lru_cache(maxsize=256)
def departures(source):
    """The lines that go beyond the book, by the '# Beyond the book' comment that says so:
    {comment line: (first line, last line)}. A comment covers itself and the statement after it;
    as the first line inside a block, the whole block with its header (`if ...:`, `def ...:`),
    which the book does not have either."""
    tree = parse(source) if '# Beyond the book' in source else None
    if tree is None:
        return {}
    statements = list(every_statement(tree.body))
    found = {}
    for number, line in enumerate(source.splitlines(), 1):
        if not re.match(r'\s*# Beyond the book', line):
            continue
        header = [node for node in statements if node.lineno == number - 1 and hasattr(node, 'body')
                  and node.body and node.body[0].lineno > number]
        after = [node for node in statements if node.lineno > number]
        if header:
            found[number] = (number - 1, header[0].end_lineno)
        elif after:
            first = min(node.lineno for node in after)
            found[number] = (number, max(node.end_lineno for node in after if node.lineno == first))
    return found


def book_lines(source, node):
    """The lines of a function as the book has it: without the departures inside it (a
    departure that holds the whole function, such as a class the book's listing leaves out,
    leaves it whole)."""
    first, last = span(node)
    left_out = {line for start, end in departures(source).values() if first < start <= last
                for line in range(start, end + 1)}
    return [line for number, line in enumerate(source.splitlines()[first - 1:last], first)
            if number not in left_out]


def book_functions(step, steps_dir=catalog.STEPS_DIR):
    """{qualname: (path, source, node)} of our snapshot's functions at step (core.py, then utils.py)."""
    found = {}
    for name in BOOK_FILES:
        path = catalog.step_dir(step, steps_dir) / name
        if path.is_file():
            source = path.read_text(encoding='utf-8')
            for qualname, node in functions(parse(source)).items():
                found.setdefault(qualname, (path, source, node))
    return found
