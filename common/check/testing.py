"""A step's tests in the checker's child process: a pytest plugin that runs the tests the checker
runs, each under the checker's time limit, and says each outcome in plain values, with the learner's
functions that ran in it."""
import os
import re
import sys
import traceback
import types
from collections import defaultdict

import pytest

from common import catalog
from common.check import findings, learner
from common.check.learner import LEARNER, kind_of, learner_file, learner_frames, one_line, redirected, send

# how a failed `==` reads in the report (report.py turns it into the learner's language)
YOURS, BOOKS = 'yours: ', " | the book's: "
PRINT_OPTIONS, NUMPY_ERRORS = {}, {}  # numpy's, as the child found them: each run starts from them


class Stopped(Exception):
    """A KeyboardInterrupt or pytest.exit() raised by the learner's code during a test."""


class Results:
    """A pytest plugin: runs the tests the checker runs, sends every test's outcome."""

    STOP_AFTER = 3  # time-outs: code that hangs in three tests would hang in the rest

    def __init__(self, lines, leftovers, limit=None):
        self.lines, self.leftovers, self.limit = lines, leftovers, limit
        self.tests, self.problem, self.session, self.collected, self.done = [], None, None, [], set()
        self.stopped = None  # why pytest ended before every test had an outcome

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
        self.collected = [item.nodeid for item in items]

    def pytest_keyboard_interrupt(self, excinfo):
        self.stopped = self.stopped or 'interrupt'

    def pytest_internalerror(self, excrepr, excinfo):
        self.stopped = 'internal'

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

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item):
        """Which of the learner's functions ran in this test: the spectrum for fault localization.
        A KeyboardInterrupt or pytest.exit() from the learner's code fails this test, not the run."""
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
            with learner.time_limit(self.limit):
                return (yield)
        except (KeyboardInterrupt, pytest.exit.Exception) as error:
            stopped = Stopped(*error.args[:1])
            stopped.shown_as = 'pytest.exit()' if isinstance(error, pytest.exit.Exception) else type(error).__name__
            raise stopped.with_traceback(error.__traceback__) from None
        finally:
            sys.setprofile(None)
            item.checker_ran = []
            for c in ran:
                f = dict(function=getattr(c, 'co_qualname', c.co_name), line=c.co_firstlineno,
                         label=LEARNER.get(c.co_filename, os.path.basename(c.co_filename)))
                findings.CODES[(f['function'], f['label'], f['line'])] = c
                item.checker_ran.append(f)

    def pytest_runtest_setup(self, item):
        self.leftovers.reset()
        os.chdir(learner.SCRATCH)

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
            kind = kind_of(error)
            outcome.get_result().checker.update(kind=kind, places=learner_frames(call.excinfo.tb),
                                                doc=sentence(item.obj.__doc__),
                                                message=message_of(error) if kind == 'error' else one_line(error))
            traceback.clear_frames(call.excinfo.tb)  # a runaway's memory goes now, not at the end

    def pytest_runtest_logreport(self, report):
        if report.when == 'call' or report.outcome != 'passed':
            self.done.add(report.nodeid)
            message = report.longrepr[2] if report.skipped else crash(report) if report.failed else ''
            info = dict(getattr(report, 'checker', {}))
            message = info.pop('message', message)
            outcome = 'ahead' if info.get('ahead') else report.outcome
            self.tests.append(dict(line=report.location[1], name=report.location[2], outcome=outcome,
                                   message=message, **info))
            if sum(test.get('kind') == 'time' for test in self.tests) >= self.STOP_AFTER:
                self.session.shouldstop = 'time'

    def not_run(self):
        """The tests collected that got no outcome: the run ended before them."""
        return len(set(self.collected) - self.done)

    def why_stopped(self):
        if not self.not_run():
            return None
        if self.session and self.session.shouldstop == 'time':
            return 'time'
        return self.stopped or 'internal'


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
    try:
        text = str(error)
    except BaseException:
        return one_line(error)
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
    saved, path = {name: sys.modules.pop(name, None) for name in ('core', 'utils', test_file.stem)}, list(sys.path)
    for name in ('core', 'utils'):
        module = types.ModuleType(name)
        module.__dict__.update(names)
        sys.modules[name] = module
    results = Results(lines, leftovers, limit)
    leftovers.reset()
    numpy.set_printoptions(**PRINT_OPTIONS)
    numpy.seterr(**NUMPY_ERRORS)
    os.chdir(learner.SCRATCH)
    targets = ['{}::{}'.format(test_file, name) for name in only] if only else [str(test_file)]
    args = targets + ['--noconftest', '-c', os.devnull, '--rootdir', str(test_file.parent), '--import-mode=importlib',
                      '-q', '-s', '--basetemp', os.path.join(learner.SCRATCH, '.tmp'), '--tb=native']
    for plugin in ('no:cacheprovider', 'no:logging', 'no:warnings', 'no:faulthandler', 'no:doctest',
                   'no:unraisableexception', 'no:threadexception'):  # their gc.collect() costs 0.1 s a step
        args += ['-p', plugin]
    try:
        with redirected():
            pytest.main(args, plugins=[results])
    finally:
        # the modules made for the tests, and the folder the test file puts on sys.path, are not the
        # learner's: a later cell's `from utils import …` finds what it finds in Jupyter, not these
        sys.path[:] = path
        for name, module in saved.items():
            sys.modules.pop(name, None)
            if module is not None:
                sys.modules[name] = module
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


