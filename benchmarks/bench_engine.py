"""Engine speed, printed (never asserted):

1. mlp-backprop exercises per second at medium, JSON included (target >= 5,000/s), and how that
   time splits between generating and serialising;
2. exercises per second for every registered kind at medium, JSON included;
3. training steps per second of a 784-256-10 ReLU/softmax MLP at batch 128 in float32 (SGD with
   momentum), beside PyTorch's CPU figure for the same net when torch happens to be importable.

    python benchmarks/bench_engine.py [--seconds 2] [--runs 3] [--threads N]

Every figure is the best of ``--runs`` measurements (other processes share the machine; the load
average is printed). PyTorch runs with as many threads as BLAS has (torch.set_num_threads).

On a machine shared with other busy processes, OpenBLAS's threads wait on each other and the
training figure collapses; ``--threads 1`` shows the single-core figure (it sets OPENBLAS_NUM_THREADS
before NumPy loads).
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import sys

if __name__ == "__main__" and "--threads" in sys.argv[:-1]:   # must happen before NumPy loads BLAS
    os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = sys.argv[sys.argv.index("--threads") + 1]

import numpy as np  # noqa: E402

from engine.generators import KINDS  # noqa: E402
from engine.nn import MLP, SGD  # noqa: E402


RUNS = 3


def timed(fn, seconds: float, batch: int = 50) -> float:
    """Calls of ``fn(i)`` per second over at least ``seconds`` of wall time (after a short warm-up),
    the best of RUNS such measurements, each on fresh arguments."""
    return timed_side_by_side([fn], seconds, batch)[0]


def timed_side_by_side(fns, seconds: float, batch: int = 50) -> list[float]:
    """``timed`` for several functions whose runs alternate, so that they meet the same load."""
    for fn in fns:
        for i in range(min(batch, 20)):
            fn(i)
    best, count = [0.0] * len(fns), 0
    for _ in range(RUNS):
        for k, fn in enumerate(fns):
            done, start = 0, time.perf_counter()
            while True:
                for _ in range(batch):
                    fn(1000 + count)
                    count += 1
                    done += 1
                elapsed = time.perf_counter() - start
                if elapsed >= seconds:
                    best[k] = max(best[k], done / elapsed)
                    break
    return best


def exercises(seconds: float) -> None:
    kind = KINDS["mlp-backprop"]
    with_json = timed(lambda s: kind.generate(s, "medium").dumps(), seconds)
    generate_only = timed(lambda s: kind.generate(s, "medium"), seconds)
    sample = [kind.generate(s, "medium") for s in range(200)]
    json_only = timed(lambda s: sample[s % 200].dumps(), seconds)
    print(f"mlp-backprop, medium, with JSON     {with_json:10,.0f} exercises/s   (target >= 5,000)")
    print(f"  generate only (givens + solve)    {generate_only:10,.0f} /s   = {1e6 / generate_only:6.0f} µs each")
    print(f"  Exercise.dumps only               {json_only:10,.0f} /s   = {1e6 / json_only:6.0f} µs each")
    print()
    print("every kind, medium, with JSON:")
    for name in sorted(KINDS):
        k = KINDS[name]
        print(f"  {name:24s} {timed(lambda s: k.generate(s, 'medium').dumps(), seconds / 4):10,.0f} /s")
    print()


def numpy_training():
    """One training step of engine.nn, as a function of a dummy argument."""
    rng = np.random.default_rng(0)
    net = MLP([784, 256, 10], ["relu", "softmax"], "cross_entropy", rng=rng, dtype=np.float32)
    opt = SGD(net.params, lr=0.01, momentum=0.9)
    x = rng.standard_normal((128, 784), dtype=np.float32)
    labels = rng.integers(0, 10, 128)

    def step(_: int) -> None:
        _, grads = net.loss_and_grads(x, labels)
        opt.step(grads)

    step(0)
    assert all(p.dtype == np.float32 for p in net.params.values())
    return step


def torch_training(threads: int):
    """One PyTorch training step of the same net, or None without PyTorch."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(threads)  # the same thread count as NumPy's BLAS
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    x = torch.randn(128, 784)
    labels = torch.randint(0, 10, (128,))
    loss_fn = torch.nn.CrossEntropyLoss()

    def step(_: int) -> None:
        opt.zero_grad(set_to_none=True)
        loss_fn(net(x), labels).backward()
        opt.step()

    return step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="wall time per measurement (default 2)")
    parser.add_argument("--threads", type=int, help="BLAS threads (default: OpenBLAS's choice, one per CPU)")
    parser.add_argument("--runs", type=int, default=3, help="measurements per figure, the best is shown (default 3)")
    parser.add_argument("--training-only", action="store_true", help="skip the exercise rates")
    args = parser.parse_args()
    global RUNS
    RUNS = max(1, args.runs)
    threads = args.threads or os.cpu_count() or 1   # OpenBLAS starts one thread per CPU unless told
    print(f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}, BLAS threads {threads}, best of {RUNS} runs")
    print()
    if not args.training_only:
        exercises(args.seconds)
    torch_step = torch_training(threads)
    rates = timed_side_by_side([numpy_training()] + ([torch_step] if torch_step else []), args.seconds, batch=10)
    ours = rates[0]
    print(f"784-256-10 MLP, batch 128, float32, SGD+momentum: engine.nn {ours:8,.0f} steps/s")
    if torch_step is None:
        print("  (PyTorch is not installed here: no comparison figure)")
    else:
        theirs = rates[1]
        print(f"  PyTorch CPU, same net and optimiser:            {theirs:8,.0f} steps/s  "
              f"(engine.nn / PyTorch = {ours / theirs:.2f})")
    if args.threads is None:
        # The same measurement on one BLAS thread, in a fresh process (the thread count is fixed when
        # NumPy loads): on a busy machine this is often the faster one.
        import subprocess

        result = subprocess.run([sys.executable, __file__, "--training-only", "--threads", "1",
                                 "--seconds", str(args.seconds), "--runs", str(RUNS)], capture_output=True, text=True)
        print("with one BLAS thread:")
        print("\n".join("  " + line for line in result.stdout.splitlines()[2:]))


if __name__ == "__main__":
    main()
