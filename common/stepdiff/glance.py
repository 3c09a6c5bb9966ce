"""What a step changes in a Python file, read from its structure (ast): the classes, functions
and methods it adds, changes, moves or removes, the example, and where each hunk goes."""
import ast
import difflib
import functools
import re
from collections import namedtuple

from common import snapshot

# A part of a file a learner names: a class's own lines (its methods are units of their own),
# a function, a method, the example (`if __name__ == '__main__':`), the imports, other top-level
# code. lines: the 1-based line numbers it covers; start: its first line.
Unit = namedtuple('Unit', 'name kind lines start parent')
# One entry of "at a glance": status is added, removed, changed or moved; plus and minus count
# the non-blank lines added and removed inside it; old and new are its units (or None).
Change = namedtuple('Change', 'name kind status plus minus old new')
# One hunk: its opcodes (difflib's, with a few lines of context), the lines it inserts and
# deletes, and the pieces of its title (see title_pieces).
Hunk = namedtuple('Hunk', 'opcodes inserted deleted pieces')
CONTEXT = 3
DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def is_example(node):
    test = getattr(node, 'test', None)
    return (isinstance(node, ast.If) and isinstance(test, ast.Compare)
            and isinstance(test.left, ast.Name) and test.left.id == '__name__')


def first_line(node):
    """A statement's first line: its first decorator's, if it has any."""
    return min([node.lineno] + [d.lineno for d in getattr(node, 'decorator_list', [])])


def span(node, lines):
    """A definition's lines, from its decorators and the comment lines just above it."""
    first = first_line(node)
    while first > 1 and lines[first - 2].strip().startswith('#'):
        first -= 1
    return set(range(first, node.end_lineno + 1))


@functools.lru_cache(maxsize=256)
def chunks(text):
    """{line: (first, last)}: the lines Pygments colours together, the fewest that colour right:
    the innermost statement a line is part of (a compound statement's header alone, with its
    decorators), so that a page colours only the statements it shows. Other lines (blank lines,
    comments, `else:`) are chunks of their own."""
    tree, found = snapshot.parse(text), {}
    for node in snapshot.every_statement(tree.body) if tree else []:  # a statement before those inside it
        first, body = first_line(node), getattr(node, 'body', None)
        last = max(node.lineno, body[0].lineno - 1) if isinstance(body, list) and body else node.end_lineno
        found.update(dict.fromkeys(range(first, last + 1), (first, last)))
    return found


@functools.lru_cache(maxsize=256)
def units(text):
    """The file's units in the order they start, or () when it is not Python."""
    tree = snapshot.parse(text)
    if tree is None:
        return ()
    lines = text.splitlines()
    found, imports, top = [], set(), set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            whole = span(node, lines)
            methods = [child for child in node.body if isinstance(child, DEFS)]
            for child in methods:
                child_lines = span(child, lines)
                whole -= child_lines
                found.append(Unit('{}.{}'.format(node.name, child.name), 'method', child_lines,
                                  min(child_lines), node.name))
            found.append(Unit(node.name, 'class', whole, min(whole), None))
        elif isinstance(node, DEFS):
            whole = span(node, lines)
            found.append(Unit(node.name, 'function', whole, min(whole), None))
        elif is_example(node):
            whole = span(node, lines)
            found.append(Unit('example', 'example', whole, min(whole), None))
        else:
            target = imports if isinstance(node, (ast.Import, ast.ImportFrom)) else top
            target.update(range(node.lineno, node.end_lineno + 1))
    for name, kind, covered in (('imports', 'imports', imports), ('top', 'top', top)):
        if covered:
            found.append(Unit(name, kind, covered, min(covered), None))
    return tuple(sorted((unit._replace(lines=frozenset(unit.lines)) for unit in found), key=lambda unit: unit.start))


def opcodes(old_lines, new_lines, renumber=None):
    """difflib's opcodes; renumber=(old step, new step) reads the old step's number in the old
    lines as the new step's (a test file's docstrings), so that it counts as unchanged."""
    if renumber is not None:
        pattern = re.compile(r'\b{}\b'.format(renumber[0]))
        old_lines = [pattern.sub(str(renumber[1]), line) for line in old_lines]
    # difflib's junk heuristic (frequent lines) only where it saves seconds: the long test files.
    big = len(old_lines) + len(new_lines) > 1000
    # Blank lines do not anchor a match (a blank line between two changed blocks would tie them
    # to the wrong lines).
    return difflib.SequenceMatcher(lambda line: not line.strip(), old_lines, new_lines, autojunk=big).get_opcodes()


def changed_sets(codes):
    """The new lines inserted and the old lines deleted, 1-based."""
    inserted, deleted = set(), set()
    for tag, i1, i2, j1, j2 in codes:
        if tag != 'equal':
            deleted.update(range(i1 + 1, i2 + 1))
            inserted.update(range(j1 + 1, j2 + 1))
    return inserted, deleted


@functools.lru_cache(maxsize=256)
def filled(text):
    """The numbers of the file's non-blank lines."""
    return frozenset(n for n, line in enumerate(text.splitlines(), 1) if line.strip())


def unit_text(unit, lines):
    return [lines[n - 1].rstrip() for n in sorted(unit.lines) if lines[n - 1].strip()]


def compare(old_text, new_text):
    """The "at a glance" changes: each unit added, removed, changed (+n -m) or moved; the lines
    counted are the file's own inserted and deleted lines, as the hunks count them."""
    inserted, deleted = changed_sets(hunks(old_text, new_text)[1])
    old_units = {unit.name: unit for unit in units(old_text)}
    new_units = {unit.name: unit for unit in units(new_text)}
    old_lines, new_lines = old_text.splitlines(), new_text.splitlines()
    changes = []
    for name, new in new_units.items():
        old = old_units.get(name)
        if old is None:
            if new.parent is None or new.parent in old_units:  # a new class's methods come with it
                changes.append(Change(name, new.kind, 'added', len(new.lines & filled(new_text)), 0, None, new))
            continue
        plus = len(new.lines & inserted & filled(new_text))
        minus = len(old.lines & deleted & filled(old_text))
        if unit_text(old, old_lines) != unit_text(new, new_lines):
            changes.append(Change(name, new.kind, 'changed', plus, minus, old, new))
        elif new.kind in ('function', 'class') and plus and plus == len(new.lines & filled(new_text)):
            changes.append(Change(name, new.kind, 'moved', 0, 0, old, new))
    for name, old in old_units.items():
        if name not in new_units and (old.parent is None or old.parent in new_units):
            changes.append(Change(name, old.kind, 'removed', 0, len(old.lines & filled(old_text)), old, None))
    return changes


@functools.lru_cache(maxsize=256)
def owners(found):
    """{line: the unit it belongs to}, a method before its class."""
    owner = {}
    for unit in sorted(found, key=lambda unit: unit.kind == 'method'):
        owner.update(dict.fromkeys(unit.lines, unit))
    return owner


def neighbour(unit, found):
    """Where a definition goes: ('after', the definition just before it in its class or at the
    top level of the file), else ('before', the one just after it), else None."""
    kinds = ('method',) if unit.parent else ('class', 'function')
    same_level = [other for other in found if other.kind in kinds and other.parent == unit.parent]
    before = [other for other in same_level if other.start < unit.start]
    after = [other for other in same_level if other.start > unit.start]
    if before:
        return ('after', before[-1].name)
    return ('before', after[0].name) if after else None


def whole_units(found, changed, lines):
    """The definitions whose every non-blank line is among changed (a method of a whole class
    comes with its class)."""
    whole = [unit for unit in found if unit.kind in ('class', 'function', 'method', 'example')
             and unit.lines & lines and unit.lines & lines <= changed]
    names = {unit.name for unit in whole}
    return [unit for unit in whole if unit.parent not in names]


def added_pieces(whole, found, other_names, verb_new, verb_moved):
    """(verb, class or None, where, [names]): the definitions added (or moved here) together in
    one place; where is neighbour()'s among the definitions that were there already."""
    names = {unit.name for unit in whole}
    there = [unit for unit in found if unit.name not in names]
    pieces = []
    for unit in whole:
        verb = verb_moved if unit.name in other_names else verb_new
        key = (verb, unit.parent, neighbour(unit, there + [unit]))
        if pieces and pieces[-1][:3] == key:
            pieces[-1][3].append(unit.name)
        else:
            pieces.append(key + ([unit.name],))
    return pieces


def edit_pieces(numbers, found, lines, sign, counts):
    for number in sorted(numbers & lines):
        unit = owners(found).get(number)  # a method before its class; None between units
        key = unit.name if unit else 'top'
        kind = unit.kind if unit else 'top'
        counts.setdefault(key, [kind, 0, 0, number])[sign] += 1


def title_pieces(old_text, new_text, inserted, deleted):
    """What a hunk that inserts these new lines and deletes these old lines does, in pieces:
    ('add', class or None, after or None, [names]), ('move_here', ...), ('remove', class, None,
    [names]), ('move_away', ...), ('edit', name, kind, plus, minus), or ('blank',)."""
    old_found, new_found = units(old_text), units(new_text)
    old_names, new_names = {u.name for u in old_found}, {u.name for u in new_found}
    added = whole_units(new_found, inserted, filled(new_text))
    removed = whole_units(old_found, deleted, filled(old_text))
    pieces = added_pieces(added, new_found, old_names, 'add', 'move_here')
    pieces += [('move_away' if unit.name in new_names else 'remove', unit.parent, None, [unit.name])
               for unit in removed]
    covered_new = set().union(*[unit.lines for unit in added]) if added else set()
    covered_old = set().union(*[unit.lines for unit in removed]) if removed else set()
    counts = {}
    edit_pieces(inserted - covered_new, new_found, filled(new_text), 1, counts)
    edit_pieces(deleted - covered_old, old_found, filled(old_text), 2, counts)
    for name, (kind, plus, minus, _) in sorted(counts.items(), key=lambda item: item[1][3]):
        pieces.append(('edit', name, kind, plus, minus))
    return pieces or [('blank',)]


@functools.lru_cache(maxsize=128)
def hunks(old_text, new_text, renumber=None, python=True):
    """The hunks of old -> new (a few lines of context each), each with its title's pieces (for
    a file that is not Python, none but its line numbers), and all the opcodes."""
    codes = opcodes(old_text.splitlines(), new_text.splitlines(), renumber)
    found = []
    for group in group_opcodes(codes):
        inserted, deleted = changed_sets(group)
        pieces = title_pieces(old_text, new_text, inserted, deleted) if python else [('blank',)]
        found.append(Hunk(group, inserted, deleted, pieces))
    return found, codes


def group_opcodes(codes, n=CONTEXT):
    """difflib's get_grouped_opcodes, on opcodes already made."""
    matcher = difflib.SequenceMatcher(None, [], [])
    matcher.get_opcodes = lambda: list(codes) if codes else [('equal', 0, 1, 0, 1)]
    if not any(tag != 'equal' for tag, *_ in codes):
        return []
    return list(matcher.get_grouped_opcodes(n))
