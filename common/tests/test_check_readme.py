"""The reports the READMEs show are real: each block is what its command prints today, for the
learner's files this test makes (a slip planted at step 14; a notebook whose step 7 leaves Square
on the old Function). UPDATE_README=1 writes them in instead of comparing."""
import os
import re
import subprocess
import sys

import nbformat
import pytest

from common import catalog
from common.tests.test_check import planted, snapshot_code

ROOT = catalog.ROOT
BLOCK = re.compile(r'<!-- report: (python -m common\.check [^>]*?) -->\n```text\n(.*?)```', re.DOTALL)
HOME = '/home/me'


def mywork(home):
    """~/mywork as the READMEs describe it."""
    folder = home / 'mywork'
    folder.mkdir(parents=True, exist_ok=True)
    (folder / 'step14.py').write_text(planted(14, 'x.grad = x.grad + gx', 'x.grad = gx'))
    cells = [nbformat.v4.new_code_cell('import numpy as np')]
    for n in [1, 2, 3, 4, 6, 7, 8, 9]:
        code = snapshot_code(n)
        if n == 7:  # the new Variable and Function only, as the book's listing shows them
            code = code[:code.index('class Square(Function):')]
        cells += [nbformat.v4.new_markdown_cell('## Step{}. {}'.format(n, catalog.STEPS[n - 1].korean)),
                  nbformat.v4.new_code_cell(code)]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), str(folder / 'book.ipynb'))


def report(command, home):
    args = command.split()[3:]
    result = subprocess.run([sys.executable, '-m', 'common.check'] + [a.replace('~', str(home)) for a in args],
                            cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, LANG='C.UTF-8', LC_ALL='', LC_MESSAGES=''))
    return result.stdout.replace(str(home), HOME)


@pytest.mark.slow
@pytest.mark.parametrize('readme', ['README.md', 'README.ko.md'])
def test_the_reports_in_the_readme_are_what_the_checker_prints(tmp_path, readme):
    mywork(tmp_path)
    path = ROOT / readme
    text = path.read_text(encoding='utf-8')
    blocks = BLOCK.findall(text)
    assert len(blocks) == 2
    if os.environ.get('UPDATE_README'):
        text = BLOCK.sub(lambda m: '<!-- report: {} -->\n```text\n{}```'.format(m[1], report(m[1], tmp_path)), text)
        path.write_text(text, encoding='utf-8')
        return
    for command, shown in blocks:
        assert shown == report(command, tmp_path), command
