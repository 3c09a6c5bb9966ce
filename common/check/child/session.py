"""The child's one state: the parent's pipe, which files are the learner's, where its imports look,
what it started; and where the learner's code was when something stopped it."""
import contextlib
import linecache
import os
import sys
import threading
import traceback

from common import catalog
from common.check import records
from common.check.child import limits
from common.check.child.limits import InputAsked, TimeLimit
from common.check.records import Place, Stop


def not_learners():
    """Where code is Python's, an installed package's or the checker's own, never the learner's."""
    import site
    import sysconfig
    paths = [sysconfig.get_paths()[key] for key in ('stdlib', 'platstdlib', 'purelib', 'platlib')]
    paths += site.getsitepackages() + [site.getusersitepackages(), sys.prefix, sys.base_prefix, sys.exec_prefix]
    paths += [str(catalog.ROOT / 'common')] + [str(p) for p in catalog.STEPS_DIR.glob('step*/test_step*.py')]
    return tuple(sorted({os.path.realpath(p) + ('' if p.endswith('.py') else os.sep) for p in paths if p}))


NOT_LEARNERS = not_learners()


class LearnersImports:
    """A finder first on sys.meta_path: the learner's folders serve the learner's imports, and only
    those, so a learner's code.py, xml.py or common/ never stands in for what pytest imports, and
    the checker's own `common` never stands in for the learner's."""

    def __init__(self, session):
        self.session = session
        self.serving = False  # True while a file, cell or package of the learner's runs: all it imports is theirs

    def find_spec(self, name, path, target=None):
        if path is not None or not (self.serving or self.importer_is_learner()):
            return None  # a submodule (its package decides), or the checker's own import
        import importlib.machinery
        return importlib.machinery.PathFinder.find_spec(name, self.session.paths)

    def importer_is_learner(self):
        frame = sys._getframe(2)
        while frame is not None and ('importlib' in frame.f_code.co_filename
                                     or frame.f_code.co_filename.startswith('<frozen')):
            frame = frame.f_back
        return frame is not None and self.session.learner_file(frame.f_code.co_filename)

    @contextlib.contextmanager
    def serve(self):
        """What runs inside is the learner's, and so is all it imports."""
        self.serving = True
        try:
            yield
        finally:
            self.serving = False


class Session:
    """What the child knows while it runs the learner's code and the tests."""

    def __init__(self, events, folders, scratch):
        self.events = events            # the parent's pipe
        self.sending = threading.Lock()  # the watchdog and the parent's questions are answered from other threads
        self.labels = {}                # filename -> label, for every file and cell of the learner's
        self.folders = list(folders)    # folders whose modules are the learner's (a package's, once imported)
        self.paths = list(folders) + [scratch]  # where the learner's imports look first
        self.scratch = scratch          # the working folder: what the learner's code writes stays there
        self.started = []               # the processes the learner's code started: they end with the check
        self.codes = {}                 # records.Function -> its code object, for the functions that ran in tests
        self.leftovers = None           # findings.Leftovers of the namespaces the units run in
        self.numpy_state = None         # numpy's print options and error settings, as the child found them
        self.main = threading.main_thread().ident
        self.watchdog = None
        self.checker = {}               # the checker's own modules, out of sys.modules while the learner's code runs
        self.imports = LearnersImports(self)

    def send(self, event):
        with self.sending:
            self.events.write(records.encode(event) + '\n')
            self.events.flush()

    def learner_file(self, filename):
        """Whether code from filename is the learner's: a cell or file of theirs, or any module the
        learner's code reached (their folders, a package one folder up), but never Python's, an
        installed package's or the checker's own (a notebook kept at the repository root)."""
        if filename in self.labels:
            return True
        return os.path.isabs(filename) and not os.path.realpath(filename).startswith(NOT_LEARNERS)

    def label(self, filename):
        return self.labels.get(filename) or os.path.relpath(filename, self.folders[0] if self.folders else '.')

    def place(self, frame, lineno):
        code = frame.f_code
        function = getattr(code, 'co_qualname', code.co_name)
        return Place(self.label(code.co_filename), lineno, '' if function == '<module>' else function,
                     linecache.getline(code.co_filename, lineno).strip())

    def frames(self, tb):
        """The learner's frames of a traceback, outermost first."""
        return [self.place(frame, lineno) for frame, lineno in traceback.walk_tb(tb)
                if self.learner_file(frame.f_code.co_filename)]

    def main_places(self):
        """Where the main thread is in the learner's code, seen from another thread."""
        frame = sys._current_frames().get(self.main)
        if frame is None:
            return []
        return [self.place(f, lineno) for f, lineno in reversed(list(traceback.walk_stack(frame)))
                if self.learner_file(f.f_code.co_filename)]

    def where(self):
        self.send(records.Where(self.main_places()))

    def time_limit(self, seconds):
        """Raise TimeLimit in the code run inside once it has run `seconds`: SIGALRM where there is one
        (it also ends a sleep), else a watchdog thread."""
        if limits.HAS_ALARM:
            return limits.alarm_limit(seconds)
        self.watchdog = self.watchdog or limits.Watchdog(self)
        return self.watchdog.limit(seconds)


def stop_of(error):
    if isinstance(error, TimeLimit):
        return Stop.TIME
    if isinstance(error, MemoryError):
        return Stop.MEMORY
    if isinstance(error, InputAsked):
        return Stop.INPUT
    if isinstance(error, SystemExit):
        return Stop.EXIT
    if isinstance(error, RecursionError):
        return Stop.RECURSION
    return Stop.ERROR


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
