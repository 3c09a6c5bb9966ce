"""What stepdiff says, in English, and the titles of hunks and "at a glance" entries made from
glance's pieces. The Korean (the Korean edition's words: N단계, 스냅숏, 고지) is in the one catalog
of common/words.py: text(lang) and TEXT[lang] give a language's words by key."""
import functools

from common import catalog
from common.words import LANGUAGES, words

# Keys with a dot are gathered: 'status.added' is text(lang)['status']['added'], 'index_head.0'
# the first of the tuple text(lang)['index_head'].
ENGLISH = {
    'description': 'Show what step N changes: every file of steps/step(N-1) against steps/stepN.',
    'step': 'the step whose change to show (2 to 30)',
    'summary': 'files and lines changed, per step',
    'html': 'write a page per step, in English and Korean, into DIR (with N: step N alone)',
    'all': 'also show the raw diff of the tests and the notes',
    'first_step': 'step 1 is the first snapshot; give a step from 2 on',
    'give_step': 'give a step, --summary or --html DIR',
    'missing': 'stepdiff: {} does not exist',
    'open': 'open {}',
    'cannot_write': 'stepdiff: cannot write the pages into {}: {}',
    'is_file': '{} is a file, not a folder', 'denied': 'permission denied',
    'summary_head': 'step  files  added  removed  title',
    'summary_row': '{:>4}  {:>5}  {:>5}  {:>7}  {}',
    'title': '{0.korean} / {0.english}', 'step_title': 'Step {} — {}',
    'stage': 'Stage {0} (제{0}고지)', 'theory': 'theory step: the framework code does not change',
    'all_steps': 'all steps', 'previous': 'step {}', 'next': 'step {}', 'other_lang': '한국어',
    'why': 'Why', 'glance': 'At a glance', 'change': 'The change, file by file',
    'run': 'Run it', 'tests': 'The tests', 'cannot': 'What it cannot do yet', 'links': 'Links',
    'no_code_change': 'This step does not change the framework code.',
    'new_file': 'new file', 'removed_file': 'file removed', 'whole_file': 'the whole file',
    'unchanged': '{} unchanged lines ({}–{})', 'beyond': 'beyond the book',
    'status.added': 'added', 'status.removed': 'removed', 'status.changed': 'changed', 'status.moved': 'moved',
    'run_intro': 'In a copy of steps/step{:02d}, when these pages were built:',
    'exit_code': '(it ended with exit code {})',
    'tests_added': 'The tests this step adds ({})', 'tests_fixed': 'What this step fixes',
    'fixed_intro': 'These tests of step {} showed what its code could not do yet; step {} changes that.',
    'no_tests_added': 'This step adds no tests.',
    'test_diff': 'The test file, line by line ({} hunks; the step number in its docstrings is left out)',
    'cannot_tests': 'Tests that show it, and the step that changes it:',
    'changed_at': 'step {}', 'whole_code': 'the whole {} at step {}',
    'check_own': 'Check your own code for step {}:', 'back_to': 'back to step {}',
    'index_title': 'What each step changes',
    'index_intro': "Each page teaches one step from its change: why, what changed, the example's "
                   'output, the tests, and what it cannot do yet.',
    'index_head.0': 'step', 'index_head.1': '한국어 / English', 'index_head.2': 'at a glance',
    'choose': 'Choose a language',
    'more': 'The tests and the notes: python -m common.stepdiff {} --all',
    'terminal_tests': 'tests: {} added, {} fixed (python -m common.stepdiff {} --all for the diff)',
}
# A hunk's title, in pieces (glance.title_pieces); `code` marks a name (Markdown backticks).
PIECES = {
    'in': 'in {}', 'after': 'after {}', 'before': 'before {}', 'add': 'add {}',
    'move_here': 'move {} here', 'remove': 'remove {}', 'move_away': '{} moves from here',
    'blank': 'blank lines', 'join': ', ', 'then': '; ', 'colon': ': ',
    'where_in': '{}, {}', 'example': 'the example', 'imports': 'the imports',
    'top': 'top-level code', 'plus_one': '{} line added', 'plus_many': '{} lines added',
    'minus_one': '{} line removed', 'minus_many': '{} lines removed', 'both': '{} added, {} removed',
}


def messages():
    """[(context, english)] of stepdiff, for the catalog."""
    return [('stepdiff', english) for english in ENGLISH.values()] + [
        ('stepdiff.hunk', english) for english in PIECES.values()]


@functools.lru_cache(maxsize=None)
def text(lang):
    """{key: the text in lang} of what stepdiff says; 'status' a dict, 'index_head' a tuple."""
    say, found = words(lang), {}
    for key, english in ENGLISH.items():
        group, _, item = key.partition('.')
        if item:
            found.setdefault(group, {})[item] = say('stepdiff', english)
        else:
            found[key] = say('stepdiff', english)
    found['index_head'] = tuple(found['index_head'][str(i)] for i in range(len(found['index_head'])))
    return found


@functools.lru_cache(maxsize=None)
def pieces(lang):
    say = words(lang)
    return {key: say('stepdiff.hunk', english) for key, english in PIECES.items()}


TEXT = {lang: text(lang) for lang in LANGUAGES}  # the pages' templates take t = TEXT[lang]


def code(text):
    return '`{}`'.format(text)


def short(name, kind):
    """How a learner names a definition: `class Variable`, `backward()`, `as_array()`."""
    if kind == 'class':
        return 'class ' + name
    return name.rpartition('.')[2] + '()'


def full(name, kind, lang):
    """A unit named in full: `class Variable`, `Function.__call__`, `as_array()`, the example."""
    if kind in ('example', 'imports', 'top'):
        return pieces(lang)[kind]
    return code('class ' + name if kind == 'class' else name if kind == 'method' else name + '()')


def counted(plus, minus, lang):
    words = pieces(lang)
    if plus and minus:
        return words['both'].format(plus, minus)
    if plus:
        return words['plus_many' if plus != 1 else 'plus_one'].format(plus)
    return words['minus_many' if minus != 1 else 'minus_one'].format(minus)


def piece_text(piece, kinds, lang):
    """One piece of a hunk's title; kinds maps a unit's name to its kind."""
    words = pieces(lang)
    if piece[0] == 'blank':
        return words['blank']
    if piece[0] == 'edit':
        _, name, kind, plus, minus = piece
        where = full(name, kind, lang)
        if kind not in ('example', 'imports', 'top'):
            where = words['in'].format(where)
        return where + words['colon'] + counted(plus, minus, lang)
    verb, parent, where, names = piece
    what = words[verb].format(words['join'].join(code(short(n, kinds.get(n, 'function'))) for n in names))
    place = []
    if parent:
        place.append(words['in'].format(code('class ' + parent)))
    if where:
        place.append(words[where[0]].format(code(short(where[1], kinds.get(where[1], 'function')))))
    return (words['where_in'].format(*place) if len(place) == 2 else ''.join(place)) + (
        words['colon'] if place else '') + what


def hunk_title(found, kinds, lang):
    return pieces(lang)['then'].join(piece_text(piece, kinds, lang) for piece in found)


def glance_name(change, lang):
    return full(change.name, change.kind, lang)


def glance_status(change, lang):
    status = text(lang)['status'][change.status]
    if change.status == 'changed':
        return '{} (+{} −{})'.format(status, change.plus, change.minus)
    return status


def step_title(number, lang='en'):
    return text(lang)['step_title'].format(number, title(number, lang))


def title(number, lang='en'):
    return text(lang)['title'].format(catalog.STEPS[number - 1])

