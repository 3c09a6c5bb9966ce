"""A file's change drawn line by line, with Pygments' syntax colour: as HTML (each line a row,
its + or - as text, the changed words marked, the lines beyond the book labelled) and for a
terminal."""
import difflib
import functools
import html
import itertools
import re

from markupsafe import Markup
from pygments.console import ansiformat
from pygments.formatters import HtmlFormatter
from pygments.formatters.terminal import TERMINAL_COLORS
from pygments.lexers import PythonLexer, TextLexer
from pygments.token import STANDARD_TYPES

from common import snapshot
from common.stepdiff import glance

SIGN = {'+': 'add', '-': 'del', ' ': 'ctx'}
WORD = re.compile(r'\w+|\s+|[^\w\s]')


def lexer(name):
    return PythonLexer(stripnl=False, ensurenl=True) if name.endswith('.py') else TextLexer()


@functools.lru_cache(maxsize=8192)
def token_lines(text, name='core.py'):
    """The file's Pygments tokens, line by line."""
    lines = [[]]
    for ttype, value in lexer(name).get_tokens(text):
        for at, part in enumerate(value.split('\n')):
            if at:
                lines.append([])
            if part:
                lines[-1].append((ttype, part))
    return lines[:len(text.splitlines())]


def css_class(ttype):
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    return STANDARD_TYPES[ttype]


def changed_words(old, new):
    """The character ranges that differ between two lines, (old ranges, new ranges), by words;
    nothing when the lines have too little in common to be one line changed."""
    old_words, new_words = WORD.findall(old), WORD.findall(new)
    alike = difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False).ratio()
    if alike < 0.4:
        return (), ()
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    old_at = [0] + [sum(map(len, old_words[:n + 1])) for n in range(len(old_words))]
    new_at = [0] + [sum(map(len, new_words[:n + 1])) for n in range(len(new_words))]
    old_ranges, new_ranges = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != 'equal':
            if i2 > i1:
                old_ranges.append((old_at[i1], old_at[i2]))
            if j2 > j1:
                new_ranges.append((new_at[j1], new_at[j2]))
    return tuple(old_ranges), tuple(new_ranges)


def pieces(tokens, marks=()):
    """One line's tokens cut where a mark begins or ends: (token type, text, marked)."""
    at = 0
    for ttype, value in tokens:
        end = at + len(value)
        cuts = sorted({at, end} | {edge for mark in marks for edge in mark if at < edge < end})
        for start, stop in zip(cuts, cuts[1:]):
            yield ttype, value[start - at:stop - at], any(a <= start and stop <= b for a, b in marks)
        at = end


def line_html(tokens, marks=()):
    """One line's tokens as HTML spans, the marked characters wrapped in <mark>."""
    out = []
    for ttype, text, marked in pieces(tokens, marks):
        css, text = css_class(ttype), html.escape(text, quote=False)
        text = '<span class="{}">{}</span>'.format(css, text) if css else text
        out.append('<mark>{}</mark>'.format(text) if marked else text)
    return ''.join(out)


class Side:
    """One side of a change: the file's lines, their tokens (Pygments colours each top-level
    statement alone, and only those shown) and its departures from the book."""

    def __init__(self, text, name):
        self.lines, self.name = text.splitlines(), name
        self.chunks = glance.chunks(text) if name.endswith('.py') else {}
        # {line: the line of the comment that says it goes beyond the book}
        self.beyond = {n: comment for comment, (first, last) in (snapshot.departures(text) if name.endswith('.py')
                                                                 else {}).items() for n in range(first, last + 1)}

        self.drawn = {}

    def tokens(self, index):
        first, last = self.chunks.get(index + 1, (index + 1, index + 1))
        chunk = '\n'.join(self.lines[first - 1:last]) + '\n'
        return token_lines(chunk, self.name)[index + 1 - first]

    def html(self, index, marks):
        """The line as HTML, drawn once for both languages' pages."""
        if (index, marks) not in self.drawn:
            self.drawn[index, marks] = line_html(self.tokens(index), marks)
        return self.drawn[index, marks]


@functools.lru_cache(maxsize=64)
def side(text, name):
    return Side(text, name)


def rows(old, new, codes):
    """(sign, number, side, index, marks) for each line the opcodes cover: context from the new
    side, deletions from the old one, insertions from the new one."""
    out = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == 'equal':
            out += [(' ', j + 1, new, j, ()) for j in range(j1, j2)]
            continue
        old_marks, new_marks = {}, {}
        if tag == 'replace':
            for i, j in zip(range(i1, i2), range(j1, j2)):
                old_marks[i], new_marks[j] = changed_words(old.lines[i], new.lines[j])
        out += [('-', i + 1, old, i, old_marks.get(i, ())) for i in range(i1, i2)]
        out += [('+', j + 1, new, j, new_marks.get(j, ())) for j in range(j1, j2)]
    return out


def rows_html(line_rows, lang_beyond):
    """The rows as HTML: line number, sign (as text), the code; the lines beyond the book marked,
    labelled on the comment that says so (or, when that comment is not among the rows, on the
    first of its lines that is)."""
    shown = {(id(side), number) for _, number, side, _, _ in line_rows}
    labelled, out = set(), []
    for sign, number, side, index, marks in line_rows:
        comment = side.beyond.get(number)
        css, label = [SIGN[sign]], ''
        if comment is not None:
            css.append('beyond')
            if (id(side), comment) not in labelled and (number == comment or (id(side), comment) not in shown):
                labelled.add((id(side), comment))
                label = '<span class="beyond-label">{}</span>'.format(html.escape(lang_beyond))
        out.append('<div class="ln {}"><span class="no">{}</span><span class="sign">{}</span>'
                   '<code>{}{}</code></div>'.format(' '.join(css), number, sign if sign != ' ' else '',
                                                   side.html(index, marks), label))
    return Markup('\n'.join(out))


@functools.lru_cache(maxsize=32)
def segments(old_text, new_text, name, renumber=None, folds=True):
    """The file from top to bottom as ('hunk', Hunk, rows) and ('fold', first, last, rows):
    every hunk, and (with folds) the unchanged stretches between them."""
    old, new = side(old_text, name), side(new_text, name)
    found, codes = glance.hunks(old_text, new_text, renumber, name.endswith('.py'))
    out, at = [], 0  # at: the next new line (0-based) not yet shown
    for hunk in found:
        first_new = hunk.opcodes[0][3]
        if first_new > at and folds:
            out.append(('fold', at + 1, first_new, rows(old, new, [('equal', 0, 0, at, first_new)])))
        out.append(('hunk', hunk, rows(old, new, hunk.opcodes)))
        at = hunk.opcodes[-1][4]
    if found and at < len(new.lines) and folds:
        out.append(('fold', at + 1, len(new.lines), rows(old, new, [('equal', 0, 0, at, len(new.lines))])))
    return out, codes


def pygments_css():
    """Pygments' colours for the code's spans, under .diff and .whole."""
    return HtmlFormatter(style='default').get_style_defs(['.diff code', '.whole code'])


def whole_html(text, name):
    """A whole file, highlighted, each line with its number (an anchor: #L12)."""
    whole = side(text, name)
    return rows_html([(' ', n + 1, whole, n, ()) for n in range(len(whole.lines))], '')


# --- the terminal ---------------------------------------------------------------------------

COLOURS = {'+': '\033[1;32m', '-': '\033[31m', 'title': '\033[1;36m', 'head': '\033[1m'}
# The changed words inside a changed line: reversed, green or red (as git's diff-highlight).
MARKED = {'+': '\033[7;32m', '-': '\033[7;31m'}
RESET = '\033[0m'


def coloured(ttype, text):
    """text in the colour Pygments' terminal formatter gives its token type."""
    while ttype not in TERMINAL_COLORS:
        ttype = ttype.parent
    name = TERMINAL_COLORS[ttype][0]  # the colours for a light background, as TerminalFormatter's default
    return ansiformat(name, text) if name else text


def terminal_rows(line_rows, colour):
    """The rows as terminal lines: '+ code', '- code', '  code'; with colour, the sign green or
    red, the added and unchanged code in Pygments' colours, the removed code red, and the changed
    words of a changed line reversed."""
    out = []
    for sign, number, side, index, marks in line_rows:
        if not colour:
            out.append('{} {}'.format(sign, side.lines[index]).rstrip())
            continue
        line = [COLOURS['+'] + '+' + RESET + ' ' if sign == '+' else COLOURS['-'] + '- ' if sign == '-' else '  ']
        for marked, run in itertools.groupby(pieces(side.tokens(index), marks), key=lambda piece: piece[2]):
            if marked:  # after the marked words, a removed line goes on red
                line.append(MARKED[sign] + ''.join(text for _, text, _ in run) + RESET + COLOURS['-'] * (sign == '-'))
            else:
                line += [text if sign == '-' else coloured(ttype, text) for ttype, text, _ in run]
        out.append(''.join(line) + (RESET if sign == '-' else ''))
    return out
