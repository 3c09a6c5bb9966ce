"""The catalog of the book's 30 steps, and the READMEs' step tables made from it.

    python -m common.catalog          print the step table (Markdown)
    python -m common.catalog --write  put it into README.md, and in Korean into README.ko.md,
                                      each between its markers
"""
import sys
from collections import namedtuple
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS_DIR = ROOT / 'steps'
# Each README's step table, in its language, between its own start and end markers.
READMES = {'en': ROOT / 'README.md', 'ko': ROOT / 'README.ko.md'}
MARKERS = {
    'en': ('<!-- step table: python -m common.catalog -->\n', '<!-- end of step table -->\n'),
    'ko': ('<!-- 단계 표: python -m common.catalog --write -->\n', '<!-- 단계 표 끝 -->\n'),
}
HEADINGS = {'en': '| # | 한국어 | English | 고지 / stage | kind | snapshot |',
            'ko': '| 단계 | 제목 | 영어 제목 | 고지 | 종류 | 스냅숏 |'}
KINDS = {'en': {'code': 'code', 'theory': 'theory'}, 'ko': {'code': '코드', 'theory': '이론'}}
NOT_YET = {'en': 'not yet', 'ko': '아직 없음'}

Step = namedtuple('Step', 'number korean english stage kind framework')

# stage: 고지 1 (미분 자동 계산), 2 (자연스러운 코드로), 3 (고차 미분 계산, which goes on past step 30).
# kind: 'theory' steps teach on paper and leave the framework code unchanged.
# framework: whether the book adds framework code at the step (steps 10, 24, 28
# and 29 only add tests or examples).
STEPS = [
    Step(1, '상자로서의 변수', 'Variable as a box', 1, 'code', True),
    Step(2, '변수를 낳는 함수', 'Functions that make variables', 1, 'code', True),
    Step(3, '함수 연결', 'Chaining functions', 1, 'code', True),
    Step(4, '수치 미분', 'Numerical differentiation', 1, 'code', True),
    Step(5, '역전파 이론', 'Backpropagation theory', 1, 'theory', False),
    Step(6, '수동 역전파', 'Manual backpropagation', 1, 'code', True),
    Step(7, '역전파 자동화', 'Automating backpropagation', 1, 'code', True),
    Step(8, '재귀에서 반복문으로', 'From recursion to a loop', 1, 'code', True),
    Step(9, '함수를 더 편리하게', 'More convenient functions', 1, 'code', True),
    Step(10, '테스트', 'Testing', 1, 'code', False),
    Step(11, '가변 길이 인수(순전파 편)', 'Variable-length arguments (forward)', 2, 'code', True),
    Step(12, '가변 길이 인수(개선 편)', 'Variable-length arguments (improved)', 2, 'code', True),
    Step(13, '가변 길이 인수(역전파 편)', 'Variable-length arguments (backward)', 2, 'code', True),
    Step(14, '같은 변수 반복 사용', 'Reusing the same variable', 2, 'code', True),
    Step(15, '복잡한 계산 그래프(이론 편)', 'Complex graphs (theory)', 2, 'theory', False),
    Step(16, '복잡한 계산 그래프(구현 편)', 'Complex graphs (implementation)', 2, 'code', True),
    Step(17, '메모리 관리와 순환 참조', 'Memory and circular references', 2, 'code', True),
    Step(18, '메모리 절약 모드', 'Memory-saving mode', 2, 'code', True),
    Step(19, '변수 사용성 개선', 'Making variables easier to use', 2, 'code', True),
    Step(20, '연산자 오버로드(1)', 'Operator overloading (1)', 2, 'code', True),
    Step(21, '연산자 오버로드(2)', 'Operator overloading (2)', 2, 'code', True),
    Step(22, '연산자 오버로드(3)', 'Operator overloading (3)', 2, 'code', True),
    Step(23, '패키지로 정리', 'Organising as a package', 2, 'code', True),
    Step(24, '복잡한 함수의 미분', 'Differentiating complex functions', 2, 'code', False),
    Step(25, '계산 그래프 시각화(1)', 'Visualising graphs (1)', 3, 'theory', False),
    Step(26, '계산 그래프 시각화(2)', 'Visualising graphs (2)', 3, 'code', True),
    Step(27, '테일러 급수 미분', 'Differentiating a Taylor series', 3, 'code', True),
    Step(28, '함수 최적화', 'Optimising a function', 3, 'code', False),
    Step(29, '뉴턴 방법으로 푸는 최적화(수동 계산)', "Newton's method (second derivative by hand)", 3, 'code', False),
    Step(30, '고차 미분(준비 편)', 'Higher-order derivatives (preparation)', 3, 'theory', False),
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


def folder(step):
    return 'step{:02d}'.format(step.number)


def present(steps_dir=STEPS_DIR):
    """(step, its folder) for each snapshot in this checkout: the one answer to which steps exist."""
    steps_dir = Path(steps_dir)
    return [(step, steps_dir / folder(step)) for step in STEPS
            if (steps_dir / folder(step) / 'core.py').is_file()]


def step_table(steps_dir=STEPS_DIR, lang='en'):
    """The README's table of all 30 steps (lang 'en' or 'ko'), marking those that exist."""
    lines = [HEADINGS[lang], '|---|---|---|---|---|---|']
    folders = {step.number for step, _ in present(steps_dir)}
    for step in STEPS:
        snapshot = ('[`steps/{0}`](steps/{0}/)'.format(folder(step)) if step.number in folders
                    else NOT_YET[lang])
        lines.append('| {} | {} | {} | {} | {} | {} |'.format(
            step.number, step.korean, step.english, step.stage, KINDS[lang][step.kind], snapshot))
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
