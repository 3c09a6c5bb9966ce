"""What stepdiff says, in English and in Korean (the Korean edition's words: N단계, 스냅숏, 고지),
and the titles of hunks and "at a glance" entries made from glance's pieces."""
import os

from common import catalog

USAGE = 'N단계에서 바뀐 내용: steps/step(N-1)과 steps/stepN의 파일을 모두 비교합니다.'
TEXT = {
    'en': {
        'description': 'Show what step N changes: every file of steps/step(N-1) against steps/stepN.',
        'positionals': 'positional arguments', 'options': 'options',
        'help': 'show this help message and exit',
        'step': 'the step whose change to show (2 to 30)', 'step_metavar': None,
        'summary': 'files and lines changed, per step',
        'html': 'write a page per step, in English and Korean, into DIR (with N: step N alone)',
        'all': 'also show the raw diff of the tests and the notes',
        'lang': 'the language of the output (default: from LC_ALL, LC_MESSAGES or LANG)',
        'first_step': 'step 1 is the first snapshot; give a step from 2 on',
        'give_step': 'give a step, --summary or --html DIR',
        'error': '{prog}: error: {message}\n',
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
        'status': {'added': 'added', 'removed': 'removed', 'changed': 'changed', 'moved': 'moved'},
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
        'index_head': ('step', '한국어 / English', 'at a glance'),
        'choose': 'Choose a language',
        'more': 'The tests and the notes: python -m common.stepdiff {} --all',
        'terminal_tests': 'tests: {} added, {} fixed (python -m common.stepdiff {} --all for the diff)',
    },
    'ko': {
        'description': USAGE, 'positionals': '인수', 'options': '옵션',
        'help': '이 도움말을 보여 주고 끝냅니다',
        'step': '바뀐 내용을 볼 단계 (2~30)', 'step_metavar': 'N',
        'summary': '단계마다 바뀐 파일 수와 줄 수',
        'html': '단계마다 한국어, 영어 페이지를 DIR에 씁니다 (N을 주면 그 단계만)',
        'all': '테스트와 노트의 원본 diff도 보여 줍니다',
        'lang': '출력 언어 (기본값: LC_ALL, LC_MESSAGES, LANG의 로캘)',
        'first_step': '1단계는 첫 스냅숏이라 비교할 이전 단계가 없습니다. 2단계부터 지정하세요',
        'give_step': '단계 번호나 --summary, --html DIR 중 하나를 지정하세요',
        'error': '{prog}: 오류: {message}\n',
        'missing': 'stepdiff: {} 폴더가 없습니다',
        'open': '브라우저로 열어 보세요: {}',
        'cannot_write': 'stepdiff: {}에 페이지를 쓸 수 없습니다. {}',
        'is_file': '{}은(는) 폴더가 아니라 파일입니다.', 'denied': '쓰기 권한이 없습니다.',
        'summary_head': '단계  파일  추가된 줄  삭제된 줄  제목',
        'summary_row': '{:>4}  {:>4}  {:>9}  {:>9}  {}',
        'title': '{0.korean}', 'step_title': '{}단계: {}',
        'stage': '제{0}고지', 'theory': '이론 단계: 프레임워크 코드는 바뀌지 않습니다',
        'all_steps': '전체 단계', 'previous': '{}단계', 'next': '{}단계', 'other_lang': 'English',
        'why': '왜', 'glance': '한눈에 보기', 'change': '파일별 변경 내용',
        'run': '실행하기', 'tests': '테스트', 'cannot': '아직 할 수 없는 것', 'links': '링크',
        'no_code_change': '이 단계는 프레임워크 코드를 바꾸지 않습니다.',
        'new_file': '새 파일', 'removed_file': '삭제된 파일', 'whole_file': '파일 전체',
        'unchanged': '바뀌지 않은 {}줄 ({}–{})', 'beyond': '책과 다른 점',
        'status': {'added': '추가', 'removed': '삭제', 'changed': '변경', 'moved': '이동'},
        'run_intro': '페이지를 만들 때 steps/step{:02d}의 복사본에서 실행한 결과입니다:',
        'exit_code': '(종료 코드 {})',
        'tests_added': '이 단계에서 추가하는 테스트 ({}개)', 'tests_fixed': '이 단계에서 해결하는 것',
        'fixed_intro': '{}단계의 코드가 아직 못 하던 것을 보여 주던 테스트입니다. {}단계에서 이것이 바뀝니다.',
        'no_tests_added': '이 단계에서 추가하는 테스트는 없습니다.',
        'test_diff': '테스트 파일의 줄 단위 변경 ({}개 묶음, docstring의 단계 번호 변경은 뺐습니다)',
        'cannot_tests': '이를 보여 주는 테스트와 바뀌는 단계:',
        'changed_at': '{}단계', 'whole_code': '{}단계의 {} 전체',
        'check_own': '직접 입력한 {}단계 코드 확인하기:', 'back_to': '{}단계로 돌아가기',
        'index_title': '단계별 변경 내용',
        'index_intro': '각 페이지는 한 단계를 그 변경 내용으로 설명합니다. 왜 바꾸는지, 무엇이 '
                       '바뀌는지, 예제의 출력, 테스트, 아직 할 수 없는 것.',
        'index_head': ('단계', '제목', '한눈에 보기'),
        'choose': '언어를 고르세요',
        'more': '테스트와 노트의 변경 내용: python -m common.stepdiff {} --all',
        'terminal_tests': '테스트: {}개 추가, {}개 해결 (diff는 python -m common.stepdiff {} --all)',
    },
}
# A hunk's title, in pieces (glance.title_pieces); `code` marks a name (Markdown backticks).
PIECES = {
    'en': {'in': 'in {}', 'after': 'after {}', 'before': 'before {}', 'add': 'add {}',
           'move_here': 'move {} here', 'remove': 'remove {}', 'move_away': '{} moves from here',
           'blank': 'blank lines', 'join': ', ', 'then': '; ', 'colon': ': ',
           'where_in': '{}, {}', 'example': 'the example', 'imports': 'the imports',
           'top': 'top-level code', 'plus': ('{} line added', '{} lines added'),
           'minus': ('{} line removed', '{} lines removed'), 'both': '{} added, {} removed'},
    'ko': {'in': '{} 안', 'after': '{} 다음에', 'before': '{} 앞에', 'add': '{} 추가',
           'move_here': '{}를 여기로 옮김', 'remove': '{} 삭제', 'move_away': '{}를 여기서 옮김',
           'blank': '빈 줄', 'join': ', ', 'then': '; ', 'colon': ': ',
           'where_in': '{}, {}', 'example': '예제', 'imports': 'import 문', 'top': '최상위 코드',
           'plus': ('{}줄 추가', '{}줄 추가'), 'minus': ('{}줄 삭제', '{}줄 삭제'),
           'both': '{}줄 추가, {}줄 삭제'},
}


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
        return PIECES[lang][kind]
    return code('class ' + name if kind == 'class' else name if kind == 'method' else name + '()')


def counted(plus, minus, lang):
    words = PIECES[lang]
    if plus and minus:
        return words['both'].format(plus, minus)
    if plus:
        return words['plus'][plus != 1].format(plus)
    return words['minus'][minus != 1].format(minus)


def piece_text(piece, kinds, lang):
    """One piece of a hunk's title; kinds maps a unit's name to its kind."""
    words = PIECES[lang]
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


def hunk_title(pieces, kinds, lang):
    return PIECES[lang]['then'].join(piece_text(piece, kinds, lang) for piece in pieces)


def glance_name(change, lang):
    return full(change.name, change.kind, lang)


def glance_status(change, lang):
    status = TEXT[lang]['status'][change.status]
    if change.status == 'changed':
        return '{} (+{} −{})'.format(status, change.plus, change.minus)
    return status


def step_title(number, lang='en'):
    return TEXT[lang]['step_title'].format(number, title(number, lang))


def title(number, lang='en'):
    return TEXT[lang]['title'].format(catalog.STEPS[number - 1])


def locale_language():
    """'ko' when the locale (LC_ALL, then LC_MESSAGES, then LANG) is Korean, else 'en'."""
    locale = os.environ.get('LC_ALL') or os.environ.get('LC_MESSAGES') or os.environ.get('LANG') or ''
    return 'ko' if locale.startswith('ko') else 'en'


def chosen_language(argv):
    """The language --lang asks for, else the locale's."""
    for at, arg in enumerate(argv):
        value = arg.partition('=')[2] if arg.startswith('--lang=') else None
        if arg == '--lang' and at + 1 < len(argv):
            value = argv[at + 1]
        if value in TEXT:
            return value
    return locale_language()
