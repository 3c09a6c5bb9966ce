"""Show what step N changes: every file of steps/step(N-1) against steps/stepN.

    python -m common.stepdiff 7             the change step 7 makes (step06 -> step07): at a
                                            glance, then each hunk of its code, where it goes
    python -m common.stepdiff 7 --all       the same, then the raw diff of its tests and notes
    python -m common.stepdiff --summary     files and lines changed by every step
    python -m common.stepdiff --summary 7   the same for step 7 alone
    python -m common.stepdiff --html DIR    a page per step that teaches it, in English
                                            (DIR/en/) and Korean (DIR/ko/); DIR/index.html
    python -m common.stepdiff --html DIR 7  step 7's pages alone (and the indexes)
    python -m common.stepdiff --lang ko     in Korean (the default under a Korean locale)

test_step06.py is paired with test_step07.py, so the tests show as a change. Coloured on a
terminal, plain when piped or with NO_COLOR; paged (less) when longer than the screen. Also
tox -e diff -- 7.
"""
from common.stepdiff.files import changed_files, missing_step, step_diff, step_summary, transitions  # noqa: F401
from common.stepdiff.words import TEXT, title, step_title  # noqa: F401
from common.stepdiff.cli import main, summary_table, why_not_written  # noqa: F401,E402
from common.stepdiff.pages import write_html  # noqa: F401,E402
