"""The step catalog, the README's step table, tox.ini and the step folders agree."""
import configparser

import pytest

from common import catalog

PRESENT = [step for step in catalog.STEPS if catalog.present(step)]


def tox_config():
    config = configparser.ConfigParser(interpolation=None)
    config.read(catalog.ROOT / 'tox.ini', encoding='utf-8')
    return config


def test_the_catalog_holds_the_books_30_steps_in_order():
    assert [step.number for step in catalog.STEPS] == list(range(1, 31))
    assert all(step.korean and step.english for step in catalog.STEPS)


def test_theory_steps_are_5_15_25_and_30():
    assert [step.number for step in catalog.STEPS if step.kind == 'theory'] == [5, 15, 25, 30]


def test_stages_follow_the_book():
    assert {step.number for step in catalog.STEPS if step.stage == 1} == set(range(1, 11))
    assert {step.number for step in catalog.STEPS if step.stage == 2} == set(range(11, 25))
    assert {step.number for step in catalog.STEPS if step.stage == 3} == set(range(25, 31))


def test_every_step_folder_is_in_the_catalog():
    folders = {path.name for path in catalog.STEPS_DIR.iterdir()
               if path.is_dir() and not path.name.startswith('.')}
    assert folders == {catalog.folder(step) for step in PRESENT}


def test_the_readme_step_table_is_up_to_date():
    readme = catalog.README.read_text(encoding='utf-8')
    assert catalog.with_step_table(readme) == readme, 'run: python -m common.catalog --write'


def test_the_step_table_marks_exactly_the_present_steps():
    table = catalog.step_table()
    for step in catalog.STEPS:
        row = next(line for line in table.splitlines() if line.startswith('| {} |'.format(step.number)))
        assert (catalog.folder(step) in row) == catalog.present(step)
        assert step.korean in row and step.english in row


def test_tox_runs_every_present_step_and_the_tooling():
    env_list = tox_config()['tox']['env_list'].split()
    assert env_list == [catalog.folder(step) for step in PRESENT] + ['common']


@pytest.mark.parametrize('step', PRESENT, ids=catalog.folder)
def test_a_snapshot_has_its_code_tests_and_notes(step):
    folder = catalog.STEPS_DIR / catalog.folder(step)
    assert (folder / 'core.py').is_file()
    assert (folder / 'test_step{:02d}.py'.format(step.number)).is_file()
    notes = (folder / 'README.md').read_text(encoding='utf-8')
    first_line = notes.splitlines()[0]
    assert step.korean in first_line and step.english in first_line
