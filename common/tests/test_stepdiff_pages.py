"""The step pages of python -m common.stepdiff: "at a glance" read from the code's structure,
each hunk titled with where it goes, and every page looked at in a real browser."""
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from common import catalog, snapshot, stepdiff
from common.stepdiff import files, glance, pages, words


def at_a_glance(number):
    """{file: [(name, status, +n, -m)]} of step N, as the pages and the terminal show it."""
    return {name: [(c.name, c.status, c.plus, c.minus) for c in changes]
            for name, changes in pages.step_glance(number)}


# Written by hand from each step's core.py diff (steps/step(N-1)/core.py -> steps/stepN/core.py).
GLANCE = {
    7: {'core.py': [('Variable.__init__', 'changed', 1, 0),  # self.creator = None
                    ('Variable.set_creator', 'added', 2, 0),
                    ('Variable.backward', 'added', 10, 0),
                    ('Function.__call__', 'changed', 2, 0),  # set_creator, self.output
                    ('example', 'changed', 8, 4)]},
    9: {'core.py': [('Variable.__init__', 'changed', 3, 0),  # the ndarray check
                    ('Variable.backward', 'changed', 1, 3),  # seeds grad with ones_like
                    ('as_array', 'added', 6, 0),
                    ('Function.__call__', 'changed', 1, 1),  # Variable(as_array(y))
                    ('square', 'added', 2, 0), ('exp', 'added', 2, 0),
                    ('numerical_diff', 'changed', 3, 2),
                    ('example', 'changed', 8, 8)]},
    13: {'core.py': [('Variable.backward', 'changed', 8, 5),  # every input's gradient
                     ('square', 'moved', 0, 0),  # next to class Square
                     ('Add.backward', 'added', 2, 0),
                     ('example', 'changed', 7, 4)]},
    18: {'core.py': [('imports', 'changed', 1, 0),  # import contextlib
                     ('Config', 'added', 2, 0), ('using_config', 'added', 8, 0), ('no_grad', 'added', 2, 0),
                     ('Variable.backward', 'changed', 4, 1),  # retain_grad
                     ('Function.__call__', 'changed', 8, 7),  # if Config.enable_backprop:
                     ('example', 'changed', 15, 3)]},
    23: {'core.py': [('setup_variable', 'added', 12, 0),
                     ('example', 'changed', 5, 10),
                     ('top', 'removed', 0, 10)],  # Variable.__add__ = add ... go into setup_variable
         '__init__.py': [('top', 'added', 2, 0), ('imports', 'added', 7, 0)]},
}


@pytest.mark.parametrize('number', sorted(GLANCE))
def test_at_a_glance_is_what_the_step_changes(number):
    assert at_a_glance(number) == GLANCE[number]


def hunk_titles(number, name='core.py', lang='en'):
    for old_path, new_path, old_lines, new_lines in files.changed_files(number):
        if files.shared_name(old_path, new_path) == name:
            old_text, new_text = ''.join(old_lines), ''.join(new_lines)
            kinds = {u.name: u.kind for text in (old_text, new_text) for u in glance.units(text)}
            return [words.hunk_title(h.pieces, kinds, lang) for h in glance.hunks(old_text, new_text)[0]]


def test_a_hunk_says_where_it_goes_as_a_learner_types_it():
    assert hunk_titles(7) == [
        'in `class Variable`, after `__init__()`: add `set_creator()`, `backward()`; '
        'in `Variable.__init__`: 1 line added',
        'in `Function.__call__`: 2 lines added',
        'the example: 8 added, 4 removed']
    assert hunk_titles(7, lang='ko')[1] == '`Function.__call__` 안: 2줄 추가'


def test_a_function_that_moves_is_a_move_not_a_new_function():
    titles = hunk_titles(13)
    assert 'after `class Square`: move `square()` here' in titles
    assert '`square()` moves from here' in titles


def test_definitions_added_before_the_first_class_say_so():
    assert hunk_titles(18)[0] == ('before `class Variable`: add `class Config`, `using_config()`, `no_grad()`; '
                                  'the imports: 1 line added')


def test_a_new_file_is_titled_by_what_it_holds():
    assert hunk_titles(23, '__init__.py') == ['top-level code: 4 lines added; the imports: 7 lines added']


def test_the_test_files_step_number_is_not_a_change():
    old_lines, new_lines = next((old, new) for old_path, new_path, old, new in files.changed_files(8)
                                if files.shared_name(old_path, new_path) == files.TEST_FILE)
    found, _ = glance.hunks(''.join(old_lines), ''.join(new_lines), (7, 8))
    new_lines = [line.rstrip('\n') for line in new_lines]
    shown = {new_lines[n - 1] for hunk in found for n in hunk.inserted}
    assert not any('common.check 8 PATH' in line or '1 to 8' in line for line in shown)
    assert any(line.startswith('def test_loop_backward_handles') for line in shown)


def test_the_terminal_marks_the_changed_words_of_a_changed_line_in_colour_only():
    from common.stepdiff import cli
    coloured = cli.change_lines(9, 'en', colour=True)
    # Step 9 wraps Function.__call__'s output in as_array: "as_array(" and ")" are the change.
    added = next(line for line in coloured if 'output = Variable(' in line and line.startswith('\033[1;32m+'))
    assert added == ('\033[1;32m+\033[0m         output = Variable(\033[7;32mas_array(\033[0my)'
                     '\033[7;32m)\033[0m')
    # A removed line is red, its changed words reversed red: `y = x + 3.0` becomes `y1 = 2.0 - x`.
    removed = next(line for line in cli.change_lines(22, 'en', colour=True) if line.startswith('\033[31m-     '))
    assert removed.startswith('\033[31m- ') and '\033[7;31m' in removed and removed.endswith('\033[0m')
    plain = cli.change_lines(9, 'en', colour=False)
    assert '+         output = Variable(as_array(y))' in plain and '-         output = Variable(y)' in plain
    assert not any('\033' in line for line in plain)


def test_departures_from_the_book_are_found_with_the_lines_they_cover():
    text = (catalog.STEPS_DIR / 'step08' / 'core.py').read_text(encoding='utf-8')
    lines = text.splitlines()
    found = snapshot.departures(text)
    header = next(n for n, line in enumerate(lines, 1) if line.strip() == 'if self.creator is None:')
    assert found[header + 1] == (header, header + 2)  # the comment: the if, itself and its return
    loop = next(n for n, line in enumerate(lines, 1) if 'while funcs:' in line)
    assert not any(first <= loop <= last for first, last in found.values())


def beyond_rows(page):
    """{line number: (sign, labelled)} of the rows a page marks as beyond the book."""
    return {int(number): (sign, 'class="beyond-label"' in code) for number, sign, code in re.findall(
        r'<div class="ln \w+ beyond"><span class="no">(\d+)</span><span class="sign">([+-]?)</span>'
        r'<code>(.*?)</code></div>', page)}


def test_beyond_the_book_labels_the_lines_a_departure_covers_on_its_comment():
    # Step 7's core.py, lines 13-18: def backward(self): / if self.grad is None: / # Beyond the
    # book: ... / raise RuntimeError("... / "e.g. ...") / (blank). The comment, first inside the
    # if, marks the whole if; the label sits on the comment, not on the if.
    page = render_step(7, 'en')
    assert beyond_rows(page.split('id="change"')[1].split('id="run"')[0]) == {
        14: ('+', False), 15: ('+', True), 16: ('+', False), 17: ('+', False)}
    # Step 26's utils.py, lines 44-46: the comment above `if output.creator is not None:` marks
    # that if and its add_func; `txt += _dot_var(...)` after it is the book's.
    utils = pages.code_context(26, 'utils.py', 'en')['rows']
    marked = beyond_rows(utils)
    lines = (catalog.STEPS_DIR / 'step26' / 'utils.py').read_text(encoding='utf-8').splitlines()
    comment = next(n for n, line in enumerate(lines, 1) if 'a variable no function made is a graph' in line)
    assert lines[comment].strip() == 'if output.creator is not None:'
    assert {n: marked.get(n) for n in range(comment - 1, comment + 4)} == {
        comment - 1: None, comment: ('', True), comment + 1: ('', False), comment + 2: ('', False), comment + 3: None}


def test_a_hunk_is_beyond_the_book_by_its_changed_lines_not_its_context():
    # Step 8's first core.py hunk adds the check of a variable no function made (beyond the book),
    # its context is step 7's seed check (beyond the book too, unchanged).
    page = render_step(8, 'en')
    hunks = page.split('<h4 class="hunk"')[1:]
    first = next(hunk for hunk in hunks if 'if self.creator is None' in re.sub('<[^>]+>', '', hunk))
    assert first.split('</h4>')[0].count('beyond-label') == 1
    # Step 16's hunk in Variable.backward (generations) changes book code only; its context is
    # the end of the check of a variable no function made (its comment and `return`), which goes
    # beyond the book: marked and labelled on its rows, not in the title.
    hunk = next(hunk for hunk in render_step(16, 'en').split('<h4 class="hunk"')[1:]
                if 'in <code>Variable.backward</code>: 9 added, 1 removed' in hunk.split('</h4>')[0])
    title, rows = hunk.split('</h4>')
    assert 'beyond-label' not in title and list(beyond_rows(rows).values()) == [('', True), ('', False)]


def render_step(number, lang):
    context = pages.step_context(number, files.transitions(), lang, ('what core.py printed\n', 0))
    return pages.environment()[0].get_template('step.html').render(style='', **context)


def test_a_step_page_teaches_in_the_order_of_the_issue():
    page = render_step(7, 'en')
    order = [page.index('id="{}"'.format(section)) for section in ('why', 'glance', 'change', 'run', 'tests',
                                                                  'cannot', 'links')]
    assert order == sorted(order)
    assert '<h1>Step 7 — 역전파 자동화 / Automating backpropagation</h1>' in page
    assert 'href="step06.html"' in page and 'href="step08.html"' in page and 'href="../ko/step07.html"' in page
    assert 'Stage 1 (제1고지)' in page
    assert '<code>set_creator(func)</code>' in page  # the note, rendered, not diffed
    assert 'what core.py printed' in page
    assert 'python -m common.check 7 mine.py' in page and 'href="step07-core-py.html"' in page
    assert page.count('<h4 class="hunk"') == 3 + 8  # core.py's hunks, the test file's
    assert '<span class="sign">+</span>' in page and '<span class="sign">-</span>' in page
    assert '<span class="beyond-label">beyond the book</span>' in page
    assert '<details class="fold">' in page and '<mark>' in page


def test_a_korean_page_has_the_tests_in_korean_and_what_the_step_fixes():
    page = render_step(8, 'ko')
    assert '<html lang="ko">' in page and '<h1>8단계: 재귀에서 반복문으로' in page
    assert '8단계의 반복문 <code>backward()</code>는 파이썬 재귀 한도의 열 배인 함수 10,000개를 연결한' in page
    assert 'id="fixes"' in page and 'test_recursive_backward_runs_out_of_stack_on_a_deep_chain' in page
    # what step 9 changes: the test's own entry among what step 9 fixes
    assert '<a href="step09.html#fix-test_the_box_does_not_check_what_goes_in_yet">9단계</a>' in page
    assert '<h2>테스트</h2>' in page and 'The tests' not in page and 'At a glance' not in page


def section(page, name):
    return page.split('<section id="{}">'.format(name))[1].split('</section>')[0]


def cannot_items(number, lang='en'):
    """What each item of the page's "cannot do yet" note ends with: (link text, href), the
    text of a step with no page, or None."""
    whole = section(render_step(number, lang), 'cannot')
    note, tests = whole.split('<ul class="tests">')[0], '<ul class="tests">' in whole
    found = []
    for item in re.findall(r'<(?:li|p)>(.*?)</(?:li|p)>', note, re.S)[:-1 if tests else None]:  # not the tests' intro
        link = re.search(r' → <a href="([^"]+)" class="changed-at">([^<]+)</a>$', item)
        plain = re.search(r' → ([^<>]+)$', item)
        found.append((link.group(2), link.group(1)) if link else plain.group(1) if plain else None)
    return found


def test_each_thing_a_step_cannot_do_yet_links_to_the_step_that_changes_it():
    # Written by hand from the notes (steps/stepNN/README*.md, "What it cannot do yet") and the
    # tests' @limitation markers.
    assert cannot_items(13) == [('step 14', 'step14.html#fixes'), None, None, 'step 40', None]
    # "Step 15 explains why, step 16 fixes it": the tests' @limitation(16) says which.
    assert cannot_items(14)[:2] == [('step 16', 'step16.html#fixes'), ('step 18', 'step18.html#fixes')]
    # "(steps 13–14)", "(13~14단계)": step 13 brings the second input, step 14 the sum.
    assert cannot_items(9) == [('step 11', 'step11.html#fixes'), ('step 14', 'step14.html#fixes'), None]
    assert cannot_items(9, 'ko') == [('11단계', 'step11.html#fixes'), ('14단계', 'step14.html#fixes'), None]
    assert cannot_items(29) == [('step 30', 'step30.html#fixes'), None, 'step 40', None, None, None]
    assert cannot_items(23)[1:3] == [('step 27', 'step27.html#fixes'), ('step 29', 'step29.html#fixes')]
    # The book's steps 31-33, past these pages: named, not linked ("Its steps\n31–33", "31~33단계").
    assert cannot_items(30)[0] == 'step 31' and cannot_items(30, 'ko')[0] == '31단계'
    # A test of step 14 renamed at step 15 links to what step 16 fixes, not to its own entry.
    tests = section(render_step(14, 'en'), 'cannot').split('<ul class="tests">')[1]
    assert ('96.0, not the right 64.0. → <a href="step16.html#fixes">step 16</a>'
            '<span class="testname">test_the_diamond_graph_gets_the_wrong_gradient_yet</span>') in tests
    assert ('→ <a href="step17.html#fix-test_a_dropped_graph_is_not_freed_without_the_garbage_collector">step 17</a>'
            in tests)


def test_what_a_step_fixes_shows_the_earlier_steps_note_and_tests():
    fixes = section(render_step(16, 'en'), 'tests').split('<h3 id="fixes">')[1].split('<details')[0]
    assert '<a href="step15.html#cannot">What it cannot do yet · step 15</a>' in fixes
    assert 'Step 16 fixes the order.' in fixes  # step 15's note, its earlier value beside it
    assert re.findall(r'<li id="fix-(\w+)">', fixes) == [
        'test_set_creator_records_the_function_that_made_the_variable',
        'test_an_ndarray_input_goes_into_the_graph_as_it_is_yet',
        'test_the_diamond_graph_gets_the_wrong_gradient_with_this_engine',
        'test_a_wider_graph_gets_the_wrong_gradient_with_this_engine']
    fixes = section(render_step(14, 'ko'), 'tests').split('<h3 id="fixes">')[1].split('<details')[0]
    assert '<code>add(x, x)</code>는 2.0이 아니라 1.0을 줍니다. 14단계에서' in fixes
    # Step 30's note names what step 29's could not do; step 30 adds no test that ends one.
    fixes = section(render_step(30, 'en'), 'tests').split('<h3 id="fixes">')[1].split('<details')[0]
    assert 'f″ has to be worked out by hand' in fixes and '<li id="fix-' not in fixes
    # Step 23's note says step 27 adds sin; the notes of 24 to 26 do not repeat it.
    fixes = section(render_step(27, 'en'), 'tests').split('<h3 id="fixes">')[1].split('<details')[0]
    assert '<a href="step23.html#cannot">What it cannot do yet · step 23</a>' in fixes
    assert 'Step 27 adds\nsin.' in fixes


@pytest.mark.slow
def test_html_writes_every_page_in_both_languages(tmp_path):
    indexes = stepdiff.write_html(tmp_path)
    numbers = files.transitions()
    for lang in ('en', 'ko'):
        assert sorted(p.name for p in (tmp_path / lang).glob('step??.html')) == [
            'step{:02d}.html'.format(n) for n in numbers]
        assert all('href="step{:02d}.html"'.format(n) in indexes[lang].read_text(encoding='utf-8') for n in numbers)
    step7 = (tmp_path / 'en' / 'step07.html').read_text(encoding='utf-8')
    assert '<pre class="output"><samp>3.297442541400256\n</samp></pre>' in step7
    assert (tmp_path / 'index.html').is_file()


# --- in a real browser ----------------------------------------------------------------------

CHROMIUM = shutil.which('chromium')
WIDTHS = (375, 1000, 1400)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and os.environ.get('CI') != 'true',
    reason='needs a headless browser and a Korean font: apt-get install chromium fonts-noto-cjk')
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync']
# Test-only: a page of frames, one per step page at one width; once all have loaded, each
# frame's folds are opened and its width, hunk titles, in-page links and lang are measured.
MEASURE = """<script>
window.addEventListener('load', () => {
  const out = {};
  for (const frame of document.querySelectorAll('iframe')) {
    const doc = frame.contentDocument;
    doc.querySelectorAll('details').forEach(d => { d.open = true; });
    const missing = [...doc.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href').slice(1))
      .filter(id => !doc.getElementById(id));
    out[frame.dataset.page] = {
      width: doc.documentElement.scrollWidth, window: doc.documentElement.clientWidth,
      untitled: [...doc.querySelectorAll('h4.hunk')].filter(h => !h.textContent.trim()).length,
      hunks: doc.querySelectorAll('h4.hunk').length, missing: missing, lang: doc.documentElement.lang};
  }
  document.getElementById('result').textContent = JSON.stringify(out);
});
</script>"""


@pytest.fixture(scope='module')
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp('pages')
    stepdiff.write_html(out)
    return out


def all_pages(out):
    return sorted(path.relative_to(out).as_posix() for path in out.rglob('*.html') if 'measure' not in path.name)


def chromium(*args, timeout=300):
    return subprocess.run([CHROMIUM or 'chromium', *FLAGS, *args], capture_output=True, text=True,
                          timeout=timeout, check=True).stdout


@needs_chromium
@pytest.mark.slow
@pytest.mark.parametrize('width', WIDTHS)
def test_no_page_is_wider_than_its_window_and_every_hunk_is_titled(built, width, tmp_path):
    names = all_pages(built)
    frames = ''.join('<iframe data-page="{0}" src="{0}" width="{1}" height="700" style="border:0"></iframe>'.format(
        name, width) for name in names)
    harness = built / 'measure-{}.html'.format(width)
    harness.write_text('<!DOCTYPE html><html><body><pre id="result"></pre>{}{}</body></html>'.format(
        frames, MEASURE), encoding='utf-8')
    dom = chromium('--allow-file-access-from-files', '--virtual-time-budget=30000',
                   '--user-data-dir={}'.format(tmp_path / 'profile'), '--window-size=1400,900',
                   '--dump-dom', harness.as_uri())
    result = json.loads(re.search(r'<pre id="result">(.*?)</pre>', dom, re.S).group(1).replace('&amp;', '&'))
    assert sorted(result) == names
    too_wide = {name: (page['width'], page['window']) for name, page in result.items() if page['width'] > page['window']}
    assert not too_wide
    assert all(page['window'] == width for page in result.values())
    assert not {name: page['untitled'] for name, page in result.items() if page['untitled']}
    assert not {name: page['missing'] for name, page in result.items() if page['missing']}
    assert {page['lang'] for name, page in result.items() if name.startswith('ko/')} == {'ko'}
    assert {page['lang'] for name, page in result.items() if name.startswith('en/')} == {'en'}
    assert sum(page['hunks'] for page in result.values()) > 100


@pytest.mark.slow
def test_every_link_between_pages_resolves(built):
    for name in all_pages(built):
        page = built / name
        text = page.read_text(encoding='utf-8')
        for href in re.findall(r'href="([^"]+)"', text):
            target, _, anchor = href.partition('#')
            if re.match(r'[a-z]+:', target):
                continue
            linked = (page.parent / target).resolve() if target else page
            assert linked.is_file(), (name, href)
            if anchor and linked.suffix == '.html':
                assert 'id="{}"'.format(anchor) in linked.read_text(encoding='utf-8'), (name, href)


@needs_chromium
@pytest.mark.slow
def test_korean_is_drawn_with_a_korean_font_and_screenshots_are_kept(built, tmp_path):
    family = subprocess.run(['fc-match', '-f', '%{family[0]}', ':lang=ko'], capture_output=True, text=True).stdout
    assert 'CJK' in family or 'KR' in family, 'no Korean font: apt-get install fonts-noto-cjk ({})'.format(family)
    for name in all_pages(built):
        assert '"{}"'.format(family) in (built / name).read_text(encoding='utf-8'), name
    screens = catalog.ROOT / 'build' / 'screens'
    screens.mkdir(parents=True, exist_ok=True)
    for page, width, height in [('ko/step07.html', 1000, 1800), ('en/step07.html', 1000, 1800),
                                ('ko/step18.html', 375, 1600), ('ko/index.html', 1400, 1000)]:
        shot = screens / '{}-{}.png'.format(page.replace('/', '-')[:-5], width)
        chromium('--user-data-dir={}'.format(tmp_path / 'profile'), '--window-size={},{}'.format(width, height),
                 '--screenshot={}'.format(shot), (built / page).as_uri(), timeout=120)
        assert shot.stat().st_size > 10000
    Path(screens / 'README.txt').write_text('Screenshots of the step pages, made by the browser test.\n')
