"""Check your own code against a step's tests: a file, a folder (such as the book's dezero) or a
notebook, or in Jupyter and Colab what the notebook has defined so far.

    python -m common.check 7 mywork/step07.py [--lang ko]     from the repository root
    from common.check import check; check(7)                  in a notebook

Runs steps/stepNN/test_stepNN.py against a module `core` (and `utils`) made of your code's
names, leaving out the tests of our departures and of the snapshot's own files. Exit status:
0 all passed, 1 something failed or is missing, 2 the input cannot be used.
"""
import contextlib
import io
import os
import re
import sys
import tempfile
import traceback
import types
from collections import defaultdict
from unittest import mock
from pathlib import Path

from common import catalog

SECTION = re.compile(r'^# Step (\d+) — (.+)$')
NUMPY_SCALAR = re.compile(r"numpy\.float\d+'> is not supported")
QUIET = ['no:cacheprovider', 'no:logging', 'no:warnings', 'no:faulthandler', 'no:doctest']


class Unusable(Exception):
    """The input cannot be checked: no such path, a syntax error, an unknown kind of file."""


# -- your code's names ------------------------------------------------------------------------

def syntax_error(error):
    return Unusable('{}, line {}: SyntaxError: {}'.format(error.filename, error.lineno, error.msg))


def run_source(source, filename, namespace):
    """Run source in namespace; return the error it stops with, or None. SyntaxError is Unusable."""
    try:
        code = compile(source, filename, 'exec')
    except SyntaxError as error:
        raise syntax_error(error)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, namespace)
    except Exception as error:
        line = traceback.extract_tb(error.__traceback__)[-1].lineno
        return 'line {}: {}'.format(line, one_line(error))
    return None


def one_line(error):
    return '{}: {}'.format(type(error).__name__, (str(error).strip().splitlines() or [''])[0]).rstrip(': ')


def notebook_source(cell):
    """A code cell as Python: shell (!) and magic (%) lines left out, as a script has none."""
    lines = [] if cell.source.lstrip().startswith('%%') else cell.source.splitlines()
    return '\n'.join('' if line.lstrip().startswith(('!', '%')) else line for line in lines)


def forget_modules(folder):
    """Drop modules imported from folder, so that a second check sees the code as it is now."""
    folder = str(folder)
    for name, module in list(sys.modules.items()):
        if (getattr(module, '__file__', None) or '').startswith(folder + os.sep):
            del sys.modules[name]


def load(path):
    """Your code's names and the error it stopped with (or None), from a file, folder or notebook."""
    path = Path(path).resolve()
    if not path.exists():
        raise Unusable('no such file or folder: {}'.format(path))
    names, stopped = {}, None
    folder = path if path.is_dir() else path.parent
    forget_modules(folder)
    sys.path.insert(0, str(folder if not (path / '__init__.py').exists() else folder.parent))
    try:
        if path.suffix == '.ipynb':
            try:
                import nbformat
            except ImportError:
                raise Unusable('reading a notebook needs nbformat: pip install nbformat') from None
            try:
                notebook = nbformat.read(str(path), as_version=4)
            except Exception as error:
                raise Unusable('{} is not a notebook: {}'.format(path, one_line(error)))
            namespace = {'__name__': '__main__'}
            cells = [cell for cell in notebook.cells if cell.cell_type == 'code']
            for number, cell in enumerate(cells, 1):
                error = run_source(notebook_source(cell), '{} (code cell {})'.format(path.name, number), namespace)
                if error:
                    stopped = 'code cell {} stopped at {}'.format(number, error)
                    break
            names = namespace
        elif path.suffix == '.py':
            names = {'__name__': '__learner__', '__file__': str(path)}
            stopped = run_source(path.read_text(encoding='utf-8'), str(path), names)
        elif path.is_dir():
            names, stopped = load_folder(path)
        else:
            raise Unusable('{}: give a .py file, a folder or an .ipynb notebook'.format(path))
    finally:
        sys.path.pop(0)
    return names, stopped


def load_folder(folder):
    """The names of every module in folder (a package, or plain modules and packages beside them)."""
    import importlib
    names, stopped = {}, None
    packages = [folder] if (folder / '__init__.py').exists() else sorted(
        p for p in folder.iterdir() if (p / '__init__.py').exists())
    for package in packages:
        try:
            modules = [importlib.import_module(package.name)]
            modules += [importlib.import_module(package.name + '.' + p.stem)
                        for p in sorted(package.glob('*.py')) if p.stem != '__init__']
        except SyntaxError as error:
            raise syntax_error(error)
        except Exception as error:
            return names, 'importing {} stopped at {}'.format(package.name, one_line(error))
        for module in modules:
            names.update(vars(module))
    if folder not in packages:
        for script in sorted(folder.glob('*.py')):
            if not script.name.startswith('test_'):
                namespace = {'__name__': '__learner__', '__file__': str(script)}
                error = run_source(script.read_text(encoding='utf-8'), str(script), namespace)
                names.update(namespace)
                stopped = stopped or (error and '{} stopped at {}'.format(script.name, error))
    return names, stopped


# -- running the tests ------------------------------------------------------------------------

def left_out(item):
    return any(getattr(obj, 'departure', False) or getattr(obj, 'snapshot_only', False)
               for obj in (getattr(item, 'obj', None), getattr(item, 'cls', None)))


class Results:
    """A pytest plugin: leaves out what the checker does not run, keeps every test's outcome."""

    def __init__(self):
        self.tests = []  # (line, name, outcome, message)
        self.problem = None

    def pytest_collection_modifyitems(self, config, items):
        dropped = [item for item in items if left_out(item)]
        items[:] = [item for item in items if not left_out(item)]
        config.hook.pytest_deselected(items=dropped)

    def pytest_collectreport(self, report):
        if report.failed:
            self.problem = 'the tests could not start: ' + crash(report)
        elif report.skipped and report.longrepr:
            self.tests.append((0, '(every test)', 'skipped', report.longrepr[2]))

    def pytest_runtest_logreport(self, report):
        if report.when == 'call' or report.outcome != 'passed':
            message = report.longrepr[2] if report.skipped else crash(report)
            self.tests.append((report.location[1], report.location[2], report.outcome, message))


def crash(report):
    reprcrash = getattr(report.longrepr, 'reprcrash', None)
    text = reprcrash.message if reprcrash else str(report.longrepr)
    return text.strip().splitlines()[0] if text.strip() else 'failed'


def run_tests(step, names):
    """Run step's tests against a module core (and utils) of names; return the Results."""
    import pytest
    test_file = catalog.STEPS_DIR / 'step{:02d}'.format(step) / 'test_step{:02d}.py'.format(step)
    saved = {name: sys.modules.get(name) for name in ('core', 'utils', test_file.stem)}
    for name in ('core', 'utils'):
        module = types.ModuleType(name)
        module.__dict__.update(names)
        sys.modules[name] = module
    sys.modules.pop(test_file.stem, None)
    results, here = Results(), os.getcwd()
    # other pytest plugins cost time and add nothing here
    with tempfile.TemporaryDirectory() as scratch, mock.patch.dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD='1'), \
            contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        os.chdir(scratch)  # what your code writes (graph.png, ...) goes here
        try:
            pytest.main([str(test_file), '--noconftest', '-c', os.devnull, '--rootdir', str(test_file.parent),
                         '--import-mode=importlib', '-q', '-s'] + [arg for plugin in QUIET for arg in ('-p', plugin)],
                        plugins=[results])
        finally:
            os.chdir(here)
    for name, module in saved.items():
        sys.modules.pop(name, None) if module is None else sys.modules.update({name: module})
    return results, sections(test_file)


def sections(test_file):
    """(line, step, title) of each section header of a test file, in order."""
    lines = test_file.read_text(encoding='utf-8').splitlines()
    return [(n, int(m[1]), m[2]) for n, m in enumerate(map(SECTION.match, lines)) if m]


# -- the report -------------------------------------------------------------------------------

TEXT = {
    'en': {
        'title': "Step {} — {} / {}: your code ({}) against the book's contract",
        'stopped': '! your code stopped early: {} (the names defined before it are checked)',
        'section': '{} {}: {} passed', 'failed': ', {} failed', 'skipped': ', {} skipped',
        'failure': "  ✗ the book's code: {}{} — yours: {}",
        'numpy': ("numpy 2: the book's numerical_diff fails on a 0-d input, because x.data - eps "
                  "is a numpy scalar (np.float64), not an ndarray, and Variable refuses it. Write "
                  "Variable(as_array(x.data - eps)) and Variable(as_array(x.data + eps))."),
        'missing': 'Names your code does not have yet (the tests that need them were skipped):',
        'missing_name': '  - {} (the book brings it at step {}): {} tests',
        'not_book': "  skipped {count} tests of {name}: the book's code has none at step {step} (our snapshot keeps it)",
        'other': '  skipped {}: {}',
        'summary': '{} {} passed, {} failed, {} missing names — {}',
        'good': "your code does what the book's code does at step {}",
        'bad': "not yet the book's step {}",
    },
    'ko': {
        'title': '{}단계 — {} / {}: 내 코드({})를 책의 계약으로 확인',
        'stopped': '! 코드가 도중에 멈췄습니다: {} (그 앞에서 정의한 이름만 확인합니다)',
        'section': '{} {}: {}개 통과', 'failed': ', {}개 실패', 'skipped': ', {}개 건너뜀',
        'failure': '  ✗ 책의 코드: {}{} — 내 코드: {}',
        'numpy': ('numpy 2: 책의 numerical_diff는 0차원 입력에서 실패합니다. x.data - eps가 ndarray가 '
                  '아닌 numpy 스칼라(np.float64)가 되고 Variable이 이를 거절하기 때문입니다. '
                  'Variable(as_array(x.data - eps))와 Variable(as_array(x.data + eps))로 고치세요.'),
        'missing': '내 코드에 아직 없는 이름(그 이름이 필요한 테스트는 건너뛰었습니다):',
        'missing_name': '  - {} (책에서는 {}단계에 나옵니다): 테스트 {}개',
        'not_book': '  {name}의 테스트 {count}개 건너뜀: 책의 코드에는 {step}단계에 없습니다(우리 스냅숏에는 있음)',
        'other': '  {}개 건너뜀: {}',
        'summary': '{} {}개 통과, {}개 실패, 없는 이름 {}개 — {}',
        'good': '내 코드가 {}단계에서 책의 코드와 같이 동작합니다',
        'bad': '아직 책의 {}단계와 다릅니다',
    },
}


def numpy_note(names):
    """Whether the book's numerical_diff fails on a 0-d input in this code."""
    numerical_diff, Variable = names.get('numerical_diff'), names.get('Variable')
    if not (callable(numerical_diff) and isinstance(Variable, type) and 'as_array' in names):
        return False
    import numpy as np
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            numerical_diff(lambda x: x, Variable(np.array(1.0)))
    except TypeError as error:
        return bool(NUMPY_SCALAR.search(str(error)))
    except Exception:
        pass
    return False


def readable(name):
    """test_add_of_2_and_3_is_5[0-d] -> ('add of 2 and 3 is 5', '0-d')."""
    base, _, params = name.partition('[')
    words = base.rsplit('.', 1)[-1].removeprefix('test_').replace('_', ' ').replace('books ', "book's ")
    return words, params.rstrip(']')


def report(step, names, stopped, results, headers, source, lang='en'):
    """The report's lines and whether everything passed."""
    text, info = TEXT[lang], catalog.STEPS[step - 1]
    lines = [text['title'].format(step, info.korean, info.english, source)]
    if stopped:
        lines.append(text['stopped'].format(stopped))
    if results.problem:
        lines.append('✗ ' + results.problem)
    by_section = defaultdict(list)
    missing, not_book, other = defaultdict(int), defaultdict(int), defaultdict(int)
    for line, name, outcome, message in results.tests:
        section = next((h for h in reversed(headers) if h[0] < line), None)
        by_section[section].append((name, outcome, message))
        if outcome != 'skipped':
            continue
        message = message.removeprefix('Skipped: ')
        if not message.startswith('needs ') or 'dot' in message:
            other[message] += 1
        for lacking in re.split(r', | and ', message[len('needs '):]) if message.startswith('needs ') else []:
            (missing if step in catalog.book_steps(lacking) else not_book)[lacking] += 1
    passed = failed = 0
    for section in [None] + headers:
        tests = by_section.get(section)
        if not tests:
            continue
        ok = sum(outcome == 'passed' for _, outcome, _ in tests)
        skipped = sum(outcome == 'skipped' for _, outcome, _ in tests)
        bad = [(name, message) for name, outcome, message in tests if outcome == 'failed']
        passed, failed = passed + ok, failed + len(bad)
        mark = '✗' if bad else '✓' if ok else '·'
        lines += ['', text['section'].format(mark, 'Step {} — {}'.format(*section[1:]) if section else '…', ok)
                  + (text['failed'].format(len(bad)) if bad else '')
                  + (text['skipped'].format(skipped) if skipped else '')]
        grouped = defaultdict(list)
        for name, message in bad:
            what, params = readable(name)
            grouped[(what, message)].append(params)
        for (what, message), params in grouped.items():
            where = ' [{}]'.format(', '.join(p for p in params if p)) if any(params) else ''
            lines.append(text['failure'].format(what, where, message))
    if numpy_note(names):
        lines += ['', '! ' + text['numpy']]
    if missing:
        lines += ['', text['missing']]
        for lacking, count in sorted(missing.items(), key=lambda item: catalog.book_steps(item[0])[0]):
            lines.append(text['missing_name'].format(lacking, catalog.book_steps(lacking)[0], count))
    lines += [text['not_book'].format(count=count, name=lacking, step=step) for lacking, count in not_book.items()]
    lines += [text['other'].format(count, reason) for reason, count in other.items()]
    good = failed == 0 and not missing and not results.problem and passed > 0
    lines += ['', text['summary'].format('✓' if good else '✗', passed, failed, len(missing),
                                         text['good' if good else 'bad'].format(step))]
    return lines, good


def default_language():
    locale = os.environ.get('LC_ALL') or os.environ.get('LC_MESSAGES') or os.environ.get('LANG') or ''
    return 'ko' if locale.startswith('ko') else 'en'


def check(step, path=None, lang=None):
    """Check your code for a step; in a notebook, what it has defined so far. True if all passed."""
    if not 1 <= int(step) <= len(catalog.STEPS):
        raise ValueError('step is a number from 1 to {}'.format(len(catalog.STEPS)))
    step, lang = int(step), lang or default_language()
    if path is None:
        names, stopped, source = dict(vars(sys.modules['__main__'])), None, 'this notebook'
    else:
        (names, stopped), source = load(path), str(path)
    results, headers = run_tests(step, names)
    lines, good = report(step, names, stopped, results, headers, source, lang)
    print('\n'.join(lines))
    return good


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    lang = None
    if '--lang' in args[:-1]:
        at = args.index('--lang')
        lang, args = args[at + 1], args[:at] + args[at + 2:]
    if len(args) != 2 or not args[0].isdigit() or lang not in (None, 'en', 'ko'):
        print(__doc__.split('\n\n')[1], file=sys.stderr)
        return 2
    try:
        return 0 if check(int(args[0]), args[1], lang) else 1
    except (Unusable, ValueError) as error:
        print('cannot check: {}'.format(error), file=sys.stderr)
        return 2


if __name__ == '__main__':
    sys.exit(main())
