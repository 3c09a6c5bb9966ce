"""Use a step's snapshot from a notebook, and switch steps in one kernel.

    import sys; sys.path.insert(0, '/path/to/this/repository')
    from common.notebook import use_step
    core = use_step(7)             # steps/step07/core.py, as the module `core`; or use_step('07')
    from core import Variable, Square
    core = use_step(9)             # now step 9's: `from core import square` works
    dezero = use_step(26)          # from step 23 also the package `dezero`
    from dezero.utils import plot_dot_graph

A kernel imports a module once: a plain `import core` after another step's gives that step's
module again. use_step forgets the last step's `core`, `utils` and `dezero` first; import your
names (`Variable`, ...) again after switching.
"""
import importlib.util
import sys

from common import catalog


def load(name, path, package_folder=None):
    spec = importlib.util.spec_from_file_location(
        name, path, submodule_search_locations=[str(package_folder)] if package_folder else None)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def use_step(number):
    """Step N's snapshot (N as 7, '7' or '07') as the module `core` (and, from step 23, the
    package `dezero`)."""
    try:
        number = catalog.step_number(number)
    except ValueError as error:
        raise ValueError('use_step({!r}): {}'.format(number, error)) from None
    steps = {step.number: folder for step, folder in catalog.present()}
    if number not in steps:
        raise ValueError('no snapshot of step {} in {}'.format(number, catalog.STEPS_DIR))
    folder = steps[number]
    for name in list(sys.modules):
        if name in ('core', 'utils', 'dezero') or name.startswith('dezero.'):
            del sys.modules[name]
    if not (folder / '__init__.py').is_file():
        return load('core', folder / 'core.py')
    dezero = load('dezero', folder / '__init__.py', folder)
    sys.modules['core'] = sys.modules['dezero.core']  # one module under both names
    if (folder / 'utils.py').is_file():
        sys.modules['utils'] = importlib.import_module('dezero.utils')
    return dezero
