"""Running a plan in a child process, and watching it: a hang, a crash, the learner's os._exit()
or Ctrl-C end the child, never the checker, and never look like a pass."""
import dataclasses
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import typing

from common import catalog
from common.check import records
from common.check.records import (ChildPlan, Difference, End, Ended, Place, Problem, StepResult, TestStarted,
                                  UnitDone, UnitStarted, Where)

# The book's code takes milliseconds a test; a learner's example cell may train for a while.
LIMITS = dict(test=3.0, cell=10.0, memory=1 << 30)
GRACE = 5.0  # past a limit, the child had this long to stop by itself before it is killed


@dataclasses.dataclass
class Unfinished:
    """Why and where a run ended early."""
    why: Ended
    doing: typing.Union[UnitStarted, TestStarted, None] = None  # the last cell or test the child started
    places: typing.List[Place] = dataclasses.field(default_factory=list)  # where the learner's code was then
    detail: str = ''  # DIED: the child's last word on its standard error, or its exit status


@dataclasses.dataclass
class Outcome:
    """What a run found: each unit's Problem (or None), each step's result, the example's differences
    (example.judge), and why the run ended early, if it did."""
    units: typing.Dict[int, typing.Optional[Problem]] = dataclasses.field(default_factory=dict)
    steps: typing.List[StepResult] = dataclasses.field(default_factory=list)
    examples: typing.Dict[int, Difference] = dataclasses.field(default_factory=dict)
    unfinished: typing.Optional[Unfinished] = None
    doing: typing.Union[UnitStarted, TestStarted, None] = None
    places: typing.List[Place] = dataclasses.field(default_factory=list)

    def take(self, event):
        """Keep what an event says; True at the end."""
        if isinstance(event, (UnitStarted, TestStarted)):
            self.doing, self.places = event, []
        elif isinstance(event, UnitDone):
            self.units[event.index] = event.problem
        elif isinstance(event, StepResult):
            self.steps.append(event)
            self.doing = None
        elif isinstance(event, Where):
            self.places = event.places
        return isinstance(event, End)


def cache_dir(*parts):
    """The checker's own cache folder, per user: $XDG_CACHE_HOME (or ~/.cache) on Linux, ~/Library/Caches
    on macOS, %LOCALAPPDATA% on Windows, each with dezero-check/ in it; parts name a folder inside it,
    made when missing. None if it cannot be made (a read-only home): then nothing is cached."""
    home = os.path.expanduser('~')
    if sys.platform == 'win32':
        base = os.environ.get('LOCALAPPDATA') or os.path.join(home, 'AppData', 'Local')
    elif sys.platform == 'darwin':
        base = os.path.join(home, 'Library', 'Caches')
    else:
        base = os.environ.get('XDG_CACHE_HOME') or os.path.join(home, '.cache')
    folder = os.path.join(base, 'dezero-check', *parts)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return folder


def child_env():
    env = dict(os.environ)
    cache = cache_dir('pycache')
    if cache:
        env.pop('PYTHONDONTWRITEBYTECODE', None)  # the cache is the checker's own, and saves seconds
        env['PYTHONPYCACHEPREFIX'] = cache  # compiled files go there, never into the learner's folder
    else:  # no cache folder to be had: no cache
        env['PYTHONDONTWRITEBYTECODE'] = '1'
    env['PYTHONPATH'] = os.pathsep.join([str(catalog.ROOT)] + [p for p in [env.get('PYTHONPATH')] if p])
    # the book's arrays are tiny: one BLAS thread starts faster and keeps the memory limit honest
    env.update(OPENBLAS_NUM_THREADS='1', OMP_NUM_THREADS='1', MKL_NUM_THREADS='1', PYTHONIOENCODING='utf-8',
               DEZERO_CHECK_CHILD='1', PYTEST_DISABLE_PLUGIN_AUTOLOAD='1')
    return env


def run(plan, checks, limits=None):
    """Run the plan's checks (a list of records.Check) in a child process; return the Outcome."""
    limits = dict(LIMITS, **(limits or {}))
    outcome, scratch = Outcome(), tempfile.mkdtemp(prefix='dezero-check-')
    with open(os.path.join(scratch, 'plan.json'), 'w', encoding='utf-8') as file:
        json.dump(records.to_json(ChildPlan(plan.units, plan.paths, checks, limits)), file)
    # the learner's code runs in a scratch folder: what it writes or deletes is not ours
    work = os.path.join(scratch, 'work')
    os.mkdir(work)
    with open(os.path.join(scratch, 'stderr'), 'w+b') as errors:
        child = subprocess.Popen([sys.executable, '-m', 'common.check.child', os.path.join(scratch, 'plan.json')],
                                 cwd=work, env=child_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=errors, start_new_session=os.name == 'posix')
        events = queue.Queue()
        threading.Thread(target=lambda: [events.put(line) for line in child.stdout] + [events.put(None)],
                         daemon=True).start()
        try:
            watch(child, events, outcome, limits)
        except KeyboardInterrupt:
            outcome.unfinished = where(child, events, outcome, Ended.INTERRUPT)
        finally:
            stop(child)
            errors.seek(0)
            crash = errors.read().decode('utf-8', 'replace').strip().splitlines()
    if outcome.unfinished and outcome.unfinished.why is Ended.DIED:
        outcome.unfinished.detail = crash[-1] if crash else 'exit status {}'.format(child.returncode)
    shutil.rmtree(scratch, ignore_errors=True)
    return outcome


def watch(child, events, outcome, limits):
    """Take the child's events until its end; a child silent past its limit, or ended, is unfinished."""
    deadline = time.monotonic() + 60
    while True:
        try:
            line = events.get(timeout=max(0.05, deadline - time.monotonic()))
        except queue.Empty:
            outcome.unfinished = where(child, events, outcome, Ended.TIME)
            return
        if line is None:
            child.wait()
            outcome.unfinished = Unfinished(Ended.DIED, outcome.doing, outcome.places)
            return
        event = records.decode(line)
        if outcome.take(event):
            return
        if isinstance(event, (UnitStarted, TestStarted)):
            deadline = time.monotonic() + (limits['cell'] if isinstance(event, UnitStarted) else limits['test']) + GRACE
        elif isinstance(event, (UnitDone, StepResult)):
            deadline = time.monotonic() + 60


def where(child, events, outcome, why):
    """Ask the child where the learner's code is (a line on its standard input), and wait for the answer."""
    try:
        child.stdin.write(b'where\n')
        child.stdin.flush()
    except OSError:  # it has ended
        pass
    ends = time.monotonic() + 3.0  # it answers at once; a loaded machine may take a moment
    while time.monotonic() < ends:
        try:
            line = events.get(timeout=max(0.01, ends - time.monotonic()))
        except (queue.Empty, KeyboardInterrupt):
            break
        if line is None:
            break
        event = records.decode(line)
        outcome.take(event)
        if isinstance(event, Where):
            break
    return Unfinished(why, outcome.doing, outcome.places)


def stop(child):
    """End the child, and on POSIX every process of its group: what the learner's code started too."""
    if child.poll() is None:
        child.kill()
    try:
        child.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    if os.name == 'posix':
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except OSError:  # none of the group is left
            pass
