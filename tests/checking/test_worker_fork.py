"""CheckerPool(fork=True), used by one-shot commands: the worker is a fork of the command, with the
same time and memory limits as the spawned worker, and it is used only where a fork is safe."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading

from engine.checking.worker import _can_fork

# Run in a fresh interpreter: inside pytest numpy is loaded and threads may run, so the pool would
# (rightly) spawn instead of forking.
SCRIPT = textwrap.dedent('''
    import json, os, time
    from engine.checking import CheckerPool

    out = {}
    with CheckerPool(timeout=1.0, fork=True) as pool:
        out["ok"] = pool.check_symbolic("sigma(x)*(1 - sigma(x))", "σ(x)(1−σ(x))").correct
        out["kind"] = type(pool._proc).__name__
        out["worker_pid_differs"] = pool._proc.pid != os.getpid()
        start = time.monotonic()
        stalled = pool._verdict("_stall", (30,), {})
        out["stall"] = [stalled.status, stalled.extra.get("limit"), time.monotonic() - start]
        out["after_stall"] = pool.check_symbolic("x^2", "x*x").correct
        big = pool._verdict("_alloc", (3 << 30,), {})
        out["alloc"] = [big.status, big.extra.get("limit")]
        out["parent_unlimited"] = len(bytearray(1 << 30)) == 1 << 30
        pool._proc.kill()
        pool._proc.wait()
        out["after_kill"] = pool.check_numeric([0.5, 0.2], "[0.5, 0.3]").entries
        out["restarts"] = pool.restarts
        worker = pool._proc.pid
    out["worker_gone"] = not os.path.exists(f"/proc/{worker}") or open(f"/proc/{worker}/stat").read().split()[2] == "Z"
    print(json.dumps(out))
''')


def test_forked_worker_keeps_the_limits():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, "only the parent writes to stdout"
    out = json.loads(lines[0])
    assert out["ok"] and out["kind"] == "_Forked" and out["worker_pid_differs"]
    status, limit, elapsed = out["stall"]
    assert (status, limit) == ("invalid", "time") and elapsed < 2.0
    assert out["after_stall"]
    assert out["alloc"] == ["invalid", "memory"]
    assert out["parent_unlimited"]
    assert out["after_kill"] == [True, False]
    assert out["restarts"] == 1             # the pool killed the stalled worker; the dead one was simply replaced
    assert out["worker_gone"]


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not _can_fork()
    finally:
        stop.set()
        thread.join()


def test_no_fork_once_numpy_is_loaded():
    import numpy  # noqa: F401

    assert not _can_fork()


def test_check_command_prints_one_line_from_a_forked_worker():
    done = subprocess.run([sys.executable, "-m", "quizapp", "check", "0.5*(1+cos(pi*t/T))", "cos(pi*t/(2*T))^2",
                           "--var", "t", "--var", "T"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    assert json.loads(line)["verdict"] == "correct"
