"""--diff: the learner's suspect function beside the book's at the step (our snapshot's, without
what goes beyond the book), with comments and blank lines left out of the comparison. Shown only
when asked."""
import difflib
import io
import tokenize

from common import catalog, snapshot

# A statement of our snapshot's that stands where the book has another (step 11's f.inputs for
# the book's f.input) is shown with this mark when it differs from yours.
BEYOND = '  # beyond the book'


def code_lines(source):
    """[(line number, line)] of source without comments, trailing spaces or blank lines, dedented
    to its first line."""
    comments = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                comments.add((token.start[0], token.start[1]))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    lines = []
    for number, line in enumerate(source.splitlines(), 1):
        cut = min((col for row, col in comments if row == number), default=len(line))
        line = line[:cut].rstrip()
        if line.strip():
            lines.append((number, line))
    indent = len(lines[0][1]) - len(lines[0][1].lstrip()) if lines else 0
    return [(number, line[indent:]) for number, line in lines]


def find(source, qualname=None, line=None):
    """The source of the function named qualname (Class.method), or of the one starting at line."""
    lines = source.splitlines()
    for name, node in snapshot.functions(snapshot.parse(source)).items():
        first, last = snapshot.span(node)
        if name == qualname or (line is not None and line in (node.lineno, first)):
            return '\n'.join(lines[first - 1:last])
    return None


def book_function(step, qualname):
    """(the lines of our snapshot's function as the book has it, the guards it adds to the book's
    as runs of lines, the lines it writes in place of the book's, where) or None."""
    found = snapshot.book_functions(step).get(qualname)
    if found is None:
        return None
    path, source, node = found
    first, last = snapshot.span(node)
    lines = source.splitlines()
    guards, marked = {}, set()
    for start, end in snapshot.departures(source).values():
        if first < start <= last:  # inside the function, not a whole function the book leaves out
            if lines[start - 1].lstrip().startswith('#'):  # the comment, then the statement in its place
                marked.update(range(start - first + 1, end - first + 2))
            else:  # a block that opens on the line before its comment: a guard
                guards.update(dict.fromkeys(range(start - first + 1, end - first + 2), start))
    code = code_lines('\n'.join(lines[first - 1:last]))
    runs = {}
    for number, line in code:
        if number in guards:
            runs.setdefault(guards[number], []).append(line)
    book = [line for number, line in code if number not in guards]
    return book, list(runs.values()), {line for number, line in code if number in marked}, \
        path.relative_to(catalog.ROOT).as_posix()


def without(lines, runs):
    """lines without each run that is in them, once."""
    for run in runs:
        at = next((i for i in range(len(lines) - len(run) + 1) if lines[i:i + len(run)] == run), None)
        if at is not None:
            lines = lines[:at] + lines[at + len(run):]
    return lines


def side_by_side(mine, yours_label, step, qualname):
    """Unified diff lines of the learner's function against the book's, or None without the book's.
    Our snapshot's guards are left out of both; its statements in place of the book's are marked."""
    found = book_function(step, qualname)
    if found is None or mine is None:
        return None
    book, guards, marked, where = found
    yours = without([line for _, line in code_lines(mine)], guards)
    return [line + BEYOND if line.startswith('+') and line[1:] in marked and not line.startswith('+++') else line
            for line in difflib.unified_diff(yours, book, fromfile=yours_label, tofile=where, lineterm='', n=2)]
