"""What crosses the process line is data, and the verdict is decided from it alone: every record
survives its JSON form, and the report's wording changes no count, verdict or exit status."""
import json

import pytest

from common import catalog
from common.check import checking, reading, records, report
from common.check.records import (Check, ChildPlan, Cut, Difference, End, Function, Leftover, Place, Problem, Result,
                                  Section, Stale, StepResult, Stop, TestOutcome, TestStarted, Unit, UnitDone,
                                  UnitStarted, Values, Where)
from common.tests.test_check import notebook, planted, snapshot_code

BACKWARD = Function('Variable.backward', 'mine.py', 12)
FAILED = TestOutcome('test_backward_of_square[0-d]', 120, Result.FAILED, "yours: 1.0 | the book's: 2.0",
                     Values('1.0', '2.0'), Stop.ERROR, [Place('mine.py', 14, 'Variable.backward', 'x.grad = gx')],
                     'backward() fills every grad', [BACKWARD], changes_at=16)
EVENTS = [
    UnitStarted(3, 'code cell 4'),
    UnitDone(3, Problem(Stop.TIME, 'TimeLimit', Place('code cell 4', 2, '', 'while True:'),
                        Place('mine.py', 7, 'loop', 'pass'), no_module='')),
    UnitDone(4, None),
    TestStarted('test_add', 40),
    Where([Place('code cell 4', 2), Place('mine.py', 9, 'f', 'return f(x)')]),
    StepResult(9, [FAILED, TestOutcome('(every test)', 0, Result.SKIPPED, 'needs Variable and Function',
                                       needs=['Variable', 'Function'], every=True),
                   TestOutcome('test_pow', 300, Result.AHEAD, ahead=20)],
               problem='', leftovers=[Leftover('sys.setrecursionlimit(50)', 'code cell 2', 1000, recursion=True),
                                      Leftover('Config.enable_backprop = False', 'code cell 3', True)],
               taken={'Square': 'step07'}, not_run=2, cut=Cut.TIME, stale=[Stale('Square', 'Function', 'code cell 5')],
               numpy_note=True, as_book=[BACKWARD], printed='variable(64.0)\n', printed_cut=True),
    End(),
]


@pytest.mark.parametrize('event', EVENTS, ids=lambda e: type(e).__name__)
def test_every_event_survives_its_line(event):
    line = records.encode(event)
    assert '\n' not in line and records.decode(line) == event


def test_the_plan_survives_its_json_form():
    plan = ChildPlan([Unit('code cell 1', '<code cell 1>', 'x = 1'), Unit('dezero', '/w/dezero', package='dezero')],
                     ['/w'], [Check(7, [0, 1], Section(7, '## Step 7', 1, 2), True, [1], from_line=812)],
                     dict(test=3.0, cell=10.0, memory=1 << 30))
    assert records.from_json(ChildPlan, json.loads(json.dumps(records.to_json(plan)))) == plan


def test_a_difference_survives_its_json_form():
    found = Difference('x.grad', '64.0', 3, '4.0', 2, ['4.0'], ['32.0', '64.0'])
    assert records.from_json(Difference, records.to_json(found)) == found


def test_a_real_runs_results_survive_their_json_form(tmp_path):
    from common.check import run
    (tmp_path / 'mine.py').write_text(planted(14, 'x.grad = x.grad + gx', 'x.grad = gx'))
    plan = reading.plan_for(tmp_path / 'mine.py', 14)
    outcome = run.run(plan, reading.cut(plan, 14))
    assert outcome.steps and any(t.result is Result.FAILED and t.values and t.ran for t in outcome.steps[0].tests)
    for result in outcome.steps:
        assert records.decode(records.encode(result)) == result


# -- the wording decides nothing ----------------------------------------------------------------------

MARKS = ' ✓✗·!-'  # a line's indent and mark are layout, not wording


def reworded(text):
    """An English sentence said otherwise: in brackets, its colons made ' ;; '; its indent and mark kept."""
    lead = len(text) - len(text.lstrip(MARKS))
    return text[:lead] + '«' + text[lead:].replace(': ', ' ;; ') + '»'


def as_said(text):
    """A reworded report said as before: what reworded() changed, changed back."""
    return text.replace('«', '').replace('»', '').replace(' ;; ', ': ')


@pytest.mark.parametrize('case', ['one step passes', 'one step fails', 'a notebook with a failing step'])
def test_the_wording_changes_no_count_verdict_or_exit_status(monkeypatch, capsys, tmp_path, case):
    if case == 'a notebook with a failing step':
        cells = []
        for n in (6, 7, 8):
            code = snapshot_code(n) if n != 7 else planted(7, '        output.set_creator(self)\n', '')
            cells += ['## Step {}. {}'.format(n, catalog.STEPS[n - 1].english), code]
        step, path = None, notebook(tmp_path / 'book.ipynb', cells)
    else:
        step, path = 7, tmp_path / 'mine.py'
        slip = planted(7, '        output.set_creator(self)\n', '')
        path.write_text(snapshot_code(7) if case == 'one step passes' else slip)
    said = []
    for wording in (None, reworded):
        if wording:
            monkeypatch.setattr(report, 'TEXT', {key: wording(text) for key, text in report.TEXT.items()})
        passed = checking(step, reading.plan_for(path, step), 'en')
        said.append((passed, capsys.readouterr().out))
    (passed, plain), (passed_reworded, text) = said
    assert passed == passed_reworded == (case == 'one step passes')
    assert text.count('«') > 3 and ' ;; ' in text
    # each count, verdict and finding where it was: the layout never read a sentence back
    assert as_said(text) == plain
