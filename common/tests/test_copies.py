"""Each snapshot stands alone: a copy of its folder in an empty directory passes
its tests and runs its example. Slower than the rest: tox -e snapshots."""
import shutil
import subprocess
import sys

import pytest

from common import catalog

PRESENT = [step for step in catalog.STEPS if catalog.present(step)]


@pytest.fixture(scope='module')
def copied_runs(tmp_path_factory):
    """Copy every snapshot into an empty directory and start its tests there, all
    at once; each test below waits for its own step's run."""
    runs = {}
    for step in PRESENT:
        copy = tmp_path_factory.mktemp(catalog.folder(step)) / 'mywork'
        shutil.copytree(catalog.STEPS_DIR / catalog.folder(step), copy,
                        ignore=shutil.ignore_patterns('__pycache__', '.pytest_cache'))
        tests = subprocess.Popen([sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider'],
                                 cwd=copy, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        runs[step] = copy, tests
    yield runs
    for _, tests in runs.values():
        if tests.poll() is None:  # a test above stopped before waiting for it
            tests.kill()
            tests.communicate()


@pytest.mark.parametrize('step', PRESENT, ids=catalog.folder)
def test_a_copied_snapshot_passes_its_tests_and_runs_its_example(step, copied_runs):
    copy, tests = copied_runs[step]
    output, _ = tests.communicate()
    assert tests.returncode == 0, output
    example = subprocess.run([sys.executable, 'core.py'], cwd=copy, capture_output=True, text=True)
    assert example.returncode == 0, example.stderr
