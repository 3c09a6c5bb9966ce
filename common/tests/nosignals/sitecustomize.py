"""Python as Windows has it, on Linux: no SIGALRM, no setitimer, no SIGUSR1, no resource module.

    PYTHONPATH=common/tests/nosignals python -m pytest common/tests/test_check_safety.py -m slow

tox -e nosignals runs the checker's safety tests this way: the checker must stop a loop that never
ends, name where it was and go on, without the POSIX-only parts."""
import signal
import sys

for name in ('SIGALRM', 'setitimer', 'getitimer', 'ITIMER_REAL', 'SIGUSR1', 'alarm'):
    if hasattr(signal, name):
        delattr(signal, name)
sys.modules['resource'] = None  # import resource raises ImportError
