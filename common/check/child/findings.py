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
from common.check.child.session import one_line
from common.check.child.units import redirected, transform
from common.check.records import Leftover, Result, Stale
from common.check.source import book_functions, defined_names, function_shape


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


RECURSION = object()  # a key of Leftovers.changed: the recursion limit, not an attribute of Config


class Leftovers:
    """What the learner's cells changed after defining it: Config's settings, the recursion limit."""

    def __init__(self):
        self.config, self.defaults, self.changed = None, {}, {}
        self.recursion = sys.getrecursionlimit()

    def after(self, unit, ns):
        config = ns.get('Config')
        if isinstance(config, type) and config is not self.config:
            self.config, self.changed = config, {}
            self.defaults = class_defaults(transform(unit.code), 'Config') if unit.code else {}
        elif isinstance(config, type):
            for attr, default in self.defaults.items():
                if getattr(config, attr, default) != default and attr not in self.changed:
                    self.changed[attr] = unit.label
        if sys.getrecursionlimit() != self.recursion:
            self.changed.setdefault(RECURSION, unit.label)

    def found(self):
        found = []
        for attr, label in self.changed.items():
            if attr is RECURSION:
                found.append(Leftover('sys.setrecursionlimit({})'.format(sys.getrecursionlimit()), label,
                                      self.recursion, recursion=True))
            elif getattr(self.config, attr, None) != self.defaults[attr]:
                found.append(Leftover('Config.{} = {!r}'.format(attr, getattr(self.config, attr)), label,
                                      self.defaults[attr]))
        return found

    def reset(self):
        sys.setrecursionlimit(self.recursion)
        for attr, default in self.defaults.items():
            setattr(self.config, attr, default)


def reached_names(session, names):
    """The book's names that the learner's code reaches by import but did not name: Function in the
    dezero package whose Variable a step file imported. Modules of the package the learner's names
    came from are read first."""
    def reached(module):  # a learner's module; our snapshots' only where the learner checks one of them
        if not isinstance(module, types.ModuleType):  # sys.modules may hold None: an import blocked
            return False
        path = os.path.abspath(getattr(module, '__file__', None) or '')
        snapshot = path.startswith(str(catalog.STEPS_DIR) + os.sep) and os.path.dirname(path) not in session.folders
        return (module.__name__ != '__main__' and os.path.isfile(path) and session.learner_file(path)
                and not snapshot)
    modules = [m for m in list(sys.modules.values()) if reached(m)]
    homes = {(getattr(value, '__module__', None) or '').split('.')[0] for key, value in names.items() if key in catalog.NAMES}
    modules.sort(key=lambda m: (m.__name__.split('.')[0] not in homes, m.__name__))
    found = {}
    for name in catalog.NAMES:
        value = None if name in names else next((vars(m)[name] for m in modules if vars(m).get(name) is not None), None)
        if value is not None:
            found[name] = value
    lacking = set(catalog.NAMES) - set(names) - set(found)
    for module in modules_defining(session, lacking, modules):
        found.update({k: v for k, v in vars(module).items() if k in lacking and k not in found})
    return found


GRAPH_NAMES = {'get_dot_graph', 'plot_dot_graph', '_dot_var', '_dot_func'}


def modules_defining(session, lacking, modules, limit=10.0):
    """The modules not imported yet that define one of the lacking names (read, not run, to find them),
    imported: the utils.py of the learner's dezero package, or beside the file checked, that the step's
    example does not import (steps 28-30 draw no graph). Beside them, a datasets.py is never run."""
    places = [(os.path.dirname(m.__file__), m.__name__ + '.', lacking) for m in modules if getattr(m, '__path__', None)]
    # beside the file checked, only the graph functions the book keeps in utils.py: a step file there
    # that defines Variable is not what the code checked imports
    places += [(folder, '', lacking & GRAPH_NAMES) for folder in session.folders[:1]]
    found = []
    for folder, prefix, wanted in places:
        for path in sorted(glob.glob(os.path.join(folder, '*.py'))) if wanted else []:
            name = prefix + os.path.basename(path)[:-3]
            if name in sys.modules or name.endswith('__init__') or os.path.basename(path).startswith('test_'):
                continue
            try:
                with open(path, encoding='utf-8') as file:
                    if not defined_names(file.read()) & wanted:
                        continue
                with redirected(), session.time_limit(limit), session.imports.serve():
                    found.append(importlib.import_module(name))
            except BaseException:  # its own error shows where the learner's code imports it
                continue
    return found


def snapshot_names(session, names):
    """The book's names that came from one of our snapshots (use_step, import core): {name: 'step07'}.
    A module beside the code checked is its own, even in a snapshot's folder: checking steps/step26/core.py,
    its example's `from utils import plot_dot_graph` takes the utils.py beside it."""
    taken = {}
    steps_dir = str(catalog.STEPS_DIR) + os.sep
    for name in catalog.NAMES:
        module = sys.modules.get(getattr(names.get(name), '__module__', None) or '')
        path = getattr(module, '__file__', None) or ''
        if path.startswith(steps_dir) and os.path.dirname(path) not in session.folders:
            taken[name] = os.path.relpath(path, catalog.STEPS_DIR).split(os.sep)[0]
    return taken


def defined_in(session, cls):
    """The cell or file a class of the learner's was defined in, from its methods' code."""
    for value in vars(cls).values():
        code = getattr(getattr(value, '__func__', value), '__code__', None)
        if code and code.co_filename in session.labels:
            return session.labels[code.co_filename]
    return None


def stale_bases(session, names, step):
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
            if isinstance(current, type) and current is not base and base.__name__ in catalog.NAMES \
                    and not same_class(base, current):
                stale.append(Stale(name, base.__name__, defined_in(session, cls), defined_in(session, base),
                                   defined_in(session, current)))
                break
    return stale


def same_class(old, new):
    """Two versions of a class with the same methods, code for code: running a cell of a class built
    on the old one again would change nothing."""
    def body(cls):
        found = {}
        for name, value in vars(cls).items():
            if name in ('__dict__', '__weakref__', '__module__', '__doc__', '__qualname__'):
                continue
            code = getattr(getattr(value, '__func__', value), '__code__', None)
            found[name] = (code.co_code, code.co_consts, code.co_names) if code else repr(value)
        return found
    return [b.__name__ for b in old.__bases__] == [b.__name__ for b in new.__bases__] and body(old) == body(new)


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


def as_book(session, tests, step):
    """The learner's functions that ran in a failing test and are just as our snapshot's at step."""
    book, same = book_functions(step), set()
    for function in {f for test in tests if test.result is Result.FAILED for f in test.ran}:
        code = session.codes.get(function)
        shape = learner_shape(code) if code else None
        if shape is not None and book.get(function.function) == shape:
            same.add(function)
    return sorted(same, key=lambda f: (f.label, f.line, f.function))


def numpy_note(session, names, limit):
    """Whether the book's numerical_diff fails on a 0-d input here: Variable refuses x.data - eps."""
    numerical_diff, Variable = names.get('numerical_diff'), names.get('Variable')
    if not (callable(numerical_diff) and isinstance(Variable, type) and 'as_array' in names):
        return False
    import numpy
    try:
        with redirected(), session.time_limit(limit):
            numerical_diff(lambda x: x, Variable(numpy.array(1.0)))
    except TypeError as error:
        return 'numpy.float64' in one_line(error)
    except BaseException:
        pass
    return False


