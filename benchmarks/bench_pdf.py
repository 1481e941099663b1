"""A printed worksheet of 6 exercises (issue 18 target: <= 2 s).

    python benchmarks/bench_pdf.py [--kind mlp-backprop] [--count 6] [--difficulty easy] [--runs 5]

Prints the end-to-end time of the real command (``quizapp export --format pdf --generate
KIND=COUNT``, in a subprocess, start-up included) in English and, when a CJK font is installed, in
both languages (the Chinese font is then subset into the PDF too); then, in this process, how the
time splits: generating the exercises, the drill's digits, building the Typst source, compiling.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _command(out: Path, kind: str, count: int, difficulty: str, lang: str) -> list[str]:
    return [sys.executable, "-m", "quizapp", "export", "--format", "pdf", "--output", str(out),
            "--generate", f"{kind}={count}", "--difficulty", difficulty, "--seed", "1", "--lang", lang]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", default="mlp-backprop")
    parser.add_argument("--count", type=int, default=6)
    parser.add_argument("--difficulty", default="easy")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from engine.generators import generate
    from engine.pdf import SheetOptions, render_pdf, typst_source
    from engine.pdf.fonts import find_cjk_font
    from quizapp.drill import shown_digits

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    langs = ["en"] + (["both"] if find_cjk_font(set("梯度")) else [])
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QUIZAPP_DATA_DIR": tempfile.mkdtemp()}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ws.pdf"
        for lang in langs:
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                subprocess.run(_command(out, args.kind, args.count, args.difficulty, lang), check=True, env=env,
                               cwd=ROOT, stderr=subprocess.DEVNULL)
                times.append(time.perf_counter() - t0)
            print(f"quizapp export --format pdf --generate {args.kind}={args.count} --lang {lang}: "
                  f"median {statistics.median(times):.2f} s, worst {max(times):.2f} s of {args.runs} runs "
                  f"({out.stat().st_size / 1024:.0f} KiB) -> {'OK' if max(times) <= 2.0 else 'OVER'} (target <= 2 s)")

    t0 = time.perf_counter()
    exercises = [generate(args.kind, s, args.difficulty) for s in range(1, 1 + args.count)]
    t1 = time.perf_counter()
    digits = [shown_digits(e) for e in exercises]
    t2 = time.perf_counter()
    options = SheetOptions(lang="en", digits=lambda e: digits[exercises.index(e)])
    source = typst_source(exercises, (), options)
    t3 = time.perf_counter()
    render_pdf(exercises, (), options)        # builds the source again, then compiles
    t4 = time.perf_counter()
    print(f"in process (en): generate {1000 * (t1 - t0):.0f} ms, drill digits {1000 * (t2 - t1):.0f} ms, "
          f"Typst source {1000 * (t3 - t2):.0f} ms ({len(source) / 1024:.0f} KiB), "
          f"compile {1000 * (t4 - t3 - (t3 - t2)):.0f} ms")


if __name__ == "__main__":
    main()
