"""Reading the learner's code: a notebook's step headings as learners write them, a folder's files,
the encodings Python reads, and the step a person means."""
import nbformat
import pytest

from common.check import step_number
from common.check.reading import Unusable, every_step, folder_plan, heading_step, notebook_plan, plan_for, read_text, cut


@pytest.mark.parametrize('heading, step', [
    ('Step 7', 7), ('Step7. 역전파 자동화', 7), ('step07', 7), ('7단계', 7), ('1단계 상자로서의 변수', 1),
    ('역전파 자동화', 7), ('2. Manual Backpropagation', 6), ('3. 메모리 관리와 순환 참조', 17),
    ('1. Backpropagation-Theory', 5), ('3. Automatically Backpropagation', 7), ('Step3. 함수연결', 3),
    ('Step24 복잡한 함수의 미분', 24), ('**4. 수치 미분 (Numerical Differential)**', 4), ('1. 복잡한 계산(이론&이론)', 15),
])
def test_a_heading_names_its_step_as_learners_write_it(heading, step):
    assert heading_step(heading)[0] == step


@pytest.mark.parametrize('heading', ['지난 시간 복습', 'Not clone coding', '$제 1고지$', '제1고지 미분 자동 계산',
                                     '이번주에는 총 4가지를 배운다 (step15~18)', 'Additional experiments', '2. 함수 (Function)'])
def test_a_heading_that_names_no_step_is_not_a_step(heading):
    assert heading_step(heading)[0] is None


def notebook(tmp_path, cells):
    """cells: '# markdown' strings and code strings, in order."""
    made = [nbformat.v4.new_markdown_cell(c) if c.startswith('#') else nbformat.v4.new_code_cell(c) for c in cells]
    path = tmp_path / 'book.ipynb'
    nbformat.write(nbformat.v4.new_notebook(cells=made), str(path))
    return path


def test_sections_end_where_the_next_step_begins_and_subheadings_stay_in_their_step(tmp_path):
    path = notebook(tmp_path, ['import numpy as np', '## Step6. 수동 역전파', 'a = 6', '## Step7. 역전파 자동화',
                               '### 역전파 자동화의 시작', 'b = 7', '### 수치 미분', 'c = 7', '## Step8.', 'd = 8'])
    plan = notebook_plan(path)
    assert [(s.step, s.start, s.end) for s in plan.sections] == [(6, 1, 2), (7, 2, 4), (8, 4, 5)]
    assert cut(plan, 7)[0].run == [0, 1, 2, 3]


def test_a_heading_deeper_than_the_step_headings_is_text_whatever_step_it_mentions(tmp_path):
    path = notebook(tmp_path, ['## Step 9', 'a = 9', '### Calling backward without a grad, unlike step 7', 'b = 9',
                               '#### step 10 comes next', 'c = 9', '## Step 10', 'd = 10'])
    plan = notebook_plan(path)
    assert [(s.step, s.start, s.end) for s in plan.sections] == [(9, 0, 3), (10, 3, 4)]
    assert cut(plan, 9)[0].run == [0, 1, 2]


def test_a_later_steps_whole_heading_one_level_too_deep_still_starts_its_step(tmp_path):
    path = notebook(tmp_path, ['## Step28. 함수 최적화', 'a = 28', '### Step29. 뉴턴 방법으로 푸는 최적화(수동 계산)', 'b = 29',
                               '### Step 28. 함수 최적화 (다시 보기)', 'c = 29'])
    assert [(s.step, s.start, s.end) for s in notebook_plan(path).sections] == [(28, 0, 1), (29, 1, 3)]


def test_a_title_alone_never_takes_the_notebook_back_a_step(tmp_path):
    path = notebook(tmp_path, ['# 4. 메모리 절약 모드', 'a = 18', '## 함수 연결 다시 보기', 'b = 18'])
    assert [(s.step, s.end) for s in notebook_plan(path).sections] == [(18, 2)]


def test_every_step_checks_each_section_once_at_its_end(tmp_path):
    path = notebook(tmp_path, ['x = 0', '## 1단계', 'a = 1', '## 2단계', 'b = 2', '## 1단계', 'c = 1', '## 3단계'])
    checks = every_step(notebook_plan(path))
    assert [(c.step, c.run) for c in checks] == [(2, [0, 1, 2]), (1, [3]), (3, [])]


def test_a_step_the_notebook_has_no_section_for_is_refused_with_the_steps_it_has(tmp_path):
    path = notebook(tmp_path, ['## Step 1', 'a = 1', '## Step 3', 'b = 3'])
    with pytest.raises(Unusable) as refused:
        cut(notebook_plan(path), 2)
    assert refused.value.key == 'no_section' and refused.value.fields['steps'] == '1, 3'


def test_a_notebook_without_step_headings_is_read_whole(tmp_path):
    plan = notebook_plan(notebook(tmp_path, ['# 복습', 'a = 1', 'b = 2']))
    assert plan.sections == [] and cut(plan, 9)[0].run == [0, 1]


@pytest.mark.parametrize('data, encoding', [
    (b'\xef\xbb\xbfx = 1\n', 'utf-8-sig'),
    ('# -*- coding: cp949 -*-\nname = "변수"\n'.encode('cp949'), 'cp949'),
    (b'x = 1\r\ny = 2\r\n', 'crlf'),
])
def test_a_file_python_runs_is_read_as_python_reads_it(tmp_path, data, encoding):
    (tmp_path / 'mine.py').write_bytes(data)
    text = read_text(tmp_path / 'mine.py')
    assert '\ufeff' not in text and '\r' not in text
    compile(text, 'mine.py', 'exec')


def test_a_file_python_refuses_is_a_sentence_on_saving_it_as_utf8(tmp_path):
    (tmp_path / 'mine.py').write_bytes('name = "변수"\n'.encode('cp949'))
    with pytest.raises(Unusable) as refused:
        read_text(tmp_path / 'mine.py')
    assert refused.value.key == 'encoding'


def write(folder, name, text):
    (folder / name).write_text(text)


def test_a_folder_reads_the_files_that_define_the_books_names_and_each_steps_own_file(tmp_path):
    write(tmp_path, 'step07.py', 'class Variable: pass\n')
    write(tmp_path, 'step08_wip.py', 'class Variable: pass\nclass Function: pass\n')
    write(tmp_path, 'train.py', 'import numpy\nprint(1)\n')
    plan = folder_plan(tmp_path, 7)
    assert [u.label for u in plan.units] == ['step07.py']
    assert ('not_read', {'files': 'train.py'}) in plan.notes
    assert [u.label for u in folder_plan(tmp_path, 8).units] == ['step08_wip.py']
    assert [s.step for s in folder_plan(tmp_path, None).sections] == [7, 8]


def test_a_name_two_files_define_is_named_with_the_file_taken(tmp_path):
    write(tmp_path, 'a.py', 'class Variable: pass\n')
    write(tmp_path, 'b.py', 'class Variable: pass\n')
    assert ('twice', {'name': 'Variable', 'files': 'a.py, b.py', 'took': 'b.py'}) in folder_plan(tmp_path, 1).notes


def test_a_path_that_is_not_there_is_refused(tmp_path):
    with pytest.raises(Unusable) as refused:
        plan_for(tmp_path / 'nope.py', 1)
    assert refused.value.key == 'no_path'


@pytest.mark.parametrize('value, step', [(7, 7), ('7', 7), ('07', 7), (7.0, 7), (' 9 ', 9), (30, 30)])
def test_a_step_is_what_a_person_means(value, step):
    assert step_number(value) == step


@pytest.mark.parametrize('value', [7.9, True, False, 'seven', '7.9', 0, 31, None, -1, '²', '٣', '０７'])
def test_anything_else_is_refused(value):
    with pytest.raises(Unusable) as refused:
        step_number(value)
    assert refused.value.key == 'bad_step'
