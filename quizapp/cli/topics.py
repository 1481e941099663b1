"""``quizapp topics``: the six topics with their question counts per type."""

from __future__ import annotations

import argparse
import sys
import unicodedata


def register(subparsers) -> None:
    parser = subparsers.add_parser("topics", help="list the topics with question counts per type",
                                   description="List the six topics: slug, counts per question type, total and "
                                   "title. Counts include your own bank files (--bank, the user bank folder).")
    # SUPPRESS keeps a `quizapp --lang zh topics` given before the command from being overwritten.
    parser.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS,
                        help="show titles in one language (default: both)")
    parser.set_defaults(func=run_topics)


def width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def run_topics(args) -> int:
    from engine.bank.loader import load_bank
    from engine.bank.model import ANSWER_TYPES
    from engine.bank.paths import user_bank_dir
    from engine.bank.topics import TOPICS

    bank = load_bank(getattr(args, "bank", None) or (), user_dir=user_bank_dir(getattr(args, "data_dir", None)))
    lang = getattr(args, "lang", None)
    counts = {slug: dict.fromkeys(ANSWER_TYPES, 0) for slug in TOPICS}
    for q in bank.questions:
        counts[q.topic][q.type] += 1

    header = ["topic", *ANSWER_TYPES, "total", "title"]
    rows = []
    for slug, topic in TOPICS.items():
        title = topic.title(lang) if lang else f"{topic.title.zh} · {topic.title.en}"
        per_type = counts[slug]
        rows.append([slug, *map(str, per_type.values()), str(sum(per_type.values())), title])
    totals = [sum(c[t] for c in counts.values()) for t in ANSWER_TYPES]
    rows.append(["all", *map(str, totals), str(sum(totals)), ""])

    widths = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    for r in [header, *rows]:
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:-1], widths[1:])]
        print("  ".join(cells + [r[-1]]).rstrip())
    if bank.problems:
        n = len(bank.problems)
        print(f"quizapp: {n} problem{'s' if n != 1 else ''} in bank files (those questions were skipped); "
              "run 'quizapp bank validate' to list them", file=sys.stderr)
    return 0
