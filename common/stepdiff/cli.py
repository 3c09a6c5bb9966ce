"""python -m common.stepdiff: the command line (common.words.Parser) and what it
prints on a terminal: at a glance, then each hunk of the code titled with where it goes; the
tests' and notes' diffs with --all. Coloured only on a terminal (not with NO_COLOR), and paged
when longer than the screen."""
import difflib
import errno
import io
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

from common import catalog, words as common_words
from common.stepdiff import files, glance, lessons, pages, render, words


def summary_table(numbers, steps_dir=files.STEPS_DIR, lang='en'):
    text = words.text(lang)
    rows = [text['summary_head']]
    for number in numbers:
        changed, added, removed = files.step_summary(number, steps_dir)
        rows.append(text['summary_row'].format(number, changed, added, removed, words.title(number, lang)))
    return '\n'.join(rows) + '\n'


def padded(text, width):
    """text padded to width columns, a Hangul syllable taking two."""
    columns = sum(2 if unicodedata.east_asian_width(char) in 'WF' else 1 for char in text)
    return text + ' ' * max(0, width - columns)


def paint(text, what, colour):
    return '{}{}{}'.format(render.COLOURS[what], text, render.RESET) if colour else text


def glance_lines(number, lang, colour, steps_dir=files.STEPS_DIR):
    text, out = words.text(lang), []
    step = catalog.STEPS[number - 1]
    out.append(paint(words.step_title(number, lang), 'head', colour) + ' · ' + text['stage'].format(step.stage))
    out += ['', paint(text['glance'], 'head', colour)]
    found = pages.step_glance(number, steps_dir)
    if not found:
        out.append('  ' + text['no_code_change'])
    for name, changes in found:
        out.append('  ' + name)
        out += ['    {} {}'.format(padded(words.glance_status(change, lang), 16), words.glance_name(change, lang))
                for change in changes]
    return out


def hunk_lines(name, old_text, new_text, lang, colour, renumber=None):
    """Each hunk of one file: its title (where it goes), then its lines."""
    out = []
    kinds = {unit.name: unit.kind for text in (old_text, new_text) for unit in glance.units(text)}
    found, _ = render.segments(old_text, new_text, name, renumber, folds=False)
    for _, hunk, rows in found:
        out += ['', paint('@@ ' + words.hunk_title(hunk.pieces, kinds, lang), 'title', colour)]
        out += render.terminal_rows(rows, colour)
    return out


def change_lines(number, lang, colour, everything=False, steps_dir=files.STEPS_DIR):
    """What `stepdiff N` prints: at a glance, the code's hunks, then the tests (in a line, or
    with --all their hunks) and the notes' diffs."""
    text = words.text(lang)
    out, later = glance_lines(number, lang, colour, steps_dir), []
    for old_path, new_path, old_lines, new_lines in files.changed_files(number, steps_dir):
        name, label = files.shared_name(old_path, new_path), ' → '.join(
            files.label(path, steps_dir) for path in (old_path, new_path) if path)
        old_text, new_text = ''.join(old_lines), ''.join(new_lines)
        if name.endswith('.py') and name != files.TEST_FILE:
            out += ['', paint('{}  {}'.format(name, label), 'head', colour)]
            out += hunk_lines(name, old_text, new_text, lang, colour)
        elif name == files.TEST_FILE and everything:
            later += ['', paint('{}  {}'.format(name, label), 'head', colour)]
            later += hunk_lines(name, old_text, new_text, lang, colour, (number - 1, number))
        elif everything:
            later += [''] + [line.rstrip('\n') for line in difflib.unified_diff(
                old_lines, new_lines, files.label(old_path, steps_dir), files.label(new_path, steps_dir))]
    added, fixed, _ = lessons.step_tests(number, steps_dir)
    out += ['', text['terminal_tests'].format(len(added), len(fixed), number)]
    return out + later


def real_terminal():
    """Whether standard output is a terminal's file descriptor (a pager can write there)."""
    try:
        return os.isatty(sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        return False


def show(lines, colour):
    """Print the lines; on a terminal, through a pager (less) when they are more than the screen."""
    output = '\n'.join(lines) + '\n'
    height = shutil.get_terminal_size((80, 24)).lines
    if sys.stdout.isatty() and real_terminal() and len(lines) >= height:
        pager = os.environ.get('PAGER') or 'less'
        env = dict(os.environ, LESS=os.environ.get('LESS', 'FRX'))
        try:
            subprocess.run(pager, shell=True, input=output.encode('utf-8'), env=env, check=False)
            return
        except OSError:
            pass
    sys.stdout.write(output)


def why_not_written(error, out_dir, lang='en'):
    """Why the pages could not be written into out_dir, in a few words."""
    text = words.text(lang)
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        in_the_way = next((path for path in (out_dir, *out_dir.parents) if path.is_file()), error.filename)
        return text['is_file'].format(in_the_way)
    if isinstance(error, PermissionError) or error.errno == errno.EROFS:
        return text['denied']
    return error.strerror or str(error)


def parser_for(lang):
    text = words.text(lang)
    parser = common_words.Parser(lang, prog='python -m common.stepdiff', description=text['description'])
    parser.add_argument('step', type=int, nargs='?', metavar='N', help=text['step'])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument('--summary', action='store_true', help=text['summary'])
    mode.add_argument('--html', metavar='DIR', help=text['html'])
    parser.add_argument('--all', action='store_true', help=text['all'])
    return parser


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    lang = common_words.asked_language(argv)
    text = words.text(lang)
    parser = parser_for(lang)
    args = parser.parse_args(argv)
    if args.step is not None and args.step < 2:
        parser.error(text['first_step'])
    missing = args.step and files.missing_step(args.step)
    if missing:
        sys.exit(text['missing'].format(missing))
    if args.html:
        try:
            indexes = pages.write_html(args.html, only=args.step)
        except OSError as error:
            reason = why_not_written(error, Path(args.html), lang)
            parser.exit(2, text['cannot_write'].format(args.html, reason) + '\n')
        print(text['open'].format(indexes[lang]))
    elif args.summary:
        sys.stdout.write(summary_table([args.step] if args.step else files.transitions(), lang=lang))
    elif args.step is None:
        parser.error(text['give_step'])
    else:
        colour = sys.stdout.isatty() and 'NO_COLOR' not in os.environ
        show(change_lines(args.step, lang, colour, args.all), colour)
