"""Generated questions per second, exported to JSON (issue 8 target: >= 2,000/s).

    python benchmarks/bench_export.py [--count 10000] [--kind mlp-backprop] [--processes N]

Prints the end-to-end figure of the real command (``quizapp export --format json --generate
KIND=COUNT``, in a subprocess, including start-up) and, in this process, how the time splits:
generating the exercises, turning them into Questions, writing the JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--kind", default="mlp-backprop")
    parser.add_argument("--processes", type=int, default=None, help="worker processes (default: automatic)")
    args = parser.parse_args()

    from engine.bank.from_exercise import question_from_exercise
    from engine.export import ExportOptions, export
    from engine.export.select import default_processes, generated_questions, generated_seeds, parse_generate
    from engine.generators import generate

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export.json"
        env = {**os.environ, "QUIZAPP_DATA_DIR": str(Path(tmp) / "data")}
        cmd = [sys.executable, "-m", "quizapp", "export", "--format", "json", "--output", str(out),
               "--generate", f"{args.kind}={args.count}", "--topic", "llm", "--type", "truefalse"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        with open(out, encoding="utf-8") as f:
            exported = sum(1 for q in json.load(f)["questions"] if q["id"].startswith("generated/"))
        assert exported == args.count, exported
        print(f"quizapp export --generate {args.kind}={args.count} to JSON: {wall:.2f} s wall, "
              f"{args.count / wall:,.0f} generated questions/s end to end "
              f"({default_processes(args.count)} worker processes; {cpu:.2f} s CPU in all processes)")

        # CPU time (process_time) rather than wall time: on a shared machine it is what one idle core gives
        n = min(args.count, 2000)
        start = time.process_time()
        exercises = [generate(args.kind, seed, "easy") for seed in range(n)]
        t_gen = (time.process_time() - start) / n
        start = time.process_time()
        questions = [question_from_exercise(ex) for ex in exercises]
        t_conv = (time.process_time() - start) / n
        start = time.process_time()
        export(questions, "json", out, ExportOptions())
        t_json = (time.process_time() - start) / n
        print(f"CPU per question, one process: generate {t_gen * 1e3:.3f} ms, to Question {t_conv * 1e3:.3f} ms, "
              f"JSON write {t_json * 1e3:.3f} ms -> {1 / (t_gen + t_conv + t_json):,.0f}/s on one idle core")

        requests = [parse_generate(f"{args.kind}={args.count}")]
        start = time.perf_counter()
        count = sum(1 for _ in generated_questions(generated_seeds(requests, 0), processes=args.processes))
        t = time.perf_counter() - start
        print(f"generate + convert {count} in-process: {count / t:,.0f}/s")


if __name__ == "__main__":
    main()
