"""The limits of the learner's code in the child: time (SIGALRM, or a watchdog thread where there is
none), memory and file size."""
import contextlib
import signal
import threading
import time

FILE_SIZE = 64 << 20  # bytes: what one file the learner's code writes may grow to


class TimeLimit(BaseException):
    """A cell, file or test ran past its time limit (a BaseException, so `except Exception` cannot swallow it)."""


class HardExit(SystemExit):
    """os._exit() in the learner's code, which here ends only the cell."""


class InputAsked(EOFError):
    """input() in the learner's code: nobody is there to answer."""


def alarm(signum, frame):
    raise TimeLimit()


class Watchdog:
    """A time limit without signals (Windows has no SIGALRM): a thread that, at the deadline, says
    where the learner's code is and raises TimeLimit in the main thread between two bytecodes."""

    def __init__(self, session):
        self.session = session
        self.lock, self.armed, self.fired = threading.Condition(), None, False
        threading.Thread(target=self.watch, daemon=True).start()

    def watch(self):
        import ctypes
        with self.lock:
            while True:
                if self.armed is None:
                    self.lock.wait()
                    continue
                left = self.armed - time.monotonic()
                if left > 0:
                    self.lock.wait(left)
                    continue
                self.armed, self.fired = None, True
                self.session.where()
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.session.main),
                                                           ctypes.py_object(TimeLimit))

    @contextlib.contextmanager
    def limit(self, seconds):
        with self.lock:
            self.armed, self.fired = time.monotonic() + seconds, False
            self.lock.notify()
        taken = False
        try:
            yield
        except TimeLimit:
            taken = True
            raise
        finally:
            with self.lock:
                fired, self.armed, self.fired = self.fired, None, False
            if fired and not taken:  # the block ended as the watchdog fired: take its TimeLimit here
                try:
                    for _ in range(10 ** 6):
                        pass
                except TimeLimit:
                    pass


@contextlib.contextmanager
def alarm_limit(seconds):
    signal.signal(signal.SIGALRM, alarm)  # pytest, numpy or the learner may have set another handler
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


HAS_ALARM = hasattr(signal, 'SIGALRM') and hasattr(signal, 'setitimer')


def limit_memory(extra, file_size=FILE_SIZE):
    """On Linux: the address space may grow by `extra` bytes past what the checker itself uses. On
    POSIX: no file written may grow past file_size (a write past it fails, and ends nothing)."""
    try:
        import resource
    except ImportError:
        return  # Windows: the time limits bound a runaway instead
    try:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
        with open('/proc/self/status') as status:
            size = next(int(line.split()[1]) * 1024 for line in status if line.startswith('VmSize:'))
        resource.setrlimit(resource.RLIMIT_AS, (size + extra, resource.RLIM_INFINITY))
    except (AttributeError, OSError, ValueError, StopIteration):
        pass  # macOS has no /proc: no memory limit there
