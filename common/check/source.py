"""Python source read without running it, on both sides of the process line: a step's test file and
its sections, our snapshot's functions, the names a piece of code defines."""
import ast
import re

from common import catalog

SECTION = re.compile(r'^# Step (\d+) — (.+)$')


def test_file(step):
    return catalog.STEPS_DIR / 'step{:02d}'.format(step) / 'test_step{:02d}.py'.format(step)


def sections(step):
    """(line, step, title) of each section header of step's test file (0-based lines, as pytest's)."""
    lines = test_file(step).read_text(encoding='utf-8').splitlines()
    return [(n, int(m[1]), m[2]) for n, m in enumerate(map(SECTION.match, lines)) if m]


def own_tests(step):
    """The 0-based line where the last section (the step's own tests) of its test file starts."""
    headers = sections(step)
    return headers[-1][0] if headers else None


def function_shape(node):
    """A function as the AST sees it: code only, without its docstring, comments or layout."""
    body = node.body[1:] if (node.body and isinstance(node.body[0], ast.Expr)
                             and isinstance(node.body[0].value, ast.Constant)) else node.body
    return ast.dump(ast.Module(body=body, type_ignores=[]), annotate_fields=False)


def book_functions(step):
    """{qualname: shape} of our snapshot's functions at step (core.py and utils.py)."""
    shapes = {}
    folder = catalog.STEPS_DIR / 'step{:02d}'.format(step)
    for name in ('core.py', 'utils.py'):
        if not (folder / name).exists():
            continue
        tree = ast.parse((folder / name).read_text(encoding='utf-8'))
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                shapes[node.name] = function_shape(node)
            elif isinstance(node, ast.ClassDef):
                shapes.update({node.name + '.' + f.name: function_shape(f) for f in node.body
                               if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))})
    return shapes


def defined_names(code):
    """The names a module's top level defines (class, def, assignment, import)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):  # from dezero import Variable: the learner's too
            names |= {(alias.asname or alias.name).split('.')[0] for alias in node.names}
    return names
