"""CheckerPool: every check runs in a warm worker process with a hard time and memory limit.

Why a process: a signal cannot interrupt C-level work (a numpy or sympy call stuck in C), but the
parent can always SIGKILL a child. The worker sets RLIMIT_AS on itself before importing anything
heavy, answers one request at a time over pipes (length-prefixed pickles of our own data), and is
killed and lazily re-spawned when a check exceeds the time limit. The UI therefore never freezes
on a check: the worst case is `timeout` seconds and a "took too long" verdict.

Run as ``python -m engine.checking.worker MEMORY_BYTES`` (CheckerPool does this). A one-shot
command (``quizapp check``) asks for ``CheckerPool(fork=True)`` instead: the worker is a fork of the
command itself, which skips a second interpreter start (about half of a cold check). Fork is used
only while the process has a single thread and numpy is not loaded; otherwise the pool spawns.
"""

from __future__ import annotations

import atexit
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from typing import Any

from engine.checking.verdict import Verdict

_HEADER = struct.Struct(">I")
STARTUP_TIMEOUT = 30.0     # starting Python + numpy on a loaded machine; not part of a check's limit

TOO_SLOW = Verdict(
    "invalid",
    "This answer took too long to check — simplify it (smaller numbers, fewer nested powers) and try again.",
    "这个答案检查太久了——请化简（更小的数、更少的嵌套幂）后再试。",
    extra={"limit": "time"},
)
TOO_BIG = Verdict(
    "invalid",
    "This answer needs too much memory to check — simplify it and try again.",
    "检查这个答案需要太多内存——请化简后再试。",
    extra={"limit": "memory"},
)
CRASHED = Verdict(
    "invalid",
    "The checker stopped unexpectedly on this answer — please retype it more simply.",
    "检查程序在这个答案上意外停止——请换一种更简单的写法。",
    extra={"limit": "crash"},
)


class _Timeout(Exception):
    pass


class _Died(Exception):
    pass


class CheckerPool:
    """A warm worker process for checks, with limits. Thread-safe; starts on first use (or start()).

    timeout       wall-clock seconds per check; on time-out the worker is killed and a fresh one
                  starts with the next check
    memory_bytes  the worker's address-space limit (RLIMIT_AS)
    fork          start the worker as a fork of this process when that is safe (single-threaded,
                  numpy not loaded): for one-shot commands; the app keeps the default spawn
    """

    def __init__(self, timeout: float = 2.0, memory_bytes: int = 1 << 30, *, fork: bool = False):
        self.timeout = timeout
        self.memory_bytes = memory_bytes
        self.fork = fork
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self.restarts = 0          # how many workers were killed or lost (for tests and diagnostics)

    # -- public API ----------------------------------------------------------------------------
    def start(self) -> None:
        """Start the worker now (e.g. while the first question is on screen) instead of on first use."""
        with self._lock:
            self._ensure()

    def check_symbolic(self, expected: str, answer: str, **kw) -> Verdict:
        """engine.checking.check_symbolic in the worker. With prove=True the symbolic confirmation is a
        second request under its own time limit; if it runs out, the verdict stands without it."""
        prove = kw.pop("prove", False)
        verdict = self._verdict("check_symbolic", (expected, answer), kw)
        if prove and verdict.status != "invalid" and verdict.counterexample is None:
            try:
                proved = self._call("prove", (expected, answer), {"variables": kw.get("variables", ("x",)),
                                                                  "aliases": kw.get("aliases")})
            except (_Timeout, _Died, MemoryError):
                proved = False
            if proved:
                import dataclasses

                verdict = dataclasses.replace(verdict, proved=True)
        return verdict

    def check_numeric(self, expected: Any, answer: Any, **kw) -> Verdict:
        return self._verdict("check_numeric", (expected, answer), kw)

    def grade(self, question, response: Any) -> Verdict:
        """engine.checking.grade in the worker (raises ValueError for open/generated questions)."""
        return self._verdict("grade", (question, response), {})

    def close(self) -> None:
        with self._lock:
            self._stop()

    def __enter__(self) -> "CheckerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- machinery -----------------------------------------------------------------------------
    def _verdict(self, op: str, args: tuple, kw: dict) -> Verdict:
        try:
            return self._call(op, args, kw)
        except _Timeout:
            return TOO_SLOW
        except MemoryError:
            return TOO_BIG
        except _Died:
            return CRASHED

    def _call(self, op: str, args: tuple, kw: dict) -> Any:
        payload = pickle.dumps((op, args, kw), protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            proc = self._ensure()
            try:
                os.write(proc.stdin.fileno(), _HEADER.pack(len(payload)))
                _write_all(proc.stdin.fileno(), payload)
                deadline = time.monotonic() + self.timeout
                (size,) = _HEADER.unpack(self._read(proc, _HEADER.size, deadline))
                reply = pickle.loads(self._read(proc, size, deadline))
            except _Timeout:
                self._kill()
                raise
            except (OSError, EOFError, pickle.UnpicklingError, struct.error):
                self._kill()
                raise _Died() from None
        status, value = reply
        if status == "ok":
            return value
        if status == "memory":
            raise MemoryError()
        if status == "value-error":
            raise ValueError(value)
        raise RuntimeError(f"checker worker: {value}")

    def _ensure(self) -> subprocess.Popen:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        self._proc = None
        if self.fork and _can_fork():
            self._proc = _Forked.start(self.memory_bytes)
            return self._proc
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
                   PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
        proc = subprocess.Popen(
            [sys.executable, "-m", "engine.checking.worker", str(self.memory_bytes)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
            close_fds=True, start_new_session=True, bufsize=0,
        )
        self._proc = _when_ready(proc)
        return proc

    @staticmethod
    def _read(proc: subprocess.Popen, n: int, deadline: float) -> bytes:
        fd = proc.stdout.fileno()
        buf = bytearray()
        while len(buf) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Timeout()
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                raise _Timeout()
            chunk = os.read(fd, n - len(buf))
            if not chunk:
                raise EOFError("checker worker exited")
            buf += chunk
        return bytes(buf)

    def _kill(self) -> None:
        if self._proc is not None:
            _kill(self._proc)
            self._proc = None
            self.restarts += 1

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            proc.stdin.close()
            proc.wait(timeout=1.0)
        except (OSError, subprocess.TimeoutExpired):
            _kill(proc)
        finally:
            if proc.stdout:
                proc.stdout.close()


def _when_ready(proc):
    """``proc`` once its worker has said it is ready ("R"); killed, and RuntimeError, if it never does."""
    try:
        ready = CheckerPool._read(proc, 1, time.monotonic() + STARTUP_TIMEOUT)
    except (_Timeout, EOFError, OSError):
        ready = b""
    if ready != b"R":
        _kill(proc)
        raise RuntimeError("the answer checker could not start")
    return proc


def _can_fork() -> bool:
    # A fork copies one thread only (another thread's locks would stay held in the child), and a
    # BLAS thread pool set up by numpy does not survive it.
    return hasattr(os, "fork") and threading.active_count() == 1 and "numpy" not in sys.modules


class _Forked:
    """The worker as a fork of this process, with the parts of subprocess.Popen that CheckerPool uses."""

    def __init__(self, pid: int, stdin, stdout) -> None:
        self.pid, self.stdin, self.stdout = pid, stdin, stdout
        self.returncode: int | None = None

    @classmethod
    def start(cls, memory_bytes: int) -> "_Forked":
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        pid = os.fork()
        if pid == 0:                                   # the worker
            code = 0
            try:
                os.setsid()                            # Ctrl+C in the terminal goes to the command only
                os.close(to_child_w)
                os.close(from_child_r)
                for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                    os.environ[name] = "1"
                _serve(memory_bytes, inp=to_child_r, out=from_child_w, warm=False)
            except BaseException:
                code = 1
            finally:
                os._exit(code)                         # never the parent's atexit handlers or buffers
        os.close(to_child_r)
        os.close(from_child_w)
        stdin, stdout = os.fdopen(to_child_w, "wb", buffering=0), os.fdopen(from_child_r, "rb", buffering=0)
        return _when_ready(cls(pid, stdin, stdout))

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = -1
            else:
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("checker worker", timeout)
            time.sleep(0.002)
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _kill(proc: subprocess.Popen) -> None:
    try:
        proc.kill()
        proc.wait(timeout=5.0)
    except (OSError, subprocess.TimeoutExpired):
        pass
    for stream in (proc.stdin, proc.stdout):
        try:
            if stream:
                stream.close()
        except OSError:
            pass


_default: CheckerPool | None = None
_default_lock = threading.Lock()


def default_pool() -> CheckerPool:
    """The process-wide shared pool, closed at exit."""
    global _default
    with _default_lock:
        if _default is None:
            _default = CheckerPool()
            atexit.register(_default.close)
        return _default


# -- the worker side ---------------------------------------------------------------------------
def _serve(memory_bytes: int, inp: int | None = None, out: int | None = None, warm: bool = True) -> None:
    """Answer requests until the input closes. Spawned: requests on stdin, replies on stdout (with
    ``inp``/``out`` given, on those descriptors). ``warm`` runs every code path once before saying
    ready (a long-lived worker's first real check is then as fast as the others)."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    if out is None:
        # Replies go to a private copy of stdout; anything printed by accident goes to stderr instead.
        out = os.dup(1)
        os.dup2(2, 1)
        inp = 0
    else:
        os.dup2(2, 1)    # a fork's stdout is the command's: nothing the checker prints may reach it

    import engine.checking as checking
    from engine.checking.build import prove_equal  # noqa: F401  (cheap: sympy itself stays lazy)

    if warm:
        checking.check_symbolic("sigma(x)*(1 - sigma(x))", "σ(x)(1−σ(x))")   # warm every code path once
        checking.check_numeric([0.5], "[1/2]")
    os.write(out, b"R")

    def read(n: int) -> bytes:
        buf = bytearray()
        while len(buf) < n:
            chunk = os.read(inp, n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return bytes(buf)

    def prove(expected, answer, variables=("x",), aliases=None):
        from engine.checking.build import prove_equal
        from engine.checking.parser import parse

        try:
            return prove_equal(parse(expected, variables=variables, aliases=aliases),
                               parse(answer, variables=variables, aliases=aliases))
        except ValueError:
            return False

    ops = {
        "check_symbolic": checking.check_symbolic,
        "check_numeric": checking.check_numeric,
        "grade": checking.grade,
        "prove": prove,
        "ping": lambda: "pong",
        # Diagnostics used by the tests of the limits themselves:
        "_stall": lambda seconds: time.sleep(seconds),
        "_alloc": lambda nbytes: len(bytearray(nbytes)),
    }
    while True:
        try:
            (size,) = _HEADER.unpack(read(_HEADER.size))
            op, args, kw = pickle.loads(read(size))
        except EOFError:
            return
        try:
            reply = ("ok", ops[op](*args, **kw))
        except MemoryError:
            reply = ("memory", None)
        except ValueError as exc:
            reply = ("value-error", str(exc))
        except Exception as exc:  # a bug in the checker: reported to the parent, never a dead worker
            reply = ("error", f"{type(exc).__name__}: {exc}")
        try:
            data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("memory", None))
        os.write(out, _HEADER.pack(len(data)))
        _write_all(out, data)


if __name__ == "__main__":
    _serve(int(sys.argv[1]) if len(sys.argv) > 1 else 1 << 30)
