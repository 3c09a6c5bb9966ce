"""Check every snapshot, and that the catalog, the READMEs and tox.ini agree.

    python -m common.checks            all checks (tox -e checks; CI runs it)
    python -m common.checks --quick    all but running each copied snapshot

Each problem names the step and what to fix; the exit status is 1 if there is any.
"""
import argparse
import ast
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import catalog, runsteps

# What a snapshot may import besides its own files: graphviz from step 26 on,
# and IPython only when it is there (plot_dot_graph under Jupyter).
THIRD_PARTY = {'numpy', 'pytest', 'graphviz', 'IPython'}
# The files of a snapshot that hold framework code, as opposed to its tests.
FRAMEWORK_FILES = ('core.py', 'utils.py', '__init__.py')


# --- imports -----------------------------------------------------------------

def imported_modules(path):
    tree = ast.parse(path.read_text(encoding='utf-8'))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split('.')[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:  # level > 0: its own files
            yield node.module.split('.')[0]


def import_problems(root):
    problems = []
    for number, folder in dict((s.number, f) for s, f in catalog.present(Path(root) / 'steps')).items():
        own = {path.stem for path in folder.glob('*.py')}
        allowed = set(sys.stdlib_module_names) | THIRD_PARTY | own
        for path in sorted(folder.glob('*.py')):
            outside = sorted(set(imported_modules(path)) - allowed)
            if outside:
                problems.append('step{:02d}: {} imports {}; a snapshot may import only the standard '
                                'library, numpy, graphviz and its own files'.format(
                                    number, path.name, ', '.join(outside)))
    return problems


# --- framework code, compared as code ----------------------------------------

def is_example_block(node):
    """`if __name__ == '__main__':`"""
    return (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name) and node.test.left.id == '__name__')


def without_docstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return tree


def framework_code(folder):
    """{file: {top-level name: code}} of a snapshot's framework files, without comments,
    docstrings, formatting or the example block."""
    code = {}
    for name in FRAMEWORK_FILES:
        path = folder / name
        if not path.is_file():
            continue
        tree = without_docstrings(ast.parse(path.read_text(encoding='utf-8')))
        definitions = {}
        for index, node in enumerate(tree.body):
            if is_example_block(node):
                continue
            key = getattr(node, 'name', None) or '<statement {} of the module>'.format(index + 1)
            definitions[key] = ast.dump(node, annotate_fields=False)
        code[name] = definitions
    return code


def framework_changes(old_folder, new_folder):
    """What differs in framework code, e.g. ['core.py: Variable', 'utils.py (new)']."""
    old, new = framework_code(old_folder), framework_code(new_folder)
    changes = []
    for name in FRAMEWORK_FILES:
        if name not in old and name not in new:
            continue
        if name not in old or name not in new:
            changes.append('{} ({})'.format(name, 'new' if name in new else 'removed'))
            continue
        differing = [key for key in sorted(old[name].keys() | new[name].keys())
                     if old[name].get(key) != new[name].get(key)]
        if differing:
            changes.append('{}: {}'.format(name, ', '.join(differing)))
    return changes


def framework_problems(root):
    folders = dict((s.number, f) for s, f in catalog.present(Path(root) / 'steps'))
    problems = []
    for step in catalog.STEPS:
        if step.number not in folders or step.number - 1 not in folders:
            continue
        changes = framework_changes(folders[step.number - 1], folders[step.number])
        n, kind = step.number, 'theory' if step.kind == 'theory' else 'no-new-code'
        if not step.framework and changes:
            problems.append("step{:02d}: a {} step, but its framework code differs from step{:02d}'s in {}; keep "
                            "it as step {}'s (only comments and the example block may change)".format(
                                n, kind, n - 1, '; '.join(changes), n - 1))
        if step.framework and not changes:
            problems.append("step{:02d}: the book adds framework code at this step, but core.py is step{:02d}'s "
                            "code unchanged; add what the step adds ({})".format(n, n - 1, step.english))
    return problems


# --- the catalog, the README's table, tox.ini and the folders -------------------

def tox_config(root):
    """{section: {key: [lines]}} as tox reads root's tox.ini: env_list, and the per-step commands."""
    listing = subprocess.run([sys.executable, '-m', 'tox', 'config', '-c', str(Path(root) / 'tox.ini'),
                              '--core', '-m', 'per-step', '-k', 'commands', 'env_list'],
                             capture_output=True, text=True, check=True).stdout
    sections, key = {}, None
    for line in listing.splitlines():
        if line.startswith('['):
            section = sections.setdefault(line.strip('[]'), {})
        elif ' = ' in line or line.endswith(' ='):
            key, _, value = line.partition(' =')
            section[key] = [value.strip()] if value.strip() else []
        elif line.startswith('  ') and key:
            section[key].append(line.strip())
    return sections


def agreement_problems(root):
    root = Path(root)
    folders = dict((s.number, f) for s, f in catalog.present(Path(root) / 'steps'))
    problems = []
    for path in sorted((root / 'steps').iterdir()):
        if path.is_dir() and not path.name.startswith('.') and \
                path.name not in {catalog.folder(step) for step in catalog.STEPS}:
            problems.append('steps/{}: not a step of the catalog (step01 ... step30)'.format(path.name))
        elif path.is_dir() and path.name.startswith('step') and path not in folders.values():
            problems.append('steps/{}: has no core.py'.format(path.name))
    for number, folder in folders.items():
        for name in ('test_step{:02d}.py'.format(number), 'README.md'):
            if not (folder / name).is_file():
                problems.append('step{:02d}: {} is missing'.format(number, name))
        step = catalog.STEPS[number - 1]
        notes = folder / 'README.md'
        first_line = notes.read_text(encoding='utf-8').split('\n')[0] if notes.is_file() else None
        if first_line is not None and (step.korean not in first_line or step.english not in first_line):
            problems.append('step{:02d}: README.md should start with the step\'s titles: '
                            '# Step {} — {} / {}'.format(number, number, step.korean, step.english))
    for name in ('README.md', 'README.ko.md'):
        readme = (root / name).read_text(encoding='utf-8')
        if catalog.with_step_table(readme, root / 'steps') != readme:
            problems.append('{}: the step table does not match the catalog and the step '
                            'folders; run python -m common.catalog --write'.format(name))
    expected = [catalog.folder(catalog.STEPS[number - 1]) for number in sorted(folders)]
    config = tox_config(root)
    if config['tox']['env_list'] != ['steps']:
        problems.append('tox.ini: env_list should be steps alone (every step, by common.runsteps: '
                        "a learner's tox runs the steps; tox -e checks runs the tooling's tests)")
    listed = [name.split(':', 1)[1] for name in config if name.startswith('testenv:')]
    if listed != expected:
        problems.append('tox.ini: the per-step label should list {}, in order; it lists {}'.format(
            ' '.join(expected), ' '.join(listed)))
    for step, folder in catalog.present(root / 'steps'):
        commands = config.get('testenv:' + folder.name, {}).get('commands')
        wanted = [' '.join(['python'] + c[1:]) for c in runsteps.commands(step, [])]
        if commands is not None and commands != wanted:
            problems.append('tox.ini [testenv:{}]: commands should be {}, as common.runsteps runs '
                            'them'.format(folder.name, ' and '.join(wanted)))
    return problems


# --- each snapshot copied alone ------------------------------------------------

def run_copy(number, folder, workspace):
    """Copy one snapshot into an empty directory, run its tests and its example there."""
    copy = Path(workspace) / 'step{:02d}'.format(number) / 'mywork'
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns('__pycache__', '.pytest_cache',
                                                                '.benchmarks', '*.png'))
    tests = subprocess.run([sys.executable, '-m', 'pytest', '-q', '-rfE', '--tb=no',
                            '-p', 'no:cacheprovider'], cwd=copy, capture_output=True, text=True)
    if tests.returncode != 0:
        lines = (tests.stdout + tests.stderr).strip().splitlines()
        failed = [line for line in lines if line.startswith(('FAILED', 'ERROR'))][:3]
        return 'step{:02d}: copied alone, its tests fail: {}'.format(number, ' / '.join(failed + lines[-1:]))
    example = subprocess.run([sys.executable, 'core.py'], cwd=copy, capture_output=True, text=True)
    if example.returncode != 0:
        tail = example.stderr.strip().splitlines()[-1:]
        return 'step{:02d}: copied alone, python core.py fails: {}'.format(number, ' / '.join(tail))
    return None


def copy_problems(root, numbers=None):
    folders = dict((s.number, f) for s, f in catalog.present(Path(root) / 'steps'))
    numbers = sorted(folders) if numbers is None else numbers
    with tempfile.TemporaryDirectory() as workspace, \
            concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = pool.map(lambda number: run_copy(number, folders[number], workspace), numbers)
        return [problem for problem in results if problem]


def all_problems(root=catalog.ROOT, copies=True):
    problems = import_problems(root) + framework_problems(root) + agreement_problems(root)
    if copies:
        problems += copy_problems(root)
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m common.checks', description=__doc__.splitlines()[0])
    parser.add_argument('--quick', action='store_true', help='skip running each copied snapshot')
    args = parser.parse_args(argv)
    problems = all_problems(copies=not args.quick)
    for problem in problems:
        print(problem)
    print('{} problem{} in {} snapshots'.format(len(problems), '' if len(problems) == 1 else 's',
                                                 len(catalog.present())))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
