"""CheckerPool: checks in a warm worker with hard time and memory limits."""

from __future__ import annotations

import threading
import time

import pytest

from engine.bank.model import OpenAnswer, Question, SymbolicAnswer
from engine.checking import CheckerPool, default_pool
from engine.text import Text


@pytest.fixture(scope="module")
def pool():
    with CheckerPool(timeout=1.0) as p:
        yield p


def test_checks_run_in_the_worker(pool):
    assert pool.check_symbolic("sigma(x)*(1 - sigma(x))", "σ(x)(1−σ(x))").correct
    assert pool.check_numeric([0.5, 0.2], "[0.5, 0.3]").entries == [True, False]
    q = Question("nn-basics/w", "nn-basics", "symbolic", 1, (), Text.same("?"), Text.same("."), "notes 1.4",
                 SymbolicAnswer("w - eta*g", ("w", "eta", "g")))
    assert pool.grade(q, "w − η g").correct


def test_stuck_work_is_killed_and_the_worker_replaced(pool):
    before = pool.restarts
    start = time.monotonic()
    verdict = pool._verdict("_stall", (30,), {})          # work that would never return in time
    elapsed = time.monotonic() - start
    assert verdict.status == "invalid" and "too long" in verdict.message and verdict.extra["limit"] == "time"
    assert elapsed < 1.0 + 1.0
    assert pool.restarts == before + 1
    assert pool.check_symbolic("x", "x").correct          # a fresh worker answers the next check


def test_memory_is_limited_in_the_worker_only(pool):
    verdict = pool._verdict("_alloc", (3 << 30,), {})     # 3 GiB > the 1 GiB limit
    assert verdict.status == "invalid" and verdict.extra["limit"] == "memory"
    assert pool.check_symbolic("x^2", "x·x").correct       # the same worker carries on
    assert len(bytearray(64 << 20)) == 64 << 20           # the parent is not limited


def test_a_dead_worker_is_replaced(pool):
    pool._proc.kill()
    pool._proc.wait()
    assert pool.check_symbolic("x", "x").correct


def test_thread_safe(pool):
    results = []

    def work(i):
        results.append(pool.check_symbolic(f"{i}*x", f"x*{i}").correct)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [True] * 8


def test_grade_errors_come_back_as_value_error(pool):
    q = Question("nn-basics/o", "nn-basics", "open", 1, (), Text.same("?"), Text.same("."), "notes 1.1",
                 OpenAnswer(Text.same("m"), ()))
    with pytest.raises(ValueError, match="self-rated"):
        pool.grade(q, "x")


def test_prove_adds_proved_but_never_decides(pool):
    slow = CheckerPool(timeout=5.0)
    try:
        proved = slow.check_symbolic("sigma(x)*(1 - sigma(x))", "sigma(x) - sigma(x)^2", prove=True)
        assert proved.correct and proved.proved
        # whether or not sympy can show this one (a piecewise against sign), sampling decides the grade
        unproved = slow.check_symbolic("x > 0 ? 1 : 0", "(sign(x) + 1)/2", prove=True)
        assert unproved.correct
        wrong = slow.check_symbolic("x", "2x", prove=True)
        assert wrong.status == "incorrect" and not wrong.proved
    finally:
        slow.close()


def test_default_pool_is_shared():
    assert default_pool() is default_pool()


def test_close_stops_the_worker():
    p = CheckerPool()
    p.start()
    proc = p._proc
    p.close()
    assert proc.poll() is not None
