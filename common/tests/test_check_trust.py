"""A ✓ the learner can trust: every test the checker collects ends with an outcome, whatever the
learner's code raises, and nothing the learner's code does outlives the check or reaches the
checker's own machinery."""
import pytest

from common.tests.test_check import planted, run_check

BACKWARD_7 = '    def backward(self):\n'


@pytest.mark.parametrize('stop', [
    pytest.param('raise KeyboardInterrupt', id='KeyboardInterrupt'),
    pytest.param('import pytest; pytest.exit("done")', id='pytest.exit'),
    pytest.param('raise Loud()', id='an exception whose __str__ raises'),
])
def test_code_that_stops_the_test_run_fails_the_tests_it_stops_and_is_never_a_pass(capsys, tmp_path, stop):
    loud = 'class Loud(Exception):\n    def __str__(self):\n        raise ValueError("no")\n\n\n'
    code = loud + planted(7, BACKWARD_7, BACKWARD_7 + '        ' + stop + '\n')
    (tmp_path / 'mine.py').write_text(code)
    passed, report = run_check(capsys, 7, tmp_path / 'mine.py', test=3.0, cell=3.0)
    assert not passed
    summary = report.splitlines()[-1]
    assert summary.startswith('✗ 70 passed, 16 failed'), report  # 86 tests: every one accounted for
    assert 'Look first at Variable.backward (mine.py' in report


def test_tests_collected_without_an_outcome_are_counted_as_not_run_and_say_why():
    from common.check.report import Report
    from common.check.testing import Results
    results = Results(None, None)
    results.collected = ['t.py::a', 't.py::b', 't.py::c']
    results.done = {'t.py::a', 't.py::b'}
    assert (results.not_run(), results.why_stopped()) == (1, 'internal')
    event = dict(step=2, tests=[dict(line=200, name='test_a', outcome='passed', message='')] * 2, problem=None,
                 leftovers=[], taken={}, not_run=results.not_run(), stopped=results.why_stopped())
    lines, passed, failed, missing, _ = Report('en', dict(test=3.0, memory=2 ** 30)).step_body(2, event, False)
    assert "✗ not finished: the test run ended early in the checker's own code — 1 test not run" in lines
    assert not Report.passes(event, passed, failed, missing)
