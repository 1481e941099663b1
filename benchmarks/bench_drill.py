"""How long does one drill step take to grade? Prints figures; asserts nothing.

    python benchmarks/bench_drill.py [--seeds N]

For every generator kind and difficulty, a DrillSession is walked to the end with a wrong answer and
then the right one at each step. The first submit of a step re-solves the exercise with the learner's
carried values (Kind.resolve) and computes the kind's typical mistakes (for the diagnosis and for the
step's per-entry tolerance, quizapp.drill.precision); every submit grades the typed cells
(check_numeric, in process). Reported: median and p95 milliseconds per submit, and per
hint level 2 (the formula with this exercise's numbers). The UI adds the checker pool's pipe round
trip (see bench_check.py).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from engine.generators import DIFFICULTIES, KINDS
from quizapp.drill.session import DrillSession


def cells(value, shift: float = 0.0):
    arr = np.asarray(value, dtype=float) + shift
    if arr.ndim == 0:
        return f"{float(arr):.8g}"
    if arr.ndim == 1:
        return [f"{v:.8g}" for v in arr]
    return [[f"{v:.8g}" for v in row] for row in arr]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    print(f"{'kind':24} {'difficulty':10} {'steps':>5} {'submit ms p50':>14} {'p95':>7} {'hint2 ms':>9}")
    for name in sorted(KINDS):
        for difficulty in DIFFICULTIES:
            submits, hints, steps = [], [], 0
            for seed in range(args.seeds):
                s = DrillSession(name, seed, difficulty)
                steps = s.total
                while not s.finished:
                    t0 = time.perf_counter()
                    s.hint_text(2)
                    hints.append(time.perf_counter() - t0)
                    right = s.expected()
                    for typed in (cells(right, 1.0), cells(right)):
                        t0 = time.perf_counter()
                        s.submit(typed)
                        submits.append(time.perf_counter() - t0)
            q = statistics.quantiles(submits, n=20)
            print(f"{name:24} {difficulty:10} {steps:5d} {statistics.median(submits) * 1e3:14.2f} "
                  f"{q[18] * 1e3:7.2f} {statistics.median(hints) * 1e3:9.2f}")


if __name__ == "__main__":
    main()
