"""bench_scale part "export": every export format on a synthetic user bank, and the Moodle export's
peak memory against ElementTree's own streaming.

Each figure is one fresh process running the real command, ``quizapp --bank <synthetic folder> export
--format F --output FILE`` (start-up, bank load and the export: what a user waits for), with its own
peak RSS read from os.wait4's rusage for that child. The baseline is a process that loads the same
bank the same way and then serialises one plain ElementTree element per question (id, prompt,
explanation), writing each and dropping it: nothing but ElementTree's own streaming. The Moodle ratio
is the Moodle export's peak RSS over the baseline's (issue 16 target: <= 2.0 at 100,000 questions).

    python benchmarks/bench_scale.py --only export [--sizes 10000,100000]
    python benchmarks/scale_export.py baseline BANK_DIR OUTPUT     (the baseline process alone)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_common import FILE_SIZE, build_bank, scratch  # noqa: E402

FORMATS = ("json", "markdown", "anki", "moodle", "gift", "csv")
SUFFIXES = {"json": ".json", "markdown": ".md", "anki": ".apkg", "moodle": ".xml", "gift": ".gift", "csv": ".csv"}


def bank_folder(n: int) -> Path:
    """The synthetic bank of n questions (built once, kept in the scratch folder)."""
    folder = scratch(f"bank-{n}")
    if len(list(folder.glob("bank-*.json"))) != -(-n // FILE_SIZE):
        build_bank(folder, n)
    return folder


def measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one child process; fails loudly if the command fails."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({child.returncode}):\n{err}")
    return wall, usage.ru_maxrss / 1024


def run(sizes: list[int]) -> None:
    env_base = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    print("export: one fresh `quizapp --bank DIR export` process per figure (start-up + bank load + export)")
    for n in sizes:
        bank = bank_folder(n)
        out_dir = scratch(f"export-{n}-out")
        env = {**env_base, "QUIZAPP_DATA_DIR": str(scratch(f"export-{n}-data"))}   # no user bank of the machine's
        print(f"-- {n:,} questions (+ the built-in bank)")
        wall, base_rss = measured([sys.executable, str(Path(__file__).resolve()), "baseline", str(bank),
                                   str(out_dir / "baseline.xml")], env)
        print(f"   {'ElementTree streaming baseline':32} {wall:7.2f} s   peak RSS {base_rss:7.1f} MB", flush=True)
        moodle_rss = None
        for fmt in FORMATS:
            out = out_dir / f"export{SUFFIXES[fmt]}"
            wall, rss = measured([sys.executable, "-m", "quizapp", "--bank", str(bank), "export", "--format", fmt,
                                  "--output", str(out)], env)
            size = out.stat().st_size / 1e6
            print(f"   {fmt:32} {wall:7.2f} s   peak RSS {rss:7.1f} MB   ({size:,.1f} MB file)", flush=True)
            if fmt == "moodle":
                moodle_rss = rss
            out.unlink()
        ratio = moodle_rss / base_rss
        verdict = "ok" if ratio <= 2.0 else "over the 2.0 target"
        print(f"   Moodle peak RSS / ElementTree streaming: {ratio:.2f} (target <= 2.0: {verdict})")


def baseline(bank_dir: str, output: str) -> None:
    """Load the bank as the export command does, then write one plain ElementTree element per question,
    each serialised and dropped before the next: the memory a streamed XML export cannot go below."""
    import xml.etree.ElementTree as ET

    from engine.bank.loader import load_bank
    from engine.bank.paths import user_bank_dir

    bank = load_bank([bank_dir], user_dir=user_bank_dir())
    with open(output, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')
        for q in bank.questions:
            el = ET.Element("question", {"type": q.type})
            ET.SubElement(el, "name").text = q.id
            ET.SubElement(el, "questiontext").text = f"{q.prompt.zh}\n\n{q.prompt.en}"
            ET.SubElement(el, "generalfeedback").text = f"{q.explanation.zh}\n\n{q.explanation.en}"
            f.write(ET.tostring(el, encoding="unicode"))
            f.write("\n")
        f.write("</quiz>\n")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "baseline":
        baseline(sys.argv[2], sys.argv[3])
    else:
        run([int(s) for s in (sys.argv[1] if len(sys.argv) > 1 else "10000").split(",")])
