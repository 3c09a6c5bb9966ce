"""The step's example: what the snapshot's `python core.py` prints, beside what the learner's code
prints where it runs the example.

When the learner's code "runs the example": the units whose output is compared (a file, a step file
of a folder, the cells of the notebook section checked, or every cell without sections) call print()
with the arguments of one of the example's print() calls (`print(x.grad)`, as the book writes it),
and print at least one line holding as many values as one of the example's lines. Code that prints
nothing, or only its own experiments, is not compared.

How it is compared: only the lines holding values (numbers, True, False, None) count, and of a line
only its values: `variable(64.0)`, `64.0` and `x.grad: 64.0` are alike, numbers within a relative
tolerance of 1e-6. Each of the book's lines must be found among the learner's, in order; lines of the
learner's own in between are allowed. The first of the book's lines not found is the difference,
shown beside the learner's line of as many values in its place.

    python -m common.check.example PATH/core.py ...   (run by book_outputs, in copies of the steps'
                                                       folders: prints their lines as JSON)
"""
import ast
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

from common import catalog
from common.check.records import Difference

# Steps whose example is not compared, and why: the others print numbers the book's code computes.
# Step 10's example starts from a random input but prints whether the gradients agree: True.
SKIP = {
    17: 'its example prints nothing: it makes big variables, to watch the memory',
    25: 'its example prints a DOT text written out in a string: no code of the book computes it',
    26: 'its example prints nothing: it writes goldstein.png',
}
# Lines the book's text prints with the same print() call, for an example the learner may run on
# another of its functions: step 24 prints goldstein's gradient, and the text shows sphere's and matyas'.
ALSO = {24: ['2.0 2.0', '0.040000000000000036 0.040000000000000036']}
RTOL, ATOL = 1e-6, 1e-9
FORMAT = 1  # of the cached records: a new one when what is recorded changes
VALUE = re.compile(r'(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])'
                   r'|(?<![\w.])[-+]?(?:nan|inf)(?![\w.])|\b(?:True|False|None)\b')


def values(line):
    """The values a line holds: 'variable(64.0) True' -> [64.0, 'True']."""
    found = []
    for text in VALUE.findall(line):
        try:
            found.append(float(text))
        except ValueError:
            found.append(text)
    return found


def same(mine, book):
    """Two lines' values alike: as many, each number within the tolerance, the rest equal."""
    if len(mine) != len(book):
        return False
    for a, b in zip(mine, book):
        if isinstance(a, float) and isinstance(b, float):
            if not (math.isclose(a, b, rel_tol=RTOL, abs_tol=ATOL) or (math.isnan(a) and math.isnan(b))):
                return False
        elif a != b:
            return False
    return True


def print_calls(code):
    """The arguments of code's print() calls, as ast.unparse writes them: {'x.grad', 'x0, x1'}. A cell
    Python cannot parse (a magic line) is read line by line."""
    try:
        trees = [ast.parse(code)]
    except SyntaxError:
        trees = []
        for line in code.splitlines():
            try:
                trees.append(ast.parse(line.strip()))
            except SyntaxError:
                pass
    return {', '.join(ast.unparse(a) for a in node.args) for tree in trees for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == 'print'}


def compare(book, printed, cut=False, calls=(), also=()):
    """The first difference between the book's lines ([what, line]) and what the learner's code printed,
    or None: where its code does not run the example (see above), or prints what the book's prints.
    A line of the book's that the learner's code prints nothing in place of (a part of the example it
    left out: the Taylor series of step 27, the loop of step 28) is no difference.
    cut: the learner's output was cut at its limit, so a line not found may be past the cut.
    also: lines that count as any of the book's (ALSO)."""
    also = [values(line) for line in also]
    book = [(n, what, line, values(line)) for n, (what, line) in enumerate(book)]
    book = [b for b in book if b[3]]
    mine = [(n, line, values(line)) for n, line in enumerate(printed.splitlines())]
    mine = [m for m in mine if m[2]]
    shapes = {len(b[3]) for b in book}
    if not book or not {b[1] for b in book} & set(calls) or not any(len(m[2]) in shapes for m in mine):
        return None
    at = 0
    for n, what, line, wanted in book:
        found = next((k for k in range(at, len(mine)) if same(mine[k][2], wanted)
                      or any(same(mine[k][2], a) for a in also)), None)
        if found is not None:
            at = found + 1
            continue
        if cut:
            return None
        instead = next((m for m in mine[at:] if len(m[2]) == len(wanted)), None)
        if instead is None:
            continue
        return Difference(what, line, n, instead[1], instead[0])
    return None


def around(lines, at, before=2, after=1, width=100):
    """A few lines of an output around line at, each cut to width."""
    return [line if len(line) <= width else line[:width - 1] + '…'
            for line in lines[max(0, at - before):at + after + 1]]


# -- the book's output ------------------------------------------------------------------------

def snapshot_files(step):
    folder = catalog.step_dir(step)
    return sorted(p for p in folder.glob('*.py') if not p.name.startswith('test_'))


def cache_key(step):
    """What the book's output depends on: the snapshot's code, Python, numpy and this recorder."""
    import importlib.util
    digest = hashlib.sha256('{} {} {}'.format(FORMAT, sys.version, sys.executable).encode())
    spec = importlib.util.find_spec('numpy')
    if spec and spec.origin:
        digest.update('{} {}'.format(spec.origin, os.stat(spec.origin).st_mtime_ns).encode())
    with open(__file__, 'rb') as recorder:
        digest.update(recorder.read())
    for path in snapshot_files(step):
        digest.update(path.name.encode() + b'\0' + path.read_bytes() + b'\0')
    return '{}-{}.json'.format(catalog.folder(step), digest.hexdigest()[:16])


def book_outputs(steps, timeout=120):
    """{step: [[what, line], ...]}: what each snapshot's `python core.py` prints, each line with the
    print() arguments that printed it; None where the example fails. Kept in the checker's cache,
    keyed on the code; the others are run in one process (numpy is imported once), each in a copy of
    its step's folder (the examples of steps 26 and 27 write files)."""
    from common.check import run
    folder, found, missing = run.cache_dir('examples'), {}, {}
    for step in steps:
        key = cache_key(step)
        try:
            with open(os.path.join(folder, key), encoding='utf-8') as file:
                found[step] = json.load(file)['lines']
        except (TypeError, OSError, ValueError, KeyError):
            missing[step] = key
    if not missing:
        return found
    work = tempfile.mkdtemp(prefix='dezero-check-example-')
    try:
        paths = []
        for step in missing:
            copy = os.path.join(work, catalog.folder(step))
            os.mkdir(copy)
            for path in snapshot_files(step):
                shutil.copy(path, copy)
            paths.append(os.path.join(copy, 'core.py'))
        try:
            done = subprocess.run([sys.executable, '-m', 'common.check.example'] + paths, cwd=work,
                                  env=run.child_env(), stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
            recorded = json.loads(done.stdout.decode('utf-8'))
        except (subprocess.TimeoutExpired, ValueError):
            recorded = {}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for step, key in missing.items():
        lines = found[step] = recorded.get(os.path.join(work, catalog.folder(step), 'core.py'))
        if folder and lines is not None:
            temporary = os.path.join(folder, '{}.{}'.format(key, os.getpid()))
            with open(temporary, 'w', encoding='utf-8') as file:
                json.dump(dict(step=step, lines=lines), file)
            os.replace(temporary, os.path.join(folder, key))
    return found


def compared(checks):
    """The steps whose example the checks may compare: not skipped, with units that may run it."""
    return sorted({c.step for c in checks if c.step not in SKIP and c.example})


def prefetch(checks):
    """Start recording the book's outputs the checks may need while the child runs (the first time, for
    each version of the code, it takes 0.4 s for a step, 2 s for all); judge() waits for it."""
    import threading
    steps = compared(checks)
    if not steps:
        return None
    thread = threading.Thread(target=book_outputs, args=(steps,), daemon=True)
    thread.start()
    return thread


def judge(plan, checks, outcome, fetching=None):
    """Each finished step's difference from its example, into outcome.examples."""
    if fetching is not None:
        fetching.join()
    results = {result.step: result for result in outcome.steps}  # a run that ended early has fewer
    pairs = [(check, results[check.step]) for check in checks if check.step in results
             and check.step not in SKIP and check.example and any(map(values, results[check.step].printed.splitlines()))]
    if not pairs:
        return
    books = book_outputs(sorted({check.step for check, _ in pairs}))
    for check, result in pairs:
        book = books.get(check.step)
        if book:
            calls = set().union(*(print_calls(plan.units[i].code) for i in check.example))
            found = compare(book, result.printed, result.printed_cut, calls, ALSO.get(check.step, ()))
            if found:
                found.mine_lines = around(result.printed.splitlines(), found.mine_at)
                found.book_lines = around([line for _, line in book], found.book_at)
                outcome.examples[check.step] = found


# -- the recorder, in the copy of the step's folder -----------------------------------------------

def record(path):
    """Run path as `python path` runs it, in its folder; return its output's lines, each with the print()
    arguments that printed it (None for output that print() did not write)."""
    import builtins
    import runpy
    path = os.path.abspath(path)
    os.chdir(os.path.dirname(path))
    for name in ('core', 'utils'):  # the last example's
        sys.modules.pop(name, None)
    with open(path, encoding='utf-8') as file:
        tree = ast.parse(file.read())
    calls = {node.lineno: ', '.join(ast.unparse(a) for a in node.args) for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == 'print'}
    label, chunks = [None], []

    class Recorder:
        def write(self, text):
            chunks.append((label[0], text))
            return len(text)

        def flush(self):
            pass

    real_print, real_stdout = builtins.print, sys.stdout

    def labelled_print(*args, **options):
        frame = sys._getframe(1)
        label[0] = calls.get(frame.f_lineno) if frame.f_code.co_filename == path else None
        try:
            real_print(*args, **options)
        finally:
            label[0] = None
    sys.argv, sys.path[0] = [path], os.path.dirname(path)
    builtins.print, sys.stdout = labelled_print, Recorder()
    try:
        runpy.run_path(path, run_name='__main__')
    finally:
        builtins.print, sys.stdout = real_print, real_stdout
    return lines_of(chunks)


def lines_of(chunks):
    """[[what, line]] of what was written, each line with the print() arguments that began it."""
    lines, current, what = [], '', None
    for chunk_label, text in chunks:
        for piece in re.split(r'(?<=\n)', text):
            if not piece:
                continue
            if not current:
                what = chunk_label
            current += piece
            if current.endswith('\n'):
                lines.append([what, current[:-1]])
                current = ''
    if current:
        lines.append([what, current])
    return lines


def main(paths):
    found, out, argv, path0 = {}, sys.stdout, sys.argv, sys.path[0]
    for path in paths:
        try:
            found[path] = record(path)
        except BaseException:  # SystemExit too: that example is not compared
            found[path] = None
        sys.argv, sys.path[0] = argv, path0
    out.write(json.dumps(found))


if __name__ == '__main__':
    main(sys.argv[1:])
