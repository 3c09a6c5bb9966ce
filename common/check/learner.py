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
import threading
import time
import traceback
import types

from common import catalog

SCRATCH = os.getcwd()  # the child runs in a scratch folder: what the learner's code writes stays there


FILE_SIZE = 64 << 20  # bytes: what one file the learner's code writes may grow to


class TimeLimit(BaseException):
    """A cell or file ran past its time limit (a BaseException, so `except Exception` cannot swallow it)."""


class HardExit(SystemExit):
    """os._exit() in the learner's code, which here ends only the cell."""


class InputAsked(EOFError):
    """input() in the learner's code: nobody is there to answer."""


EVENTS = None   # the parent's pipe (child.main opens it)
LEARNER = {}    # filename -> label, for every file and cell of the learner's
FOLDERS = []    # folders whose modules are the learner's
PATHS = []      # the folders the learner's imports look in first (the learner's own and the scratch folder)
STARTED = []    # the processes the learner's code started: they end with the check
SENDING = threading.Lock()
MAIN = threading.main_thread().ident


def send(event, **fields):
    with SENDING:  # the watchdog and the parent's questions are answered from other threads
        EVENTS.write(json.dumps(dict(fields, e=event), default=str) + '\n')
        EVENTS.flush()


# -- where the learner's code was -------------------------------------------------------------

def not_learners():
    """Where code is Python's, an installed package's or the checker's own, never the learner's."""
    import site
    import sysconfig
    paths = [sysconfig.get_paths()[key] for key in ('stdlib', 'platstdlib', 'purelib', 'platlib')]
    paths += site.getsitepackages() + [site.getusersitepackages(), sys.prefix, sys.base_prefix, sys.exec_prefix]
    paths += [str(catalog.ROOT / 'common')] + [str(p) for p in catalog.STEPS_DIR.glob('step*/test_step*.py')]
    return tuple(sorted({os.path.realpath(p) + ('' if p.endswith('.py') else os.sep) for p in paths if p}))


NOT_LEARNERS = not_learners()


def learner_file(filename):
    """Whether code from filename is the learner's: a cell or file of theirs, or any module the
    learner's code reached (their folders, a package one folder up), but never Python's, an
    installed package's or the checker's own (a notebook kept at the repository root)."""
    if filename in LEARNER:
        return True
    return os.path.isabs(filename) and not os.path.realpath(filename).startswith(NOT_LEARNERS)


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
    """'ValueError: bad shape': the error's type and the first line of its message."""
    if isinstance(error, SystemExit) and isinstance(error.code, bool):
        error = type(error)(int(error.code))  # unittest.main()'s sys.exit(not passed): SystemExit: 0, not False
    try:
        text = (str(error).strip().splitlines() or [''])[0]
    except BaseException:  # a learner's exception whose __str__ itself fails
        text = '(its message cannot be printed)'
    name = getattr(error, 'shown_as', None) or type(error).__name__
    return '{}: {}'.format(name, text).rstrip(': ')


# -- the learner's code ----------------------------------------------------------------------------

def guard(questions=None):
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
        STARTED.append(self)
    subprocess.Popen.__init__ = popen
    sys.meta_path.insert(0, IMPORTS)
    if questions:
        def answer():
            for _ in questions:
                send('where', places=main_places())
        threading.Thread(target=answer, daemon=True).start()


def end_processes():
    """What the learner's code started and left running ends with the check (on POSIX the parent
    also ends the child's whole process group)."""
    for process in STARTED:
        try:
            if process.poll() is None:
                process.kill()
        except OSError:
            pass


class LearnersImports:
    """A finder first on sys.meta_path: the learner's folders serve the learner's imports, and only
    those, so a learner's code.py, xml.py or common/ never stands in for what pytest imports, and
    the checker's own `common` never stands in for the learner's."""
    serving = False  # True while a file, cell or package of the learner's runs: all it imports is theirs

    def find_spec(self, name, path, target=None):
        if path is not None or not (self.serving or importer_is_learner()):
            return None  # a submodule (its package decides), or the checker's own import
        import importlib.machinery
        return importlib.machinery.PathFinder.find_spec(name, PATHS)


IMPORTS = LearnersImports()


def importer_is_learner():
    frame = sys._getframe(2)
    while frame is not None and ('importlib' in frame.f_code.co_filename or frame.f_code.co_filename.startswith('<frozen')):
        frame = frame.f_back
    return frame is not None and learner_file(frame.f_code.co_filename)


def as_jupyter_has_it(before, folder):
    """Folders the learner's code put on sys.path from its working folder (os.getcwd(), '..') point
    where they would in Jupyter, whose kernel works in the notebook's folder: here the working folder
    is a scratch folder. before: sys.path before the code ran; folder: the notebook's (or file's)."""
    for at, entry in enumerate(sys.path):
        if entry in before or not isinstance(entry, str):
            continue
        full = os.path.normpath(os.path.join(SCRATCH, entry))
        if full == SCRATCH or full.startswith(SCRATCH + os.sep):
            sys.path[at] = os.path.normpath(os.path.join(folder, os.path.relpath(full, SCRATCH)))
        elif SCRATCH.startswith(os.path.join(full, '')):
            up = os.path.relpath(SCRATCH, full).count(os.sep) + 1
            sys.path[at] = os.path.normpath(os.path.join(folder, *[os.pardir] * up))


def main_places():
    """Where the main thread is in the learner's code, seen from another thread."""
    frame = sys._current_frames().get(MAIN)
    return stack_places(frame) if frame else []


def alarm(signum, frame):
    raise TimeLimit()


class Watchdog:
    """A time limit without signals (Windows has no SIGALRM): a thread that, at the deadline, says
    where the learner's code is and raises TimeLimit in the main thread between two bytecodes."""

    def __init__(self):
        self.lock, self.armed, self.fired = threading.Condition(), None, False
        threading.Thread(target=self.watch, daemon=True).start()

    def watch(self):
        import ctypes
        with self.lock:
            while True:
                if self.armed is None:
                    self.lock.wait()
                    continue
                left = self.armed - time.monotonic()
                if left > 0:
                    self.lock.wait(left)
                    continue
                self.armed, self.fired = None, True
                send('where', places=main_places())
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(MAIN), ctypes.py_object(TimeLimit))

    @contextlib.contextmanager
    def limit(self, seconds):
        with self.lock:
            self.armed, self.fired = time.monotonic() + seconds, False
            self.lock.notify()
        taken = False
        try:
            yield
        except TimeLimit:
            taken = True
            raise
        finally:
            with self.lock:
                fired, self.armed, self.fired = self.fired, None, False
            if fired and not taken:  # the block ended as the watchdog fired: take its TimeLimit here
                try:
                    for _ in range(10 ** 6):
                        pass
                except TimeLimit:
                    pass


WATCHDOG = None


@contextlib.contextmanager
def time_limit(seconds):
    """Raise TimeLimit in the code run inside once it has run `seconds`: SIGALRM where there is one
    (it also ends a sleep), else the watchdog thread."""
    global WATCHDOG
    if hasattr(signal, 'SIGALRM') and hasattr(signal, 'setitimer'):
        signal.signal(signal.SIGALRM, alarm)  # pytest, numpy or the learner may have set another handler
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    else:
        WATCHDOG = WATCHDOG or Watchdog()
        with WATCHDOG.limit(seconds):
            yield


def limit_memory(extra, file_size=FILE_SIZE):
    """On Linux: the address space may grow by `extra` bytes past what the checker itself uses. On
    POSIX: no file written may grow past file_size (a write past it fails, and ends nothing)."""
    try:
        import resource
    except ImportError:
        return  # Windows: the time limits bound a runaway instead
    try:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
        with open('/proc/self/status') as status:
            size = next(int(line.split()[1]) * 1024 for line in status if line.startswith('VmSize:'))
        resource.setrlimit(resource.RLIMIT_AS, (size + extra, resource.RLIM_INFINITY))
    except (AttributeError, OSError, ValueError, StopIteration):
        pass  # macOS has no /proc: no memory limit there


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
        with redirected(printed), time_limit(limit), serving():
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
def serving():
    IMPORTS.serving = True
    try:
        yield
    finally:
        IMPORTS.serving = False


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
    """Import a package as Python does: its __init__.py, and what that imports. Its names, and those
    of the submodules it imported, are the learner's (a datasets.py nobody imports is not run)."""
    import importlib
    FOLDERS.append(unit['filename'])
    try:
        with redirected(), time_limit(limit), serving():
            package = importlib.import_module(unit['package'])
    except BaseException as error:
        return stopped(error, unit)
    modules = [package] + [module for name, module in sorted(sys.modules.items())
                           if name.startswith(unit['package'] + '.') and module is not None]
    for module in modules:
        ns.update({k: v for k, v in vars(module).items() if not k.startswith('__')})
    return None


