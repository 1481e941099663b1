"""quizapp at scale: 10,000 / 100,000-question user banks and a 100,000-answer history. Prints
figures; asserts nothing.

    python benchmarks/bench_scale.py [--only bank,history,export] [--sizes 10000,100000]

The synthetic files are built with the project's own APIs (benchmarks/scale_common.py) in
$QUIZAPP_BENCH_DIR (default /tmp/quizapp-bench) and kept for the next run.

  bank      bank validate time; usable home (counts on screen) with the user bank, first start
            (cache cold) and second start (cache warm); peak RSS          (benchmarks/scale_bank.py)
  history   100,000 answers over 50,000 cards: home fill, stats screen data, first start after a
            change and warm; whether it ran off the UI thread              (benchmarks/scale_history.py)
  export    every export format on the 100,000-question bank: time and peak RSS; the Moodle
            export's peak RSS against ElementTree's own streaming          (benchmarks/scale_export.py)
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

PARTS = {"bank": "scale_bank", "history": "scale_history", "export": "scale_export"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PARTS), help="which parts, comma-separated: " + ", ".join(PARTS))
    parser.add_argument("--sizes", default="10000,100000", help="bank sizes (questions), comma-separated")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for name in args.only.split(","):
        if name not in PARTS:
            parser.error(f"unknown part {name!r} (choose from {', '.join(PARTS)})")
        print(f"== {name}")
        importlib.import_module(PARTS[name]).run(sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
