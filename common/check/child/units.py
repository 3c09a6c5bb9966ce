"""The learner's code in the child: each cell, file or package run under a time limit, with the
learner's exits, input() and output kept from the checker (what it prints kept for the comparison
with the book's example)."""
import ast
import builtins
import contextlib
import functools
import linecache
import os
import sys
import threading
import traceback
import types

from common import catalog
from common.check.child.limits import HardExit, InputAsked
from common.check.child.session import one_line, stop_of
from common.check.records import Place, Problem, Stop


def guard(session, questions=None):
    """What the learner's code may not do to the checker: end it, wait for input, stay forever.
    questions: the parent's pipe; a line on it asks where the learner's code is now."""
    def no_exit(status=0):
        raise HardExit(status)

    def no_input(prompt=''):
        raise InputAsked('input({!r}): the checker has nobody to type an answer'.format(prompt))
    os._exit = no_exit
    builtins.input = no_input
    import subprocess
    started = subprocess.Popen.__init__

    def popen(self, *args, **options):
        started(self, *args, **options)
        session.started.append(self)
    subprocess.Popen.__init__ = popen
    sys.meta_path.insert(0, session.imports)
    if questions:
        def answer():
            for _ in questions:
                session.where()
        threading.Thread(target=answer, daemon=True).start()


def end_processes(session):
    """What the learner's code started and left running ends with the check (on POSIX the parent
    also ends the child's whole process group)."""
    for process in session.started:
        try:
            if process.poll() is None:
                process.kill()
        except OSError:
            pass


def as_jupyter_has_it(before, folder, scratch):
    """Folders the learner's code put on sys.path from its working folder (os.getcwd(), '..') point
    where they would in Jupyter, whose kernel works in the notebook's folder: here the working folder
    is a scratch folder. before: sys.path before the code ran; folder: the notebook's (or file's)."""
    for at, entry in enumerate(sys.path):
        if entry in before or not isinstance(entry, str):
            continue
        full = os.path.normpath(os.path.join(scratch, entry))
        if full == scratch or full.startswith(scratch + os.sep):
            sys.path[at] = os.path.normpath(os.path.join(folder, os.path.relpath(full, scratch)))
        elif scratch.startswith(os.path.join(full, '')):
            up = os.path.relpath(scratch, full).count(os.sep) + 1
            sys.path[at] = os.path.normpath(os.path.join(folder, *[os.pardir] * up))


class Shell:
    """get_ipython() for code that IPython's transformer wrote: the magics that run Python run it."""

    def __init__(self, run):
        self.run = run

    def run_cell_magic(self, name, line, body):
        if name in ('time', 'timeit', 'capture', 'prun'):
            return self.run('\n' + body)
        if name == 'writefile':
            args = line.split()
            with open(args[-1], 'a' if '-a' in args else 'w', encoding='utf-8') as file:
                file.write(body)

    def run_line_magic(self, name, line):
        if name in ('time', 'timeit', 'prun'):
            return self.run(line)

    def system(self, command):
        return None

    def getoutput(self, command):
        return []


@functools.lru_cache(maxsize=None)
def ipython_transformer():
    limit = sys.getrecursionlimit()  # importing IPython raises it
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        return TransformerManager().transform_cell
    except ImportError:
        return None
    finally:
        sys.setrecursionlimit(limit)


def transform(code):
    """A cell as IPython runs it; without IPython, magic and shell lines are left out."""
    if not any(line.lstrip()[:1] in ('%', '!') or line.rstrip().endswith('?') or '= !' in line or '=!' in line
               for line in code.splitlines()):
        return code
    if ipython_transformer():
        return ipython_transformer()(code)
    if code.lstrip().startswith('%%'):
        first, _, rest = code.lstrip().partition('\n')
        return '\n' + rest if first[2:].split()[:1] in (['time'], ['timeit'], ['capture']) else ''
    return '\n'.join('' if line.lstrip()[:1] in ('%', '!') or line.rstrip().endswith('?') else line
                     for line in code.splitlines())


def display(*objects, **options):
    for obj in objects:
        print(repr(obj))


def namespace_for(unit, namespaces):
    """The module a unit runs in: a cell or a script as __main__ (so its `if __name__ == '__main__':`
    example runs, as with `python step07.py`), one of a folder's other modules under its own name."""
    if unit.namespace not in namespaces:
        module = types.ModuleType(unit.module or '__main__')
        module.__dict__.update(display=display)
        if unit.namespace != 'notebook':
            module.__file__ = unit.filename
        namespaces[unit.namespace] = module
    return namespaces[unit.namespace]


def run_unit(session, unit, module, limit, printed=None):
    """Run one unit; return what stopped it (a Problem) or None. What it prints goes to printed (a
    Printed), or nowhere."""
    session.labels[unit.filename] = unit.label
    if unit.package:
        return import_package(session, unit, module.__dict__, limit)
    code = transform(unit.code) if unit.namespace == 'notebook' else unit.code
    linecache.cache[unit.filename] = (len(unit.code), None, unit.code.splitlines(True), unit.filename)
    if 'get_ipython' in code:
        module.__dict__.setdefault('get_ipython', lambda: Shell(
            lambda source: exec(compile(source, unit.filename, 'exec'), module.__dict__)))
    try:
        compiled = compile(code, unit.filename, 'exec')
    except SyntaxError as error:
        return Problem(Stop.SYNTAX, 'SyntaxError: {}'.format(error.msg),
                       Place(unit.label, error.lineno or 0, '', (error.text or '').strip()))
    saved_main, saved_argv = sys.modules.get('__main__'), sys.argv
    sys.modules['__main__'], sys.argv = module, [unit.filename]
    recursion, ipython = sys.getrecursionlimit(), 'IPython' in sys.modules
    try:
        with redirected(printed), session.time_limit(limit), session.imports.serve():
            exec(compiled, module.__dict__)
    except BaseException as error:
        problem = stopped(session, error, unit)
        if problem.stop is Stop.MEMORY:
            # what a runaway cell kept (`keep = []` and its appends) would starve every test after it
            for name in assigned_names(code) - set(catalog.NAMES):
                module.__dict__.pop(name, None)
            import gc
            gc.collect()
        return problem
    finally:
        sys.modules['__main__'], sys.argv = saved_main, saved_argv
        if not ipython and 'IPython' in sys.modules and 'setrecursionlimit' not in code:
            sys.setrecursionlimit(recursion)  # importing IPython raises it (plot_dot_graph does), not the learner
    return None


def assigned_names(code):
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}


class Printed:
    """What the learner's code prints, kept up to a limit (a loop printing forever keeps only its start)."""

    LIMIT = 64 * 1024  # characters a check: the book's longest example (step 28) prints 58,661

    def __init__(self, limit=LIMIT):
        self.parts, self.size, self.limit, self.cut = [], 0, limit, False

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError('write() argument must be str, not {}'.format(type(text).__name__))
        room = self.limit - self.size
        if len(text) > room:
            text, self.cut = text[:max(room, 0)], True
        self.parts.append(text)
        self.size += len(text)
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    @property
    def text(self):
        return ''.join(self.parts)


@contextlib.contextmanager
def redirected(printed=None):
    """The learner's output kept from the checker's: standard output into printed (or nowhere), errors nowhere."""
    with open(os.devnull, 'w') as sink, contextlib.redirect_stdout(printed or sink), contextlib.redirect_stderr(sink):
        yield


def stopped(session, error, unit):
    """The Problem of an error that stopped a unit: its line in the unit, and where it was raised."""
    frames = session.frames(error.__traceback__)
    own = [f for f in frames if f.label == unit.label]
    at = own[0] if own else Place(unit.label, 0)
    raised = frames[-1] if frames and frames[-1] != at else None
    missing = error.name if type(error) is ModuleNotFoundError and isinstance(error.name, str) else ''
    problem = Problem(stop_of(error), one_line(error), at, raised, no_module=missing.split('.')[0])
    traceback.clear_frames(error.__traceback__)
    return problem


def import_package(session, unit, ns, limit):
    """Import a package as Python does: its __init__.py, and what that imports. Its names, and those
    of the submodules it imported, are the learner's (a datasets.py nobody imports is not run)."""
    import importlib
    session.folders.append(unit.filename)
    try:
        with redirected(), session.time_limit(limit), session.imports.serve():
            package = importlib.import_module(unit.package)
    except BaseException as error:
        return stopped(session, error, unit)
    modules = [package] + [module for name, module in sorted(sys.modules.items())
                           if name.startswith(unit.package + '.') and module is not None]
    for module in modules:
        ns.update({k: v for k, v in vars(module).items() if not k.startswith('__')})
    return None
