"""The Korean catalog of every word (common/words.py): every message translated, with the same
{fields}, as a Korean engineer writes it; check.mo is check.po compiled; every test says in its
docstring what the book's code does; and the one rule that picks the language."""
import ast
import re
import string

import pytest

from common.check import language, translations

polib = pytest.importorskip('polib')


def fields(text):
    return sorted(name for _, name, spec, _ in string.Formatter().parse(text) if name is not None)


def test_the_catalog_has_every_message_of_the_code_and_the_tests_translated():
    po = polib.pofile(str(language.PO))
    have = {(entry.msgctxt, entry.msgid) for entry in po if entry.msgstr}
    wanted = {(context, english) for context, english, _ in translations.messages()}
    assert sorted(wanted - have) == []
    assert sorted({(e.msgctxt, e.msgid) for e in po} - wanted) == []  # nothing left over


def korean_messages():
    return [entry for entry in polib.pofile(str(language.PO)) if entry.msgstr]


def test_a_translation_has_the_fields_of_its_message():
    # Only the English title may be left out: a Korean title is the Korean edition's alone.
    for entry in korean_messages():
        english, korean = fields(entry.msgid), fields(entry.msgstr)
        dropped = [name for name in english if name not in korean]
        assert set(korean) <= set(english) and set(dropped) <= {'english', '0.english'}, entry.msgid
        assert korean.count('') == english.count(''), entry.msgid


def code_left_out(korean):
    """The Korean without `code` spans, the fields and ASCII-only formulas such as a = x²."""
    return re.sub(r'`[^`]*`|{[^{}]*}', '', korean)


# Each rule a native reviewer asked for, and what breaks it.
KOREAN_RULES = {
    'a template particle: put a noun after the name (Square 클래스는)':
        re.compile(r'은\(는\)|는\(은\)|이\(가\)|가\(이\)|을\(를\)|를\(을\)|와\(과\)|과\(와\)|\(으\)로|\(이\)'),
    'an English article (a Square → Square 객체)': re.compile(r'(?<![\w.])(?:a|an|the) [A-Za-z]{2,}', re.IGNORECASE),
    'the Korean edition writes 미분값': re.compile(r'미분 값'),
    'a colon after a finished sentence: 모두 남습니다(각각 1.0, …)': re.compile(r'(?:니다|세요)\s*:'),
    'one word for calling, 호출하다': re.compile(r'부르|부른|불러'),
    'one word for in place, 인플레이스': re.compile(r'제자리'),
}


@pytest.mark.parametrize('rule', KOREAN_RULES)
def test_every_korean_message_reads_as_a_korean_engineer_writes(rule):
    broken = [entry.msgstr for entry in korean_messages() if KOREAN_RULES[rule].search(code_left_out(entry.msgstr))]
    assert broken == []


@pytest.mark.parametrize('korean', ['{name}이(가) 없습니다', 'a Square 객체', '수치 미분 값', '모두 남습니다: 1.0',
                                    'check()를 부르면', '제자리에서 바꾸면'])
def test_each_korean_rule_catches_what_it_names(korean):
    assert any(rule.search(code_left_out(korean)) for rule in KOREAN_RULES.values())


@pytest.mark.parametrize('korean', ['Square 클래스는', 'a = x²이면 y는 32.0', '`a "quoted" name`을', 'x, a, b의 세대',
                                    '미분값', '모두 남습니다(각각 1.0)', '확인할 수 없음: {}'])
def test_the_korean_rules_let_good_korean_be(korean):
    assert not any(rule.search(code_left_out(korean)) for rule in KOREAN_RULES.values())


def test_the_compiled_catalog_is_the_catalog():
    po = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(language.PO)) if e.msgstr}
    mo = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(language.MO))}
    assert mo == po


def test_every_test_says_what_the_books_code_does():
    missing = []
    for path in sorted(language.LOCALE.parents[2].glob('steps/step*/test_step*.py')):
        for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith('test') and not ast.get_docstring(node):
                missing.append('{}::{}'.format(path.name, node.name))
    assert missing == []


def test_the_korean_words_reach_the_report():
    say = language.words('ko')
    sentence = say('good', "your code does what the book's code does at step {}").format(7)
    assert '7단계' in sentence and '책의 코드' in sentence
