"""Show what step N changes: every file of steps/step(N-1) against steps/stepN.

    python -m common.stepdiff 7             the change step 7 makes (step06 -> step07)
    python -m common.stepdiff --summary     files and lines changed by every step
    python -m common.stepdiff --summary 7   the same for step 7 alone
    python -m common.stepdiff --html DIR    a side-by-side page per step, and DIR/index.html
    python -m common.stepdiff --lang ko     in Korean (the default under a Korean locale)

test_step06.py is paired with test_step07.py, so the tests show as a change. Coloured on a
terminal, plain when piped or with NO_COLOR. Also tox -e diff -- 7.
"""
import argparse
import difflib
import errno
import html
import os
import re
import subprocess
import sys
from pathlib import Path

from common import catalog

STEPS_DIR = catalog.STEPS_DIR
SKIP = {'__pycache__', '.pytest_cache', '.benchmarks'}
COLOURS = {'+': '\033[32m', '-': '\033[31m', '@': '\033[36m'}
# The framework first, then its tests, then the notes and anything else.
FILE_ORDER = ['core.py', 'utils.py', '__init__.py', 'test_stepNN.py']
RESET = '\033[0m'


def tracked(folder):
    """The files git tracks in folder, or None outside a git checkout."""
    try:
        listing = subprocess.run(['git', 'ls-files', '-z'], cwd=folder, capture_output=True,
                                 check=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return None
    return {folder / name for name in listing.split('\0') if name}


def is_text(path):
    try:
        path.read_text(encoding='utf-8')
    except (UnicodeDecodeError, OSError):
        return False
    return True


def snapshot_files(folder, number):
    """The snapshot's text files that git tracks (what the examples write is left out), by a
    name shared across steps: its test file as 'test_stepNN.py'."""
    own_test = 'test_step{:02d}.py'.format(number)
    known = tracked(folder)
    files = {}
    for path in sorted(folder.rglob('*')):
        if not path.is_file() or SKIP.intersection(path.relative_to(folder).parts):
            continue
        if (known is None or path in known) and is_text(path):
            name = path.relative_to(folder).as_posix()
            files['test_stepNN.py' if name == own_test else name] = path
    return files


def read_lines(path):
    if path is None:
        return []
    return path.read_text(encoding='utf-8').splitlines(keepends=True)


def label(path, steps_dir):
    return '/dev/null' if path is None else path.relative_to(steps_dir.parent).as_posix()


def file_order(name):
    if name in FILE_ORDER:
        return (FILE_ORDER.index(name), '')
    return (len(FILE_ORDER), name)


def missing_step(number, steps_dir=STEPS_DIR):
    """steps/step(N-1) or steps/stepN if one of them is not there, else None."""
    for folder in (steps_dir / 'step{:02d}'.format(number - 1), steps_dir / 'step{:02d}'.format(number)):
        if not folder.is_dir():
            return folder.relative_to(steps_dir.parent).as_posix()
    return None


def changed_files(number, steps_dir=STEPS_DIR):
    """(old path or None, new path or None, old lines, new lines) for each file step N changes."""
    missing = missing_step(number, steps_dir)
    if missing:
        raise SystemExit(TEXT['en']['missing'].format(missing))
    old_dir = steps_dir / 'step{:02d}'.format(number - 1)
    new_dir = steps_dir / 'step{:02d}'.format(number)
    old, new = snapshot_files(old_dir, number - 1), snapshot_files(new_dir, number)
    changes = []
    for name in sorted(old.keys() | new.keys(), key=file_order):
        old_lines, new_lines = read_lines(old.get(name)), read_lines(new.get(name))
        if old_lines != new_lines:
            changes.append((old.get(name), new.get(name), old_lines, new_lines))
    return changes


def step_diff(number, steps_dir=STEPS_DIR):
    """The unified diff of steps/step(N-1) -> steps/stepN, as a list of lines."""
    lines = []
    for old_path, new_path, old_lines, new_lines in changed_files(number, steps_dir):
        lines += difflib.unified_diff(old_lines, new_lines, fromfile=label(old_path, steps_dir),
                                      tofile=label(new_path, steps_dir))
    return [line if line.endswith('\n') else line + '\n' for line in lines]


def step_summary(number, steps_dir=STEPS_DIR):
    """(files changed, lines added, lines removed) by step N."""
    lines = step_diff(number, steps_dir)
    added = sum(1 for line in lines if line.startswith('+') and not line.startswith('+++'))
    removed = sum(1 for line in lines if line.startswith('-') and not line.startswith('---'))
    return len(changed_files(number, steps_dir)), added, removed


def transitions(steps_dir=STEPS_DIR):
    """The steps that have a step before them in this checkout."""
    present = {step.number for step, _ in catalog.present(steps_dir)}
    return [number for number in sorted(present) if number - 1 in present]


# What stepdiff says, in English and in Korean (the Korean edition's words: N단계, 스냅숏).
TEXT = {
    'en': {
        'description': __doc__.splitlines()[0],
        'positionals': 'positional arguments',
        'options': 'options',
        'help': 'show this help message and exit',
        'step': 'the step whose change to show (2 to 30)',
        'step_metavar': None,
        'summary': 'files and lines changed, per step',
        'html': 'write side-by-side pages and an index into DIR',
        'lang': 'the language of the output (default: from LC_ALL, LC_MESSAGES or LANG)',
        'first_step': 'step 1 is the first snapshot; give a step from 2 on',
        'give_step': 'give a step, --summary or --html DIR',
        'error': '{prog}: error: {message}\n',
        'missing': 'stepdiff: {} does not exist',
        'open': 'open {}',
        'cannot_write': 'stepdiff: cannot write the pages into {}: {}',
        'is_file': '{} is a file, not a folder',
        'denied': 'permission denied',
        'summary_head': 'step  files  added  removed  title',
        'summary_row': '{:>4}  {:>5}  {:>5}  {:>7}  {}',
        'title': '{0.korean} / {0.english}',
        'step_title': 'Step {} — {}',
        'all_steps': 'all steps',
        'previous': '&larr; step {}',
        'next': 'step {} &rarr;',
        'intro': 'What step {} changes: steps/step{:02d} on the left, steps/step{:02d} on the right.',
        'legend': ('removed', 'changed', 'added'),
        'line': 'step {} line',
        'before': 'step {} (before)',
        'after': 'step {} (after)',
        'index_title': 'What each step changes',
        'index_intro': "Each page shows a step's snapshot against the one before, side by side.",
        'index_head': ('step', '한국어 / English', 'files', 'added', 'removed'),
    },
    'ko': {
        'description': 'N단계에서 바뀐 내용: steps/step(N-1)과 steps/stepN의 파일을 모두 비교합니다.',
        'positionals': '인수',
        'options': '옵션',
        'help': '이 도움말을 보여 주고 끝냅니다',
        'step': '바뀐 내용을 볼 단계 (2~30)',
        'step_metavar': 'N',
        'summary': '단계마다 바뀐 파일 수와 줄 수',
        'html': '단계마다 나란히 비교하는 페이지와 목차를 DIR에 씁니다',
        'lang': '출력 언어 (기본값: LC_ALL, LC_MESSAGES, LANG의 로캘)',
        'first_step': '1단계는 첫 스냅숏이라 비교할 이전 단계가 없습니다. 2단계부터 지정하세요',
        'give_step': '단계 번호나 --summary, --html DIR 중 하나를 지정하세요',
        'error': '{prog}: 오류: {message}\n',
        'missing': 'stepdiff: {} 폴더가 없습니다',
        'open': '브라우저로 열어 보세요: {}',
        'cannot_write': 'stepdiff: {}에 페이지를 쓸 수 없습니다. {}',
        'is_file': '{}은(는) 폴더가 아니라 파일입니다.',
        'denied': '쓰기 권한이 없습니다.',
        'summary_head': '단계  파일  추가된 줄  삭제된 줄  제목',
        'summary_row': '{:>4}  {:>4}  {:>9}  {:>9}  {}',
        'title': '{0.korean}',
        'step_title': '{}단계: {}',
        'all_steps': '전체 단계',
        'previous': '&larr; {}단계',
        'next': '{}단계 &rarr;',
        'intro': '{}단계에서 바뀐 내용입니다. 왼쪽은 steps/step{:02d}, 오른쪽은 steps/step{:02d}입니다.',
        'legend': ('삭제', '변경', '추가'),
        'line': '{}단계 줄',
        'before': '{}단계 (변경 전)',
        'after': '{}단계 (변경 후)',
        'index_title': '단계별 변경 내용',
        'index_intro': '각 페이지는 한 단계의 스냅숏을 바로 앞 단계와 나란히 놓고 비교합니다.',
        'index_head': ('단계', '제목', '파일', '추가된 줄', '삭제된 줄'),
    },
}
# argparse's own messages, in Korean; any other is shown as argparse says it.
ARGPARSE_KO = [
    (r'argument \S+: invalid int value: (.*)', '단계는 숫자로 지정하세요: {}'),
    (r'argument (\S+): not allowed with argument (\S+)', '{} 옵션은 {} 옵션과 함께 쓸 수 없습니다'),
    (r'argument (\S+): expected one argument', '{} 옵션에는 값이 하나 필요합니다'),
    (r'argument --lang: invalid choice: (\S+).*', '--lang에는 ko나 en을 지정하세요: {}'),
    (r'unrecognized arguments: (.*)', '알 수 없는 인수입니다: {}'),
]


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


def title(number, lang='en'):
    return TEXT[lang]['title'].format(catalog.STEPS[number - 1])


def summary_table(numbers, steps_dir=STEPS_DIR, lang='en'):
    text = TEXT[lang]
    rows = [text['summary_head']]
    for number in numbers:
        files, added, removed = step_summary(number, steps_dir)
        rows.append(text['summary_row'].format(number, files, added, removed, title(number, lang)))
    return '\n'.join(rows) + '\n'


# Code lines are never cut inside a word: they wrap at spaces only (Hangul too, with
# keep-all), the rest of a wrapped line indented; each side keeps half the width.
PAGE = '''<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", "Nanum Gothic",
        sans-serif; margin: 1em 2em; }}
nav a {{ margin-right: 1em; }}
h2 {{ font-size: 1em; font-family: monospace; margin-top: 2em; }}
table.diff {{ font-family: "D2Coding", "Noto Sans Mono CJK KR", "Nanum Gothic Coding", monospace;
              font-size: 12px; border-collapse: collapse; width: 100%; table-layout: fixed; }}
table.diff col.line {{ width: 5em; }}
table.diff th {{ font-family: sans-serif; font-weight: normal; color: #555; text-align: left;
                 padding: 2px 4px; border-bottom: 1px solid #ccc; }}
table.diff td {{ padding: 0 4px; vertical-align: top; }}
table.diff td.code {{ white-space: pre-wrap; word-break: keep-all; overflow-wrap: normal;
                      padding-left: 2.5em; text-indent: -2em; }}
td.diff_header {{ text-align: right; color: #888; }}
.diff_add {{ background-color: #aaffaa; }}
.diff_chg {{ background-color: #ffff77; }}
.diff_sub {{ background-color: #ffaaaa; }}
table.index td, table.index th {{ padding: 2px 12px; text-align: left; }}
</style>
</head>
<body>
{body}
</body>
</html>
'''
COLUMNS = '<colgroup><col class="line"><col></colgroup><colgroup><col class="line"><col></colgroup>'


def step_title(number, lang='en'):
    return TEXT[lang]['step_title'].format(number, title(number, lang))


def diff_table(old_lines, new_lines, number, lang='en'):
    """difflib's side-by-side table with a header over each column, lines left whole, and
    without its unlabelled columns of links (n, t) to the next change and the top."""
    text = TEXT[lang]
    table = difflib.HtmlDiff().make_table(old_lines, new_lines, context=True, numlines=3)
    table = re.sub(r'<td class="diff_next"[^>]*>.*?</td>', '', table)
    table = re.sub(r'(<colgroup></colgroup>\s*)+', COLUMNS, table, count=1)
    head = '<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>'.format(
        text['line'].format(number - 1), text['before'].format(number - 1),
        text['line'].format(number), text['after'].format(number))
    table = table.replace('<tbody>', head + '<tbody>', 1)
    # difflib keeps a line on one row with nowrap and &nbsp;: let it wrap, at spaces only.
    return table.replace('<td nowrap="nowrap">', '<td class="code">').replace('&nbsp;', ' ')


def html_page(number, numbers, steps_dir=STEPS_DIR, lang='en'):
    """A page with a side-by-side table for every file step N changes."""
    text = TEXT[lang]
    links = ['<a href="index.html">{}</a>'.format(text['all_steps'])]
    if number - 1 in numbers:
        links.append('<a href="step{:02d}.html">{}</a>'.format(number - 1, text['previous'].format(number - 1)))
    if number + 1 in numbers:
        links.append('<a href="step{:02d}.html">{}</a>'.format(number + 1, text['next'].format(number + 1)))
    legend = ' '.join('<span class="{}">{}</span>'.format(css, word) for css, word in
                      zip(('diff_sub', 'diff_chg', 'diff_add'), text['legend']))
    body = ['<nav>{}</nav>'.format(' '.join(links)),
            '<h1>{}</h1>'.format(html.escape(step_title(number, lang))),
            '<p>{} {}</p>'.format(text['intro'].format(number, number - 1, number), legend)]
    for old_path, new_path, old_lines, new_lines in changed_files(number, steps_dir):
        old_label, new_label = label(old_path, steps_dir), label(new_path, steps_dir)
        body.append('<h2>{} &rarr; {}</h2>'.format(html.escape(old_label), html.escape(new_label)))
        body.append(diff_table(old_lines, new_lines, number, lang))
    return PAGE.format(lang=lang, title=html.escape(step_title(number, lang)), body='\n'.join(body))


def index_page(numbers, steps_dir=STEPS_DIR, lang='en'):
    text = TEXT[lang]
    rows = ['<tr>{}</tr>'.format(''.join('<th>{}</th>'.format(word) for word in text['index_head']))]
    for number in numbers:
        files, added, removed = step_summary(number, steps_dir)
        rows.append('<tr><td><a href="step{:02d}.html">{}</a></td><td>{}</td>'
                    '<td>{}</td><td>{}</td><td>{}</td></tr>'.format(
                        number, number, html.escape(title(number, lang)), files, added, removed))
    body = '<h1>{}</h1>\n<p>{}</p>\n<table class="index">\n{}\n</table>'.format(
        text['index_title'], html.escape(text['index_intro']), '\n'.join(rows))
    return PAGE.format(lang=lang, title=text['index_title'], body=body)


def write_html(out_dir, steps_dir=STEPS_DIR, lang='en'):
    """Write a page per step and index.html into out_dir; return the index's path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    numbers = transitions(steps_dir)
    for number in numbers:
        (out_dir / 'step{:02d}.html'.format(number)).write_text(
            html_page(number, numbers, steps_dir, lang), encoding='utf-8')
    index = out_dir / 'index.html'
    index.write_text(index_page(numbers, steps_dir, lang), encoding='utf-8')
    return index


def why_not_written(error, out_dir, lang='en'):
    """Why the pages could not be written into out_dir, in a few words."""
    text = TEXT[lang]
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        in_the_way = next((path for path in (out_dir, *out_dir.parents) if path.is_file()), error.filename)
        return text['is_file'].format(in_the_way)
    if isinstance(error, PermissionError) or error.errno == errno.EROFS:
        return text['denied']
    return error.strerror or str(error)


class KoreanHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, '사용법: ')


class Parser(argparse.ArgumentParser):
    """argparse, with its errors in the chosen language."""

    def __init__(self, lang, **kwargs):
        super().__init__(formatter_class=KoreanHelp if lang == 'ko' else argparse.HelpFormatter,
                         add_help=False, **kwargs)
        self.lang = lang

    def error(self, message):
        for pattern, korean in ARGPARSE_KO if self.lang == 'ko' else []:
            match = re.fullmatch(pattern, message)
            if match:
                message = korean.format(*match.groups())
                break
        self.print_usage(sys.stderr)
        self.exit(2, TEXT[self.lang]['error'].format(prog=self.prog, message=message))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    lang = chosen_language(argv)
    text = TEXT[lang]
    parser = Parser(lang, prog='python -m common.stepdiff', description=text['description'])
    positionals = parser.add_argument_group(text['positionals'])
    positionals.add_argument('step', type=int, nargs='?', metavar=text['step_metavar'], help=text['step'])
    options = parser.add_argument_group(text['options'])
    options.add_argument('-h', '--help', action='help', help=text['help'])
    mode = options.add_mutually_exclusive_group()
    mode.add_argument('--summary', action='store_true', help=text['summary'])
    mode.add_argument('--html', metavar='DIR', help=text['html'])
    options.add_argument('--lang', choices=sorted(TEXT, reverse=True), help=text['lang'])
    args = parser.parse_args(argv)
    if args.step is not None and args.step < 2:
        parser.error(text['first_step'])
    missing = args.step and missing_step(args.step)
    if missing:
        sys.exit(text['missing'].format(missing))
    if args.html:
        try:
            index = write_html(args.html, lang=lang)
        except OSError as error:
            reason = why_not_written(error, Path(args.html), lang)
            parser.exit(2, text['cannot_write'].format(args.html, reason) + '\n')
        print(text['open'].format(index))
    elif args.summary:
        sys.stdout.write(summary_table([args.step] if args.step else transitions(), lang=lang))
    elif args.step is None:
        parser.error(text['give_step'])
    else:
        colour = sys.stdout.isatty() and 'NO_COLOR' not in os.environ
        for line in step_diff(args.step):
            if colour and line[:1] in COLOURS and not line.startswith(('+++', '---')):
                line = COLOURS[line[0]] + line.rstrip('\n') + RESET + '\n'
            sys.stdout.write(line)


if __name__ == '__main__':
    try:
        main()
    except BrokenPipeError:  # piped into head or less, which stopped reading
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
