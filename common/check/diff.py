"""--diff: the learner's suspect function beside the book's at the step (our snapshot's), with
comments and blank lines left out of the comparison. Shown only when asked."""
import ast
import difflib
import io
import tokenize

from common import catalog


def code_lines(source):
    """The lines of source without comments, trailing spaces or blank lines."""
    comments = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                comments.add((token.start[0], token.start[1]))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    lines = []
    for number, line in enumerate(source.splitlines(), 1):
        cut = min((col for row, col in comments if row == number), default=len(line))
        line = line[:cut].rstrip()
        if line.strip():
            lines.append(line)
    return lines


def find(source, qualname=None, line=None):
    """The source of the function named qualname (Class.method), or of the one starting at line."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    lines = source.splitlines()

    def walk(nodes, prefix):
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + node.name
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                if name == qualname or (line is not None and line in (node.lineno, first)):
                    return '\n'.join(lines[first - 1:node.end_lineno])
            if isinstance(node, ast.ClassDef):
                found = walk(node.body, prefix + node.name + '.')
                if found:
                    return found
        return None
    return walk(tree.body, '')


def book_source(step, qualname):
    folder = catalog.STEPS_DIR / 'step{:02d}'.format(step)
    for name in ('core.py', 'utils.py'):
        path = folder / name
        if path.exists():
            found = find(path.read_text(encoding='utf-8'), qualname)
            if found:
                return found, path.relative_to(catalog.ROOT).as_posix()
    return None, None


def side_by_side(mine, yours_label, step, qualname):
    """Unified diff lines of the learner's function against the book's, or None without the book's."""
    book, where = book_source(step, qualname)
    if book is None or mine is None:
        return None
    # dedent both to the def line, so a method and its copy compare line for line
    a, b = code_lines(mine), code_lines(book)
    a = [l[len(a[0]) - len(a[0].lstrip()):] for l in a]
    b = [l[len(b[0]) - len(b[0].lstrip()):] for l in b]
    return list(difflib.unified_diff(a, b, fromfile=yours_label, tofile=where, lineterm='', n=2))
