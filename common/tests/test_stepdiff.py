"""python -m common.stepdiff N shows the change step N makes."""
import io

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
    assert '+        output.set_creator(self)  # the output remembers who made it\n' in lines


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
