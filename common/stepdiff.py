"""Show what step N changes: every file of steps/step(N-1) against steps/stepN.

    python -m common.stepdiff 7             the change step 7 makes (step06 -> step07)
    python -m common.stepdiff --summary     files and lines changed by every step
    python -m common.stepdiff --summary 7   the same for step 7 alone
    python -m common.stepdiff --html DIR    a side-by-side page per step, and DIR/index.html

test_step06.py is paired with test_step07.py, so the tests show as a change. Coloured on a
terminal, plain when piped or with NO_COLOR. Also tox -e diff -- 7.
"""
import argparse
import difflib
import html
import os
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


def changed_files(number, steps_dir=STEPS_DIR):
    """(old path or None, new path or None, old lines, new lines) for each file step N changes."""
    old_dir = steps_dir / 'step{:02d}'.format(number - 1)
    new_dir = steps_dir / 'step{:02d}'.format(number)
    for folder in (old_dir, new_dir):
        if not folder.is_dir():
            raise SystemExit('stepdiff: {} does not exist'.format(folder.relative_to(steps_dir.parent)))
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


def summary_table(numbers, steps_dir=STEPS_DIR):
    rows = ['step  files  added  removed  title']
    for number in numbers:
        files, added, removed = step_summary(number, steps_dir)
        step = catalog.STEPS[number - 1]
        rows.append('{:>4}  {:>5}  {:>5}  {:>7}  {} / {}'.format(
            number, files, added, removed, step.korean, step.english))
    return '\n'.join(rows) + '\n'


PAGE = '''<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", "Nanum Gothic",
        sans-serif; margin: 1em 2em; }}
nav a {{ margin-right: 1em; }}
h2 {{ font-size: 1em; font-family: monospace; margin-top: 2em; }}
table.diff {{ font-family: "D2Coding", "Noto Sans Mono CJK KR", "Nanum Gothic Coding", monospace;
              font-size: 12px; border-collapse: collapse; width: 100%; }}
table.diff td {{ padding: 0 4px; vertical-align: top; white-space: pre-wrap; }}
td.diff_header {{ text-align: right; color: #888; }}
.diff_next {{ background-color: #eee; }}
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


def step_title(number):
    step = catalog.STEPS[number - 1]
    return 'Step {} — {} / {}'.format(number, step.korean, step.english)


def html_page(number, numbers, steps_dir=STEPS_DIR):
    """A page with a side-by-side table for every file step N changes."""
    links = ['<a href="index.html">all steps</a>']
    if number - 1 in numbers:
        links.append('<a href="step{:02d}.html">&larr; step {}</a>'.format(number - 1, number - 1))
    if number + 1 in numbers:
        links.append('<a href="step{:02d}.html">step {} &rarr;</a>'.format(number + 1, number + 1))
    body = ['<nav>{}</nav>'.format(' '.join(links)),
            '<h1>{}</h1>'.format(html.escape(step_title(number))),
            '<p>What step {} changes: steps/step{:02d} on the left, steps/step{:02d} on the right.'
            ' <span class="diff_sub">removed</span> <span class="diff_chg">changed</span>'
            ' <span class="diff_add">added</span></p>'.format(number, number - 1, number)]
    differ = difflib.HtmlDiff(wrapcolumn=80)
    for old_path, new_path, old_lines, new_lines in changed_files(number, steps_dir):
        old_label, new_label = label(old_path, steps_dir), label(new_path, steps_dir)
        body.append('<h2>{} &rarr; {}</h2>'.format(html.escape(old_label), html.escape(new_label)))
        body.append(differ.make_table(old_lines, new_lines, old_label, new_label,
                                      context=True, numlines=3))
    return PAGE.format(title=html.escape(step_title(number)), body='\n'.join(body))


def index_page(numbers, steps_dir=STEPS_DIR):
    rows = ['<tr><th>step</th><th>한국어 / English</th><th>files</th><th>added</th><th>removed</th></tr>']
    for number in numbers:
        files, added, removed = step_summary(number, steps_dir)
        step = catalog.STEPS[number - 1]
        rows.append('<tr><td><a href="step{:02d}.html">{}</a></td><td>{} / {}</td>'
                    '<td>{}</td><td>{}</td><td>{}</td></tr>'.format(
                        number, number, html.escape(step.korean), html.escape(step.english),
                        files, added, removed))
    body = ('<h1>What each step changes</h1>\n<p>Each page shows a step\'s snapshot against the '
            'one before, side by side.</p>\n<table class="index">\n{}\n</table>').format('\n'.join(rows))
    return PAGE.format(title='What each step changes', body=body)


def write_html(out_dir, steps_dir=STEPS_DIR):
    """Write a page per step and index.html into out_dir; return the index's path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    numbers = transitions(steps_dir)
    for number in numbers:
        (out_dir / 'step{:02d}.html'.format(number)).write_text(
            html_page(number, numbers, steps_dir), encoding='utf-8')
    index = out_dir / 'index.html'
    index.write_text(index_page(numbers, steps_dir), encoding='utf-8')
    return index


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m common.stepdiff', description=__doc__.splitlines()[0])
    parser.add_argument('step', type=int, nargs='?', help='the step whose change to show (2 to 30)')
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument('--summary', action='store_true', help='files and lines changed, per step')
    mode.add_argument('--html', metavar='DIR', help='write side-by-side pages and an index into DIR')
    args = parser.parse_args(argv)
    if args.step is not None and args.step < 2:
        parser.error('step 1 is the first snapshot; give a step from 2 on')
    if args.html:
        print('open {}'.format(write_html(args.html)))
    elif args.summary:
        sys.stdout.write(summary_table([args.step] if args.step else transitions()))
    elif args.step is None:
        parser.error('give a step, --summary or --html DIR')
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
