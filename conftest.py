# pytest at the repository root: every snapshot has a module named `core`, and
# one pytest process imports a module once, so a run over two steps would test
# the second step against the first step's core.py. Such a run is refused
# before anything is collected; one step at a time is fine.
from pathlib import Path

import pytest

STEPS_DIR = Path(__file__).resolve().parent / 'steps'


def steps_under(path):
    """The step folders a pytest argument (a path, maybe with ::test) reaches."""
    path = path.resolve()
    if STEPS_DIR in path.parents:
        return {path.relative_to(STEPS_DIR).parts[0]}
    if path == STEPS_DIR or path in STEPS_DIR.parents:
        return {folder.name for folder in STEPS_DIR.glob('step[0-9][0-9]')}
    return set()


def pytest_configure(config):
    here = config.invocation_params.dir
    steps = set()
    for arg in config.args:
        steps |= steps_under(here / arg.split('::')[0])
    if len(steps) > 1:
        raise pytest.UsageError(
            "one pytest run would mix the steps' core.py modules: run `tox` for every step, "
            'or `tox -e step07` (or `pytest steps/step07`) for one')
