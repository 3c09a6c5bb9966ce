"""The checker's child process: runs the learner's code, then a step's tests, under limits.

    python -m common.check.child PLAN.json     (started by common.check.run, never by hand)

It writes one JSON object a line to its standard output and nothing else there: what it is
doing (so the parent can say where a hang or Ctrl-C found it) and what it found. What the
learner's code prints where it may run the step's example (check['example'], the units of the
section checked) goes, up to a limit, with the step's results; the rest of its output goes nowhere. Each cell or file, and each test, has a time limit; on Linux the whole
process has a memory limit. The learner's exits, input() and leftovers do not reach the checker.
The work is in learner.py (the learner's code), testing.py (the tests) and findings.py.
"""
import json
import os
import signal
import sys

from common import catalog
from common.check import findings, learner, testing
from common.check.learner import send

CHECKER = {}  # the checker's own modules, out of sys.modules while the learner's code runs


def main(plan_path):
    learner.EVENTS = os.fdopen(os.dup(1), 'w', encoding='utf-8')
    with open(os.devnull, 'w') as sink:
        os.dup2(sink.fileno(), 1)
    with open(plan_path, encoding='utf-8') as file:
        plan = json.load(file)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    import numpy
    import numpy.random  # noqa: F401  (the tests use it; loaded under the memory limit, it may not fit)
    testing.PRINT_OPTIONS, testing.NUMPY_ERRORS = numpy.get_printoptions(), numpy.geterr()
    testing.PRINT_OPTIONS.pop('legacy', None)
    learner.FOLDERS.extend(plan['paths'])
    learner.PATHS.extend(plan['paths'] + [os.getcwd()])
    # the learner's imports find the learner's folders first (learner.LearnersImports); the
    # checker's own `common` leaves the names a learner's own `common` package would take
    sys.path[:] = [p for p in sys.path if p not in ('', os.getcwd(), str(catalog.ROOT))]
    for name in [n for n in sys.modules if n == 'common' or n.startswith('common.')]:
        CHECKER[name] = sys.modules.pop(name)
    learner.guard(questions=os.fdopen(os.dup(0), 'r', encoding='utf-8'))
    with open(os.devnull) as nothing:  # the learner's code reads nothing, and never the parent's questions
        os.dup2(nothing.fileno(), 0)
    learner.limit_memory(plan['limits']['memory'])
    namespaces, leftovers = {}, findings.Leftovers()
    for check in plan['checks']:
        if check.get('fresh'):
            namespaces, leftovers = {}, findings.Leftovers()
        printed = learner.Printed()  # what the units that may run the step's example print
        for index in check['run']:
            unit = plan['units'][index]
            send('unit', index=index, label=unit['label'])
            os.chdir(learner.SCRATCH)  # a cell's os.chdir() ends with it
            module = learner.namespace_for(unit, namespaces)
            before = list(sys.path)
            problem = learner.run_unit(unit, module, plan['limits']['cell'],
                                       printed if index in check.get('example', ()) else None)
            learner.as_jupyter_has_it(before, plan['paths'][0])
            leftovers.after(unit, module.__dict__)
            send('unit_done', index=index, problem=problem)
        names = {}
        for module in namespaces.values():
            names.update(module.__dict__)
        names.update(findings.reached_names(names))
        taken = findings.snapshot_names(names)
        for name in taken:
            del names[name]
        lines = check.get('lines')
        send('tests', step=check['step'])
        left = leftovers.notes()
        results = testing.run_tests(check['step'], names, lines, leftovers, plan['limits']['test'])
        testing.confirm_ahead(results, names, leftovers, plan['limits']['test'])
        send('step', step=check['step'], tests=results.tests, problem=results.problem,
             leftovers=left, taken=taken, not_run=results.not_run(), stopped=results.why_stopped(), stale=findings.stale_bases(names, check['step']),
             numpy_note=findings.numpy_note(names, plan['limits']['test']),
             differs=findings.differs_from_book(results.tests, check['step']),
             printed=printed.text, printed_cut=printed.cut)
    learner.end_processes()
    send('end')


if __name__ == '__main__':
    main(sys.argv[1])
