"""How fast is grading? Prints figures; asserts nothing.

    python benchmarks/bench_check.py [--rounds N]

1. Warm batch: the same mix of symbolic and numeric checks the app sends, through a warm
   CheckerPool (what the TUI uses): median and p95 milliseconds per check, including the pipe
   round trip. Targets: median <= 1 ms, p95 <= 20 ms.
2. In-process: the same checks without the worker (the cost of the checker itself).
3. Cold: wall time of one `quizapp check` subprocess (Python start, imports, worker start, one
   check; the command forks its worker). Target <= 0.3 s. Also the import time of engine.checking alone.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CHECKS = [
    ("symbolic", "sigma(x)*(1 - sigma(x))", "σ(x)(1−σ(x))", {}),
    ("symbolic", "sigma(x)*(1 - sigma(x))", "e^-x/(1+e^-x)^2", {"forbid": ("exp",)}),
    ("symbolic", "sigma(x)*(1 - sigma(x))", "sigma(x)", {}),
    ("symbolic", "1 - tanh(x)^2", "sech²(x)", {}),
    ("symbolic", "x > 0 ? 1 : alpha*exp(x)", "1 if x > 0 else α e^x", {"variables": ("x", "alpha")}),
    ("symbolic", "p - y", "y - p", {"variables": ("p", "y")}),
    ("symbolic", "w - eta*(g + lambda*w)", "(1 − η λ) w − η g", {"variables": ("w", "eta", "g", "lambda")}),
    ("symbolic", "-y/p + (1 - y)/(1 - p)", "(p - y)/(p(1 - p))", {"variables": ("p", "y")}),
    ("symbolic", "x", "xy", {}),
    ("symbolic", "x", "9^9^9^9", {}),
    ("numeric", 0.2350037122015945, "1/(1+e^-0.5)*(1 - 1/(1+e^-0.5))", {}),
    ("numeric", [[1.0, 2.0], [3.0, 4.0]], "[[1, 2], [3, 4.1]]", {}),
]


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def timed(run, rounds):
    per_check = []
    for _ in range(rounds):
        for kind, expected, answer, kw in CHECKS:
            start = time.perf_counter()
            run(kind, expected, answer, kw)
            per_check.append((time.perf_counter() - start) * 1000)
    return per_check


def report(label, ms):
    print(f"{label:<28} n={len(ms):<5} median {statistics.median(ms):6.2f} ms   p95 {percentile(ms, 0.95):6.2f} ms"
          f"   max {max(ms):7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()

    from engine.checking import CheckerPool, check_numeric, check_symbolic

    def in_process(kind, expected, answer, kw):
        return check_symbolic(expected, answer, **kw) if kind == "symbolic" else check_numeric(expected, answer)

    with CheckerPool() as pool:
        pool.start()

        def in_worker(kind, expected, answer, kw):
            if kind == "symbolic":
                return pool.check_symbolic(expected, answer, **kw)
            return pool.check_numeric(expected, answer)

        timed(in_worker, 2)                                  # warm-up
        report("warm batch (worker)", timed(in_worker, args.rounds))
    timed(in_process, 2)
    report("in-process (no worker)", timed(in_process, args.rounds))

    cold = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "quizapp", "check", "sigma(x)*(1 - sigma(x))", "σ(x)(1−σ(x))"],
                       capture_output=True, check=True)
        cold.append(time.perf_counter() - start)
    print(f"{'cold quizapp check':<28} n=5     median {statistics.median(cold):6.3f} s    min {min(cold):6.3f} s"
          f"    max {max(cold):6.3f} s")
    imports = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import engine.checking; engine.checking.check_symbolic('x', 'x')"],
                       capture_output=True, check=True)
        imports.append(time.perf_counter() - start)
    print(f"{'python + checker + 1 check':<28} n=5     median {statistics.median(imports):6.3f} s")


if __name__ == "__main__":
    main()
