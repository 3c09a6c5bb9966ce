"""Each step's README.md and README.ko.md agree on what a test can see: the step's titles, the
commands and code, and every number either quotes; and they link each other at their top."""
import re

import pytest

from common import catalog

NUMBER = re.compile(r'(?<![\w.])[-−]?\d[\d,]*(?:\.\d+)?(?:e[-−]?\d+)?')
STEPS = [(step, folder) for step, folder in catalog.present() if (folder / 'README.ko.md').is_file()]


def code_blocks(text):
    """The fenced code blocks, each line without its comment."""
    blocks = re.findall(r'```[a-z]*\n(.*?)```', text, re.DOTALL)
    return [[re.sub(r'\s*#.*$', '', line) for line in block.splitlines()] for block in blocks]


def numbers(text):
    text = re.sub(r'\(README(\.ko)?\.md\)|step\d\d/', '', text)
    return {number.replace('−', '-').replace(',', '') for number in NUMBER.findall(text)}


def test_every_step_has_its_korean_notes():
    assert [folder.name for step, folder in catalog.present() if not (folder / 'README.ko.md').is_file()] == []


@pytest.mark.parametrize('step, folder', STEPS, ids=[folder.name for _, folder in STEPS])
def test_the_korean_notes_agree_with_the_english_ones(step, folder):
    english = (folder / 'README.md').read_text(encoding='utf-8')
    korean = (folder / 'README.ko.md').read_text(encoding='utf-8')
    assert step.korean in korean.splitlines()[0] and step.english in korean.splitlines()[0]
    assert '(README.ko.md)' in '\n'.join(english.splitlines()[:4])
    assert '(README.md)' in '\n'.join(korean.splitlines()[:4])
    assert code_blocks(korean) == code_blocks(english)
    assert numbers(korean) == numbers(english)


# --- the root guide: README.md and README.ko.md ------------------------------------------------

# Their sections, in order. The glossary of the Korean edition's terms is the Korean guide's own.
SECTIONS = [
    ('# DeZero, step by step', '# DeZero, 단계별로'),
    ('## Quick start', '## 빠른 시작'),
    ('### On your machine', '### 내 컴퓨터에서'),
    ('## One step', '## 한 단계'),
    ('## What a step changes', '## 한 단계가 바꾸는 것'),
    ('## How the framework grows', '## 프레임워크가 자라는 과정'),
    ('## Start from a snapshot', '## 스냅숏에서 시작하기'),
    ('## Check your own code', '## 내 코드 확인하기'),
    ('## Jupyter and Colab', '## Jupyter와 Colab에서'),
    ('## Where the snapshots go beyond the book', '## 스냅숏이 책을 넘어서는 곳'),
    ('## The 30 steps', '## 단계 목록'),
    ('## Memory and speed across the steps', '## 단계별 메모리와 속도'),
    ('## Layout', '## 저장소 구성'),
    (None, '## 용어집'),
    ('## Credits and license', '## 저작권과 라이선스'),
]


def sections(text):
    """{heading: its text} of a README, each section up to the next heading."""
    parts = re.split(r'(?m)^(?=#{1,3} )', text)
    return {part.splitlines()[0]: part for part in parts if part.strip()}


def heading(sections, start):
    return next(name for name in sections if name.startswith(start))


def root_code(text):
    """The code blocks, with <placeholders>, the layout's explanations, the checker's reports
    (```text, each in its own language) and the Korean guide's lang='ko' left out."""
    text = re.sub(r'```text\n.*?```', '', text, flags=re.DOTALL).replace(", lang='ko')", ')')
    blocks = code_blocks(re.sub(r'<[^>\n]*>', '<>', text))
    return [[line.split()[0] for line in block if line[:1].strip()] if block[0].startswith('README.md')
            else block for block in blocks]


def test_the_korean_guide_is_the_english_one_section_for_section():
    english = sections((catalog.ROOT / 'README.md').read_text(encoding='utf-8'))
    korean = sections((catalog.ROOT / 'README.ko.md').read_text(encoding='utf-8'))
    assert [name for name in english] == [heading(english, en) for en, _ in SECTIONS if en]
    assert [name for name in korean] == [heading(korean, ko) for _, ko in SECTIONS]
    assert '(README.ko.md)' in english[heading(english, '# ')].splitlines()[2]
    assert '(README.md)' in korean[heading(korean, '# ')].splitlines()[2]
    for en, ko in SECTIONS:
        if en is None:
            continue
        english_text, korean_text = english[heading(english, en)], korean[heading(korean, ko)]
        assert root_code(korean_text) == root_code(english_text), en
        assert numbers(korean_text) == numbers(english_text), en


# One spelling for each word, as the Korean edition and the step notes write it.
NOT_OUR_SPELLING = {
    '기울기 초기화': '미분값 재설정 (cleargrad)',
    '교훈': '짚어 볼 점',
    '중앙차분': '중앙 차분',
    '라벨': '레이블',
    '거절': '거부',
    '디렉터리': '폴더',
    '돕니다': '실행됩니다 (돕다로 읽힙니다)',
    '그대로 돔': '그대로 실행됨',
    '확인기': '내 코드 확인 (common.check)',
}
KOREAN_NOTES = [catalog.ROOT / 'README.ko.md'] + [folder / 'README.ko.md' for _, folder in STEPS]


def prose(text):
    """Korean text without its code: no code blocks, no `code`."""
    return re.sub(r'`[^`\n]*`', '', re.sub(r'```.*?```', '', text, flags=re.DOTALL))


@pytest.mark.parametrize('path', KOREAN_NOTES, ids=[path.parent.name or 'root' for path in KOREAN_NOTES])
def test_the_korean_text_spells_each_word_one_way(path):
    text = prose(path.read_text(encoding='utf-8'))
    found = {word: instead for word, instead in NOT_OUR_SPELLING.items() if word in text}
    assert found == {}
    assert re.findall(r'\bnumpy', text, re.ASCII) == []  # 넘파이 in prose, numpy in code
    assert re.findall(r'\d+\s*[-–]\s*\d+단계', text) == []  # step ranges with a tilde: 2~10단계
