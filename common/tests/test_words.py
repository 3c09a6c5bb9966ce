"""common.words: the one rule for the language, and the one argparse builder both command lines
use, in English or Korean."""
import subprocess
import sys

import pytest

from common import catalog, words

LOCALE = ('LANG', 'LC_ALL', 'LC_MESSAGES', 'DEZERO_LANG')


@pytest.fixture
def no_locale(monkeypatch):
    for key in LOCALE:
        monkeypatch.delenv(key, raising=False)
    return monkeypatch


@pytest.mark.parametrize('env, lang', [
    ({'LANG': 'ko_KR.UTF-8'}, 'ko'),
    ({'LANG': 'C.UTF-8', 'LC_MESSAGES': 'ko_KR.UTF-8'}, 'ko'),
    ({'LANG': 'ko_KR.UTF-8', 'LC_ALL': 'C'}, 'en'),
    ({'LANG': 'en_US.UTF-8', 'LC_ALL': 'ko_KR.UTF-8'}, 'ko'),
    ({'LANG': 'en_US.UTF-8', 'LC_ALL': ''}, 'en'),
    ({'LANG': 'en_US.UTF-8'}, 'en'),
    ({'LANG': 'C.UTF-8', 'DEZERO_LANG': 'ko'}, 'ko'),
    ({'LANG': 'ko_KR.UTF-8', 'DEZERO_LANG': 'en'}, 'en'),
    ({}, 'en'),
], ids=['LANG', 'LC_MESSAGES', 'LC_ALL-C', 'LC_ALL-ko', 'LC_ALL-empty', 'english', 'setting-ko', 'setting-en', 'none'])
def test_the_language_is_the_setting_else_the_locale(no_locale, env, lang):
    for key, value in env.items():
        no_locale.setenv(key, value)
    assert words.language() == lang
    assert words.asked_language(['7']) == lang


@pytest.mark.parametrize('argv, lang', [(['--lang', 'en'], 'en'), (['--lang=en'], 'en'), (['7', '--lang', 'en'], 'en'),
                                        (['7'], 'ko'), (['--lang', 'fr'], 'ko'), (['--lang'], 'ko')])
def test_lang_on_the_command_line_wins_over_the_setting_and_the_locale(no_locale, argv, lang):
    no_locale.setenv('DEZERO_LANG', 'ko')
    assert words.asked_language(argv) == lang


def test_lang_given_to_check_wins(no_locale):
    no_locale.setenv('LANG', 'en_US.UTF-8')
    assert words.language('ko') == 'ko' and words.language(None) == 'en'


def run(*args, lang='C.UTF-8'):
    env = {'PYTHONPATH': str(catalog.ROOT), 'PATH': '/usr/bin:/bin', 'LANG': lang}
    return subprocess.run([sys.executable, '-m', *args], cwd=catalog.ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


COMMANDS = ['common.check', 'common.stepdiff']


@pytest.mark.parametrize('command', COMMANDS)
@pytest.mark.parametrize('how', [('--lang=ko', '--help'), ('--lang', 'ko', '-h'), ('-h', '--lang', 'ko'), ('-h',)],
                         ids=['equals', 'space', 'after', 'locale'])
def test_the_help_is_korean_however_korean_is_asked_for(command, how):
    result = run(command, *how, lang='ko_KR.UTF-8' if how == ('-h',) else 'C.UTF-8')
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('사용법: python -m ' + command)
    for korean in ('\n위치 인수:\n', '\n옵션:\n', '이 도움말을 보여 주고 끝냅니다', '출력 언어'):
        assert korean in result.stdout
    assert 'show this help' not in result.stdout and 'usage:' not in result.stdout


@pytest.mark.parametrize('command', COMMANDS)
def test_the_help_is_english_otherwise(command):
    result = run(command, '-h')
    assert result.returncode == 0 and result.stdout.startswith('usage: python -m ' + command)
    assert 'show this help message and exit' in result.stdout and '--lang {en,ko}' in result.stdout


@pytest.mark.parametrize('command, args', [('common.check', ['7', 'x.py', '--lang', 'fr']),
                                           ('common.stepdiff', ['7', '--lang=fr'])])
def test_a_wrong_lang_is_refused_alike_in_the_language_of_the_locale(command, args):
    result = run(command, *args, lang='ko_KR.UTF-8')
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "python -m {}: 오류: --lang 값은 ko나 en이어야 합니다(받은 값: 'fr')".format(command)
