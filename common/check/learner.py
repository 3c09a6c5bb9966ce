"""The learner's code in the checker's child process: each cell, file or package run under a time
limit, with the learner's exits, input() and output kept from the checker (what it prints kept for
the comparison with the book's example), and where the learner's code was when something stopped it."""
import ast
import builtins
import contextlib
import json
import linecache
import os
import signal
import sys
import traceback
import types

from common import catalog

SCRATCH = os.getcwd()  # the child runs in a scratch folder: what the learner's code writes stays there


class TimeLimit(BaseException):
    """A cell or file ran past its time limit (a BaseException, so `except Exception` cannot swallow it)."""


class HardExit(SystemExit):
    """os._exit() in the learner's code, which here ends only the cell."""


class InputAsked(EOFError):
    """input() in the learner's code: nobody is there to answer."""


EVENTS = None   # the parent's pipe (child.main opens it)
LEARNER = {}    # filename -> label, for every file and cell of the learner's
FOLDERS = []    # folders whose modules are the learner's


def send(event, **fields):
    EVENTS.write(json.dumps(dict(fields, e=event), default=str) + '\n')
    EVENTS.flush()


# -- where the learner's code was -------------------------------------------------------------

def learner_file(filename):
    return filename in LEARNER or any(filename.startswith(folder + os.sep) for folder in FOLDERS)


def place(frame, lineno):
    code = frame.f_code
    label = LEARNER.get(code.co_filename) or os.path.relpath(code.co_filename, FOLDERS[0] if FOLDERS else '.')
    function = getattr(code, 'co_qualname', code.co_name)
    line = linecache.getline(code.co_filename, lineno).strip()
    return dict(label=label, line=lineno, function='' if function == '<module>' else function, code=line)


def learner_frames(tb):
    return [place(frame, lineno) for frame, lineno in traceback.walk_tb(tb) if learner_file(frame.f_code.co_filename)]


def stack_places(frame):
    return [place(f, lineno) for f, lineno in reversed(list(traceback.walk_stack(frame))) if learner_file(f.f_code.co_filename)]


def kind_of(error):
    if isinstance(error, TimeLimit):
        return 'time'
    if isinstance(error, MemoryError):
        return 'memory'
    if isinstance(error, InputAsked):
        return 'input'
    if isinstance(error, SystemExit):
        return 'exit'
    if isinstance(error, RecursionError):
        return 'recursion'
    return 'error'


def one_line(error):
    if isinstance(error, SystemExit) and isinstance(error.code, bool):
        error = type(error)(int(error.code))  # unittest.main()'s sys.exit(not passed): SystemExit: 0, not False
    text = (str(error).strip().splitlines() or [''])[0]
    return '{}: {}'.format(type(error).__name__, text).rstrip(': ')


# -- the learner's code ----------------------------------------------------------------------------

def guard():
    """What the learner's code may not do to the checker: end it, wait for input, stay forever."""
    def no_exit(status=0):
        raise HardExit(status)

    def no_input(prompt=''):
        raise InputAsked('input({!r}): the checker has nobody to type an answer'.format(prompt))
    os._exit = no_exit
    builtins.input = no_input
    if hasattr(signal, 'SIGALRM'):
        def alarm(signum, frame):
            raise TimeLimit()
        signal.signal(signal.SIGALRM, alarm)
    if hasattr(signal, 'SIGUSR1'):  # the parent asks where we are, before it stops us
        def tell(signum, frame):
            try:
                send('where', places=stack_places(frame))
            except (RuntimeError, ValueError):
                pass
        signal.signal(signal.SIGUSR1, tell)


@contextlib.contextmanager
def time_limit(seconds):
    if hasattr(signal, 'setitimer'):
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if hasattr(signal, 'setitimer'):
            signal.setitimer(signal.ITIMER_REAL, 0)


def limit_memory(extra):
    """On Linux: the address space may grow by `extra` bytes past what the checker itself uses."""
    try:
        import resource
        with open('/proc/self/status') as status:
            size = next(int(line.split()[1]) * 1024 for line in status if line.startswith('VmSize:'))
        resource.setrlimit(resource.RLIMIT_AS, (size + extra, resource.RLIM_INFINITY))
    except (ImportError, OSError, ValueError, StopIteration):
        pass  # macOS and Windows: the time limits bound a runaway instead


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


MAGIC = None


def transform(code):
    """A cell as IPython runs it; without IPython, magic and shell lines are left out."""
    global MAGIC
    if not any(line.lstrip()[:1] in ('%', '!') or line.rstrip().endswith('?') or '= !' in line or '=!' in line
               for line in code.splitlines()):
        return code
    if MAGIC is None:
        limit = sys.getrecursionlimit()  # importing IPython raises it
        try:
            from IPython.core.inputtransformer2 import TransformerManager
            MAGIC = TransformerManager().transform_cell
        except ImportError:
            MAGIC = False
        sys.setrecursionlimit(limit)
    if MAGIC:
        return MAGIC(code)
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
    if unit['namespace'] not in namespaces:
        module = types.ModuleType(unit.get('module') or '__main__')
        module.__dict__.update(display=display)
        if unit['namespace'] != 'notebook':
            module.__file__ = unit['filename']
        namespaces[unit['namespace']] = module
    return namespaces[unit['namespace']]


def run_unit(unit, module, limit, printed=None):
    """Run one unit; return what stopped it (a dict for the report) or None. What it prints goes to
    printed (a Printed), or nowhere."""
    LEARNER[unit['filename']] = unit['label']
    ns = module.__dict__
    if unit['package']:
        return import_package(unit, ns, limit)
    code = transform(unit['code']) if unit['namespace'] == 'notebook' else unit['code']
    linecache.cache[unit['filename']] = (len(unit['code']), None, unit['code'].splitlines(True), unit['filename'])

    def run(source):
        exec(compile(source, unit['filename'], 'exec'), ns)
    if 'get_ipython' in code:
        ns.setdefault('get_ipython', lambda: Shell(run))
    try:
        compiled = compile(code, unit['filename'], 'exec')
    except SyntaxError as error:
        return dict(kind='syntax', error='SyntaxError: {}'.format(error.msg), at=dict(
            label=unit['label'], line=error.lineno or 0, function='', code=(error.text or '').strip()), raised=None)
    saved_main, saved_argv = sys.modules.get('__main__'), sys.argv
    sys.modules['__main__'], sys.argv = module, [unit['filename']]
    recursion, ipython = sys.getrecursionlimit(), 'IPython' in sys.modules
    try:
        with redirected(printed), time_limit(limit):
            exec(compiled, ns)
    except BaseException as error:
        problem = stopped(error, unit)
        if problem['kind'] == 'memory':
            # what a runaway cell kept (`keep = []` and its appends) would starve every test after it
            for name in assigned_names(code) - set(catalog.NAMES):
                ns.pop(name, None)
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


def stopped(error, unit):
    frames = learner_frames(error.__traceback__)
    own = [f for f in frames if f['label'] == unit['label']]
    at = own[0] if own else dict(label=unit['label'], line=0, function='', code='')
    raised = frames[-1] if frames and frames[-1] != at else None
    report = dict(kind=kind_of(error), error=one_line(error), at=at, raised=raised)
    traceback.clear_frames(error.__traceback__)
    return report


def import_package(unit, ns, limit):
    import importlib
    import pkgutil
    FOLDERS.append(unit['filename'])
    try:
        with redirected(), time_limit(limit):
            package = importlib.import_module(unit['package'])
            modules = [package] + [importlib.import_module(unit['package'] + '.' + info.name)
                                   for info in pkgutil.iter_modules(package.__path__) if not info.name.startswith('test')]
    except BaseException as error:
        return stopped(error, unit)
    for module in modules:
        ns.update({k: v for k, v in vars(module).items() if not k.startswith('__')})
    return None


