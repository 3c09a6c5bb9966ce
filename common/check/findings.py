"""What the child finds in the learner's names besides the tests: leftovers of the learner's cells,
classes built on an older base, names from our snapshots, functions as the book's or not, and the
book's numerical_diff on a 0-d input."""
import ast
import glob
import importlib
import os
import sys
import types

from common import catalog
from common.check.learner import FOLDERS, LEARNER, learner_file, one_line, redirected, serving, time_limit, transform
from common.check.reading import defined_names


def class_defaults(code, name):
    """The constants a `class name:` body in code assigns: {'enable_backprop': True}."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return {}
    defaults = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == name:
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant):
                    defaults.update({t.id: statement.value.value for t in statement.targets if isinstance(t, ast.Name)})
    return defaults


class Leftovers:
    """What the learner's cells changed after defining it: Config's settings, the recursion limit."""

    def __init__(self):
        self.config, self.defaults, self.changed = None, {}, {}
        self.recursion = sys.getrecursionlimit()

    def after(self, unit, ns):
        config = ns.get('Config')
        if isinstance(config, type) and config is not self.config:
            self.config, self.changed = config, {}
            self.defaults = class_defaults(transform(unit['code']), 'Config') if unit['code'] else {}
        elif isinstance(config, type):
            for attr, default in self.defaults.items():
                if getattr(config, attr, default) != default and attr not in self.changed:
                    self.changed[attr] = unit['label']
        if sys.getrecursionlimit() != self.recursion:
            self.changed.setdefault('recursion', unit['label'])

    def notes(self):
        notes = []
        for attr, label in self.changed.items():
            if attr == 'recursion':
                notes.append(dict(what='sys.setrecursionlimit({})'.format(sys.getrecursionlimit()), where=label,
                                  default=self.recursion))
            elif getattr(self.config, attr, None) != self.defaults[attr]:
                notes.append(dict(what='Config.{} = {!r}'.format(attr, getattr(self.config, attr)), where=label,
                                  default=self.defaults[attr]))
        return notes

    def reset(self):
        sys.setrecursionlimit(self.recursion)
        for attr, default in self.defaults.items():
            setattr(self.config, attr, default)


def reached_names(names):
    """The book's names that the learner's code reaches by import but did not name: Function in the
    dezero package whose Variable a step file imported. Modules of the package the learner's names
    came from are read first."""
    def reached(module):  # a learner's module; our snapshots' only where the learner checks one of them
        if not isinstance(module, types.ModuleType):  # sys.modules may hold None: an import blocked
            return False
        path = os.path.abspath(getattr(module, '__file__', None) or '')
        snapshot = path.startswith(str(catalog.STEPS_DIR) + os.sep) and os.path.dirname(path) not in FOLDERS
        return module.__name__ != '__main__' and os.path.isfile(path) and learner_file(path) and not snapshot
    modules = [m for m in list(sys.modules.values()) if reached(m)]
    homes = {(getattr(value, '__module__', None) or '').split('.')[0] for key, value in names.items() if key in catalog.NAMES}
    modules.sort(key=lambda m: (m.__name__.split('.')[0] not in homes, m.__name__))
    found = {}
    for name in catalog.NAMES:
        value = None if name in names else next((vars(m)[name] for m in modules if vars(m).get(name) is not None), None)
        if value is not None:
            found[name] = value
    lacking = set(catalog.NAMES) - set(names) - set(found)
    for module in modules_defining(lacking, modules):
        found.update({k: v for k, v in vars(module).items() if k in lacking and k not in found})
    return found


def modules_defining(lacking, modules, limit=10.0):
    """The modules not imported yet that define one of the lacking names (read, not run, to find them),
    imported: the utils.py of the learner's dezero package, or beside the file checked, that the step's
    example does not import (steps 28-30 draw no graph). Beside them, a datasets.py is never run."""
    places = [(os.path.dirname(m.__file__), m.__name__ + '.') for m in modules if getattr(m, '__path__', None)]
    places += [(folder, '') for folder in FOLDERS[:1]]
    found = []
    for folder, prefix in places:
        for path in sorted(glob.glob(os.path.join(folder, '*.py'))):
            name = prefix + os.path.basename(path)[:-3]
            if name in sys.modules or name.endswith('__init__') or os.path.basename(path).startswith('test_'):
                continue
            try:
                with open(path, encoding='utf-8') as file:
                    if not defined_names(file.read()) & lacking:
                        continue
                with redirected(), time_limit(limit), serving():
                    found.append(importlib.import_module(name))
            except BaseException:  # its own error shows where the learner's code imports it
                continue
    return found


def snapshot_names(names):
    """The book's names that came from one of our snapshots (use_step, import core): {name: 'step07'}.
    A module beside the code checked is its own, even in a snapshot's folder: checking steps/step26/core.py,
    its example's `from utils import plot_dot_graph` takes the utils.py beside it."""
    taken = {}
    steps_dir = str(catalog.STEPS_DIR) + os.sep
    for name in catalog.NAMES:
        module = sys.modules.get(getattr(names.get(name), '__module__', None) or '')
        path = getattr(module, '__file__', None) or ''
        if path.startswith(steps_dir) and os.path.dirname(path) not in FOLDERS:
            taken[name] = os.path.relpath(path, catalog.STEPS_DIR).split(os.sep)[0]
    return taken


def defined_in(cls):
    """The cell or file a class of the learner's was defined in, from its methods' code."""
    for value in vars(cls).values():
        code = getattr(getattr(value, '__func__', value), '__code__', None)
        if code and code.co_filename in LEARNER:
            return LEARNER[code.co_filename]
    return None


def stale_bases(names, step):
    """Classes built on an older version of a class the code defined again later, as a notebook
    makes when Function is redefined but the cell of Square is not run again."""
    stale = []
    for name in catalog.NAMES:
        cls = names.get(name)
        if step not in catalog.book_steps(name):
            continue
        if not isinstance(cls, type):
            continue
        for base in cls.__mro__[1:]:
            current = names.get(base.__name__)
            if isinstance(current, type) and current is not base and base.__name__ in catalog.NAMES:
                stale.append(dict(name=name, where=defined_in(cls), base=base.__name__,
                                  old=defined_in(base), new=defined_in(current)))
                break
    return stale


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


def learner_shape(function):
    """The shape of a learner's function, from the source Python keeps for it (cells are in linecache)."""
    import inspect
    import textwrap
    try:
        source = textwrap.dedent(''.join(inspect.getsourcelines(function)[0]))
        node = ast.parse(source).body[0]
    except (OSError, TypeError, SyntaxError, IndexError):
        return None
    return function_shape(node) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None


def differs_from_book(tests, step):
    """For each learner function that ran in a failing test: whether it differs from our snapshot's."""
    book, differs = book_functions(step), {}
    for test in tests:
        if test['outcome'] != 'failed':
            continue
        for f in test.get('ran', []):
            key = '{function}|{label}|{line}'.format(**f)
            if key not in differs:
                code = CODES.get((f['function'], f['label'], f['line']))
                shape = learner_shape(code) if code else None
                differs[key] = shape is None or book.get(f['function']) != shape
    return differs


CODES = {}  # (qualname, label, line) -> the code object, for the functions that ran in tests


def numpy_note(names, limit):
    """Whether the book's numerical_diff fails on a 0-d input here: Variable refuses x.data - eps."""
    numerical_diff, Variable = names.get('numerical_diff'), names.get('Variable')
    if not (callable(numerical_diff) and isinstance(Variable, type) and 'as_array' in names):
        return False
    import numpy
    try:
        with redirected(), time_limit(limit):
            numerical_diff(lambda x: x, Variable(numpy.array(1.0)))
    except TypeError as error:
        return 'numpy.float64' in one_line(error)
    except BaseException:
        pass
    return False


