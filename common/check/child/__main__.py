"""The checker's child process: runs the learner's code, then a step's tests, under limits.

    python -m common.check.child PLAN.json     (started by common.check.run, never by hand)

It writes one event a line to its standard output and nothing else there (common.check.records):
what it is doing (so the parent can say where a hang or Ctrl-C found it) and what it found. What the
learner's code prints where it may run the step's example (Check.example) goes, up to a limit, with
the step's results; the rest of its output goes nowhere. Each cell or file, and each test, has a time
limit; on Linux the whole process has a memory limit. The learner's exits, input() and leftovers do
not reach the checker.
"""
import json
import os
import signal
import sys

from common import catalog
from common.check import records
from common.check.child import findings, plugin, units
from common.check.child.limits import limit_memory
from common.check.child.session import Session
from common.check.records import ChildPlan, End, StepResult, UnitDone, UnitStarted

def start(plan_path):
    """The session, on the parent's pipe; the learner's code reads nothing, and imports first from its folders."""
    events = os.fdopen(os.dup(1), 'w', encoding='utf-8')
    with open(os.devnull, 'w') as sink:
        os.dup2(sink.fileno(), 1)
    with open(plan_path, encoding='utf-8') as file:
        plan = records.from_json(ChildPlan, json.load(file))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    import numpy
    import numpy.random  # noqa: F401  (the tests use it; loaded under the memory limit, it may not fit)
    session = Session(events, plan.paths, os.getcwd())
    options = numpy.get_printoptions()
    options.pop('legacy', None)
    session.numpy_state = options, numpy.geterr()
    # the learner's imports find the learner's folders first (session.imports); the checker's own
    # `common` leaves the names a learner's own `common` package would take
    sys.path[:] = [p for p in sys.path if p not in ('', os.getcwd(), str(catalog.ROOT))]
    session.checker = {n: sys.modules.pop(n) for n in list(sys.modules) if n == 'common' or n.startswith('common.')}
    units.guard(session, questions=os.fdopen(os.dup(0), 'r', encoding='utf-8'))
    with open(os.devnull) as nothing:  # the learner's code reads nothing, and never the parent's questions
        os.dup2(nothing.fileno(), 0)
    limit_memory(plan.limits['memory'])
    return session, plan


def run_units(session, plan, check, namespaces):
    """Run the check's units in their namespaces; return what the example's units printed."""
    printed = units.Printed()
    for index in check.run:
        unit = plan.units[index]
        session.send(UnitStarted(index, unit.label))
        os.chdir(session.scratch)  # a cell's os.chdir() ends with it
        module = units.namespace_for(unit, namespaces)
        before = list(sys.path)
        problem = units.run_unit(session, unit, module, plan.limits['cell'],
                                 printed if index in check.example else None)
        units.as_jupyter_has_it(before, plan.paths[0], session.scratch)
        session.leftovers.after(unit, module.__dict__)
        session.send(UnitDone(index, problem))
    return printed


def test_step(session, plan, check, namespaces, printed):
    """The step's tests against the learner's names, and what else is found in them."""
    names = {}
    for module in namespaces.values():
        names.update(module.__dict__)
    names.update(findings.reached_names(session, names))
    taken = findings.snapshot_names(session, names)
    for name in taken:
        del names[name]
    limit = plan.limits['test']
    left = session.leftovers.found()
    results = plugin.run_tests(session, check.step, names, check.from_line, limit)
    plugin.confirm_ahead(session, results, names, limit)
    plugin.judge_by_value(session, results, names, check.step, limit)
    return StepResult(check.step, results.tests, results.problem, left, taken, results.not_run(),
                      results.why_stopped(), findings.stale_bases(session, names, check.step),
                      findings.numpy_note(session, names, limit), findings.as_book(session, results.tests, check.step),
                      printed.text, printed.cut)


def main(plan_path):
    session, plan = start(plan_path)
    namespaces, session.leftovers = {}, findings.Leftovers()
    for check in plan.checks:
        if check.fresh:
            namespaces, session.leftovers = {}, findings.Leftovers()
        printed = run_units(session, plan, check, namespaces)
        session.send(test_step(session, plan, check, namespaces, printed))
    units.end_processes(session)
    session.send(End())


if __name__ == '__main__':
    main(sys.argv[1])
