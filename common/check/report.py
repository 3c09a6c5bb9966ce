"""The report's words: every sentence the checker says, in English (the Korean is in
locale/ko/LC_MESSAGES/check.po), and how each record is said in one (Report). How a report is laid
out is render.py's; what it decides, verdict.py's."""
import re

from common import catalog
from common.check import verdict
from common.check.language import language, words
from common.check.records import Cut, Difference, Ended, Leftover, Stale, Stop, TestOutcome, TestStarted

# What the report says, in English; the Korean is in locale/ko/LC_MESSAGES/check.po (see language.py).
TEXT = {
    'title': "Step {step} — {korean} / {english}: your code ({source}) against the book's contract",
    'read_section': '  read: {first} to {last}, up to the end of step {step}\'s section ({heading})',
    'read_empty': '  read: up to {last}, the end of step {step}\'s section ({heading}), which has no code cell',
    'read_whole': '  read: every code cell ({count}); the notebook has no step headings',
    'this_notebook': 'this notebook',
    'line': 'line {}',
    'object': 'a {}',
    'read_kernel': '  read: what this notebook has run, {first} to {last}',
    'read_nothing': "  read: nothing — step {step}'s section ({heading}) and the cells before it have no code",
    'no_code': '{mark} {head}: no code of the book\'s to check yet (its section defines none of the book\'s names)',
    'every_some': "✓ all {good} steps with code do what the book's code does ({empty} sections have no code yet)",
    'read': '  read: {files}',
    'not_read': '  not read: {files} (they define none of the book\'s names)',
    'left_out': ('  left out: {cells}, which ran past the time limit in an earlier check and were followed by '
                 'other cells: run such a cell again to have it checked'),
    'no_book_package': ("{module} is the book's package, the one you write: it is looked for beside your code "
                        "and in the folders your code adds to sys.path (a notebook's relative paths from the "
                        "notebook's folder, as Jupyter has them); dezero on PyPI is the finished one, not yours"),
    'undefined': 'so {names} stayed undefined, and the code and tests that use them failed with it',
    'detached': ('! {name} is defined again in {again}, after {attached} attached {attributes} to the {name} '
                 'before it: the new {name} has none of them. Run {attached} again, after {again}'),
    'file_raised': "{labels} stopped with an error: it does not run to its end, as the book's code does",
    'no_module': ("{module} is neither installed in this Python nor a file of yours beside your code: "
                  "if it is a package from PyPI, which this repository does not install, "
                  "python -m pip install {module}"),
    'past': '  not read: {files} (this repository has the book up to step {last})',
    'twice': '  ! {name} is defined in {files}: the one in {took} is checked (the last read)',
    'unit': '! {where}: {error}{raised} — {then}',
    'raised': ' (raised in {function}, {label}, line {line})',
    'went_on': 'the check went on',
    'skipped_unit': 'skipped: it is not Python',
    'kind_time': 'ran past the {limit:g} s limit: a loop that never ends? It was stopped',
    'kind_memory': 'took more than {memory} of memory: a list or array that keeps growing? It was stopped',
    'kind_exit': 'your code tried to end the program ({error}); here that ends only this cell',
    'kind_exit_file': ('your code ends the program there ({error}), as sys.exit() and unittest.main() do: here '
                       'that ends only this file, and the lines after it did not run'),
    'stale': ('! {name} ({where}) is built on an older {base} ({old}), not on the {base} of {new}: run the cell '
              'of {name} again after changing {base}'),
    'kind_input': 'asked for input ({error}); nobody types here, so it stopped there',
    'kind_recursion': '{error}',
    'leftover': "! your code left {what} ({where}); each test starts from {default!r}, as your code defines it",
    'leftover_recursion': '! your code left {what} ({where}); the tests run with Python\'s default, {default}',
    'taken': '! not your code: {names} came from our snapshot of {folder} (use_step, import core); they are not checked',
    'section': '{mark} {head}: {passed} passed', 'failed': ', {} failed', 'skipped': ', {} skipped',
    'passed': '{passed} passed',
    'ahead': ', {} ahead of the book',
    'changes_at': " (the book's code changes this at step {step})",
    'by_value': ("· {count} judged by value: your grad is a Variable, as the book's is from step {step} on, so "
                 "your code is ahead of this step; read as the array it holds, it is what the book's gives"),
    'ahead_test': "  · the book's code cannot do this yet: {what} — yours already does what the book brings at step {step}",
    'failure': '  ✗ {what} — {values}',
    'failure_many': '✗ {count} in {steps}, one cause: {message} — e.g. {what}',
    'values': "yours: {mine}, the book's: {book}",
    'at_check': '`{check}`: {values}',
    'not_so': '`{check}` is not so',
    'not_raised': 'no {name} was raised',
    'dimensions': '{}-d',
    'yours': 'yours: {message}',
    'sections': '✓ Steps {first}–{last}: {passed} passed',
    'step_head': 'Step {step} — {title}',
    'span_one': 'step {}', 'span_many': 'steps {}', 'range': '{}–{}',
    'test_one': '{count} test', 'test_many': '{count} tests',
    'look': 'Look first at {function} ({label}, line {line}): {why}',
    'look_why': 'it ran in {failed} of the {failing} failing tests and {passed} of the {passing} passing ones',
    'look_raised': 'the error was raised there in {raised} of the {failing} failing tests',
    'earliest': 'The earliest step that fails: {head}',
    'diff': "  {function}: yours (-) against the book's at step {step} (+), comments and blank lines left out:",
    'no_diff': "  {function}: the book's code at step {step} has no function of that name to compare",
    'in_yours': '{why} in your {function} ({label}, line {line})',
    'test_time': 'ran past the {limit:g} s limit (a loop that never ends?)',
    'test_memory': 'took more than {memory} of memory (a list or array that keeps growing?)',
    'test_exit': 'tried to end the program',
    'test_input': 'asked for input',
    'numpy': ("The book's numerical_diff fails on a 0-d input from step 9 on: x.data - eps is a numpy "
              "scalar (np.float64), not an ndarray, and Variable refuses it (the book's own tests use 1-d "
              "inputs). Write Variable(as_array(x.data - eps)) and Variable(as_array(x.data + eps))."),
    'missing': 'Names your code does not have yet (the tests that need them were skipped):',
    'missing_name': '  - {name} (the book brings it at step {step}): {count}',
    'missing_every': '  - {name} (the book brings it at step {step}): every test needs it',
    'not_book': "  skipped {count} of {name}: the book's code has none at step {step} (our snapshot keeps it)",
    'other': '  skipped {count}: {reason}',
    'problem': '✗ the tests could not start: {}',
    'not_run': '✗ stopped after {stop} tests ran past the {limit:g} s limit: {count} not run',
    'not_run_interrupt': '✗ not finished: the tests were stopped by a KeyboardInterrupt or pytest.exit() outside a test — {count} not run',
    'not_run_internal': "✗ not finished: the test run ended early in the checker's own code — {count} not run",
    'summary': '{mark} {passed} passed, {failed} failed, {missing}{cells} — {verdict}',
    'missing_one': '{count} missing name', 'missing_many': '{count} missing names',
    'cells_raised': ', {count} raised', 'cells_stopped': ', {count} stopped at the time limit',
    'cell_one': '{count} cell', 'cell_many': '{count} cells', 'file_one': '{count} file', 'file_many': '{count} files',
    'good': "your code does what the book's code does at step {}",
    'bad': "not yet the book's step {}",
    'cell_unfinished': 'not finished: {labels} ran past the {limit:g} s limit, and the rest of it never ran',
    'unfinished': '✗ not finished: {why}{doing}{place} — nothing after it was checked',
    'why_interrupt': 'you stopped the check (Ctrl-C)',
    'why_time': 'no answer for {limit:g} s',
    'why_died': 'the code under test ended the checker\'s process ({detail})',
    'doing_test': ', during the test “{name}”',
    'doing_unit': ', while running {label}',
    'place': ', in your {function} ({label}, line {line})',
    'every_title': '{source}: {count} step sections, each checked with its own step\'s tests at the end of its section',
    'every_line': '{mark} Step {step} — {title}: {counts}{first}',
    'first': ' — {}',
    'detail': 'Step {step} in detail:',
    'every_good': '✓ all {count} steps do what the book\'s code does',
    'every_bad': '✗ {good} of {count} steps do what the book\'s code does — not yet: step {steps}',
    'example': "✗ the example prints {what} differently — yours: {mine}, the book's: {book}",
    'example_yours': '  yours prints:',
    'example_books': "  the book's (python core.py in steps/step{step:02d}) prints:",
    'cannot': 'cannot check: {}',
    'code_cell': 'code cell {}',
    'encoding': ("{path} cannot be read as Python reads it ({error}). Save it as UTF-8: in VS Code, "
                 "'Save with Encoding' → UTF-8; in Notepad, Save As → Encoding: UTF-8"),
    'no_path': 'no such file or folder: {path}',
    'loop': '{path} is a symbolic link that leads back to itself: remove it, or point it at your file',
    'not_file': ('{path} is a pipe, socket or device, not a file, and reading it could wait forever: only '
                 'regular files are read'),
    'unreadable': '{path} cannot be read: {error}',
    'no_source': ('{path}: its cell {number} has no source (none, or null), so the notebook is damaged there: in '
                  'a text editor, give that cell "source": "" or delete it'),
    'no_folder': 'no such folder: {folder}, so there is nothing to watch for {path}',
    'kind': '{path}: give a .py file, a folder or an .ipynb notebook',
    'nbformat': 'reading a notebook needs nbformat: python -m pip install nbformat',
    'not_notebook': '{path} is not a notebook: {error}',
    'no_section': "{path} has no section headed as step {step}: its step sections are {steps}",
    'no_step_file': 'no file for step {step} in {folder}: its step files are {files}',
    'no_sections': ("{path} has no step sections (headings such as '## Step 7' or '## 7단계', or files "
                    "named step07.py): name the step, python -m common.check 7 {path}"),
    'no_kernel': 'check() with no path checks a Jupyter notebook or the script that calls it; give a path',
    'bad_step': 'the step is a whole number from 1 to {last}, such as 7 or 07; not {value!r}',
    'needs': 'the checker needs {package}: python -m pip install -r requirements.txt',
    'why_start': 'the checker could not start ({detail})',
    'no_step_folder': 'steps/step{step:02d} is missing from this repository ({folder}): a fresh clone has it',
}


OBJECT = re.compile(r'(?<![\w`])a ([A-Z]\w*)\b')  # values.tidy's 'a Square' for <Square object at 0x…>


def translate(text, lang):
    return words(lang)('test', text)


def readable(name):
    """test_add_of_2_and_3_is_5[0-d] -> ('add of 2 and 3 is 5', '0-d')."""
    base, _, params = name.partition('[')
    words = base.rsplit('.', 1)[-1].removeprefix('test_').replace('_', ' ').replace('books ', "book's ")
    return words, params.rstrip(']')


def shorten(code, width=60):
    return code if len(code) <= width else code[:width - 1] + '…'


def bare(line):
    """A finding's sentence without its mark and indent, as a step's line in a whole-notebook report ends."""
    return line.strip().lstrip('✗!- ').strip()


class Report:
    """Each record said in the report's language."""

    def __init__(self, lang, limits, show_diff=False):
        self.lang, self.limits, self.show_diff = language(lang), limits, show_diff
        self.words = words(self.lang)

    def t(self, key, *args, **fields):
        memory = self.limits['memory']
        memory = '{:g} GiB'.format(memory / 2 ** 30) if memory >= 2 ** 30 else '{:g} MiB'.format(memory / 2 ** 20)
        text = self.words(key, TEXT[key]).format(*args, memory=memory, **fields)
        if self.lang != 'en':  # the cells' labels, made when the notebook was read
            cell = self.words('code_cell', TEXT['code_cell'])
            text = re.sub(r'\bcode cell (\d+)', lambda m: cell.format(m[1]), text)
        return text

    def source(self, plan):
        """What the report calls the learner's code: its path, or in Jupyter 'this notebook'."""
        return self.t('this_notebook') if plan.source == 'this notebook' else plan.source

    def where(self, at, first_line=''):
        """code cell 23 (`x = Variable(...)`), line 11 `assert y.creator == C`"""
        label = at.label
        if first_line:
            label += ' (`{}`)'.format(shorten(first_line))
        if at.line:  # 0: no line of the learner's own (a package that failed on import)
            label += ', ' + self.t('line', at.line)
        if at.code and at.code != first_line:
            label += ' `{}`'.format(shorten(at.code))
        return label

    def unit_line(self, problem, unit, undefined=()):
        first_line = next((line.strip() for line in unit.code.splitlines() if line.strip()), '')
        if unit.is_file:
            first_line = ''  # a file is known by its name; a cell by its first line
        raised = ''
        if problem.raised:
            r = problem.raised
            raised = self.t('raised', function=r.function or r.label, label=r.label, line=r.line)
        error, then = problem.error, self.t('went_on')
        if problem.stop is Stop.SYNTAX:
            then = self.t('skipped_unit')
        elif problem.stop.at_a_limit:
            key = 'kind_exit_file' if problem.stop is Stop.EXIT and unit.is_file else 'kind_' + problem.stop.value
            error = self.t(key, limit=self.limits['cell'], error=error)
        elif problem.no_module:  # a package from PyPI that this repository does not install, or a file of theirs not found
            key = 'no_book_package' if problem.no_module == 'dezero' else 'no_module'
            then = self.t(key, module=problem.no_module) + ' — ' + then
        if undefined:
            then = self.t('undefined', names=', '.join(undefined)) + ' — ' + then
        return self.t('unit', where=self.where(problem.at, first_line), error=error, raised=raised, then=then)

    def failure_message(self, test):
        if test.stop and test.stop.at_a_limit:
            why = self.t('test_' + test.stop.value, limit=self.limits['test'])
            if test.places:
                p = test.places[-1]
                return self.t('in_yours', why=why, function=p.function or p.label, label=p.label, line=p.line)
            return why
        if test.not_raised:
            return self.t('not_raised', name=test.not_raised)
        return test.message or self.t('not_so', check=shorten(test.check, 70))

    def values(self, test):
        if test.values:
            return self.t('values', mine=self.objects(test.values.yours), book=self.objects(test.values.books))
        return self.t('yours', message=self.failure_message(test))

    def objects(self, value):
        """'a Square', as the child writes an object it has no value for, in the report's language."""
        return OBJECT.sub(lambda m: self.t('object', m[1]), value)

    def tests(self, count):
        return self.t('test_one' if count == 1 else 'test_many', count=count)

    def sentence(self, test):
        """What the book's code does, as the test's docstring says it, in the report's language."""
        doc = test.doc
        if doc and self.lang != 'en':
            doc = translate(doc, self.lang)
        what, params = readable(test.name)
        if self.lang != 'en' and test.params:  # in English, pytest's own id: [square-1-d]
            params = ', '.join(self.t('dimensions', m[1]) if (m := re.fullmatch(r'(\d+)-d', p)) else p
                               for p in test.params)
        return (doc.rstrip('.') if doc else what) + (' [{}]'.format(params) if params else '')

    def span(self, steps):
        listed = ', '.join(map(str, steps)) if len(steps) < 3 else self.t('range', steps[0], steps[-1])
        return self.t('span_one' if len(steps) == 1 else 'span_many', listed)

    def failure(self, test):
        values = self.values(test)
        if test.check and test.values:
            values = self.t('at_check', check=shorten(test.check, 70), values=values)
        return (self.t('failure', what=self.sentence(test), values=values)
                + (self.t('changes_at', step=test.changes_at) if test.changes_at else ''))

    def look(self, suspect):
        why = (self.t('look_raised', raised=suspect.raised_in, failing=suspect.failing) if suspect.raised_mostly
               else self.t('look_why', failed=suspect.failed_in, failing=suspect.failing, passed=suspect.passed_in,
                           passing=suspect.passing))
        f = suspect.function
        return self.t('look', function=f.function, label=f.label, line=f.line, why=why)

    def step_head(self, step):
        return self.t('step_head', step=step, title=catalog.STEPS[step - 1].title(self.lang))

    def unfinished(self, outcome):
        u = outcome.unfinished
        key = 'why_start' if u.why is Ended.DIED and not u.doing and not outcome.units else 'why_' + u.why.value
        why = self.t(key, limit=self.limits['test'], detail=u.detail)
        doing = ''
        if isinstance(u.doing, TestStarted):
            doing = self.t('doing_test', name=readable(u.doing.name)[0])
        elif u.doing:
            doing = self.t('doing_unit', label=u.doing.label)
        place = ''
        if u.places:
            p = u.places[-1]
            place = self.t('place', function=p.function or p.label, label=p.label, line=p.line)
        return self.t('unfinished', why=why, doing=doing, place=place)

    def counted(self, plan, indices):
        files = all(plan.units[i].is_file for i in indices)
        key = ('file' if files else 'cell') + ('_one' if len(indices) == 1 else '_many')
        return self.t(key, count=len(indices))

    def cells(self, plan, units):
        """The cells (or files) that raised and that were stopped at the time limit, as the verdict counts them."""
        return ((self.t('cells_raised', count=self.counted(plan, units.raised)) if units.raised else '')
                + (self.t('cells_stopped', count=self.counted(plan, units.stopped)) if units.stopped else ''))

    def detached(self, found):
        return self.t('detached', name=found.name, attributes=', '.join(found.attributes), again=found.again,
                      attached=found.attached)

    def leftover(self, note):
        return self.t('leftover_recursion' if note.recursion else 'leftover', what=note.what, where=note.where,
                      default=note.default)

    def stale(self, note):
        unknown = '?'
        return self.t('stale', name=note.name, base=note.base, where=note.where or unknown, old=note.old or unknown,
                      new=note.new or unknown)

    def not_run(self, found):
        key = 'not_run' if found.cut in (None, Cut.TIME) else 'not_run_' + found.cut.value
        return self.t(key, stop=found.timed_out, limit=self.limits['test'], count=self.tests(found.count))

    def missing(self, missing):
        return self.t('missing_every' if missing.every else 'missing_name', name=missing.name, step=missing.step,
                      count=self.tests(missing.count))

    def example(self, found):
        return self.t('example', what=found.what, mine=found.mine.strip(), book=found.book.strip())

    def finding(self, found, plan):
        """A finding's line, as the step's details say it."""
        if isinstance(found, verdict.UnitProblem):
            return self.unit_line(found.problem, plan.units[found.index], found.undefined)
        if isinstance(found, verdict.Detached):
            return self.detached(found)
        if isinstance(found, verdict.Taken):
            return self.t('taken', names=', '.join(found.names), folder=found.folder)
        if isinstance(found, verdict.TestsNotStarted):
            return self.t('problem', found.error)
        if isinstance(found, verdict.NumpyNote):
            return '! ' + self.t('numpy')
        return {Stale: self.stale, Leftover: self.leftover, TestOutcome: self.failure, Difference: self.example,
                verdict.Missing: self.missing, verdict.NotRun: self.not_run}[type(found)](found)
