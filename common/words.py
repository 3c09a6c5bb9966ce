"""Every word a learner reads, in one gettext catalog: English in the code (the message), Korean
in common/check/locale/ko/LC_MESSAGES/check.po (python -m common.check.translations updates it);
the one rule that picks the language; the one argparse builder of the command lines.

The language: --lang (or lang=) when given; else the setting DEZERO_LANG (in Jupyter or Colab,
whose kernel rarely has a Korean locale: %env DEZERO_LANG=ko); else 'ko' under a Korean locale
(LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them); else 'en'.
"""
import argparse
import gettext
import os
import re
import sys
from pathlib import Path

LANGUAGES = ('en', 'ko')
SETTING = 'DEZERO_LANG'
LOCALE = Path(__file__).resolve().parent / 'check' / 'locale'
PO = LOCALE / 'ko' / 'LC_MESSAGES' / 'check.po'
MO = PO.with_suffix('.mo')


def language(lang=None):
    """'en' or 'ko': lang when given, else the setting, else the locale."""
    chosen = lang or os.environ.get(SETTING) or os.environ.get('LC_ALL') or os.environ.get(
        'LC_MESSAGES') or os.environ.get('LANG') or ''
    return 'ko' if chosen.lower().startswith('ko') else 'en'


def asked_language(argv):
    """The language of a command line: its --lang ko or --lang=ko, else the rule's."""
    for at, arg in enumerate(argv):
        value = arg.partition('=')[2] if arg.startswith('--lang=') else (
            argv[at + 1] if arg == '--lang' and at + 1 < len(argv) else None)
        if value in LANGUAGES:
            return value
    return language()  # argparse refuses any other --lang, in the language of the rule


_catalogs = {}


def words(lang):
    """A function (context, english) -> the text in lang."""
    if lang not in _catalogs:
        _catalogs[lang] = gettext.translation('check', LOCALE, languages=[lang], fallback=True)
    return _catalogs[lang].pgettext


# What argparse says in the command lines, as the catalog's messages ('argparse' context).
ARGPARSE = {
    'usage': 'usage: ', 'positionals': 'positional arguments', 'options': 'options',
    'help': 'show this help message and exit', 'error': '{prog}: error: {message}',
    'lang': 'the language of the output, en or ko (default: DEZERO_LANG, else your locale)',
}
# argparse's own error messages these commands can give: patterns, and the catalog's templates
ERRORS = [(r'the following arguments are required: (.*)', 'the following arguments are required: {}'),
          (r'unrecognized arguments: (.*)', 'unrecognized arguments: {}'),
          (r'argument --lang: invalid choice: (\S+).*', 'argument --lang: invalid choice: {}'),
          (r'argument (\S+): invalid (?:float|int) value: (.*)', 'argument {}: not a number: {}'),
          (r'argument (\S+): not allowed with argument (\S+)', 'argument {}: not allowed with argument {}'),
          (r'argument (\S+): expected one argument', 'argument {}: expected one argument')]


def messages():
    """[(context, english)] of this module, for the catalog."""
    return [('argparse', english) for english in ARGPARSE.values()] + [
        ('argparse', template) for _, template in ERRORS]


class Parser(argparse.ArgumentParser):
    """argparse in the learner's language: its headings, -h, --lang and its errors."""

    def __init__(self, lang, **options):
        self.lang, say = lang, words(lang)
        self.say = lambda key: say('argparse', ARGPARSE[key])
        prefix = self.say('usage')
        super().__init__(add_help=False, formatter_class=lambda prog: Formatter(prog, prefix), **options)
        self._positionals.title, self._optionals.title = self.say('positionals'), self.say('options')
        self.add_argument('-h', '--help', action='help', help=self.say('help'))
        self.add_argument('--lang', choices=LANGUAGES, help=self.say('lang'))

    def error(self, message):
        for pattern, template in ERRORS:
            match = re.fullmatch(pattern, message)
            if match:
                message = words(self.lang)('argparse', template).format(*match.groups())
                break
        self.print_usage(sys.stderr)
        self.exit(2, self.say('error').format(prog=self.prog, message=message) + '\n')


class Formatter(argparse.HelpFormatter):
    def __init__(self, prog, prefix):
        super().__init__(prog)
        self.prefix = prefix

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, self.prefix)
