"""bench_scale part "bank": a synthetic user bank of each size (benchmarks/scale_common.build_bank).

For each size: ``quizapp bank validate FOLDER`` (time, peak RSS), then the app started on it as a
``--bank`` folder in a 100x32 pty (as bench_startup does) -- the first start with the bank cache
deleted (every file parsed, in a worker, the home showing "n/N files") and the second start (cache
warm) -- timed until the home is usable (its summary line shows the counts), with the app's peak RSS
(VmHWM) read once it is. Targets at 100,000 questions, second start: <= 1.5 s and <= 150 MB.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pexpect

from bench_startup import ANSI, peak_memory
from scale_common import build_bank, scratch

USABLE = "answers so far"
PROGRESS = re.compile(r"Loading the question bank… (\d+)/(\d+) files")


def validate(folder: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Seconds, peak RSS (MB) and exit code of ``quizapp bank validate FOLDER``."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "quizapp", "bank", "validate", str(folder)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode


def usable_home(folder: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds until the home is usable, the app's peak RSS (MB) then, and the progress seen
    meanwhile ("" when none was needed: the counts were there at once)."""
    start = time.perf_counter()
    child = pexpect.spawn(sys.executable, ["-m", "quizapp", "--lang", "en", "--bank", str(folder)], env=env,
                          dimensions=(32, 100), encoding="utf-8", codec_errors="replace")
    seen = ""
    progress: list[str] = []
    try:
        while USABLE not in seen:
            child.expect([r".+"], timeout=600)
            seen += ANSI.sub("", child.after)
            found = PROGRESS.findall(seen[-4000:])
            if found and (not progress or progress[-1] != "/".join(found[-1])):
                progress.append("/".join(found[-1]))
        elapsed = time.perf_counter() - start
        rss = peak_memory(child.pid)["app"] / 1024
        child.sendcontrol("q")
        child.expect(pexpect.EOF, timeout=30)
    finally:
        if child.isalive():
            child.terminate(force=True)
    shown = f"{len(progress)} updates, {progress[0]} .. {progress[-1]}" if progress else ""
    return elapsed, rss, shown


def run(sizes: list[int]) -> None:
    for n in sizes:
        folder = scratch(f"bank-{n}")
        if not any(folder.glob("*.json")):
            print(f"building a {n:,}-question bank in {folder} ...", flush=True)
            build_bank(folder, n)
        data = scratch(f"bank-{n}-data")
        env = dict(os.environ, QUIZAPP_DATA_DIR=str(data), TERM="xterm-256color")
        env.pop("QUIZAPP_CACHE_DIR", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        seconds, rss, code = validate(folder, env)
        print(f"{n:>7,} questions  bank validate:                 {seconds:6.2f} s   peak RSS {rss:5.0f} MB  "
              f"(exit {code})", flush=True)
        shutil.rmtree(data / "cache", ignore_errors=True)
        seconds, rss, shown = usable_home(folder, env)
        print(f"{n:>7,} questions  usable home, first start (cold): {seconds:6.2f} s   peak RSS {rss:5.0f} MB  "
              f"progress shown: {shown or 'none'}", flush=True)
        seconds, rss, shown = usable_home(folder, env)
        target = "  (target at 100,000: <= 1.5 s, <= 150 MB)" if n >= 100_000 else ""
        print(f"{n:>7,} questions  usable home, second start (warm): {seconds:5.2f} s   peak RSS {rss:5.0f} MB"
              f"{target}" + (f"  progress shown: {shown}" if shown else ""), flush=True)
