"""A ✓ the learner can trust: every test the checker collects ends with an outcome, whatever the
learner's code raises, and nothing the learner's code does outlives the check or reaches the
checker's own machinery."""
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
import types

import pytest

from common import catalog
from common.check import reading, render, run, verdict
from common.tests.test_check import cli, notebook, planted, run_check, snapshot_code

BACKWARD_7 = '    def backward(self):\n'


@pytest.mark.slow
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
    from common.check.child.plugin import Results
    from common.check.records import Cut, Result, StepResult, TestOutcome
    from common.check.report import Report
    results = Results(None)
    results.collected = ['t.py::a', 't.py::b', 't.py::c']
    results.done = {'t.py::a', 't.py::b'}
    assert (results.not_run(), results.why_stopped()) == (1, Cut.INTERNAL)
    result = StepResult(2, [TestOutcome('test_a', 200, Result.PASSED)] * 2, not_run=results.not_run(),
                        cut=results.why_stopped())
    decided = verdict.step_verdict(result)
    assert "✗ not finished: the test run ended early in the checker's own code — 1 test not run" in render.body(
        Report('en', dict(test=3.0, memory=2 ** 30)), decided)
    assert not decided.passes


@pytest.mark.slow
# -- nothing the learner's code does outlives the check or reaches the checker ----------------------

def test_a_cells_chdir_ends_with_the_cell_and_later_cells_write_in_the_scratch_folder(capsys, tmp_path):
    real = tmp_path / 'real'
    real.mkdir()
    path = notebook(tmp_path / 'book.ipynb', [snapshot_code(2), 'import os\nos.chdir({!r})'.format(str(real)),
                                              "open('written.txt', 'w').write('x')"])
    passed, report = run_check(capsys, 2, path, test=3.0, cell=3.0)
    assert passed, report
    assert not (real / 'written.txt').exists()


@pytest.mark.slow
@pytest.mark.parametrize('start', [
    "import subprocess\nsubprocess.Popen(['sleep', '{}'])",
    "import subprocess\nsubprocess.Popen(['sleep', '{}'], start_new_session=True)",
    "import os\nos.system('sleep {} &')",
])
def test_processes_the_learners_code_starts_end_with_the_check(capsys, tmp_path, start):
    if os.name != 'posix':
        pytest.skip('sleep and pgrep are POSIX programs')
    seconds = '77.{}'.format(os.getpid() % 1000)  # a sleep no other test starts
    (tmp_path / 'mine.py').write_text(snapshot_code(1) + start.format(seconds) + '\n')
    passed, report = run_check(capsys, 1, tmp_path / 'mine.py', test=3.0, cell=3.0)
    assert passed, report
    time.sleep(0.2)
    left = subprocess.run(['pgrep', '-f', 'sleep ' + seconds], capture_output=True, text=True).stdout.split()
    for pid in left:
        os.kill(int(pid), 9)
    assert not left


def test_the_checkers_cache_is_in_the_users_cache_folder_not_the_shared_temp_folder(monkeypatch, tmp_path):
    monkeypatch.delenv('XDG_CACHE_HOME', raising=False)
    assert not run.child_env()['PYTHONPYCACHEPREFIX'].startswith(tempfile.gettempdir())
    if os.name == 'posix' and sys.platform != 'darwin':
        monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'cache'))
        assert run.child_env()['PYTHONPYCACHEPREFIX'] == str(tmp_path / 'cache' / 'dezero-check' / 'pycache')
        assert (tmp_path / 'cache' / 'dezero-check' / 'pycache').is_dir()


@pytest.mark.slow
def test_a_file_the_learners_code_writes_is_capped_and_the_check_goes_on(capsys, tmp_path):
    if sys.modules.get('resource', 0) is None or os.name != 'posix':
        pytest.skip('the cap on file size is POSIX only (it needs the resource module)')
    code = snapshot_code(1) + "open('big.bin', 'wb').write(b'0' * (80 << 20))\n"
    (tmp_path / 'mine.py').write_text(code)
    passed, report = run_check(capsys, 1, tmp_path / 'mine.py', test=3.0, cell=3.0)
    assert passed, report
    assert 'File too large' in report


@pytest.mark.slow
@pytest.mark.parametrize('name, code', [
    ('code.py', 'import time\nwhile True:\n    time.sleep(1)\n'),
    ('cmd.py', 'raise SystemExit("not the standard library cmd")\n'),
    ('xml.py', 'raise ImportError("not the standard library xml")\n'),
    ('pdb.py', 'import time\ntime.sleep(60)\n'),
])
def test_a_learners_file_named_like_a_standard_module_is_not_the_checkers(tmp_path, name, code):
    (tmp_path / 'step07.py').write_text(snapshot_code(7))
    (tmp_path / name).write_text(code)
    started = time.monotonic()
    result = cli(7, tmp_path, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert time.monotonic() - started < 15
    assert result.stdout.rstrip().endswith("your code does what the book's code does at step 7")


@pytest.mark.slow
def test_a_learners_own_common_package_is_theirs(tmp_path):
    (tmp_path / 'common').mkdir()
    (tmp_path / 'common' / '__init__.py').write_text('')
    (tmp_path / 'common' / 'functions.py').write_text('def softmax(x):\n    return x\n')
    path = notebook(tmp_path / 'book.ipynb', ['from common.functions import softmax', '## Step 2', snapshot_code(2),
                                              'assert softmax(3) == 3'])
    result = cli(2, path, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert '!' not in result.stdout  # no cell failed


class Kernel:
    """What check() reads of a Jupyter kernel: the cells it ran, In [1] on."""

    def __init__(self, *cells):
        self.history_manager = types.SimpleNamespace(input_hist_raw=[''] + list(cells))


@pytest.mark.slow
def test_in_jupyter_a_cell_past_its_limit_is_left_out_once_the_learner_has_moved_on(capsys, monkeypatch):
    import common.check
    monkeypatch.setattr(common.check, 'HUNG', set())
    monkeypatch.setitem(run.LIMITS, 'cell', 1.0)
    kernel = Kernel('from common.check import check', snapshot_code(1), 'while True:\n    pass', 'check(1)')
    monkeypatch.setitem(sys.modules, 'IPython', types.SimpleNamespace(get_ipython=lambda: kernel))
    assert common.check.check(1, lang='en') is False  # the cell did not finish
    report = capsys.readouterr().out
    assert '! In [3] (`while True:`), line ' in report and 'ran past the 1 s limit' in report
    assert 'common/check' not in report and '!' not in report.replace('! In [3]', '')
    assert common.check.HUNG == {3}
    kernel.history_manager.input_hist_raw += ['x = 1', 'check(1)']
    started = time.monotonic()
    assert common.check.check(1, lang='en') is True
    assert time.monotonic() - started < 5
    report = capsys.readouterr().out
    assert 'left out: In [3], which ran past the time limit in an earlier check' in report
    assert 'In [3] (' not in report


def test_a_cell_past_its_limit_followed_only_by_checks_is_run_again():
    plan = reading.kernel_plan(Kernel('x = 1', 'while True:\n    pass', 'check(1)', 'from common.check import check; check(1)'), {2})
    assert [u.label for u in plan.units] == ['In [1]', 'In [2]', 'In [3]', 'In [4]'] and not plan.notes


def with_example(step, slip=None):
    """core.py of a snapshot with its example at the top level, as the book's step files have it."""
    head, _, example = (catalog.STEPS_DIR / 'step{:02d}'.format(step) / 'core.py').read_text().partition(
        "if __name__ == '__main__':\n")
    code = head + textwrap.dedent(example)
    return code.replace(*slip) if slip else code


@pytest.mark.slow
def test_a_loop_that_never_ends_in_a_whole_notebook_is_stopped_and_every_step_still_checked(tmp_path):
    """Step 8's `f = funcs[-1]`, its example run in the notebook: the cell and the tests stop at their
    limits, the checker's process is never what ends, and the later steps are checked."""
    cells = []
    for step in (7, 8, 9):
        slip = ('            f = funcs.pop()', '            f = funcs[-1]') if step == 8 else None
        cells += ['## Step {}'.format(step), with_example(step, slip)]
    result = cli(notebook(tmp_path / 'book.ipynb', cells), '--time-limit', '1', timeout=120)
    assert result.returncode == 1, result.stdout
    assert 'exit status' not in result.stdout and 'not finished' not in result.stdout
    assert '✓ Step 7 — ' in result.stdout and '✗ Step 8 — ' in result.stdout and re.search(r'[✓✗] Step 9 — ', result.stdout)
    assert re.search(r'ran past the 1 s limit \(a loop that never ends\?\) in your Variable\.backward \(code cell 2, line',
                     result.stdout), result.stdout


@pytest.mark.slow
def test_an_import_the_learners_code_blocks_in_sys_modules_breaks_nothing(capsys, tmp_path):
    """Python blocks an import with None in sys.modules: the checker reads past it."""
    (tmp_path / 'mine.py').write_text(snapshot_code(1) + "import sys\nsys.modules['blocked_here'] = None\n")
    passed, report = run_check(capsys, 1, tmp_path / 'mine.py', test=3.0, cell=3.0)
    assert passed, report
