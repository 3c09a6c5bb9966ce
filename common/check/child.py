"""The checker's child process: runs the learner's code, then a step's tests, under limits.

    python -m common.check.child PLAN.json     (started by common.check.run, never by hand)

It writes one JSON object a line to its standard output and nothing else there: what it is
doing (so the parent can say where a hang or Ctrl-C found it) and what it found. The learner's
own output goes nowhere. Each cell or file, and each test, has a time limit; on Linux the whole
process has a memory limit. The learner's exits, input() and leftovers do not reach the checker.
"""
import ast
import builtins
import contextlib
import json
import linecache
import os
import re
import signal
import sys
import traceback
import types
from collections import defaultdict

import pytest

from common import catalog


# how a failed `==` reads in the report (report.py turns it into the learner's language)
YOURS, BOOKS = 'yours: ', " | the book's: "


class TimeLimit(BaseException):
    """A cell or file ran past its time limit (a BaseException, so `except Exception` cannot swallow it)."""


class HardExit(SystemExit):
    """os._exit() in the learner's code, which here ends only the cell."""


class InputAsked(EOFError):
    """input() in the learner's code: nobody is there to answer."""


EVENTS = None   # the parent's pipe
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
    if unit['namespace'] not in namespaces:
        name = '__main__' if unit['namespace'] == 'notebook' else '__learner__'
        module = types.ModuleType(name)
        module.__dict__.update(__file__=unit['filename'] if name != '__main__' else None, display=display)
        if module.__file__ is None:
            del module.__file__
        namespaces[unit['namespace']] = module
    return namespaces[unit['namespace']]


def run_unit(unit, module, limit):
    """Run one unit; return what stopped it (a dict for the report) or None."""
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
    try:
        with redirected(), time_limit(limit):
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
    return None


def assigned_names(code):
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}


@contextlib.contextmanager
def redirected():
    with open(os.devnull, 'w') as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
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


# -- leftovers -----------------------------------------------------------------------------------

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


# -- the tests ---------------------------------------------------------------------------------------

def snapshot_names(names):
    """The book's names that came from one of our snapshots (use_step, import core): {name: 'step07'}."""
    taken = {}
    steps_dir = str(catalog.STEPS_DIR) + os.sep
    for name in catalog.NAMES:
        module = sys.modules.get(getattr(names.get(name), '__module__', None) or '')
        path = getattr(module, '__file__', None) or ''
        if path.startswith(steps_dir):
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
        return 'numpy.float64' in str(error)
    except BaseException:
        pass
    return False


class Results:
    """A pytest plugin: runs the tests the checker runs, sends every test's outcome."""

    STOP_AFTER = 3  # time-outs: code that hangs in three tests would hang in the rest

    def __init__(self, lines, leftovers):
        self.lines, self.leftovers = lines, leftovers
        self.tests, self.problem, self.session, self.collected = [], None, None, 0

    def pytest_sessionstart(self, session):
        self.session = session

    def keep(self, item):
        obj, cls = getattr(item, 'obj', None), getattr(item, 'cls', None)
        if any(getattr(o, 'departure', False) or getattr(o, 'snapshot_only', False) for o in (obj, cls)):
            return False
        return self.lines is None or self.lines[0] <= item.location[1] < self.lines[1]

    @pytest.hookimpl(tryfirst=True)
    def pytest_pycollect_makeitem(self, collector, name, obj):
        """Outside the section asked for, a test is not even made (its parameters cost time)."""
        code = getattr(obj, '__code__', None)
        if self.lines and code and name.startswith('test') and not self.lines[0] <= code.co_firstlineno - 1 < self.lines[1]:
            return []
        return None

    def pytest_collection_modifyitems(self, config, items):
        dropped = [item for item in items if not self.keep(item)]
        items[:] = [item for item in items if self.keep(item)]
        config.hook.pytest_deselected(items=dropped)
        self.collected = len(items)

    def pytest_collectreport(self, report):
        if report.failed:
            self.problem = crash(report)
        elif report.skipped and report.longrepr:
            self.tests.append(dict(line=0, name='(every test)', outcome='skipped', message=report.longrepr[2]))

    def pytest_assertrepr_compare(self, config, op, left, right):
        if op in ('==', 'is'):
            return [YOURS + plain(left) + BOOKS + plain(right)]
        return None

    def pytest_runtest_logstart(self, nodeid, location):
        send('test', name=location[2], line=location[1])

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        """Which of the learner's functions ran in this test: the spectrum for fault localization."""
        ran, seen = set(), {}

        def profile(frame, event, arg):
            if event == 'call':
                code = frame.f_code
                mine = seen.get(code)
                if mine is None:
                    mine = seen[code] = learner_file(code.co_filename) and not code.co_name.startswith('<')
                if mine:
                    ran.add(code)
        sys.setprofile(profile)
        try:
            yield
        finally:
            sys.setprofile(None)
            item.checker_ran = []
            for c in ran:
                f = dict(function=getattr(c, 'co_qualname', c.co_name), line=c.co_firstlineno,
                         label=LEARNER.get(c.co_filename, os.path.basename(c.co_filename)))
                CODES[(f['function'], f['label'], f['line'])] = c
                item.checker_ran.append(f)

    def pytest_runtest_setup(self, item):
        self.leftovers.reset()
        os.chdir(SCRATCH)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        if call.when == 'call':
            outcome.get_result().checker = dict(ran=getattr(item, 'checker_ran', []))
        limitation = getattr(getattr(item, 'obj', None), 'limitation', None)
        if limitation and outcome.get_result().failed and call.when == 'call':
            # the code may be past a limit the book keeps until a later step: confirm_ahead decides
            report = outcome.get_result()
            report.checker.update(ahead=limitation, message=message_of(call.excinfo.value), kind='error',
                                  places=learner_frames(call.excinfo.tb), doc=sentence(item.obj.__doc__))
            report.outcome, report.longrepr = 'passed', None
            traceback.clear_frames(call.excinfo.tb)
            return
        if call.excinfo is not None and call.when == 'call':
            error = call.excinfo.value
            kind = 'time' if 'pytest-timeout' in str(error) else kind_of(error)
            outcome.get_result().checker.update(kind=kind, places=learner_frames(call.excinfo.tb),
                                                doc=sentence(item.obj.__doc__),
                                                message=message_of(error) if kind == 'error' else one_line(error))
            traceback.clear_frames(call.excinfo.tb)  # a runaway's memory goes now, not at the end

    def pytest_runtest_logreport(self, report):
        if report.when == 'call' or report.outcome != 'passed':
            message = report.longrepr[2] if report.skipped else crash(report) if report.failed else ''
            info = dict(getattr(report, 'checker', {}))
            message = info.pop('message', message)
            outcome = 'ahead' if info.get('ahead') else report.outcome
            self.tests.append(dict(line=report.location[1], name=report.location[2], outcome=outcome,
                                   message=message, **info))
            if sum(test.get('kind') == 'time' for test in self.tests) >= self.STOP_AFTER:
                self.session.shouldstop = 'time'

    def not_run(self):
        ran = len({(t['line'], t['name']) for t in self.tests if t['name'] != '(every test)'})
        return max(0, self.collected - ran) if self.session and self.session.shouldstop else 0


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
    return text if len(text) <= width else text[:width - 1] + '…'


def message_of(error):
    """One line for a failure: the values compared, or what a bare `assert f(...)` found."""
    text = str(error)
    if not isinstance(error, AssertionError) or not text:
        return tidy(one_line(error))
    lines = text.splitlines()
    first = lines[0].removeprefix('assert ')
    if YOURS in first:  # our assertrepr hook's line, maybe in brackets: (yours: … | the book's: …)
        return first[first.index(YOURS):-1] if first.startswith('(') else first
    where = next((line.strip().removeprefix('+').strip().removeprefix('where ') for line in lines[1:]
                  if 'where' in line), None)
    close = re.fullmatch(r'False = (?:np\.|numpy\.)?(?:allclose|isclose|array_equal)\((.*)\)', tidy(where or '', 10 ** 4))
    parts = split_arguments(close[1]) if close else []
    if len(parts) >= 2:  # np.allclose(yours, the book's)
        return YOURS + tidy(parts[0], 45) + BOOKS + tidy(parts[1], 45)
    return tidy(where or first)


def split_arguments(text):
    """'[1, 2], 3, rtol=1' -> ['[1, 2]', '3', 'rtol=1']: the commas outside brackets."""
    parts, depth, start = [], 0, 0
    for at, char in enumerate(text):
        depth += char in '([{' and 1 or char in ')]}' and -1 or 0
        if char == ',' and depth == 0:
            parts.append(text[start:at].strip())
            start = at + 1
    return parts + [text[start:].strip()]


def sentence(doc):
    """The first paragraph of a test's docstring, on one line: what the book's code does."""
    return ' '.join((doc or '').strip().split('\n\n')[0].split())


def crash(report):
    reprcrash = getattr(report.longrepr, 'reprcrash', None)
    text = reprcrash.message if reprcrash else str(report.longrepr)
    return text.strip().splitlines()[0] if text.strip() else 'failed'


def run_tests(step, names, lines, leftovers, limit, only=None):
    """Run step's tests (those in the section `lines`, or the tests named in `only`) against names."""
    import numpy
    test_file = catalog.STEPS_DIR / 'step{:02d}'.format(step) / 'test_step{:02d}.py'.format(step)
    for name in ('core', 'utils', test_file.stem):
        sys.modules.pop(name, None)
    for name in ('core', 'utils'):
        module = types.ModuleType(name)
        module.__dict__.update(names)
        sys.modules[name] = module
    results = Results(lines, leftovers)
    leftovers.reset()
    numpy.set_printoptions(**PRINT_OPTIONS)
    numpy.seterr(**NUMPY_ERRORS)
    os.chdir(SCRATCH)
    targets = ['{}::{}'.format(test_file, name) for name in only] if only else [str(test_file)]
    args = targets + ['--noconftest', '-c', os.devnull, '--rootdir', str(test_file.parent), '--import-mode=importlib',
                      '-q', '-s', '--basetemp', os.path.join(SCRATCH, '.tmp'), '--tb=native',
                      '-p', 'pytest_timeout', '-o', 'timeout={}'.format(limit),
                      '-o', 'timeout_method=signal' if hasattr(signal, 'SIGALRM') else 'timeout_method=thread',
                      '-o', 'timeout_disable_debugger_detection=true']
    for plugin in ('no:cacheprovider', 'no:logging', 'no:warnings', 'no:faulthandler', 'no:doctest',
                   'no:unraisableexception', 'no:threadexception'):  # their gc.collect() costs 0.1 s a step
        args += ['-p', plugin]
    with redirected():
        pytest.main(args, plugins=[results])
    leftovers.reset()
    return results


def confirm_ahead(results, names, leftovers, limit):
    """A test of what the book's code cannot do yet, failed here, counts as ahead of the book only if
    the code passes that test as the book's step M (where the limit goes) has it. Otherwise it is a
    failure, since a slip fails such a test too."""
    by_step = defaultdict(set)
    for test in results.tests:
        if test['outcome'] == 'ahead':
            by_step[test['ahead']].add(test['name'].split('[')[0])
    verdict = {}
    for step, tests in by_step.items():
        later = catalog.STEPS_DIR / 'step{:02d}'.format(step) / 'test_step{:02d}.py'.format(step)
        there = {name for name in tests if re.search(r'^\s*def {}\('.format(name), later.read_text(encoding='utf-8'), re.M)}
        outcomes = defaultdict(set)
        if there:
            for test in run_tests(step, names, None, leftovers, limit, only=sorted(there)).tests:
                outcomes[test['name'].split('[')[0]].add(test['outcome'])
        for name in tests:
            verdict[(step, name)] = 'ahead' if outcomes.get(name) == {'passed'} else 'failed' if name in there else '?'
    for test in results.tests:
        if test['outcome'] == 'ahead':
            found = verdict[(test['ahead'], test['name'].split('[')[0])]
            if found == 'failed':
                test.update(outcome='failed', ahead=None)
            elif found == '?':  # the test is gone at step M: say so beside the failure
                test.update(outcome='failed', changes_at=test.pop('ahead'))


SCRATCH = os.getcwd()
PRINT_OPTIONS, NUMPY_ERRORS = {}, {}


def main(plan_path):
    global EVENTS, PRINT_OPTIONS, NUMPY_ERRORS
    EVENTS = os.fdopen(os.dup(1), 'w', encoding='utf-8')
    with open(os.devnull, 'w') as sink:
        os.dup2(sink.fileno(), 1)
    with open(plan_path, encoding='utf-8') as file:
        plan = json.load(file)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    import numpy
    import numpy.random  # noqa: F401  (the tests use it; loaded under the memory limit, it may not fit)
    import pytest_timeout  # noqa: F401  (before the learner's code can break importing it)
    PRINT_OPTIONS, NUMPY_ERRORS = numpy.get_printoptions(), numpy.geterr()
    PRINT_OPTIONS.pop('legacy', None)
    sys.path[1:1] = plan['paths']
    FOLDERS.extend(plan['paths'])
    guard()
    limit_memory(plan['limits']['memory'])
    namespaces, leftovers = {}, Leftovers()
    for check in plan['checks']:
        if check.get('fresh'):
            namespaces, leftovers = {}, Leftovers()
        for index in check['run']:
            unit = plan['units'][index]
            send('unit', index=index, label=unit['label'])
            module = namespace_for(unit, namespaces)
            problem = run_unit(unit, module, plan['limits']['cell'])
            leftovers.after(unit, module.__dict__)
            send('unit_done', index=index, problem=problem)
        names = {}
        for module in namespaces.values():
            names.update(module.__dict__)
        taken = snapshot_names(names)
        for name in taken:
            del names[name]
        lines = check.get('lines')
        send('tests', step=check['step'])
        left = leftovers.notes()
        results = run_tests(check['step'], names, lines, leftovers, plan['limits']['test'])
        confirm_ahead(results, names, leftovers, plan['limits']['test'])
        send('step', step=check['step'], tests=results.tests, problem=results.problem,
             leftovers=left, taken=taken, not_run=results.not_run(), stale=stale_bases(names, check['step']),
             numpy_note=numpy_note(names, plan['limits']['test']),
             differs=differs_from_book(results.tests, check['step']))
    send('end')


if __name__ == '__main__':
    main(sys.argv[1])
