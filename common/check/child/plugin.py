"""A step's tests in the child: a pytest plugin that runs the tests the checker runs, each under the
checker's time limit, and makes each outcome a TestOutcome, with the learner's functions that ran in
it."""
import os
import re
import sys
import traceback
import types
from collections import defaultdict

import pytest

from common.check.child import values
from common.check.child.session import one_line, stop_of
from common.check.child.units import redirected
from common.check.records import Cut, Function, Result, Stop, TestOutcome, TestStarted
from common.check.source import test_file


class Stopped(Exception):
    """A KeyboardInterrupt or pytest.exit() raised by the learner's code during a test."""


def needed_names(reason):
    """['rdiv', 'Pow'] for a test skipped with 'needs rdiv and Pow' (as the test files' need() and their
    module-level skip say it); [] for any other reason ('needs the graphviz package …' names a program)."""
    if not reason.startswith('needs '):
        return []
    names = re.split(r', | and ', reason[len('needs '):])
    return names if all(name.isidentifier() for name in names) else []


class Results:
    """A pytest plugin: runs the tests the checker runs, keeps every test's outcome."""

    STOP_AFTER = 3  # time-outs: code that hangs in three tests would hang in the rest

    def __init__(self, session, from_line=None, limit=None):
        self.session, self.from_line, self.limit = session, from_line, limit
        self.tests, self.problem, self.pytest, self.collected, self.done = [], '', None, [], set()
        self.stopped = None  # why pytest ended before every test had an outcome

    def pytest_sessionstart(self, session):
        self.pytest = session

    def keep(self, item):
        obj, cls = getattr(item, 'obj', None), getattr(item, 'cls', None)
        if any(getattr(o, 'departure', False) or getattr(o, 'snapshot_only', False) for o in (obj, cls)):
            return False
        return self.from_line is None or self.from_line <= item.location[1]

    @pytest.hookimpl(tryfirst=True)
    def pytest_pycollect_makeitem(self, collector, name, obj):
        """Outside the section asked for, a test is not even made (its parameters cost time)."""
        code = getattr(obj, '__code__', None)
        if self.from_line is not None and code and name.startswith('test') and code.co_firstlineno - 1 < self.from_line:
            return []
        return None

    def pytest_collection_modifyitems(self, config, items):
        dropped = [item for item in items if not self.keep(item)]
        items[:] = [item for item in items if self.keep(item)]
        config.hook.pytest_deselected(items=dropped)
        self.collected = [item.nodeid for item in items]

    def pytest_keyboard_interrupt(self, excinfo):
        self.stopped = self.stopped or Cut.INTERRUPT

    def pytest_internalerror(self, excrepr, excinfo):
        self.stopped = Cut.INTERNAL

    def pytest_collectreport(self, report):
        if report.failed:
            self.problem = crash(report)
        elif report.skipped and report.longrepr:
            reason = report.longrepr[2].removeprefix('Skipped: ')
            self.tests.append(TestOutcome('(every test)', 0, Result.SKIPPED, reason, needs=needed_names(reason),
                                          every=True))

    def pytest_assertrepr_compare(self, config, op, left, right):
        if op in ('==', 'is'):
            return [values.compared(left, right)]
        return None

    def pytest_runtest_logstart(self, nodeid, location):
        self.session.send(TestStarted(location[2], location[1]))

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
                    mine = seen[code] = self.session.learner_file(code.co_filename) and not code.co_name.startswith('<')
                if mine:
                    ran.add(code)
        sys.setprofile(profile)
        try:
            with self.session.time_limit(self.limit):
                return (yield)
        except (KeyboardInterrupt, pytest.exit.Exception) as error:
            stopped = Stopped(*error.args[:1])
            stopped.shown_as = 'pytest.exit()' if isinstance(error, pytest.exit.Exception) else type(error).__name__
            raise stopped.with_traceback(error.__traceback__) from None
        finally:
            sys.setprofile(None)
            item.checker_ran = [self.function(code) for code in ran]

    def function(self, code):
        f = Function(getattr(code, 'co_qualname', code.co_name),
                     self.session.labels.get(code.co_filename, os.path.basename(code.co_filename)), code.co_firstlineno)
        self.session.codes[f] = code
        return f

    def pytest_runtest_setup(self, item):
        self.session.leftovers.reset()
        os.chdir(self.session.scratch)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        report.checker_params = list(getattr(getattr(item, 'callspec', None), '_idlist', ()))
        if call.when != 'call':
            return
        report.checker = dict(ran=getattr(item, 'checker_ran', []))
        if call.excinfo is None:
            return
        error, stop = call.excinfo.value, stop_of(call.excinfo.value)
        limitation = getattr(getattr(item, 'obj', None), 'limitation', None)
        if limitation and report.failed:
            # the code may be past a limit the book keeps until a later step: confirm_ahead decides
            stop, report.outcome, report.longrepr = Stop.ERROR, 'passed', None
            report.checker.update(ahead=limitation)
        message, compared = values.message_of(error) if stop is Stop.ERROR else (one_line(error), None)
        check = ''
        if isinstance(error, AssertionError):
            source, side, several = values.failed_check(item.obj, call.excinfo.tb)
            if compared is None and source:  # pytest's account of a bare assert is not for a learner
                message, check = '', source
            elif several and side:
                check = side
        report.checker.update(stop=stop, places=self.session.frames(call.excinfo.tb), doc=sentence(item.obj.__doc__),
                              message=message, values=compared, not_raised=values.not_raised(error), check=check)
        traceback.clear_frames(call.excinfo.tb)  # a runaway's memory goes now, not at the end

    def pytest_runtest_logreport(self, report):
        if report.when == 'call' or report.outcome != 'passed':
            self.done.add(report.nodeid)
            info = dict(getattr(report, 'checker', {}))
            message = info.pop('message', report.longrepr[2] if report.skipped
                               else crash(report) if report.failed else '')
            if report.skipped:
                message = message.removeprefix('Skipped: ')
                info['needs'] = needed_names(message)
            info['params'] = getattr(report, 'checker_params', [])
            result = Result.AHEAD if info.get('ahead') else Result(report.outcome)
            self.tests.append(TestOutcome(report.location[2], report.location[1], result, message, **info))
            if sum(test.stop is Stop.TIME for test in self.tests) >= self.STOP_AFTER:
                self.pytest.shouldstop = 'time'

    def not_run(self):
        """The tests collected that got no outcome: the run ended before them."""
        return len(set(self.collected) - self.done)

    def why_stopped(self):
        if not self.not_run():
            return None
        if self.pytest and self.pytest.shouldstop == 'time':
            return Cut.TIME
        return self.stopped or Cut.INTERNAL


def sentence(doc):
    """The first paragraph of a test's docstring, on one line: what the book's code does."""
    return ' '.join((doc or '').strip().split('\n\n')[0].split())


def crash(report):
    reprcrash = getattr(report.longrepr, 'reprcrash', None)
    text = reprcrash.message if reprcrash else str(report.longrepr)
    return text.strip().splitlines()[0] if text.strip() else 'failed'


def run_tests(session, step, names, from_line, limit, only=None):
    """Run step's tests (from the line from_line of its test file on, or the tests named in `only`) against names."""
    import numpy
    path = test_file(step)
    saved, sys_path = {name: sys.modules.pop(name, None) for name in ('core', 'utils', path.stem)}, list(sys.path)
    for name in ('core', 'utils'):
        module = types.ModuleType(name)
        module.__dict__.update(names)
        sys.modules[name] = module
    results = Results(session, from_line, limit)
    session.leftovers.reset()
    numpy.set_printoptions(**session.numpy_state[0])
    numpy.seterr(**session.numpy_state[1])
    os.chdir(session.scratch)
    targets = ['{}::{}'.format(path, name.replace('.', '::')) for name in only] if only else [str(path)]
    args = targets + ['--noconftest', '-c', os.devnull, '--rootdir', str(path.parent), '--import-mode=importlib',
                      '-q', '-s', '--basetemp', os.path.join(session.scratch, '.tmp'), '--tb=native']
    for plugin in ('no:cacheprovider', 'no:logging', 'no:warnings', 'no:faulthandler', 'no:doctest',
                   'no:unraisableexception', 'no:threadexception'):  # their gc.collect() costs 0.1 s a step
        args += ['-p', plugin]
    try:
        with redirected():
            pytest.main(args, plugins=[results])
    finally:
        # the modules made for the tests, and the folder the test file puts on sys.path, are not the
        # learner's: a later cell's `from utils import …` finds what it finds in Jupyter, not these
        sys.path[:] = sys_path
        for name, module in saved.items():
            sys.modules.pop(name, None)
            if module is not None:
                sys.modules[name] = module
    session.leftovers.reset()
    return results


def confirm_ahead(session, results, names, limit):
    """A test of what the book's code cannot do yet, failed here, counts as ahead of the book only if
    the code passes that test as the book's step M (where the limit goes) has it. Otherwise it is a
    failure, since a slip fails such a test too."""
    by_step = defaultdict(set)
    for test in results.tests:
        if test.result is Result.AHEAD:
            by_step[test.ahead].add(test.name.split('[')[0])
    verdict = {}
    for step, tests in by_step.items():
        there = {name for name in tests
                 if re.search(r'^\s*def {}\('.format(name), test_file(step).read_text(encoding='utf-8'), re.M)}
        outcomes = defaultdict(set)
        if there:
            for test in run_tests(session, step, names, None, limit, only=sorted(there)).tests:
                outcomes[test.name.split('[')[0]].add(test.result)
        for name in tests:
            verdict[(step, name)] = (Result.AHEAD if outcomes.get(name) == {Result.PASSED}
                                     else Result.FAILED if name in there else None)
    for test in results.tests:
        if test.result is Result.AHEAD:
            found = verdict[(test.ahead, test.name.split('[')[0])]
            if found is Result.FAILED:
                test.result, test.ahead = Result.FAILED, None
            elif found is None:  # the test is gone at step M: say so beside the failure
                test.result, test.changes_at, test.ahead = Result.FAILED, test.ahead, None


GRAD_IS_VARIABLE = 32  # the book's step where backward() makes grad a Variable (create_graph)


def judge_by_value(session, results, names, step, limit):
    """Code ahead of the step: from step 32 the book's `grad` is a Variable, and a learner's package at
    its final step fails an earlier step's tests only by that (Variable(0.70…) where 0.70… is expected).
    Such failures run again with `grad` read as the array it holds; those that pass are ahead, not failed."""
    variable = names.get('Variable')
    failing = [t for t in results.tests if t.result is Result.FAILED]
    if not isinstance(variable, type) or 'grad' in vars(variable) or not any(
            t.values and t.values.yours.startswith('Variable(') and not t.values.books.startswith('Variable(')
            for t in failing):
        return

    def read(self):
        grad = self.__dict__.get('grad')
        return grad.data if isinstance(grad, variable) else grad

    def write(self, value):
        self.__dict__['grad'] = value

    variable.grad = property(read, write)
    try:
        again = run_tests(session, step, names, None, limit, only=sorted({t.name.split('[')[0] for t in failing}))
    finally:
        del variable.grad
    passed = {t.name for t in again.tests if t.result is Result.PASSED}
    for test in failing:
        if test.name in passed:
            test.result, test.ahead, test.by_value = Result.AHEAD, GRAD_IS_VARIABLE, True

