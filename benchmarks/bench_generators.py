"""Exercises generated per second for every registered generator kind at each difficulty.

One exercise = ``Kind.generate(seed, difficulty)`` (draw the rounded givens, solve, record the steps)
plus ``Exercise.dumps()`` (the JSON the CLI prints), one fresh seed each time. Prints a table;
nothing is asserted.

    python benchmarks/bench_generators.py [--seconds 0.5] [--kind KIND ...]
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np

from engine.generators import DIFFICULTIES, KINDS


def rate(kind_name: str, difficulty: str, seconds: float) -> float:
    """Exercises (with JSON) per second, measured over at least ``seconds`` of wall time."""
    kind = KINDS[kind_name]
    for seed in range(20):  # warm caches and lazy imports
        kind.generate(seed, difficulty).dumps()
    count, seed = 0, 1000
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(50):
            kind.generate(seed, difficulty).dumps()
            seed += 1
        count += 50
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.5, help="time per kind and difficulty (default 0.5)")
    parser.add_argument("--kind", action="append", choices=sorted(KINDS), help="only these kinds (repeatable)")
    args = parser.parse_args()

    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print("exercises per second (generate + JSON), one fresh seed each")
    print(f"{'kind':<24}" + "".join(f"{d:>10}" for d in DIFFICULTIES))
    for name in args.kind or sorted(KINDS):
        print(f"{name:<24}" + "".join(f"{rate(name, d, args.seconds):>10,.0f}" for d in DIFFICULTIES), flush=True)


if __name__ == "__main__":
    main()
