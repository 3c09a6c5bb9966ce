"""python -m common.checks: it passes on this repository, and it catches what it should
in a small copy of the repository with a fault planted in it."""
import re
import shutil

import pytest

from common import catalog, checks

pytestmark = pytest.mark.slow  # tox -e checks runs it; plain tox does not

STEPS = [4, 5, 6]  # a code step, a theory step, a code step


def test_this_repository_has_no_problems_apart_from_running_copies():
    assert checks.all_problems(catalog.ROOT, copies=False) == []


@pytest.fixture
def repo(tmp_path):
    """README.md, README.ko.md, tox.ini and steps 4-6 of this repository, agreeing with each other."""
    for number in STEPS:
        name = 'step{:02d}'.format(number)
        shutil.copytree(catalog.STEPS_DIR / name, tmp_path / 'steps' / name,
                        ignore=shutil.ignore_patterns('__pycache__', '.pytest_cache', '.benchmarks'))
    for name in ('README.md', 'README.ko.md'):
        readme = (catalog.ROOT / name).read_text(encoding='utf-8')
        (tmp_path / name).write_text(catalog.with_step_table(readme, tmp_path / 'steps'),
                                     encoding='utf-8')
    tox = (catalog.ROOT / 'tox.ini').read_text(encoding='utf-8')
    step_envs = ''.join('[testenv:step{:02d}]\nlabels = per-step\n\n'.format(number)
                        for number in STEPS)
    tox = re.sub(r'(?s)\[testenv:step0\{1-9\}\].*?(?=\[testenv:common\])', step_envs, tox)
    (tmp_path / 'tox.ini').write_text(tox, encoding='utf-8')
    assert checks.all_problems(tmp_path, copies=False) == []
    return tmp_path


def edit(path, old, new):
    text = path.read_text(encoding='utf-8')
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding='utf-8')


def core(repo, number):
    return repo / 'steps' / 'step{:02d}'.format(number) / 'core.py'


def test_a_theory_step_that_changes_framework_code_is_named(repo):
    edit(core(repo, 5), '        return np.exp(x)', '        return np.exp(x) + 1')
    problems = checks.all_problems(repo, copies=False)
    assert len(problems) == 1
    assert problems[0].startswith("step05: a theory step, but its framework code differs from "
                                  "step04's in core.py: Exp")


@pytest.mark.parametrize('old, new', [
    ('class Square(Function):', '# Square: y = x^2\nclass Square(Function):'),
    ('    print(numerical_diff(lambda x: C(B(A(x))), x))', '    print("something else")'),
    ('    return (y1.data - y0.data) / (2 * eps)', '    return (y1.data - y0.data) / (2*eps)  # formatted'),
], ids=['comment', 'example-block', 'formatting'])
def test_comments_the_example_block_and_formatting_are_not_framework_code(repo, old, new):
    edit(core(repo, 5), old, new)
    assert checks.all_problems(repo, copies=False) == []


def test_a_docstring_is_not_framework_code(repo):
    edit(core(repo, 5), 'def numerical_diff(f, x, eps=1e-4):\n',
         'def numerical_diff(f, x, eps=1e-4):\n    """The central difference."""\n')
    assert checks.all_problems(repo, copies=False) == []


def test_a_code_step_that_leaves_the_framework_as_it_was_is_named(repo):
    shutil.copy(core(repo, 5), core(repo, 6))
    problems = checks.framework_problems(repo)
    assert problems == ["step06: the book adds framework code at this step, but core.py is "
                        "step05's code unchanged; add what the step adds (Manual backpropagation)"]


@pytest.mark.parametrize('line, module', [
    ('from common import catalog', 'common'),
    ('import scipy', 'scipy'),
    ('from steps.step04.core import Variable', 'steps'),
])
def test_an_import_from_outside_the_snapshot_is_named(repo, line, module):
    edit(core(repo, 6), 'import numpy as np\n', 'import numpy as np\n{}\n'.format(line))
    assert checks.import_problems(repo) == [
        'step06: core.py imports {}; a snapshot may import only the standard library, numpy, '
        'graphviz and its own files'.format(module)]


def test_a_readme_table_out_of_date_is_named(repo):
    shutil.rmtree(repo / 'steps' / 'step06')
    problems = checks.agreement_problems(repo)
    assert problems == [
        'README.md: the step table does not match the catalog and the step folders; '
        'run python -m common.catalog --write',
        'README.ko.md: the step table does not match the catalog and the step folders; '
        'run python -m common.catalog --write',
        'tox.ini: the per-step label should list step04 step05, in order; it lists step04 step05 step06']


def test_a_step_missing_from_tox_is_named(repo):
    edit(repo / 'tox.ini', '[testenv:step05]\nlabels = per-step\n', '')
    assert checks.agreement_problems(repo) == [
        'tox.ini: the per-step label should list step04 step05 step06, in order; it lists step04 step06']


def test_a_number_range_in_a_section_name_is_read_as_tox_reads_it(repo):
    edit(repo / 'tox.ini', '[testenv:step04]', '[testenv:step0{4-5}]')
    edit(repo / 'tox.ini', '[testenv:step05]\nlabels = per-step\n', '')
    edit(repo / 'tox.ini', '[testenv:step06]\nlabels = per-step\n', '')
    assert checks.agreement_problems(repo) == [
        'tox.ini: the per-step label should list step04 step05 step06, in order; it lists step04 step05']


def test_a_default_run_without_the_steps_is_named(repo):
    edit(repo / 'tox.ini', 'env_list =\n    steps\n', 'env_list =\n    common\n')
    assert checks.agreement_problems(repo) == [
        'tox.ini: env_list should be steps alone (every step, by common.runsteps: '
        "a learner's tox runs the steps; tox -e checks runs the tooling's tests)"]


def test_a_step_whose_tox_commands_are_not_what_runsteps_runs_is_named(repo):
    edit(repo / 'tox.ini', '[testenv:step05]\nlabels = per-step\n',
         '[testenv:step05]\nlabels = per-step\ncommands = python -m unittest\n')
    assert checks.agreement_problems(repo) == [
        'tox.ini [testenv:step05]: commands should be python -m pytest, as common.runsteps runs them']


@pytest.mark.parametrize('name', ['test_step04.py', 'README.md'])
def test_a_missing_test_file_or_readme_is_named(repo, name):
    (repo / 'steps' / 'step04' / name).unlink()
    assert 'step04: {} is missing'.format(name) in checks.agreement_problems(repo)


def test_a_folder_that_is_not_a_step_is_named(repo):
    (repo / 'steps' / 'step31').mkdir()
    (repo / 'steps' / 'step31' / 'core.py').write_text('')
    assert checks.agreement_problems(repo) == [
        'steps/step31: not a step of the catalog (step01 ... step30)']


def test_a_copy_that_needs_something_outside_its_folder_is_named(repo):
    # A test that reads a file of the step before passes in place, not in a copy.
    edit(repo / 'steps' / 'step05' / 'test_step05.py', 'def chain_rule_by_hand(x):',
         "def test_reads_the_step_before():\n"
         "    assert (HERE.parent / 'step04' / 'core.py').is_file()\n\n\n"
         "def chain_rule_by_hand(x):")
    problems = checks.copy_problems(repo, [5])
    assert len(problems) == 1
    assert problems[0].startswith('step05: copied alone, its tests fail:')
    assert 'test_reads_the_step_before' in problems[0]


def test_a_copy_whose_example_fails_is_named(repo):
    # (with the test of the example taken out, which would fail first)
    edit(repo / 'steps' / 'step04' / 'test_step04.py', 'def test_example_prints_the_books_output',
         'def example_not_tested')
    edit(core(repo, 4), "    f = Square()\n    x = Variable(np.array(2.0))",
         "    f = Square()\n    x = Variable(open('../data.txt').read())")
    assert checks.copy_problems(repo, [4]) == [
        "step04: copied alone, python core.py fails: "
        "FileNotFoundError: [Errno 2] No such file or directory: '../data.txt'"]


def test_copies_of_good_snapshots_have_no_problems(repo):
    assert checks.copy_problems(repo) == []


def test_notes_without_the_steps_titles_are_named(repo):
    edit(repo / 'steps' / 'step06' / 'README.md', '수동 역전파', 'Manual')
    assert checks.agreement_problems(repo) == [
        'step06: README.md should start with the step\'s titles: '
        '# Step 6 — 수동 역전파 / Manual backpropagation']
