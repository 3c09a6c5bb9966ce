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
