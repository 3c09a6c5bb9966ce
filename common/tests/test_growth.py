"""python -m common.growth: the matrix of behaviours x snapshots."""
import shutil

import pytest

from common import catalog, growth
from common.growth import Scenario

pytestmark = pytest.mark.slow  # tox -e checks runs it; plain tox does not


def test_growth_md_is_up_to_date_and_nothing_is_broken():
    results = growth.raw_results()
    assert growth.failures(results) == []
    assert growth.GROWTH_MD.read_text(encoding='utf-8') == growth.markdown(results), \
        'run: python -m common.growth --write'


def test_every_scenario_has_code_for_its_step():
    for scenario in growth.SCENARIOS:
        assert 1 <= scenario.since <= 30 and min(scenario.code) <= scenario.since


@pytest.mark.parametrize('step, version', [(10, 8), (11, 11), (12, 12), (30, 12)])
def test_the_code_of_a_scenario_is_its_latest_version_at_that_step(step, version):
    chain = next(s for s in growth.SCENARIOS if s.name.startswith('a chain of 10,000'))
    assert growth.source_at(chain, step) == chain.code[version]


def fake_steps(tmp_path, sources):
    for number, source in sources.items():
        folder = tmp_path / 'step{:02d}'.format(number)
        folder.mkdir()
        (folder / 'core.py').write_text(source)
    return tmp_path


SCENARIOS = [
    Scenario('double', 1, {1: 'assert double(2) == 4'}),
    Scenario('half', 2, {2: 'assert half(4) == 2'}),
    Scenario('triple', 3, {3: 'assert triple(1) == 3'}),
    Scenario('square', 1, {1: 'assert square(3) == 9'}, not_applicable=[3]),
]


# Three tiny snapshots: double and square from step 1, half from 2, triple from 3,
# where square is dropped (not applicable).
GOOD = {
    1: 'def double(x): return 2 * x\ndef square(x): return x * x\n',
    2: 'def double(x): return 2 * x\ndef half(x): return x / 2\ndef square(x): return x * x\n',
    3: 'def double(x): return 2 * x\ndef half(x): return x / 2\ndef triple(x): return 3 * x\n',
}


def statuses(tmp_path, sources):
    steps = fake_steps(tmp_path, sources)
    results = growth.raw_results(steps, SCENARIOS)
    return growth.statuses(results, SCENARIOS), growth.failures(results, SCENARIOS)


def test_a_matrix_of_pass_not_yet_and_not_applicable(tmp_path):
    matrix, failures = statuses(tmp_path, GOOD)
    assert matrix == {
        'double': {1: 'pass', 2: 'pass', 3: 'pass'},
        'half': {1: 'not yet', 2: 'pass', 3: 'pass'},
        'triple': {1: 'not yet', 2: 'not yet', 3: 'pass'},
        'square': {1: 'pass', 2: 'pass', 3: 'n/a'},
    }
    assert failures == []


def test_a_behaviour_that_breaks_at_a_later_step_fails(tmp_path):
    # a fault planted at step 2: double is wrong there
    matrix, failures = statuses(tmp_path, {**GOOD, 2: GOOD[2].replace('2 * x', 'x')})
    assert matrix['double'] == {1: 'pass', 2: 'FAIL', 3: 'pass'}
    assert failures == ['step02: double: fail: AssertionError: ']


def test_a_behaviour_that_works_early_and_breaks_before_its_step_fails(tmp_path):
    matrix, failures = statuses(tmp_path, {**GOOD, 1: GOOD[1] + 'def triple(x): return 3 * x\n'})
    assert matrix['triple'] == {1: 'pass', 2: 'FAIL', 3: 'pass'}
    assert failures == ["step02: triple: fail: NameError: name 'triple' is not defined"]


def test_a_snapshot_that_does_not_import_fails_every_behaviour_it_should_have(tmp_path):
    matrix, failures = statuses(tmp_path, {1: GOOD[1], 2: 'def double(x) return 2 * x\n'})
    assert matrix['double'] == {1: 'pass', 2: 'FAIL'}
    assert failures[0].startswith('step02: double: fail: the snapshot did not run: SyntaxError')


def test_a_fault_planted_in_a_real_snapshot_shows_in_the_matrix(tmp_path):
    for name in ('step13', 'step14'):
        shutil.copytree(catalog.STEPS_DIR / name, tmp_path / name,
                        ignore=shutil.ignore_patterns('__pycache__'))
    core = tmp_path / 'step14' / 'core.py'
    core.write_text(core.read_text().replace('        self.grad = None\n\n    def backward',
                                             '        pass\n\n    def backward'))
    scenarios = [s for s in growth.SCENARIOS if s.since <= 14]
    results = growth.raw_results(tmp_path, scenarios)
    assert growth.failures(results, scenarios) == [
        'step14: cleargrad() starts a new computation: fail: AssertionError: ']
