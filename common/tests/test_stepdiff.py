"""python -m common.stepdiff N shows the change step N makes."""
import io
import os
import subprocess
import sys

import pytest

from common import catalog, stepdiff


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """stepdiff speaks the locale's language: these tests start from an English one."""
    monkeypatch.delenv('LC_ALL', raising=False)
    monkeypatch.delenv('LC_MESSAGES', raising=False)
    monkeypatch.delenv('DEZERO_LANG', raising=False)
    monkeypatch.setenv('LANG', 'C.UTF-8')


def korean_locale(monkeypatch):
    monkeypatch.setenv('LANG', 'ko_KR.UTF-8')


def run_stepdiff(*args, lang='C.UTF-8'):
    env = {key: value for key, value in os.environ.items() if key not in ('LC_ALL', 'LC_MESSAGES', 'DEZERO_LANG')}
    return subprocess.run([sys.executable, '-m', 'common.stepdiff', *args], cwd=catalog.ROOT,
                          env=dict(env, LANG=lang), capture_output=True, text=True, timeout=60)


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
    assert ('\033[1;32m+\033[0m ' in out.getvalue()) == coloured
    assert 'core.py  steps/step06/core.py → steps/step07/core.py' in out.getvalue()
    assert ('+     def set_creator(self, func):' in out.getvalue()) == (not coloured)


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


# --- Korean and English --------------------------------------------------------------

def test_the_summary_in_korean_under_a_korean_locale(monkeypatch, capsys):
    korean_locale(monkeypatch)
    stepdiff.main(['--summary', '7'])
    lines = capsys.readouterr().out.splitlines()
    assert lines == ['단계  파일  추가된 줄  삭제된 줄  제목', lines[1]]
    assert lines[1].split()[0] == '7' and lines[1].endswith('  역전파 자동화')


def test_lang_ko_gives_the_korean_summary_under_an_english_locale(capsys):
    stepdiff.main(['--summary', '--lang', 'ko'])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ['단계', '파일', '추가된', '줄', '삭제된', '줄', '제목']
    assert lines[1].endswith('  변수를 낳는 함수')


@pytest.mark.parametrize('lang', [['--lang', 'ko'], ['--lang=ko']], ids=['space', 'equals'])
def test_a_steps_change_in_korean_has_korean_headers(capsys, lang):
    stepdiff.main(['14'] + lang)
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == '14단계: 같은 변수 반복 사용 · 제2고지' and lines[2] == '한눈에 보기'
    assert '    추가             `Variable.cleargrad`' in lines
    assert '@@ `class Variable` 안, `set_creator()` 다음에: `cleargrad()` 추가' in lines
    assert lines[-1].startswith('테스트: ') and '개 추가' in lines[-1]
    assert not any(english in out for english in ('At a glance', 'Step 14', ' added', ' in `', 'tests:'))


def test_the_help_in_korean_under_a_korean_locale():
    result = run_stepdiff('-h', lang='ko_KR.UTF-8')
    assert result.returncode == 0, result.stderr
    help_text = result.stdout
    assert help_text.startswith('사용법: python -m common.stepdiff')
    for line in ['N단계에서 바뀐 내용: steps/step(N-1)과 steps/stepN의 파일을 모두 비교합니다.',
                 '위치 인수:', '  N               바뀐 내용을 볼 단계 (2~30)', '옵션:',
                 '  -h, --help      이 도움말을 보여 주고 끝냅니다',
                 '  --summary       단계마다 바뀐 파일 수와 줄 수',
                 '  --html DIR      단계마다 한국어, 영어 페이지를 DIR에 씁니다 (N을 주면 그 단계만)']:
        assert line in help_text.splitlines()
    assert 'usage' not in help_text and 'show this help' not in help_text


def test_the_help_in_english_under_an_english_locale(capsys):
    with pytest.raises(SystemExit) as exit_info:
        stepdiff.main(['-h'])
    assert exit_info.value.code == 0
    help_text = capsys.readouterr().out
    assert help_text.startswith('usage: python -m common.stepdiff')
    assert '  --summary       files and lines changed, per step' in help_text.splitlines()
    assert '--lang {en,ko}' in help_text


@pytest.mark.parametrize('argv, message', [
    (['seven'], '오류: N 값은 숫자여야 합니다(받은 값: \'seven\')'),
    (['1'], '오류: 1단계는 첫 스냅숏이라 비교할 이전 단계가 없습니다. 2단계부터 지정하세요'),
    ([], '오류: 단계 번호나 --summary, --html DIR 중 하나를 지정하세요'),
    (['--summary', '--html', 'out'], '오류: --html 옵션은 --summary 옵션과 함께 쓸 수 없습니다'),
    (['7', '8'], '오류: 알 수 없는 인수: 8'),
    (['--lang', 'fr', '7'], '오류: --lang 값은 ko나 en이어야 합니다(받은 값: \'fr\')'),
], ids=['not-a-number', 'first-step', 'nothing', 'summary-and-html', 'two-steps', 'unknown-lang'])
def test_usage_errors_in_korean(monkeypatch, capsys, argv, message):
    korean_locale(monkeypatch)
    with pytest.raises(SystemExit) as exit_info:
        stepdiff.main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith('사용법: ') and err.endswith('python -m common.stepdiff: {}\n'.format(message))


def test_a_missing_step_is_named_in_korean(monkeypatch):
    korean_locale(monkeypatch)
    with pytest.raises(SystemExit, match='^stepdiff: steps/step31 폴더가 없습니다$'):
        stepdiff.main(['31'])


# --- --html into a place it cannot write ------------------------------------------------

def html_error(capsys, argv):
    with pytest.raises(SystemExit) as exit_info:
        stepdiff.main(argv)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and err.count('\n') == 1, err
    return err


@pytest.mark.parametrize('under_a_file', [False, True], ids=['a-file', 'under-a-file'])
def test_html_onto_a_file_says_so(tmp_path, capsys, under_a_file):
    afile = tmp_path / 'afile'
    afile.write_text('not a folder')
    out = afile / 'out' if under_a_file else afile
    assert html_error(capsys, ['--html', str(out)]) == (
        'stepdiff: cannot write the pages into {}: {} is a file, not a folder\n'.format(out, afile))


@pytest.mark.parametrize('under_a_file', [False, True], ids=['a-file', 'under-a-file'])
def test_html_onto_a_file_says_so_in_korean(tmp_path, capsys, monkeypatch, under_a_file):
    korean_locale(monkeypatch)
    afile = tmp_path / 'afile'
    afile.write_text('not a folder')
    out = afile / 'out' if under_a_file else afile
    assert html_error(capsys, ['--html', str(out)]) == (
        'stepdiff: {}에 페이지를 쓸 수 없습니다. {} 경로는 폴더가 아니라 파일입니다.\n'.format(out, afile))


@pytest.mark.parametrize('lang, reason', [('en', ': permission denied'), ('ko', '. 쓰기 권한이 없습니다.')])
def test_html_into_a_read_only_folder_says_so(tmp_path, capsys, monkeypatch, lang, reason):
    # Tests run as root, for whom chmod does not make a folder read-only: the error is made.
    def refuse(*args, **kwargs):
        raise PermissionError(13, 'Permission denied', str(tmp_path / 'index.html'))

    monkeypatch.setattr(stepdiff.pages, 'write_html', refuse)
    message = html_error(capsys, ['--html', str(tmp_path), '--lang', lang])
    assert message.startswith('stepdiff: ') and message.endswith(reason + '\n')


def test_html_onto_a_file_is_a_sentence_not_a_traceback(tmp_path):
    afile = tmp_path / 'afile'
    afile.write_text('')
    result = run_stepdiff('--html', str(afile / 'out'), lang='ko_KR.UTF-8')
    assert result.returncode == 2
    assert result.stderr == 'stepdiff: {}에 페이지를 쓸 수 없습니다. {} 경로는 폴더가 아니라 파일입니다.\n'.format(
        afile / 'out', afile)
    assert result.stdout == ''
