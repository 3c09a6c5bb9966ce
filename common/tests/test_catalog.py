"""The step catalog. (That it agrees with the folders, README.md and tox.ini is
checked by common.checks: see test_checks.py.)"""
import pytest

from common import catalog


def test_the_catalog_holds_the_books_30_steps_in_order():
    assert [step.number for step in catalog.STEPS] == list(range(1, 31))
    assert all(step.korean and step.english for step in catalog.STEPS)


def test_theory_steps_are_5_15_25_and_30():
    assert [step.number for step in catalog.STEPS if step.kind == 'theory'] == [5, 15, 25, 30]


def test_steps_without_new_framework_code_are_the_theory_steps_and_10_24_28_29():
    # STEPS.md: 10 adds tests, 24, 28 and 29 add examples, nothing in the framework.
    assert [step.number for step in catalog.STEPS if not step.framework] == [5, 10, 15, 24, 25, 28, 29, 30]


def test_stages_follow_the_book():
    assert {step.number for step in catalog.STEPS if step.stage == 1} == set(range(1, 11))
    assert {step.number for step in catalog.STEPS if step.stage == 2} == set(range(11, 25))
    assert {step.number for step in catalog.STEPS if step.stage == 3} == set(range(25, 31))


def test_the_step_table_marks_exactly_the_present_steps(tmp_path):
    (tmp_path / 'step07').mkdir()
    (tmp_path / 'step07' / 'core.py').write_text('')
    rows = catalog.step_table(tmp_path).splitlines()[2:]
    assert len(rows) == 30
    for step, row in zip(catalog.STEPS, rows):
        assert row.startswith('| {} | {} | {} |'.format(step.number, step.korean, step.english))
        assert row.endswith('[`steps/step07`](steps/step07/) |' if step.number == 7 else '| not yet |')


def test_the_korean_step_table_has_korean_headings_and_the_same_rows(tmp_path):
    (tmp_path / 'step07').mkdir()
    (tmp_path / 'step07' / 'core.py').write_text('')
    lines = catalog.step_table(tmp_path, 'ko').splitlines()
    assert lines[0] == '| 단계 | 제목 | 영어 제목 | 고지 | 종류 | 스냅숏 |'
    for step, row in zip(catalog.STEPS, lines[2:]):
        assert row.startswith('| {} | {} | {} | {} | {} |'.format(
            step.number, step.korean, step.english, step.stage, '이론' if step.kind == 'theory' else '코드'))
        assert row.endswith('[`steps/step07`](steps/step07/) |' if step.number == 7 else '| 아직 없음 |')


def test_each_readme_gets_the_table_in_the_language_of_its_markers(tmp_path):
    for lang in ('en', 'ko'):
        start, end = catalog.MARKERS[lang]
        readme = 'before\n' + start + 'an old table\n' + end + 'after\n'
        assert catalog.with_step_table(readme, tmp_path) == (
            'before\n' + start + catalog.step_table(tmp_path, lang) + end + 'after\n')


def test_the_titles_come_from_the_catalog_in_korean():
    assert all(step.korean != step.english and '\uac00' <= step.korean[0] <= '\ud7a3' for step in catalog.STEPS)
    assert catalog.STEPS[6].korean == catalog.STEPS[6].title('ko') == '역전파 자동화'
    assert catalog.STEPS[6].title('en') == 'Automating backpropagation'


@pytest.mark.parametrize('value', [7, '7', '07', ' 7 ', 'step07', 7.0])
def test_a_step_number_is_taken_as_every_command_takes_it(value):
    # 7.0 is step 7: check(n) in a notebook may be given a number computed as a float
    assert catalog.step_number(value) == 7


@pytest.mark.parametrize('value', [7.5, True, 'seven', '²', '٣', 'step', '7.0', None, 0, 31, '31', float('nan')])
def test_anything_else_is_not_a_step_number(value):
    with pytest.raises(ValueError, match="a step is a whole number from 1 to 30, such as 7, '7' or '07'"):
        catalog.step_number(value)


def test_the_folder_of_a_step_is_named_once():
    assert catalog.folder(7) == catalog.folder(catalog.STEPS[6]) == 'step07'
    assert catalog.test_file(7) == catalog.STEPS_DIR / 'step07' / 'test_step07.py'
