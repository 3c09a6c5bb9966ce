"""The checker's languages: English in the code, Korean in a gettext catalog, read with the
standard library's gettext (python -m common.check.translations updates the catalog)."""
import gettext
import os
from pathlib import Path

LOCALE = Path(__file__).resolve().parent / 'locale'
PO = LOCALE / 'ko' / 'LC_MESSAGES' / 'check.po'
MO = PO.with_suffix('.mo')


def language(lang=None):
    """'ko' under a Korean locale (LC_ALL, LC_MESSAGES, LANG), else 'en'; lang, when given, wins."""
    if lang:
        return lang
    locale = os.environ.get('LC_ALL') or os.environ.get('LC_MESSAGES') or os.environ.get('LANG') or ''
    return 'ko' if locale.startswith('ko') else 'en'


_catalogs = {}


def words(lang):
    """A function (context, english) -> the text in lang."""
    if lang not in _catalogs:
        _catalogs[lang] = gettext.translation('check', LOCALE, languages=[lang], fallback=True)
    return _catalogs[lang].pgettext
