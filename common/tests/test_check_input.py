"""The checker meets what learners give it (issue 22): a sub-heading that mentions another step, a cell
that never ends, a console that cannot print every character, and input it cannot use — each is
said in a sentence, never a traceback, a hang or a false ✓. Each test runs the command as a learner
would, in a subprocess."""
import pytest

from common.tests.test_check import cli, notebook, snapshot_code


@pytest.mark.slow
def test_a_sub_heading_mentioning_an_earlier_step_does_not_end_the_section(tmp_path):
    path = notebook(tmp_path / 'book.ipynb', [
        '## Step 9', snapshot_code(9), '### Calling backward without a grad, unlike step 7',
        'Square = None'])  # a slip after the sub-heading: every test of square() fails
    result = cli(9, path, '--time-limit', 1)
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'up to the end of step 9\'s section (## Step 9)' in result.stdout
    assert "✗ Step 9 — More convenient functions" in result.stdout
