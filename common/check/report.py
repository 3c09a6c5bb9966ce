"""The report: what the child found, in the learner's language (English or Korean)."""
import re
from collections import defaultdict

from common import catalog
from common.check.language import language, words

SECTION = re.compile(r'^# Step (\d+) — (.+)$')

# What the report says, in English; the Korean is in locale/ko/LC_MESSAGES/check.po (see language.py).
TEXT = {
    'title': "Step {step} — {korean} / {english}: your code ({source}) against the book's contract",
    'read_section': '  read: {first} to {last}, up to the end of step {step}\'s section ({heading})',
    'read_empty': '  read: up to {last}, the end of step {step}\'s section ({heading}), which has no code cell',
    'read_whole': '  read: every code cell ({count}); the notebook has no step headings',
    'read_kernel': '  read: what this notebook has run, {first} to {last}',
    'read_nothing': "  read: nothing — step {step}'s section ({heading}) and the cells before it have no code",
    'no_code': '{mark} {head}: no code of the book\'s to check yet (its section defines none of the book\'s names)',
    'every_some': "✓ all {good} steps with code do what the book's code does ({empty} sections have no code yet)",
    'read': '  read: {files}',
    'not_read': '  not read: {files} (they define none of the book\'s names)',
    'left_out': ('  left out: {cells}, which ran past the time limit in an earlier check and were followed by '
                 'other cells: run such a cell again to have it checked'),
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
    'ahead': ', {} ahead of the book',
    'changes_at': " (the book's code changes this at step {step})",
    'ahead_test': "  · the book's code cannot do this yet: {what} — yours already does what the book brings at step {step}",
    'failure': '  ✗ {what} — {values}',
    'failure_many': '✗ {count} in {steps}, one cause: {message} — e.g. {what}',
    'values': "yours: {mine}, the book's: {book}",
    'yours': 'yours: {message}',
    'sections': '✓ Steps {first}–{last}: {passed} passed',
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
    'example_none': "✗ the example prints {what}; yours prints no such line — the book's: {book}",
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




def needed_names(message):
    """['rdiv', 'Pow'] for a test skipped with 'needs rdiv and Pow'; None for any other reason
    ('needs the graphviz package …', which names a program, not a name of the book's)."""
    if not message.startswith('needs '):
        return None
    names = re.split(r', | and ', message[len('needs '):])
    return names if all(name.isidentifier() for name in names) else None


def test_file(step):
    return catalog.STEPS_DIR / 'step{:02d}'.format(step) / 'test_step{:02d}.py'.format(step)


def sections(step):
    """(line, step, title) of each section header of step's test file (0-based lines, as pytest's)."""
    lines = test_file(step).read_text(encoding='utf-8').splitlines()
    return [(n, int(m[1]), m[2]) for n, m in enumerate(map(SECTION.match, lines)) if m]


def own_lines(step):
    """The 0-based line range of the last section (the step's own tests) of its test file."""
    headers = sections(step)
    return [headers[-1][0], 10 ** 9] if headers else None


def translate(text, lang):
    return words(lang)('test', text)


def readable(name):
    """test_add_of_2_and_3_is_5[0-d] -> ('add of 2 and 3 is 5', '0-d')."""
    base, _, params = name.partition('[')
    words = base.rsplit('.', 1)[-1].removeprefix('test_').replace('_', ' ').replace('books ', "book's ")
    return words, params.rstrip(']')


def shorten(code, width=60):
    return code if len(code) <= width else code[:width - 1] + '…'


class Report:
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

    def where(self, at, first_line=''):
        """code cell 23 (`x = Variable(...)`), line 11 `assert y.creator == C`"""
        label = at['label']
        if first_line:
            label += ' (`{}`)'.format(shorten(first_line))
        line = 'line {}' if self.lang == 'en' else '{}번째 줄'
        if at['line']:  # 0: no line of the learner's own (a package that failed on import)
            label += ', ' + line.format(at['line'])
        if at.get('code') and at['code'] != first_line:
            label += ' `{}`'.format(shorten(at['code']))
        return label

    def unit_line(self, problem, unit):
        first_line = next((line.strip() for line in unit.code.splitlines() if line.strip()), '')
        if unit.namespace != 'notebook':
            first_line = ''  # a file is known by its name; a cell by its first line
        kind = problem['kind']
        raised = ''
        if problem.get('raised'):
            r = problem['raised']
            raised = self.t('raised', function=r['function'] or r['label'], label=r['label'], line=r['line'])
        error = problem['error']
        if kind == 'syntax':
            then = self.t('skipped_unit')
        elif kind in ('time', 'memory', 'exit', 'input'):
            key = 'kind_exit_file' if kind == 'exit' and unit.namespace != 'notebook' else 'kind_' + kind
            error = self.t(key, limit=self.limits['cell'], error=error)
            then = self.t('went_on')
        else:
            then = self.t('went_on')
            missing = re.fullmatch(r"ModuleNotFoundError: No module named '([\w.]+)'", error)
            if missing:  # a package from PyPI that this repository does not install, or a file of theirs not found
                then = self.t('no_module', module=missing[1].split('.')[0]) + ' — ' + then
        return self.t('unit', where=self.where(problem['at'], first_line), error=error, raised=raised, then=then)

    def failure_message(self, test):
        kind, places = test.get('kind'), test.get('places') or []
        if kind in ('time', 'memory', 'exit', 'input'):
            why = self.t('test_' + kind, limit=self.limits['test'])
            if places:
                p = places[-1]
                return self.t('in_yours', why=why, function=p['function'] or p['label'], label=p['label'], line=p['line'])
            return why
        return test['message']

    def read_line(self, plan, check, units_run):
        """What was read: the cells taken as step N, or the files of a folder."""
        section = check.get('section')
        lines = [self.t(key, **fields) for key, fields in plan.notes]
        if plan.source == 'this notebook' and plan.units:
            return [self.t('read_kernel', first=plan.units[0].label, last=plan.units[-1].label)] + lines
        if plan.fresh:
            return lines
        if section and not units_run:
            return lines + [self.t('read_nothing', step=check['step'], heading=section['heading'])]
        if section and section['end'] > section['start']:
            return lines + [self.t('read_section', first=plan.units[units_run[0]].label,
                                   last=plan.units[units_run[-1]].label, step=check['step'],
                                   heading=section['heading'])]
        if section:
            return lines + [self.t('read_empty', last=plan.units[units_run[-1]].label, step=check['step'],
                                   heading=section['heading'])]
        if plan.source.endswith('.ipynb'):
            return lines + [self.t('read_whole', count=len(plan.units))]
        return lines

    def step_body(self, step, event, only_own):
        """The lines of one step's results (leftovers, causes, sections, failures, missing names), the
        counts, and the causes: a class built on an older base, names that are not the learner's."""
        lines, causes = [], []
        for note in event['leftovers']:
            key = 'leftover_recursion' if note['what'].startswith('sys.') else 'leftover'
            lines.append(self.t(key, **note))
        for note in event.get('stale', []):
            unknown = '?'
            causes.append(self.t('stale', name=note['name'], base=note['base'], where=note['where'] or unknown,
                                old=note['old'] or unknown, new=note['new'] or unknown))
        by_folder = defaultdict(list)
        for name, folder in event['taken'].items():
            by_folder[folder].append(name)
        causes += [self.t('taken', names=', '.join(names), folder=folder) for folder, names in by_folder.items()]
        lines += causes
        if event['problem']:
            lines.append(self.t('problem', event['problem']))
        headers = sections(step)
        if only_own:
            headers = headers[-1:]
        by_section = defaultdict(list)
        missing = defaultdict(int)
        for test in event['tests']:
            section = next((h for h in reversed(headers) if h[0] < test['line']), None)
            if test['name'] != '(every test)':  # a module-level skip: Variable or Function is missing
                by_section[section].append(test)
            message = test['message'].removeprefix('Skipped: ')
            if test['outcome'] != 'skipped' or needed_names(message) is None:
                continue
            for lacking in needed_names(message):
                if step in catalog.book_steps(lacking):
                    missing[lacking] += 10 ** 6 if test['name'] == '(every test)' else 1  # every test of the step
        passed = failed = 0
        quiet = []  # passing sections with nothing else to say, shown as one line
        failing = [t for t in event['tests'] if t['outcome'] == 'failed']
        shared = self.shared_causes(failing)
        for message, tests in shared.items():
            steps = sorted({next((h[1] for h in reversed(headers) if h[0] < t['line']), step) for t in tests})
            lines.append(self.t('failure_many', count=self.tests(len(tests)), message=message,
                                what=self.sentence(tests[0]), steps=self.span(steps)))

        def flush():
            if len(quiet) == 1:
                lines.append(self.t('section', mark='✓', head=self.step_head(quiet[0][0]), passed=quiet[0][1]))
            elif quiet:
                lines.append(self.t('sections', first=quiet[0][0], last=quiet[-1][0], passed=sum(n for _, n in quiet)))
            quiet.clear()
        for section in [None] + headers:
            tests = by_section.get(section)
            if not tests:
                continue
            ok = sum(t['outcome'] == 'passed' for t in tests)
            skipped = [t for t in tests if t['outcome'] == 'skipped']
            bad = [t for t in tests if t['outcome'] == 'failed']
            ahead = [t for t in tests if t['outcome'] == 'ahead']
            passed, failed = passed + ok, failed + len(bad)
            if section and ok and not (bad or ahead or skipped):
                quiet.append((section[1], ok))
                continue
            flush()
            head = self.step_head(section[1]) if section else '…'
            lines.append(self.t('section', mark='✗' if bad else '✓' if ok else '·', head=head, passed=ok)
                         + (self.t('failed', len(bad)) if bad else '')
                         + (self.t('skipped', len(skipped)) if skipped else '')
                         + (self.t('ahead', len(ahead)) if ahead else ''))
            lines += self.skip_notes(step, skipped)
            for test in ahead:
                lines.append(self.t('ahead_test', what=self.sentence(test), step=test['ahead']))
            lines += self.failure_lines([t for t in bad if self.failure_message(t) not in shared])
        flush()
        if event.get('not_run'):
            key = 'not_run' if event.get('stopped', 'time') == 'time' else 'not_run_' + event['stopped']
            lines.append(self.t(key, stop=3, limit=self.limits['test'], count=self.tests(event['not_run'])))
        lines += self.example_lines(step, event.get('example'))
        if event.get('numpy_note'):
            lines.append('! ' + self.t('numpy'))
        if missing:
            lines.append(self.t('missing'))
            for lacking, count in sorted(missing.items(), key=lambda item: catalog.book_steps(item[0])[0]):
                key = 'missing_every' if count >= 10 ** 6 else 'missing_name'
                lines.append(self.t(key, name=lacking, step=catalog.book_steps(lacking)[0], count=self.tests(count)))
        return lines, passed, failed, len(missing), causes

    def example_lines(self, step, found):
        """Where the learner's example prints otherwise than the book's (common.check.example): the
        line, then a few lines of both outputs around it."""
        if not found:
            return []
        if found['mine'] is None:
            lines = [self.t('example_none', what=found['what'], book=found['book'])]
        else:
            lines = [self.t('example', what=found['what'], mine=found['mine'].strip(), book=found['book'].strip())]
        lines.append(self.t('example_yours'))
        lines += ['    | ' + line for line in found['mine_lines']]
        lines.append(self.t('example_books', step=step))
        lines += ['    | ' + line for line in found['book_lines']]
        return lines

    def skip_notes(self, step, skipped):
        """Why a section's tests were skipped, under the section: a name the book lacks here, no dot."""
        not_book, other = defaultdict(int), defaultdict(int)
        for test in skipped:
            message = test['message'].removeprefix('Skipped: ')
            lacking = [name for name in needed_names(message) or [] if name in catalog.NAMES
                       and step not in catalog.book_steps(name)]
            if lacking:
                for name in lacking:
                    not_book[name] += 1
            elif needed_names(message) is None:
                other[message] += 1
        return ([self.t('not_book', count=self.tests(count), name=name, step=step) for name, count in not_book.items()]
                + [self.t('other', count=self.tests(count), reason=reason) for reason, count in other.items()])

    def tests(self, count):
        return self.t('test_one' if count == 1 else 'test_many', count=count)

    def sentence(self, test):
        """What the book's code does, as the test's docstring says it, in the report's language."""
        doc = test.get('doc') or ''
        if doc and self.lang != 'en':
            doc = translate(doc, self.lang)
        what, params = readable(test['name'])
        return (doc.rstrip('.') if doc else what) + (' [{}]'.format(params) if params else '')

    def values(self, message):
        if message.startswith('yours: ') and " | the book's: " in message:
            mine, book = message[len('yours: '):].split(" | the book's: ", 1)
            return self.t('values', mine=mine, book=book)
        return self.t('yours', message=message)

    def shared_causes(self, failing):
        """Failures with the same error (one cause): {message: tests}, for two tests or more."""
        by_message = defaultdict(list)
        for test in failing:
            by_message[self.failure_message(test)].append(test)
        return {m: tests for m, tests in by_message.items() if len(tests) > 1 and not m.startswith('yours: ')}

    def span(self, steps):
        if self.lang == 'ko':
            return ', '.join(map(str, steps)) + '단계' if len(steps) < 3 else '{}~{}단계'.format(steps[0], steps[-1])
        return ('step ' if len(steps) == 1 else 'steps ') + (
            ', '.join(map(str, steps)) if len(steps) < 3 else '{}–{}'.format(steps[0], steps[-1]))

    def failure_lines(self, bad):
        return [self.t('failure', what=self.sentence(t), values=self.values(self.failure_message(t)))
                + (self.t('changes_at', step=t['changes_at']) if t.get('changes_at') else '') for t in bad]

    def suspect(self, tests, differs=None):
        """The learner's function most likely at fault: Ochiai's score over which functions ran in the
        failing tests and the passing ones, plus where the failing tests' errors were raised."""
        failing = [t for t in tests if t['outcome'] == 'failed']
        passing = [t for t in tests if t['outcome'] == 'passed']
        if not failing:
            return None
        key = lambda f: (f['function'], f['label'], f['line'])  # noqa: E731
        ef, ep, raised = defaultdict(int), defaultdict(int), defaultdict(int)
        for test in failing:
            for f in {key(f) for f in test.get('ran', [])}:
                ef[f] += 1
            if test.get('kind') == 'error' and test.get('places'):
                place = test['places'][-1]
                raised[next((f for f in ef if f[0] == place['function'] and f[1] == place['label']), None)] += 1
        for test in passing:
            for f in {key(f) for f in test.get('ran', [])}:
                ep[f] += 1
        raised.pop(None, None)
        differs = differs or {}
        changed = {f for f in ef if differs.get('|'.join(map(str, f)), True)}
        if changed:  # a function just as the book's is not where the slip is
            ef = {f: n for f, n in ef.items() if f in changed}
        if not ef:
            return None
        score = {f: ef[f] / (len(failing) * (ef[f] + ep[f])) ** 0.5 + raised[f] / len(failing) for f in ef}
        best = max(score, key=lambda f: (score[f], -ep[f]))
        why = (self.t('look_raised', raised=raised[best], failing=len(failing)) if raised[best] * 2 > len(failing)
               else self.t('look_why', failed=ef[best], failing=len(failing), passed=ep[best], passing=len(passing)))
        return best, self.t('look', function=best[0], label=best[1], line=best[2], why=why)

    def diff_lines(self, plan, step, best):
        """--diff: the suspect function of the learner's beside the book's."""
        from common.check import diff
        function, label, line = best
        unit = next((u for u in plan.units if u.label == label), None)
        if unit is not None:
            code = unit.code
        else:
            from pathlib import Path
            found = [p for folder in plan.paths for p in Path(folder).rglob(label)]
            code = found[0].read_text(encoding='utf-8') if found else None
        lines = diff.side_by_side(code and diff.find(code, line=line), '{} ({})'.format(function, label), step, function)
        if lines is None:
            return [self.t('no_diff', function=function, step=step)]
        return [self.t('diff', function=function, step=step)] + ['    ' + l for l in lines]

    def step_head(self, step):
        info = catalog.STEPS[step - 1]
        if self.lang == 'ko':
            return '{}단계 — {}'.format(step, info.korean)
        return 'Step {} — {}'.format(step, info.english)

    def unfinished(self, outcome):
        u = outcome.unfinished
        key = 'why_start' if u['why'] == 'died' and not u.get('doing') and not outcome.units else 'why_' + u['why']
        why = self.t(key, limit=self.limits['test'], detail=u.get('detail', ''))
        doing = ''
        if u.get('doing'):
            d = u['doing']
            doing = self.t('doing_test', name=readable(d['name'])[0]) if d['e'] == 'test' else self.t('doing_unit', label=d['label'])
        place = ''
        if u.get('places'):
            p = u['places'][-1]
            place = self.t('place', function=p['function'] or p['label'], label=p['label'], line=p['line'])
        return self.t('unfinished', why=why, doing=doing, place=place)

    def cells(self, plan, check, outcome):
        """The cells (or files) of the run that raised and that were stopped at the time limit, as the
        verdict line counts them, and the labels of those of the section checked that were stopped."""
        problems = {i: outcome.units[i] for i in check['run'] if outcome.units.get(i)}
        section = check.get('section')
        own = set(range(section['start'], section['end'])) if section else set(check['run'])
        stopped = [i for i, problem in problems.items() if problem['kind'] == 'time']
        raised = [i for i, problem in problems.items() if problem['kind'] not in ('time', 'syntax')]

        def count(units):
            files = all(plan.units[i].namespace != 'notebook' for i in units)
            key = ('file' if files else 'cell') + ('_one' if len(units) == 1 else '_many')
            return self.t(key, count=len(units))
        text = ((self.t('cells_raised', count=count(raised)) if raised else '')
                + (self.t('cells_stopped', count=count(stopped)) if stopped else ''))
        return text, [plan.units[i].label for i in stopped if i in own]

    def one_step(self, plan, check, outcome):
        """The report of `check N`: its lines and whether everything passed."""
        step = check['step']
        info = catalog.STEPS[step - 1]
        lines = [self.t('title', step=step, korean=info.korean, english=info.english, source=plan.source)]
        lines += self.read_line(plan, check, check['run'])
        lines += [self.unit_line(outcome.units[i], plan.units[i]) for i in check['run'] if outcome.units.get(i)]
        event = next((e for e in outcome.steps if e['step'] == step), None)
        good = False
        if event:
            headers = sections(step)
            failing_steps = sorted({next((h[1] for h in reversed(headers) if h[0] < t['line']), step)
                                    for t in event['tests'] if t['outcome'] == 'failed'})
            lead = self.suspect(event['tests'], event.get('differs'))
            if failing_steps:
                lines.append(self.t('earliest', head=self.step_head(failing_steps[0])))
            if lead:
                lines.append(lead[1])
                if self.show_diff:
                    lines += self.diff_lines(plan, step, lead[0])
            body, passed, failed, missing, _ = self.step_body(step, event, False)
            if self.no_code(plan, check, event):
                body = ['', self.t('no_code', mark='·', head=self.step_head(step))] + body
            lines += body
            good = self.passes(event, passed, failed, missing)
        if outcome.unfinished:
            lines += ['', self.unfinished(outcome)]
            good = False
        if event:
            cells, stopped = self.cells(plan, check, outcome)
            verdict = self.t('good' if good else 'bad', step)
            if stopped:  # a cell of the section that did not finish: what it would have defined was never tested
                good = False
                verdict = self.t('cell_unfinished', labels=', '.join(stopped), limit=self.limits['cell'])
            missing = self.t('missing_one' if missing == 1 else 'missing_many', count=missing)
            lines += ['', self.t('summary', mark='✓' if good else '✗', passed=passed, failed=failed, missing=missing,
                                 cells=cells, verdict=verdict)]
        return lines, good

    @staticmethod
    def no_code(plan, check, event):
        """A section that defines none of the book's names, after cells that define no Variable or Function."""
        from common.check.reading import BOOK_NAMES, defined_names
        section = check.get('section')
        return bool(section and any(t['name'] == '(every test)' for t in event['tests'])
                    and not any(defined_names(plan.units[i].code) & BOOK_NAMES
                                for i in range(section['start'], section['end'])))

    @staticmethod
    def passes(event, passed, failed, missing):
        return (failed == 0 and not missing and not event['problem'] and passed > 0 and not event['taken']
                and not event.get('not_run') and not event.get('example'))

    def every_step(self, plan, checks, outcome):
        """The report of a whole notebook (or a folder of step files): a line a step, then the first failure."""
        lines = [self.t('every_title', source=plan.source, count=len(checks)), '']
        events = {e['step']: e for e in outcome.steps}
        details, bad_steps, empty = None, [], 0
        for check in checks:
            step = check['step']
            event = events.get(step)
            info = catalog.STEPS[step - 1]
            title = info.korean if self.lang == 'ko' else info.english
            if event is None:
                bad_steps.append(step)
                continue
            if self.no_code(plan, check, event):
                empty += 1
                lines.append(self.t('no_code', mark='·', head=self.step_head(step)))
                continue
            body, passed, failed, missing, causes = self.step_body(step, event, True)
            problems = [self.unit_line(outcome.units[i], plan.units[i]) for i in check['run'] if outcome.units.get(i)]
            cells, stopped = self.cells(plan, check, outcome)
            good = self.passes(event, passed, failed, missing) and not stopped
            counts = self.t('section', mark='', head='', passed=passed).split(': ', 1)[-1]
            counts += (self.t('failed', failed) if failed else '') + cells
            first = ''
            if not good:
                bad_steps.append(step)
                findings = [line.strip() for line in body if line.strip().startswith(('✗ ', '! ', '- '))
                            and not re.match(r'✗ (Step )?\d', line.strip())]
                timed = [line for i, line in zip([i for i in check['run'] if outcome.units.get(i)], problems)
                         if outcome.units[i]['kind'] == 'time']
                finding = next(iter(causes + timed + problems + findings), None)
                if finding:
                    first = self.t('first', finding.lstrip('✗!- ').strip())
                if details is None:
                    details = [self.t('detail', step=step)] + problems + body
            lines.append(self.t('every_line', mark='✓' if good else '✗', step=step, title=title, counts=counts,
                                first=first))
        if details:
            lines += [''] + details
        if outcome.unfinished:
            lines += ['', self.unfinished(outcome)]
        good = not bad_steps and not outcome.unfinished
        lines.append('')
        if good and empty:
            lines.append(self.t('every_some', good=len(checks) - empty, empty=empty))
        elif good:
            lines.append(self.t('every_good', count=len(checks)))
        else:
            lines.append(self.t('every_bad', good=len(checks) - len(bad_steps) - empty, count=len(checks) - empty,
                                steps=', '.join(map(str, bad_steps))))
        return lines, good and len(checks) > empty
