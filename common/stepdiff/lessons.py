"""What a step's page says beside the code: its note's sections (README.md, README.ko.md),
its tests in their sentences, and what its example prints."""
import ast
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import namedtuple

import pygments
from markdown_it import MarkdownIt
from markdown_it.token import Token
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from common import catalog, snapshot
from common.check.language import words
from common.stepdiff import files

# A test: its name (Class.test_x for a unittest method), its one sentence, the step whose
# change lifts it when it shows what the code cannot do yet (else None).
Test = namedtuple('Test', 'name sentence limitation')
RUNNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'runner.py')
NOTES = {'en': 'README.md', 'ko': 'README.ko.md'}
SECTIONS = {'why': {'en': 'What this step adds', 'ko': '이 단계에서 추가하는 것'},
            'cannot': {'en': 'What it cannot do yet', 'ko': '아직 할 수 없는 것'}}


def sentence(doc):
    """The first paragraph of a test's docstring, on one line (as the checker reads it)."""
    return ' '.join((doc or '').strip().split('\n\n')[0].split())


def limitation_of(node):
    for decorator in node.decorator_list:
        if (isinstance(decorator, ast.Call) and getattr(decorator.func, 'id', None) == 'limitation'
                and decorator.args and isinstance(decorator.args[0], ast.Constant)):
            return decorator.args[0].value
    return None


def tests_of(text):
    """The tests of a test file, in its order."""
    found = []
    for node in snapshot.parse(text).body if snapshot.parse(text) else []:
        inside = [(node.name + '.', child) for child in node.body] if isinstance(node, ast.ClassDef) else [('', node)]
        for prefix, child in inside:
            if isinstance(child, ast.FunctionDef) and child.name.startswith('test'):
                found.append(Test(prefix + child.name, sentence(ast.get_docstring(child)), limitation_of(child)))
    return found


def in_language(test, lang):
    """The test's sentence in lang: Korean from the checker's catalog."""
    return test.sentence if lang == 'en' else words(lang)('test', test.sentence)


def step_tests(number, steps_dir=files.STEPS_DIR):
    """(added, fixed, limited): the tests step N adds, the tests of step N-1 that showed what
    its code could not do until step N, and step N's own tests of what it cannot do yet."""
    old = tests_of(test_text(number - 1, steps_dir))
    new = tests_of(test_text(number, steps_dir))
    old_names = {test.name for test in old}
    added = [test for test in new if test.name not in old_names]
    fixed = [test for test in old if test.limitation == number]
    limited = [test for test in new if test.limitation and test.limitation > number]
    return added, fixed, limited


def test_text(number, steps_dir=files.STEPS_DIR):
    path = catalog.test_file(number, steps_dir)
    return path.read_text(encoding='utf-8') if path.is_file() else ''


def note_section(number, key, lang, steps_dir=files.STEPS_DIR):
    """The Markdown of one section of the step's note (without its heading), or ''."""
    path = files.step_dir(number, steps_dir) / NOTES[lang]
    if not path.is_file():
        return ''
    heading, taken, inside = '## ' + SECTIONS[key][lang], [], False
    for line in path.read_text(encoding='utf-8').splitlines():
        if line.startswith('## '):
            inside = line.strip() == heading
        elif inside:
            taken.append(line)
    return '\n'.join(taken).strip()


# How a note names a step: "step 14", "steps 13–14"; "14단계에서", "6~9단계".
MENTION = {'en': re.compile(r'\b[Ss]teps?\s+(\d+)(?:[–-](\d+))?\b'), 'ko': re.compile(r'(\d+)(?:~(\d+))?단계')}
# A test of what the code cannot do yet, as the test files write it: `@limitation(16)` above
# other decorators (or none), then `def test_...` at the top level.
LIMITATION = re.compile(r'^@limitation\((\d+)\)\n.*?^def (test\w+)', re.M | re.S)


@functools.lru_cache(maxsize=64)
def limitations(number, steps_dir=files.STEPS_DIR):
    """{test name: the step that changes what it shows} for step N's tests of what its code
    cannot do yet, read without parsing the file (a page asks it of the steps it links to)."""
    return {name: int(at) for at, name in LIMITATION.findall(test_text(number, steps_dir))}


def mentions(text, lang):
    """The steps a note's text names, in its order, a range as each of its steps."""
    return [step for first, last in MENTION[lang].findall(text)
            for step in range(int(first), int(last or first) + 1)]


@functools.lru_cache(maxsize=128)
def note_blocks(number, key, lang, steps_dir=files.STEPS_DIR):
    """The section's paragraphs and list items, each as its Markdown."""
    text = note_section(number, key, lang, steps_dir)
    lines = text.splitlines()
    return tuple('\n'.join(lines[token.map[0]:token.map[1]]).rstrip() for token in MarkdownIt('commonmark').parse(text)
            if (token.type, token.level) in (('list_item_open', 1), ('paragraph_open', 0)))


def changed_at(block, number, lang, steps_dir=files.STEPS_DIR):
    """The step that changes what a "cannot do yet" block says: of the later steps it names,
    the first that a test's @limitation names too (in "Step 15 explains why, step 16 fixes it"
    the tests say 16), else the first."""
    later = [step for step in mentions(block, lang) if step > number]
    tested = set(limitations(number, steps_dir).values())
    return next((step for step in later if step in tested), later[0] if later else None)


def fixed_notes(number, lang, steps_dir=files.STEPS_DIR):
    """(step, blocks): the blocks of "cannot do yet" that step N changes, from the latest step
    whose note says so (step 23's note says step 27 adds sin; 24 to 26 do not repeat it)."""
    for earlier in range(number - 1, 0, -1):
        blocks = [block for block in note_blocks(earlier, 'cannot', lang, steps_dir)
                  if changed_at(block, earlier, lang, steps_dir) == number]
        if blocks:
            return earlier, blocks
    return None, []


def markdown(text, link=None, block_end=None):
    """CommonMark as HTML (markdown-it-py); link(href) may rewrite each link's target, and
    block_end(Markdown of a paragraph or list item) give (text, href or None) to end it with."""
    md = MarkdownIt('commonmark', {'highlight': highlight})
    tokens, lines = md.parse(text), text.splitlines()
    for token in tokens:
        for child in token.children or []:
            if child.type == 'link_open' and link is not None:
                child.attrSet('href', link(child.attrGet('href')))
    for at, token in enumerate(tokens if block_end else []):
        if (token.type, token.level) not in (('list_item_open', 1), ('paragraph_open', 0)):
            continue
        end = block_end('\n'.join(lines[token.map[0]:token.map[1]]).rstrip())
        close = next(n for n in range(at + 1, len(tokens)) if tokens[n].type == token.type.replace('open', 'close')
                     and tokens[n].level == token.level)
        last = [inline for inline in tokens[at:close] if inline.type == 'inline'][-1]
        if end and end[1]:
            last.children += [Token('text', '', 0, content=' → '),
                              Token('link_open', 'a', 1, attrs={'href': end[1], 'class': 'changed-at'}),
                              Token('text', '', 0, content=end[0]), Token('link_close', 'a', -1)]
        elif end:
            last.children.append(Token('text', '', 0, content=' → ' + end[0]))
    return md.renderer.render(tokens, md.options, {})


def highlight(text, lang, attrs):
    """A note's ```python block in Pygments' colours (other blocks as markdown-it writes them)."""
    if lang != 'python':
        return ''
    return '<pre class="note-code"><code>{}</code></pre>\n'.format(
        pygments.highlight(text, PythonLexer(), HtmlFormatter(nowrap=True)))


def copy_step(folder, scratch):
    """Copy the step's tracked files into scratch; return the copy's folder."""
    target = os.path.join(scratch, folder.name)
    for path in files.snapshot_files(folder, 0).values():
        to = os.path.join(target, path.relative_to(folder).as_posix())
        os.makedirs(os.path.dirname(to), exist_ok=True)
        shutil.copy(path, to)
    return target


class Examples:
    """Step examples running in the background, each as `python core.py` in a copy of its
    folder (runner.py: one Python that has imported numpy, forked per example). runner.py runs
    as a script, not as common.stepdiff.runner: importing the package first would cost that
    Python most of the time it takes to build one step's pages."""

    def __init__(self, numbers, steps_dir=files.STEPS_DIR):
        self.scratch = tempfile.mkdtemp(prefix='stepdiff-')
        self.copies = {copy_step(files.step_dir(n, steps_dir), self.scratch): n for n in numbers}
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE='1', PYTHONIOENCODING='utf-8', MPLBACKEND='Agg')
        self.process = subprocess.Popen([sys.executable, RUNNER, *self.copies],
                                        cwd=self.scratch, env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def result(self):
        """{step: (what `python core.py` printed, its exit code)}."""
        try:
            out, err = self.process.communicate()
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)
        if self.process.returncode:
            raise RuntimeError('common.stepdiff.runner failed:\n' + err)
        return {self.copies[folder]: tuple(run) for folder, run in json.loads(out).items()}
