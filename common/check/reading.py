"""Reading the learner's code: a .py file, a folder, a notebook and its step sections, or what a
Jupyter kernel has run. Nothing here runs the code: it becomes a Plan, which the child process
(common.check.child) runs under limits."""
import dataclasses
import errno
import os
import re
import sys
import tokenize
import warnings
from difflib import SequenceMatcher
from pathlib import Path

from common import catalog
from common.check.records import Check, Section, Unit
from common.check.source import defined_names


class Unusable(Exception):
    """The input cannot be checked; the message says why, as a key of report.TEXT and its fields."""

    def __init__(self, key, **fields):
        super().__init__(key)
        self.key, self.fields = key, fields


@dataclasses.dataclass
class Plan:
    source: str                  # what the report calls the learner's code
    units: list
    sections: list               # the step sections found (a notebook's headings, a folder's stepNN files)
    paths: list                  # folders put on sys.path (the learner's own folder)
    notes: list = dataclasses.field(default_factory=list)  # (key, fields) for the report
    fresh: bool = False          # each section starts from no names (a folder of step files)


BOOK_NAMES = set(catalog.NAMES)


# -- files --------------------------------------------------------------------------------------

def read_text(path):
    """A file's text as Python reads it: a BOM, a coding declaration, CRLF line ends."""
    try:
        with tokenize.open(str(path)) as file:
            return file.read()
    except (SyntaxError, UnicodeDecodeError, LookupError) as error:
        raise Unusable('encoding', path=str(path), error=str(error).splitlines()[0]) from None
    except OSError as error:  # no permission, or gone since the folder was listed
        raise Unusable('unreadable', path=str(path), error=error.strerror or str(error)) from None


def readable_path(path):
    """The path resolved, if it is a folder or a regular file; anything else is refused in a sentence:
    a symbolic link that loops or leads nowhere, and a pipe or device (reading one can wait forever)."""
    try:
        resolved = path.resolve(strict=True)
    except (FileNotFoundError, NotADirectoryError):  # nothing there, or a file where a folder should be
        raise Unusable('no_path', path=str(path)) from None
    except RuntimeError:  # Python 3.11's 'Symlink loop from ...'
        raise Unusable('loop', path=str(path)) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Unusable('loop', path=str(path)) from None
        raise Unusable('unreadable', path=str(path), error=error.strerror or str(error)) from None
    if not (resolved.is_dir() or resolved.is_file()):
        raise Unusable('not_file', path=str(path))
    return resolved


STEP_FILE = re.compile(r'step_?0*(\d{1,2})(?!\d)', re.IGNORECASE)


def file_plan(path):
    return Plan(str(path), [Unit(path.name, str(path), read_text(path), 'file')], [], [str(path.parent)])


def step_of(script):
    """The step a file is named for (step4.py, step07.py, step_08_loop.py), or None."""
    match = STEP_FILE.search(script.stem)
    return int(match[1]) if match else None


def folder_scripts(folder, notes):
    """{step or None: [script]} of a folder's scripts: those named for a step, and the others that define
    or import one of the book's names. Those past step 30 and the others are named in notes."""
    scripts, skipped, past = {}, [], []
    for script in sorted(folder.glob('*.py')):
        if script.name.startswith('test_') or script.name == '__init__.py' or script.is_dir():
            continue
        readable_path(script)  # a loop, a link to nothing or a pipe named step07.py is refused, never waited on
        number = step_of(script)
        if number and number > len(catalog.STEPS):
            past.append(script)
        elif number or defined_names(read_text(script)) & BOOK_NAMES:
            scripts.setdefault(number, []).append(script)
        else:
            skipped.append(script)
    if skipped:
        notes.append(('not_read', {'files': ', '.join(s.name for s in skipped)}))
    if past:
        notes.append(('past', {'files': ', '.join(s.name for s in past), 'last': len(catalog.STEPS)}))
    return scripts


def folder_plan(folder, step):
    """The book's dezero package, or the learner's own modules and step files.

    A package is imported as Python imports it, unless it holds step files (a folder of step files
    with an __init__.py of its own). Files named for a step of the book (step4.py, step07.py,
    step_08_loop.py) are each that step's own; those past step 30 are named and left out. Of the
    other scripts, only those that define or import one of the book's names are read. A
    step file runs as `python step07.py` runs it, as __main__; the other modules run under their
    own names, as an import runs them, so their `if __name__ == '__main__':` blocks do not."""
    if (folder / '__init__.py').exists() and not any(step_of(p) for p in folder.glob('*.py')):
        return Plan(str(folder), [Unit(folder.name, str(folder), package=folder.name)], [], [str(folder.parent)])
    units = [Unit(package.name + '/', str(package), package=package.name)
             for package in sorted(p for p in folder.iterdir() if (p / '__init__.py').exists())]
    notes, sections = [], []
    numbered = folder_scripts(folder, notes)
    # the step files run as `python step07.py` runs them; the other modules as imported, by their name
    base = [Unit(s.name, str(s), read_text(s), s.name, module=s.stem) for s in numbered.pop(None, [])]
    if numbered and step is not None and step not in numbered:
        raise Unusable('no_step_file', step=step, folder=str(folder),
                       files=', '.join(s.name for group in numbered.values() for s in group))
    for number in sorted(n for n in numbered if step is None or n == step):
        start = len(units)
        units += base + [Unit(s.name, str(s), read_text(s), s.name) for s in numbered[number]]
        sections.append(Section(number, ', '.join(s.name for s in numbered[number]), start, len(units)))
    if not numbered:
        units += base
    chosen = [u for u in units if u.code]
    owners = {}
    for unit in chosen:
        for name in defined_names(unit.code) & BOOK_NAMES:
            owners.setdefault(name, []).append(unit.label)
    for name, files in sorted(owners.items()):
        if len(set(files)) > 1 and step is not None:
            notes.append(('twice', {'name': name, 'files': ', '.join(dict.fromkeys(files)), 'took': files[-1]}))
    if chosen:
        notes.insert(0, ('read', {'files': ', '.join(dict.fromkeys(u.label for u in chosen))}))
    return Plan(str(folder), units, sections, [str(folder)], notes, fresh=bool(numbered))


# -- notebooks ----------------------------------------------------------------------------------

HEADING = re.compile(r'^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$')
EXPLICIT = [re.compile(r'(?<![a-z])step\s*[-_.]?\s*0*(\d{1,2})(?!\s*[~\-–]\s*\d)(?!\d)', re.IGNORECASE),
            re.compile(r'(?<!\d)0*(\d{1,2})\s*단계')]


def normal(text):
    """Lower case, letters and digits only (Hangul kept): 'Step3. 함수연결' ~ 'step3함수연결'."""
    return re.sub(r'[\W_]+', '', text.lower())


TITLES = [(step.number, normal(title)) for step in catalog.STEPS for title in (step.korean, step.english)]


def heading_step(text):
    """(step, explicit) that a heading names, or (None, False).

    Explicit: 'Step 7', 'Step7.', 'step07', '7단계'. Otherwise the step's title, in Korean or
    English, after the learner's own numbering ('# 3. 메모리 관리와 순환 참조'), word for word
    or nearly ('Automatically Backpropagation')."""
    text = re.sub(r'[*_`$]', '', text)
    for pattern in EXPLICIT:
        match = pattern.search(text)
        if match and 1 <= int(match[1]) <= len(catalog.STEPS):
            return int(match[1]), True
    words = normal(re.sub(r'^\s*[\d.]+\s*', '', text))
    if not words:
        return None, False
    contained = [(len(title), step) for step, title in TITLES if title in words]
    if contained:
        return max(contained)[1], False
    ratio, step = max((SequenceMatcher(None, words, title).ratio(), step) for step, title in TITLES)
    return (step, False) if ratio >= 0.7 else (None, False)


def titled(text):
    """Whether a heading that names its step also has the step's title ('Step29. 뉴턴 방법으로 푸는 최적화')."""
    step, explicit = heading_step(text)
    if not explicit:
        return False
    text = re.sub(r'[*_`$]', '', text)
    rest = next(p.sub(' ', text, count=1) for p in EXPLICIT if p.search(text))
    return heading_step(rest) == (step, False)


def notebook_plan(path):
    try:
        import nbformat
    except ImportError:
        raise Unusable('nbformat') from None
    try:
        with warnings.catch_warnings():  # nbformat's warnings on a notebook it reads anyway (no cell ids)
            warnings.simplefilter('ignore')
            notebook = nbformat.read(str(path), as_version=4)
        cells = list(notebook.cells)
    except Exception as error:
        raise Unusable('not_notebook', path=str(path), error=str(error).splitlines()[0] if str(error) else '')
    units, counts = [], []  # counts: each code cell's execution count
    marks = []  # (units before the heading, level, step, explicit, whole heading, heading)
    for index, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or cell.get('cell_type') not in ('code', 'markdown'):
            continue  # raw cells, and whatever else a damaged notebook holds, are not code or headings
        source = cell.get('source')
        if isinstance(source, list):  # lines, as the file format keeps them
            source = ''.join(map(str, source))
        if not isinstance(source, str):
            raise Unusable('no_source', path=str(path), number=index)
        if cell['cell_type'] == 'code':
            number = len(units) + 1
            units.append(Unit('code cell {}'.format(number), '<code cell {}>'.format(number), source))
            counts.append(cell.get('execution_count'))
        else:
            for line in source.splitlines():
                match = HEADING.match(line)
                if match:
                    step, explicit = heading_step(match[2])
                    if step:
                        marks.append((len(units), len(match[1]), step, explicit, titled(match[2]), line.strip()))
    as_jupyter_shows(units, counts)
    return Plan(str(path), units, sections_from(marks, len(units)), [str(path.parent)])


def as_jupyter_shows(units, counts):
    """Cells named as Jupyter shows them, In [24], in a notebook saved with most of its cells run; a
    cell never run, or whose number another cell shares (a kernel restarted), keeps 'code cell N'."""
    unique = [n for n in counts if isinstance(n, int) and not isinstance(n, bool) and counts.count(n) == 1]
    if len(unique) * 2 <= len(counts):
        return
    for unit, number in zip(units, counts):
        if number in unique:
            unit.label, unit.filename = 'In [{}]'.format(number), '<In [{}]>'.format(number)


def sections_from(marks, count):
    """Step sections from headings. A section ends only at a heading of the notebook's step level (its
    shallowest 'Step N'/'N단계' heading) or above: a deeper heading is text, whatever step it mentions
    ('### unlike step 7' inside step 9), unless it is a later step's whole heading, number and title,
    one level too deep ('### Step29. 뉴턴 방법으로 푸는 최적화' after '## Step28.'). A title alone counts
    only at the step level or above, and never takes the notebook back a step."""
    explicit_levels = [level for _, level, _, explicit, _, _ in marks if explicit]
    top = min(explicit_levels) if explicit_levels else 6
    kept, current = [], 0
    for at, level, step, explicit, whole, heading in marks:
        if level > top and not (explicit and whole and step > current):
            continue
        if not explicit and step < current:
            continue
        if step != current or not kept:
            kept.append((at, step, heading))
        current = step
    sections = []
    for i, (at, step, heading) in enumerate(kept):
        end = kept[i + 1][0] if i + 1 < len(kept) else count
        sections.append(Section(step, heading, at, end))
    return sections


# -- what a Jupyter kernel has run --------------------------------------------------------------

def kernel_plan(shell, hung=()):
    """The cells the kernel has run, in the order it ran them. Those that call check() run too: in
    the child, check() does nothing, and the rest of such a cell is the learner's code. A cell that
    ran past its limit in an earlier check (numbers in `hung`) is left out once a cell other than a
    check() has run after it: the learner has moved on, and replaying it would cost its limit again."""
    history = [(number, source) for number, source in enumerate(shell.history_manager.input_hist_raw) if source.strip()]
    moved_on = {number for number, _ in history
                if any(later > number and not CHECK_CALL.fullmatch(source.strip()) for later, source in history)}
    left_out = sorted(set(hung) & moved_on)
    units = [Unit('In [{}]'.format(number), '<In [{}]>'.format(number), source)
             for number, source in history if number not in left_out]
    notes = [('left_out', {'cells': ', '.join('In [{}]'.format(n) for n in left_out)})] if left_out else []
    return Plan('this notebook', units, [], [str(Path.cwd())], notes)


CHECK_CALL = re.compile(r'(from common\.check import check\s*[;\n]\s*)?check\(.*\)', re.S)


def script_plan():
    """Outside Jupyter, check() called from a script checks that script's file."""
    main = sys.modules.get('__main__')
    path = getattr(main, '__file__', None)
    if not path:
        raise Unusable('no_kernel')
    return file_plan(Path(path).resolve())


def plan_for(path, step):
    path = readable_path(Path(os.path.abspath(Path(path).expanduser())))
    if path.suffix == '.ipynb':
        return notebook_plan(path)
    if path.is_dir():
        return folder_plan(path, step)
    if path.suffix == '.py':
        return file_plan(path)
    raise Unusable('kind', path=str(path))


def example_units(plan, indices):
    """Of the units indices, those that may run the step's example, whose output is compared with it:
    the cells and scripts, which run as __main__; not a package, nor a folder's other modules."""
    return [i for i in indices if not plan.units[i].package and plan.units[i].module == '__main__']


def cut(plan, step):
    """The plan for one step: a notebook's units up to the end of step N's section. The output
    compared with the step's example is that of the section's units (of every unit, without sections)."""
    if not plan.sections:
        every = list(range(len(plan.units)))
        return [Check(step, every, example=example_units(plan, every))]
    wanted = [s for s in plan.sections if s.step == step]
    if not wanted:
        raise Unusable('no_section', step=step, path=plan.source,
                       steps=', '.join(str(n) for n in sorted({s.step for s in plan.sections})))
    section = wanted[-1]
    first = section.start if plan.fresh else 0
    return [Check(step, list(range(first, section.end)), section, plan.fresh,
                  example_units(plan, range(section.start, section.end)))]


def every_step(plan, from_lines=None):
    """One check per step section, each at the end of its section, each with its step's own tests
    (from the line from_lines(step) of its test file on)."""
    last = {s.step: s for s in plan.sections}
    ordered = sorted(last.values(), key=lambda s: (s.end, s.step))
    checks, done = [], 0
    for section in ordered:
        first = section.start if plan.fresh else done
        checks.append(Check(section.step, list(range(first, section.end)), section, plan.fresh,
                            example_units(plan, range(section.start, section.end)),
                            from_lines(section.step) if from_lines else None))
        done = max(done, section.end)
    return checks
