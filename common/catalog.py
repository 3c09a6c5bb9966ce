"""The catalog of the book's 30 steps, and the READMEs' step tables made from it.

    python -m common.catalog          print the step table (Markdown)
    python -m common.catalog --write  put it into README.md, and in Korean into README.ko.md,
                                      each between its markers
"""
import sys
from collections import namedtuple
from pathlib import Path

from common.words import words

ROOT = Path(__file__).resolve().parent.parent
STEPS_DIR = ROOT / 'steps'
# Each README's step table, in its language, between its own start and end markers.
READMES = {'en': ROOT / 'README.md', 'ko': ROOT / 'README.ko.md'}
MARKERS = {
    'en': ('<!-- step table: python -m common.catalog -->\n', '<!-- end of step table -->\n'),
    'ko': ('<!-- 단계 표: python -m common.catalog --write -->\n', '<!-- 단계 표 끝 -->\n'),
}
# The table's words, the catalog's messages ('table' context); the English columns are bilingual.
COLUMNS = ('#', '한국어', 'English', '고지 / stage', 'kind', 'snapshot')
TABLE_WORDS = COLUMNS + ('code', 'theory', 'not yet')


class Step(namedtuple('Step', 'number english stage kind framework')):
    def title(self, lang):
        """The step's title in lang: the Korean edition's from the catalog of common/words.py."""
        return words(lang)('step title', self.english)

    @property
    def korean(self):
        return self.title('ko')


# stage: 고지 1 (미분 자동 계산), 2 (자연스러운 코드로), 3 (고차 미분 계산, which goes on past step 30).
# kind: 'theory' steps teach on paper and leave the framework code unchanged.
# framework: whether the book adds framework code at the step (steps 10, 24, 28
# and 29 only add tests or examples).
STEPS = [
    Step(1, 'Variable as a box', 1, 'code', True),
    Step(2, 'Functions that make variables', 1, 'code', True),
    Step(3, 'Chaining functions', 1, 'code', True),
    Step(4, 'Numerical differentiation', 1, 'code', True),
    Step(5, 'Backpropagation theory', 1, 'theory', False),
    Step(6, 'Manual backpropagation', 1, 'code', True),
    Step(7, 'Automating backpropagation', 1, 'code', True),
    Step(8, 'From recursion to a loop', 1, 'code', True),
    Step(9, 'More convenient functions', 1, 'code', True),
    Step(10, 'Testing', 1, 'code', False),
    Step(11, 'Variable-length arguments (forward)', 2, 'code', True),
    Step(12, 'Variable-length arguments (improved)', 2, 'code', True),
    Step(13, 'Variable-length arguments (backward)', 2, 'code', True),
    Step(14, 'Reusing the same variable', 2, 'code', True),
    Step(15, 'Complex graphs (theory)', 2, 'theory', False),
    Step(16, 'Complex graphs (implementation)', 2, 'code', True),
    Step(17, 'Memory and circular references', 2, 'code', True),
    Step(18, 'Memory-saving mode', 2, 'code', True),
    Step(19, 'Making variables easier to use', 2, 'code', True),
    Step(20, 'Operator overloading (1)', 2, 'code', True),
    Step(21, 'Operator overloading (2)', 2, 'code', True),
    Step(22, 'Operator overloading (3)', 2, 'code', True),
    Step(23, 'Organising as a package', 2, 'code', True),
    Step(24, 'Differentiating complex functions', 2, 'code', False),
    Step(25, 'Visualising graphs (1)', 3, 'theory', False),
    Step(26, 'Visualising graphs (2)', 3, 'code', True),
    Step(27, 'Differentiating a Taylor series', 3, 'code', True),
    Step(28, 'Optimising a function', 3, 'code', False),
    Step(29, "Newton's method (second derivative by hand)", 3, 'code', False),
    Step(30, 'Higher-order derivatives (preparation)', 3, 'theory', False),
]


# The steps at which the book's code has each name (STEPS.md), for the learner's checker.
NAMES = {
    'Variable': '1-30', 'Function': '2-30', 'Square': '2-10 13 16-19', 'Exp': '3-9',
    'numerical_diff': '4-5 10', 'as_array': '9-30', 'square': '9-10 13 16-19', 'exp': '9',
    'Add': '11-16 18-30', 'add': '12-16 18-30', 'Config': '18-30', 'using_config': '18-30',
    'no_grad': '18-30', 'Mul': '20-30', 'mul': '20-30', 'as_variable': '21-30',
    **dict.fromkeys(['Neg', 'neg', 'Sub', 'sub', 'rsub', 'Div', 'div', 'rdiv', 'Pow', 'pow'], '22-30'),
    'setup_variable': '23-30', **dict.fromkeys(['get_dot_graph', 'plot_dot_graph', '_dot_var', '_dot_func'], '26-30'),
    'Sin': '27-30', 'sin': '27-30',
}


def book_steps(name):
    """The steps at which the book's code has name, e.g. [2, ..., 10, 13, 16, ..., 19]."""
    steps = []
    for span in NAMES.get(name, '').split():
        first, _, last = span.partition('-')
        steps += range(int(first), int(last or first) + 1)
    return steps


def messages():
    """[(context, english)] of the catalog: the step titles and the table's words."""
    return [('step title', step.english) for step in STEPS] + [('table', english) for english in TABLE_WORDS]


def folder(step):
    """The name of a step's snapshot folder, for its number or its Step: 'step07'."""
    return 'step{:02d}'.format(getattr(step, 'number', step))


def step_dir(number, steps_dir=STEPS_DIR):
    return Path(steps_dir) / folder(number)


def test_file(number, steps_dir=STEPS_DIR):
    """Step N's test file: steps/step07/test_step07.py."""
    return step_dir(number, steps_dir) / 'test_{}.py'.format(folder(number))


def step_number(value):
    """7 for 7, '7', '07', ' 7 ', 'step07' and 7.0 (a whole number, as check(7.0) means it); a
    ValueError for 7.9, True, 'seven', '²' or a number outside 1 to 30."""
    number = None
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        digits = value.strip().removeprefix('step')
        if digits.isascii() and digits.isdigit():  # not '²' or '٣'
            number = int(digits)
    if number is None or not 1 <= number <= len(STEPS):
        raise ValueError("a step is a whole number from 1 to {}, such as 7, '7' or '07'".format(len(STEPS)))
    return number


def present(steps_dir=STEPS_DIR):
    """(step, its folder) for each snapshot in this checkout: the one answer to which steps exist."""
    return [(step, step_dir(step.number, steps_dir)) for step in STEPS
            if (step_dir(step.number, steps_dir) / 'core.py').is_file()]


def step_table(steps_dir=STEPS_DIR, lang='en'):
    """The README's table of all 30 steps (lang 'en' or 'ko'), marking those that exist."""
    say = words(lang)
    row = '| {} | {} | {} | {} | {} | {} |'.format
    lines = [row(*(say('table', column) for column in COLUMNS)), '|---|---|---|---|---|---|']
    folders = {step.number for step, _ in present(steps_dir)}
    for step in STEPS:
        snapshot = ('[`steps/{0}`](steps/{0}/)'.format(folder(step)) if step.number in folders
                    else say('table', 'not yet'))
        lines.append(row(step.number, step.korean, step.english, step.stage, say('table', step.kind), snapshot))
    return '\n'.join(lines) + '\n'


def with_step_table(readme, steps_dir=STEPS_DIR):
    """The README text (README.md or README.ko.md) with the current step table, in the language
    of the markers it has, between them."""
    lang = 'ko' if MARKERS['ko'][0] in readme else 'en'
    start, end = MARKERS[lang]
    head, rest = readme.split(start)
    _, tail = rest.split(end)
    return head + start + step_table(steps_dir, lang) + end + tail


if __name__ == '__main__':
    if sys.argv[1:] == ['--write']:
        for path in READMES.values():
            path.write_text(with_step_table(path.read_text(encoding='utf-8')), encoding='utf-8')
    else:
        print(step_table(), end='')
