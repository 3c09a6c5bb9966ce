"""Run step examples as `python core.py` runs them, each in its own folder, without paying for
Python and numpy's start-up every time: this process imports numpy once, then forks a child per
folder, whose sys.path, argv and working folder are the example's own.

    python common/stepdiff/runner.py FOLDER...   prints {folder: [output, exit code]} as JSON
"""
import json
import os
import runpy
import sys
import tempfile
import time
import traceback

import numpy  # noqa: F401  (imported once, before the forks: what makes them quick)

TIMEOUT = 120


def child(folder, out_fd):
    os.dup2(out_fd, 1)
    os.dup2(out_fd, 2)
    os.chdir(folder)
    sys.path[0] = folder
    sys.argv = ['core.py']
    code = 0
    try:
        runpy.run_path('core.py', run_name='__main__')
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if not isinstance(stop.code, (int, type(None))):
            print(stop.code, file=sys.stderr)
    except BaseException:  # noqa: B036 - what python prints for an uncaught exception
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def start(folder):
    out = tempfile.TemporaryFile()
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        child(folder, out.fileno())
    return pid, out, time.monotonic()


def finish(pid, out, status):
    out.seek(0)
    code = os.waitstatus_to_exitcode(status) if status is not None else 'timeout'
    return [out.read().decode('utf-8', 'replace'), code]


def run(folders, at_once=os.cpu_count() or 2):
    waiting, running, results = list(folders), {}, {}
    while waiting or running:
        while waiting and len(running) < at_once:
            folder = waiting.pop(0)
            running[folder] = start(folder)
        for folder, (pid, out, began) in list(running.items()):
            done, status = os.waitpid(pid, os.WNOHANG)
            if not done and time.monotonic() - began > TIMEOUT:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                done, status = pid, None
            if done:
                results[folder] = finish(pid, out, status)
                del running[folder]
        time.sleep(0.005)
    return results


if __name__ == '__main__':
    sys.stdout.write(json.dumps(run(sys.argv[1:])))
