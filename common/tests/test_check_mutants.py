"""One-character slips in the book's functions fail the learner's checker: mutants of each
snapshot's core.py, checked with `python -m common.check N mutant.py`, must exit with status 1.

A mutant is core.py with one slip, as a learner makes one typing the book's code, in the
`forward` or `backward` of a class the book's code has at that step (common.catalog.NAMES;
`Variable.backward` too), or in a function of the step's example (sphere, goldstein, my_sin,
rosenbrock, f, gx2 …, in the `if __name__ == '__main__':` block):

    an operator swapped   + to -, - to +, * to +, / to *, ** to *
    a digit changed       its first nonzero digit one up: 2 to 3, 0.26 to 0.36, 9 to 0
    gy dropped            `* gy` or `gy *` left out of a product

The quick run (tox -e checks, `pytest common -m slow`) checks a sample: per step, two mutants
of two functions (seeded, so the same every run; 52 in all), about a minute on two cores. The
full run, every mutant of every step (603, of which 181 in the examples; about 15 minutes on two
cores), is opt-in:

    DEZERO_MUTANTS=all python -m pytest common/tests/test_check_mutants.py -m slow
    python -m common.tests.test_check_mutants [--all] [STEP ...]   the survivors

Our snapshots' own code is left out where it is not the book's: Variable.backward at steps 11
and 12 (DEPARTURES).

The checker runs a .py file as Python runs it, as `__main__`: the example's block runs, and a slip
in one of its functions fails the tests that take the learner's function, or the example's output.
Each mutant is checked in a folder of its own with the step's utils.py beside it, as a learner's
folder has it from step 26 on.
"""
import ast
import io
import os
import random
import re
import subprocess
import sys
import textwrap
import tokenize
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import pytest

from common import catalog

ROOT = catalog.ROOT
MAIN = "if __name__ == '__main__':"
OPERATORS = {'+': '-', '-': '+', '*': '+', '/': '*', '**': '*'}
DROP_GY = re.compile(r'\s*\*\s*gy\b|\bgy\s*\*\s*')
SEED = 30
RAW = re.compile(r"np\.(?:False_|True_)|<generator|DID NOT RAISE|\b\w+ = (?:array|all|any|isinstance)\(|object at 0x"
                 r"|^\s*(?:assert|where|[+]) |Traceback", re.MULTILINE)
# Our snapshot's own code, not the book's: at steps 11 and 12 the book's loop still reads
# f.input, which Function no longer sets, so backward fails there; our loop reads f.inputs[0].
# Its tests are departures, which the checker leaves out.
DEPARTURES = {11: {'Variable.backward'}, 12: {'Variable.backward'}}


@dataclass(frozen=True)
class Mutant:
    step: int
    function: str   # 'Square.backward', 'goldstein'
    line: int       # in core.py
    column: int
    slip: str       # "'*' to '+'", "gy dropped"
    example: bool   # the function is in the example's block
    source: str

    @property
    def id(self):
        words = {"'**'": 'pow', "'*'": 'times', "'+'": 'plus', "'-'": 'minus', "'/'": 'div', ' to ': '-to-', ' ': '-'}
        slip = re.sub('|'.join(map(re.escape, words)), lambda m: words[m.group()], self.slip)
        return 'step{:02d}-{}-L{}.{}-{}'.format(self.step, self.function, self.line, self.column, slip)


def targets(step, tree):
    """(qualname, node, in the example) of the functions whose slips the tests must catch."""
    found = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and step in catalog.book_steps(node.name):
            found += [(node.name + '.' + f.name, f, False) for f in node.body
                      if isinstance(f, ast.FunctionDef) and f.name in ('forward', 'backward')
                      and node.name + '.' + f.name not in DEPARTURES.get(step, ())]
        elif isinstance(node, ast.If) and ast.unparse(node.test) == "__name__ == '__main__'":
            found += [(f.name, f, True) for f in node.body if isinstance(f, ast.FunctionDef)]
    return found


def bumped(number):
    """The number with its first nonzero digit one up (9 to 0): '2' to '3', '0.26' to '0.36'."""
    digits = [i for i, c in enumerate(number) if c.isdigit()]
    at = next((i for i in digits if number[i] != '0'), digits[0])
    return number[:at] + str((int(number[at]) + 1) % 10) + number[at + 1:]


@lru_cache(maxsize=None)
def mutants(step):
    """Every mutant (a tuple) of steps/stepNN/core.py, in the order of the file."""
    path = catalog.STEPS_DIR / 'step{:02d}'.format(step) / 'core.py'
    source = path.read_text(encoding='utf-8')
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    tree = ast.parse(source)
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    found = []
    for name, node, example in targets(step, tree):
        first, last = node.lineno, node.end_lineno
        edits = []
        for token in tokens:
            if not first <= token.start[0] <= last:
                continue
            at = starts[token.start[0] - 1] + token.start[1]
            end = starts[token.end[0] - 1] + token.end[1]
            if token.type == tokenize.OP and token.string in OPERATORS:
                edits.append((at, end, OPERATORS[token.string], '{!r} to {!r}'.format(
                    token.string, OPERATORS[token.string]), token.start))
            elif token.type == tokenize.NUMBER:
                new = bumped(token.string)
                edits.append((at, end, new, '{} to {}'.format(token.string, new), token.start))
        body = source[starts[first - 1]:starts[last]]
        for match in DROP_GY.finditer(body):
            at = starts[first - 1] + match.start()
            line = source.count('\n', 0, at) + 1
            edits.append((at, at + len(match.group()), '', 'gy dropped', (line, at - starts[line - 1])))
        for at, end, new, slip, (line, column) in sorted(edits):
            code = source[:at] + new + source[end:]
            try:  # the function alone, which is quicker than the file
                compile(textwrap.dedent(code[starts[first - 1]:starts[last] + len(new) - (end - at)]), 'mutant', 'exec')
            except SyntaxError:
                continue
            found.append(Mutant(step, name, line, column, slip, example, code))
    return tuple(found)


def sample(step):
    """The quick run's mutants of a step: two, of two functions of the book's classes (not the
    example's), chosen by a seeded generator, so the same every run."""
    rng = random.Random(SEED * 100 + step)
    by_function = {}
    for mutant in mutants(step):
        if not mutant.example:
            by_function.setdefault(mutant.function, []).append(mutant)
    functions = rng.sample(sorted(by_function), min(2, len(by_function)))
    return [rng.choice(by_function[function]) for function in functions]


def chosen():
    every = os.environ.get('DEZERO_MUTANTS') == 'all'
    return [m for step in range(1, 31) for m in (mutants(step) if every else sample(step))]


def check(mutant, folder):
    """The exit status of `python -m common.check N mutant.py`, and its report (utils.py beside it,
    as the example imports it)."""
    folder = folder / mutant.id
    folder.mkdir()
    path = folder / 'mutant.py'
    path.write_text(mutant.source, encoding='utf-8')
    utils = catalog.STEPS_DIR / 'step{:02d}'.format(mutant.step) / 'utils.py'
    if utils.exists():
        (folder / 'utils.py').write_text(utils.read_text(encoding='utf-8'), encoding='utf-8')
    result = subprocess.run([sys.executable, '-m', 'common.check', str(mutant.step), str(path), '--lang', 'en'],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    return result.returncode, result.stdout + result.stderr


def check_all(todo, folder):
    """{mutant: (status, report)}, checked two at a time."""
    with ThreadPoolExecutor(2) as pool:
        return dict(zip(todo, pool.map(lambda m: check(m, folder), todo)))


def test_every_step_has_mutants_of_its_book_functions():
    # the book's classes are found at the steps the catalog gives them, and none elsewhere
    functions = {step: {m.function for m in mutants(step)} for step in range(1, 31)}
    assert 'Square.forward' in functions[2] and 'Exp.backward' in functions[9]
    assert 'Square.backward' in functions[16] and 'Square.backward' not in functions[20]
    assert 'Exp.backward' not in functions[10] and 'Sin.backward' in functions[27]
    assert 'gy dropped' in {m.slip for m in mutants(16) if m.function == 'Square.backward'}
    assert {'sphere', 'matyas', 'goldstein'} <= functions[24] and {'f', 'gx2'} <= functions[29]
    assert all(functions[step] for step in range(2, 31))


@pytest.fixture(scope='module')
def verdicts(tmp_path_factory):
    """Every chosen mutant checked once, two at a time, before the tests look at them."""
    return check_all(chosen(), tmp_path_factory.mktemp('mutants'))


@pytest.mark.slow
@pytest.mark.parametrize('mutant', chosen(), ids=lambda m: m.id)
def test_a_slip_fails_the_check(mutant, verdicts):
    status, report = verdicts[mutant]
    assert status == 1, report
    # each line in the checker's words: no pytest or unittest account of an assert reaches the learner
    assert not RAW.search(report), RAW.search(report)[0]


def main(argv):
    """python -m common.tests.test_check_mutants [--all] [STEP ...]: run the mutants, two at a time,
    and list those that survive."""
    import tempfile
    from pathlib import Path
    every = '--all' in argv
    steps = [int(a) for a in argv if a.isdigit()] or range(1, 31)
    todo = [m for step in steps for m in (mutants(step) if every else sample(step))]
    survivors = []
    with tempfile.TemporaryDirectory() as folder:
        for mutant, (status, report) in check_all(todo, Path(folder)).items():
            if status != 1:
                survivors.append(mutant)
                print('survived: {} (status {}){}'.format(mutant.id, status, ' [example]' if mutant.example else ''))
    counts = {}
    for mutant in todo:
        counts.setdefault(mutant.step, [0, 0])[0] += 1
    for mutant in survivors:
        counts[mutant.step][1] += 1
    for step, (total, alive) in sorted(counts.items()):
        print('step {:2d}: {:4d} mutants, {:3d} survived'.format(step, total, alive))
    print('{} mutants, {} survived ({} in the example)'.format(
        len(todo), len(survivors), sum(m.example for m in survivors)))
    return 1 if survivors else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
