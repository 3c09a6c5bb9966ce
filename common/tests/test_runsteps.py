"""common.runsteps: what plain `tox` runs for the steps, each step apart from the others."""
import sys

import pytest

from common import catalog, runsteps

# Each fake step has its own core.py under the same module name: run in one process,
# the second step would import the first one's core (cached in sys.modules).
TESTS = '''\
import os
import sys
import unittest

import core


class TestStep(unittest.TestCase):
    def test_sees_its_own_core_and_folder(self):
        self.assertEqual(core.STEP, {number})
        self.assertEqual(os.path.basename(os.getcwd()), 'step{number:02d}')
        self.assertTrue({passes})

    def test_left_out_by_the_arguments(self):
        # The arguments are pytest's; unittest, which gets none, runs this test.
        self.assertNotIn('pytest', sys.modules)
'''


def fake_repo(root, passing, sleep=0):
    for number, passes in passing.items():
        folder = root / 'steps' / 'step{:02d}'.format(number)
        folder.mkdir(parents=True)
        (folder / 'core.py').write_text(
            'import time\nstart = time.time()\ntime.sleep({})\nSTEP = {}\n'
            'open("times", "w").write("{{}} {{}}".format(start, time.time()))\n'.format(sleep, number),
            encoding='utf-8')
        (folder / 'test_step{:02d}.py'.format(number)).write_text(
            TESTS.format(number=number, passes=passes), encoding='utf-8')
    return root


@pytest.mark.slow
def test_each_step_runs_apart_in_its_own_folder_with_the_arguments_given(tmp_path, capfd):
    root = fake_repo(tmp_path, {1: True, 2: True, 10: True})
    status = runsteps.main(['--', '-k', 'not left_out'], root=root)
    out = capfd.readouterr().out
    assert status == 0, out
    assert out.count('1 passed, 1 deselected') == 3
    # step 10 also runs under unittest, as [testenv:step10] in tox.ini says
    assert 'step10: python -m unittest' in out
    assert out.count('Ran 2 tests') == 1
    assert 'step02: python -m unittest' not in out
    lines = out.splitlines()
    assert [line.split(':')[0] for line in lines[-4:-1]] == ['step01', 'step02', 'step10']
    assert all(': OK (' in line for line in lines[-4:-1])
    assert lines[-1] == 'all 3 steps passed'


@pytest.mark.slow
def test_a_failing_step_is_named_and_the_others_still_run(tmp_path, capfd):
    root = fake_repo(tmp_path, {1: False, 2: True, 10: False})
    status = runsteps.main(['-k', 'not left_out'], root=root)
    out = capfd.readouterr().out
    assert status == 1
    assert out.count('1 passed, 1 deselected') == 1  # step 2
    # a step's later commands do not run once one has failed, as in tox
    assert 'python -m unittest' not in out
    summary = out.splitlines()[-4:]
    assert summary[0] == 'step01: FAILED'
    assert summary[1].startswith('step02: OK (')
    assert summary[2:] == ['step10: FAILED', '2 of 3 steps failed: step01, step10']


@pytest.mark.slow
def test_steps_run_side_by_side(tmp_path):
    # Each fake step's core notes when its import starts and ends, 1 s apart: the two
    # intervals overlap only if the steps ran at the same time.
    root = fake_repo(tmp_path, {1: True, 2: True}, sleep=1)
    results, _ = runsteps.run_steps(root, ['-k', 'not left_out'], workers=2)
    assert all(seconds is not None for seconds in results.values())
    (start1, end1), (start2, end2) = [
        map(float, (root / 'steps' / name / 'times').read_text().split()) for name in ('step01', 'step02')]
    assert start1 < end2 and start2 < end1


def test_no_step_folder_is_a_failure(tmp_path, capfd):
    assert runsteps.main([], root=tmp_path) == 1
    assert capfd.readouterr().out.splitlines()[-1] == 'no step folders found under steps/'


def test_step_10_runs_under_unittest_too():
    python = sys.executable
    step7, step10 = catalog.STEPS[6], catalog.STEPS[9]
    assert runsteps.commands(step7, ['-x']) == [[python, '-m', 'pytest', '-x']]
    assert runsteps.commands(step10, []) == [[python, '-m', 'pytest'], [python, '-m', 'unittest']]


def test_a_missing_dot_is_one_line_before_the_last_with_the_skips_and_how_to_install_it():
    lines = runsteps.summary({'step26': 1.0}, skipped=21, have_dot=False).splitlines()
    assert lines[-1] == 'all 1 steps passed'
    assert lines[-2].startswith("21 tests skipped: Graphviz's dot program is not installed. Install it: ")
    for command in ('apt-get install graphviz', 'brew install graphviz', 'conda install graphviz',
                    'winget install graphviz'):
        assert command in lines[-2]
    assert len(runsteps.summary({'step26': 1.0}, skipped=21, have_dot=True).splitlines()) == 2


@pytest.mark.slow
def test_without_dot_a_plain_run_ends_by_counting_the_skips_and_saying_how_to_install_it(
        tmp_path, capfd, monkeypatch):
    root = fake_repo(tmp_path, {1: True, 2: True})
    (root / 'steps' / 'step02' / 'test_graph.py').write_text(
        'import pytest\n\n\n@pytest.mark.skip(reason="needs dot")\ndef test_draws():\n    pass\n',
        encoding='utf-8')
    monkeypatch.setattr(runsteps.shutil, 'which', lambda name: None)
    assert runsteps.main(['-k', 'not left_out'], root=root) == 0
    lines = capfd.readouterr().out.splitlines()
    assert lines[-2].startswith("1 test skipped: Graphviz's dot program is not installed. Install it: ")
    assert lines[-1] == 'all 2 steps passed'
