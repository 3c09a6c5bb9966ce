"""Check your own code against a step's tests: a file, a folder (such as the book's dezero), a
notebook (one step's section, or every step it has), or in Jupyter and Colab what the notebook has
run so far.

    python -m common.check 7 mywork/step07.py         one step, from the repository root
    python -m common.check mywork/book.ipynb          every step section of a notebook
    from common.check import check; check(7)          in a notebook

Your code runs in a child process, in a scratch folder, with a time limit on each cell, file and
test and (on Linux) a memory limit; a hang, your sys.exit() or Ctrl-C is never a pass. Exit
status: 0 all passed, 1 something failed, is missing or did not finish, 2 the input cannot be used.
"""
import os
import sys

from common import catalog
from common.check import example, reading, render, report, run, source
from common.check.reading import Unusable
from common.check.records import Stop


def replacing():
    """What the console or file cannot encode (✓ in cp949, Korean in ascii) comes out replaced, never as a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, 'reconfigure', None)  # Jupyter's streams have none, and take any text
        if reconfigure is not None:
            try:
                reconfigure(errors='replace')
            except (ValueError, OSError):  # a closed or detached stream
                pass


def step_number(value):
    """catalog.step_number (7, '7', '07', 'step07' and 7.0 are step 7), refused as the report says it,
    and only for a step whose snapshot this checkout has."""
    try:
        number = catalog.step_number(value)
    except ValueError:
        raise Unusable('bad_step', last=len(catalog.STEPS), value=value) from None
    if not catalog.test_file(number, catalog.STEPS_DIR).is_file():
        raise Unusable('no_step_folder', step=number, folder=str(catalog.ROOT))
    return number


HUNG = set()  # in Jupyter: the cells (In [n]) that ran past their limit in a check


def checking(step, plan, lang=None, limits=None, out=print, diff=False):
    """Run and report; True if everything passed. step None: every step section of the plan."""
    limits = dict(run.LIMITS, **(limits or {}))
    import importlib.util
    for module, package in (('numpy', 'numpy'), ('pytest', 'pytest')):
        if importlib.util.find_spec(module) is None:
            raise Unusable('needs', package=package)
    if step is None:
        if not plan.sections:
            raise Unusable('no_sections', path=plan.source)
        checks = reading.every_step(plan, source.own_tests)
        for one in checks:
            step_number(one.step)
    else:
        checks = reading.cut(plan, step)
    fetching = example.prefetch(checks)  # the book's example output, while the child runs
    outcome = run.run(plan, checks, limits)
    if plan.source == 'this notebook':
        HUNG.update(int(plan.units[i].label[4:-1]) for i, problem in outcome.units.items()
                    if problem and problem.stop is Stop.TIME)
    example.judge(plan, checks, outcome, fetching)
    say = report.Report(lang, limits, diff)
    lines, good = render.every_step(say, plan, checks, outcome) if step is None else render.one_step(
        say, plan, checks[0], outcome)
    out('\n'.join(lines))
    return good


def check(step, path=None, lang=None, diff=False):
    """Check your code for a step: in Jupyter, what this notebook has run; or a file, folder or notebook.

    Returns True only if every test passed; False if anything failed or the check did not finish.
    diff=True shows your function most likely at fault beside the book's."""
    if os.environ.get('DEZERO_CHECK_CHILD'):
        return None  # a check() call inside the code being checked
    replacing()
    text = report.Report(lang, run.LIMITS)
    try:
        number = step_number(step)
        if path is not None:
            plan = reading.plan_for(path, number)
        else:
            shell = sys.modules.get('IPython') and sys.modules['IPython'].get_ipython()
            plan = reading.kernel_plan(shell, HUNG) if shell else reading.script_plan()
        return checking(number, plan, lang, diff=diff)
    except Unusable as error:
        print(text.t('cannot', text.t(error.key, **error.fields)))
        return False
