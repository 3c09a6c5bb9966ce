"""The checker's Korean catalog: every message translated, with the same {fields}; check.mo is
check.po compiled; and every test says in its docstring what the book's code does."""
import ast
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


def test_a_translation_uses_only_the_fields_of_its_message():
    # It may leave a named one out (the Korean title has no English title); {} are kept, in order.
    for entry in polib.pofile(str(language.PO)):
        english, korean = fields(entry.msgid), fields(entry.msgstr)
        assert set(korean) <= set(english) and korean.count('') == english.count(''), entry.msgid


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
