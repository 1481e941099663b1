"""Start-up: time until quizapp's home screen is on a terminal (first paint) and until it is usable
(the bank's counts filled in), each divided by the same floor -- a minimal Textual app (six labels
and a footer) measured in the same run in the same pseudo-terminal setup; and peak memory.

    python benchmarks/bench_startup.py [--runs 7]

One untimed run of each app comes first (bytecode caches written, files in the page cache, the bank
cache written, as for an installed app that has been started before). Each run spawns a fresh
process in a 100×32 pty. First paint: the screen's text shows the app's last row (for quizapp: the
sixth topic of the home screen's table). Usable home: the summary line under the table shows the
counts ("... answers so far"), not "Loading the question bank…". Runs alternate between the apps so
machine load affects all alike; medians are printed. A third series starts quizapp with its bank
cache deleted (a first start, or a new version): every built-in file is parsed, in a worker.
Peak RSS is read from /proc (VmHWM) while the app sits on its home screen, with the checker's worker
process (started after the first paint) reported separately.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pexpect

ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b[()][A-Z0-9]|\x1b[=>]|\x1b\][^\x07]*\x07")

MINIMAL_APP = textwrap.dedent('''
    from textual.app import App
    from textual.widgets import Footer, Label

    class Minimal(App):
        BINDINGS = [("q", "quit", "quit")]

        def compose(self):
            for name in ("nn-basics", "rnn", "gcn", "attention", "training", "llm-ready"):
                yield Label(name)
            yield Footer()

    Minimal().run()
''')


def time_to_marker(argv: list[str], marker: str, env: dict[str, str], keep: float = 0.0,
                   then: str | None = None) -> tuple[float, dict, float | None]:
    """Seconds from spawn until ``marker`` is on screen (and until ``then`` is, if given); then
    optionally stay ``keep`` seconds and read peak memory of the process and its children (kB)."""
    start = time.perf_counter()
    child = pexpect.spawn(argv[0], argv[1:], env=env, dimensions=(32, 100), encoding="utf-8",
                          codec_errors="replace")
    seen = ""
    later = None
    try:
        while marker not in seen:
            child.expect([r".+"], timeout=60)
            seen += ANSI.sub("", child.after)
        elapsed = time.perf_counter() - start
        if then is not None:
            while then not in seen:
                child.expect([r".+"], timeout=60)
                seen += ANSI.sub("", child.after)
            later = time.perf_counter() - start
        memory = {}
        if keep:
            deadline = time.perf_counter() + keep
            while time.perf_counter() < deadline:
                try:
                    child.expect([r".+"], timeout=0.2)
                except pexpect.TIMEOUT:
                    pass
            memory = peak_memory(child.pid)
        child.sendcontrol("q")
        child.expect(pexpect.EOF, timeout=20)
    finally:
        if child.isalive():
            child.terminate(force=True)
    return elapsed, memory, later


def _status(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def peak_memory(pid: int) -> dict:
    """VmHWM (peak resident set, kB) of ``pid`` and of each of its child processes."""
    out = {"app": _status(pid, "VmHWM"), "children": []}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if _status(int(entry.name), "PPid") == pid:
                out["children"].append(_status(int(entry.name), "VmHWM"))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP)
        env = dict(os.environ, QUIZAPP_DATA_DIR=str(Path(tmp) / "data"), TERM="xterm-256color")
        # As installed, an app starts from compiled bytecode: allow it to be written (some shells set
        # PYTHONDONTWRITEBYTECODE, which makes every run compile quizapp's modules afresh, ~25 ms),
        # and run each app once untimed so caches are written and files are in the page cache.
        compiled = "PYTHONDONTWRITEBYTECODE" not in env
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("QUIZAPP_CACHE_DIR", None)   # the cache goes under the data folder, deleted below
        time_to_marker([sys.executable, str(minimal)], "llm-ready", env)
        quizapp = [sys.executable, "-m", "quizapp", "--lang", "en"]
        time_to_marker(quizapp, "Large models (BERT", env, then="answers so far")
        cache = Path(tmp) / "data" / "cache"
        floor, paint, usable, cold_paint, cold_usable = [], [], [], [], []
        for _ in range(args.runs):
            floor.append(time_to_marker([sys.executable, str(minimal)], "llm-ready", env)[0])
            home, _, filled = time_to_marker(quizapp, "Large models (BERT", env, then="answers so far")
            paint.append(home)
            usable.append(filled)
            shutil.rmtree(cache, ignore_errors=True)
            home, _, filled = time_to_marker(quizapp, "Large models (BERT", env, then="answers so far")
            cold_paint.append(home)
            cold_usable.append(filled)
        _, memory, _ = time_to_marker(quizapp, "Large models (BERT", env, keep=4.0)
    m = statistics.median(floor)

    def line(name: str, times: list[float], target: str = "") -> str:
        x = statistics.median(times)
        return (f"{name:<44} median {x * 1000:4.0f} ms  (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})"
                f"  {x / m:.2f}x floor{target}")

    print(f"runs: {args.runs} each, alternating, 100x32 pty, after one untimed run of each"
          + ("" if compiled else " (PYTHONDONTWRITEBYTECODE was set: unset for the runs)"))
    print(f"{'floor: minimal Textual app (6 labels + footer)':<44} median {m * 1000:4.0f} ms  "
          f"(min {min(floor) * 1000:.0f}, max {max(floor) * 1000:.0f})")
    print(line("quizapp first paint (bank cache warm)", paint))
    print(line("quizapp usable home (bank cache warm)", usable, "  (target <= 1.3)"))
    print(line("quizapp first paint (bank cache deleted)", cold_paint))
    print(line("quizapp usable home (bank cache deleted)", cold_usable))
    children = ", ".join(f"{kb / 1024:.0f} MB" for kb in memory.get("children", [])) or "none"
    print(f"peak RSS of the app on its home screen: {memory.get('app', 0) / 1024:.0f} MB  (target < 150 MB); "
          f"checker worker process(es): {children}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
