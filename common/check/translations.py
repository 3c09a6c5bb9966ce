"""Keep the Korean catalog (common/words.py) in step with the code and the tests (needs polib).

    python -m common.check.translations    update common/check/locale/ko/LC_MESSAGES/check.po,
                                           then compile check.mo

English lives in the code: the report's TEXT, the checker's USAGE, the command lines' argparse
words (common/words.py), stepdiff's words, the step titles and the README table's words
(common/catalog.py), and the first line of each test's docstring (what the book's code does). Each
becomes a message with a context (the report's key, 'usage.KEY', 'argparse', 'stepdiff',
'stepdiff.hunk', 'title', 'table', 'test'); new ones are added untranslated, vanished ones removed.
common/tests/test_check_language.py checks that every message is translated, and how.
"""
import ast
import re

from common import catalog
from common.check.language import MO, PO


def test_sentences():
    """{sentence: where} for the first line of every test's docstring, in every step's test file."""
    found = {}
    for path in sorted(catalog.STEPS_DIR.glob('step[0-9][0-9]/test_step[0-9][0-9].py')):
        for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith('test'):
                doc = ast.get_docstring(node)
                if doc:
                    found.setdefault(' '.join(doc.split('\n\n')[0].split()), '{}:{}'.format(path.name, node.lineno))
    return found


def messages():
    """[(context, english, where)] of everything the checker says."""
    from common import words
    from common.check import report
    from common.check.__main__ import USAGE
    from common.stepdiff import words as stepdiff_words
    found = [(key, text, 'report.py') for key, text in report.TEXT.items()]
    found += [('usage.' + key, text, 'check/__main__.py') for key, text in USAGE.items()]
    found += [(context, text, where) for module, where in ((words, 'words.py'), (stepdiff_words, 'stepdiff/words.py'),
                                                          (catalog, 'catalog.py'))
              for context, text in module.messages()]
    found += [('test', sentence, where) for sentence, where in test_sentences().items()]
    return found


FIELD = re.compile(r'{[^{}]*}')


def update(po_path=PO, mo_path=MO):
    import polib
    po = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
    po.metadata.update({'Project-Id-Version': 'dezero-steps check', 'Language': 'ko',
                        'Content-Type': 'text/plain; charset=UTF-8', 'Content-Transfer-Encoding': '8bit'})
    wanted = messages()
    keep = {(context, english) for context, english, _ in wanted}
    po[:] = [entry for entry in po if (entry.msgctxt, entry.msgid) in keep and not entry.obsolete]
    for context, english, where in wanted:
        if po.find(english, msgctxt=context) is None:
            po.append(polib.POEntry(msgctxt=context, msgid=english, msgstr='', occurrences=[(where, '')]))
    po_path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(po_path))
    po.save_as_mofile(str(mo_path))
    return po


if __name__ == '__main__':
    updated = update()
    print('{}: {} messages, {} untranslated'.format(PO.relative_to(catalog.ROOT), len(updated),
                                                    len(updated.untranslated_entries())))
