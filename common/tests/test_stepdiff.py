"""python -m common.stepdiff N shows the change step N makes."""
import io
import os
import shutil
import subprocess

import pytest

from common import stepdiff


def make_steps(tmp_path, files_by_step):
    for number, files in files_by_step.items():
        folder = tmp_path / 'steps' / 'step{:02d}'.format(number)
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text)
    return tmp_path / 'steps'


def test_the_test_files_of_two_steps_are_paired():
    lines = stepdiff.step_diff(8)
    assert '--- steps/step07/test_step07.py\n' in lines
    assert '+++ steps/step08/test_step08.py\n' in lines
    assert not any('/dev/null' in line for line in lines)


def test_the_diff_shows_the_books_change():
    # Step 7 links each output to the function that made it.
    lines = stepdiff.step_diff(7)
    assert '+    def set_creator(self, func):\n' in lines
    assert '+        output.set_creator(self)\n' in lines


def test_a_file_only_one_step_has_is_diffed_against_nothing(tmp_path):
    steps = make_steps(tmp_path, {
        25: {'core.py': 'a = 1\n'},
        26: {'core.py': 'a = 1\n', 'utils.py': 'b = 2\n'},
    })
    lines = stepdiff.step_diff(26, steps)
    assert lines == ['--- /dev/null\n', '+++ steps/step26/utils.py\n', '@@ -0,0 +1 @@\n', '+b = 2\n']


def test_identical_snapshots_have_an_empty_diff(tmp_path):
    steps = make_steps(tmp_path, {4: {'core.py': 'x\n'}, 5: {'core.py': 'x\n'}})
    assert stepdiff.step_diff(5, steps) == []


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize('stdout, coloured', [(io.StringIO, False), (Terminal, True)],
                         ids=['piped', 'terminal'])
def test_colour_only_on_a_terminal(monkeypatch, stdout, coloured):
    monkeypatch.delenv('NO_COLOR', raising=False)
    out = stdout()
    monkeypatch.setattr('sys.stdout', out)
    stepdiff.main(['7'])
    assert ('\033[32m+    def set_creator' in out.getvalue()) == coloured
    assert '+++ steps/step07/core.py' in out.getvalue()


def test_no_color_turns_colour_off_on_a_terminal(monkeypatch):
    monkeypatch.setenv('NO_COLOR', '1')
    out = Terminal()
    monkeypatch.setattr('sys.stdout', out)
    stepdiff.main(['7'])
    assert '\033[' not in out.getvalue()


@pytest.mark.parametrize('argv', [['1'], ['0'], ['seven']], ids=['first-step', 'zero', 'not-a-number'])
def test_a_step_without_a_step_before_it_is_refused(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        stepdiff.main(argv)
    assert exit_info.value.code == 2


def test_a_missing_step_is_named(tmp_path):
    steps = make_steps(tmp_path, {1: {'core.py': ''}})
    with pytest.raises(SystemExit, match='steps/step02 does not exist'):
        stepdiff.step_diff(2, steps)


def test_the_summary_counts_files_and_lines(tmp_path):
    steps = make_steps(tmp_path, {
        6: {'core.py': 'a\nb\nc\n', 'test_step06.py': 't\n', 'README.md': 'same\n'},
        7: {'core.py': 'a\nB\nc\nd\n', 'test_step07.py': 't\n', 'README.md': 'same\n'},
    })
    assert stepdiff.step_summary(7, steps) == (1, 2, 1)  # core.py: b -> B, + d


def test_the_summary_lists_every_transition_with_its_title(capsys):
    stepdiff.main(['--summary'])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ['step', 'files', 'added', 'removed', 'title']
    assert [int(line.split()[0]) for line in lines[1:]] == stepdiff.transitions()
    assert lines[1].endswith('변수를 낳는 함수 / Functions that make variables')


def test_the_summary_of_one_step(capsys):
    stepdiff.main(['--summary', '8'])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[1].split()[0] == '8'


@pytest.mark.slow
def test_html_writes_a_page_per_step_and_an_index(tmp_path):
    index = stepdiff.write_html(tmp_path)
    pages = sorted(path.name for path in tmp_path.glob('step*.html'))
    assert pages == ['step{:02d}.html'.format(n) for n in stepdiff.transitions()]
    text = index.read_text(encoding='utf-8')
    assert all('href="{}"'.format(page) in text for page in pages)
    assert '역전파 자동화 / Automating backpropagation' in text


@pytest.mark.slow
def test_an_html_page_shows_both_sides_of_every_changed_file(tmp_path):
    stepdiff.write_html(tmp_path)
    page = (tmp_path / 'step08.html').read_text(encoding='utf-8')
    for old, new in [('steps/step07/core.py', 'steps/step08/core.py'),
                     ('steps/step07/test_step07.py', 'steps/step08/test_step08.py')]:
        assert '<h2>{} &rarr; {}</h2>'.format(old, new) in page
    assert page.count('<table class="diff"') == len(stepdiff.changed_files(8))
    assert '<h1>Step 8 — 재귀에서 반복문으로 / From recursion to a loop</h1>' in page
    assert '"Noto Sans KR"' in page  # a font stack that has Korean
    assert 'href="step07.html"' in page and 'href="step09.html"' in page
    assert 'funcs.append(x.creator)' in page


CHROMIUM = shutil.which('chromium')


@pytest.mark.skipif(CHROMIUM is None and os.environ.get('CI') != 'true',
                    reason='needs a headless browser: apt-get install chromium')
@pytest.mark.slow
def test_a_browser_shows_the_old_side_left_and_the_new_side_right(tmp_path):
    # Take a screenshot of step 8's page in headless Chromium, then count its
    # pixels: removed lines (red) show on the left half, added ones (green) on
    # the right half.
    from PIL import Image

    stepdiff.write_html(tmp_path / 'html')
    shot = tmp_path / 'step08.png'
    subprocess.run([CHROMIUM or 'chromium', '--headless', '--no-sandbox', '--disable-gpu',
                    '--disable-quic', '--no-first-run', '--disable-background-networking',
                    '--disable-component-update', '--disable-sync', '--hide-scrollbars',
                    '--user-data-dir={}'.format(tmp_path / 'profile'), '--window-size=1400,900',
                    '--screenshot={}'.format(shot), (tmp_path / 'html' / 'step08.html').as_uri()],
                   capture_output=True, timeout=60, check=True)
    image = Image.open(shot).convert('RGB')
    width, height = image.size

    def pixels(colour, left, right):
        counts = image.crop((left, 0, right, height)).getcolors(maxcolors=width * height)
        return dict((rgb, count) for count, rgb in counts).get(colour, 0)

    # (the legend above the tables has a little of each colour on the left)
    removed, added = (255, 170, 170), (170, 255, 170)
    assert pixels(removed, 0, width // 2) > 10 * pixels(removed, width // 2, width)
    assert pixels(added, width // 2, width) > 10 * pixels(added, 0, width // 2)
