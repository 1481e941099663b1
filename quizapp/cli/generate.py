"""``quizapp generate``: seeded exercises as JSON (the contract in docs/exercise-json.md)."""

from __future__ import annotations

import argparse
import sys

from quizapp.cli import UsageError, seed_arg

DIFFICULTIES = ("easy", "medium", "hard")   # engine.generators.base.DIFFICULTIES, without importing numpy here
MAX_COUNT = 1_000_000


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"needs a whole number, got {text!r}") from None
    if not 1 <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_COUNT:,}, got {value}")
    return value


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "generate", help="print seeded exercises (mlp-backprop, attention, ...) as JSON",
        description="Print {\"exercises\": [...]} to stdout: COUNT exercises of KIND, exercise i generated "
        "from seed SEED+i. The same seed and difficulty always give the same exercise. "
        "'quizapp generate --list' lists the kinds.")
    parser.add_argument("kind", nargs="?", metavar="KIND", help="a generator kind (see --list)")
    parser.add_argument("--seed", type=seed_arg, default=0, metavar="N", help="seed of the first exercise (default 0)")
    parser.add_argument("--count", type=_count, default=1, metavar="K", help="how many exercises (default 1)")
    parser.add_argument("--difficulty", choices=DIFFICULTIES, default="easy", help="default: easy")
    parser.add_argument("--list", action="store_true", help="list the kinds (name, topic, title) and exit")
    parser.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS,
                        help="with --list: titles in one language (default: both)")
    parser.set_defaults(func=run_generate)


def _write(text: str) -> None:
    # JSON is UTF-8 whatever the terminal's locale says (a C locale would refuse the Chinese text).
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(text.encode("utf-8"))
    else:
        sys.stdout.write(text)


def run_generate(args) -> int:
    from engine.generators import KINDS

    if args.list:
        if args.kind is not None:
            raise UsageError("--list takes no KIND")
        lang = getattr(args, "lang", None)
        width = max(len(name) for name in KINDS)
        topic_width = max(len(kind.topic) for kind in KINDS.values())
        for name in sorted(KINDS):
            kind = KINDS[name]
            title = kind.title(lang) if lang else f"{kind.title.zh} · {kind.title.en}"
            _write(f"{name.ljust(width)}  {kind.topic.ljust(topic_width)}  {title}\n")
        sys.stdout.flush()
        return 0
    if args.kind is None:
        raise UsageError("which kind? give KIND (e.g. 'quizapp generate mlp-backprop'); 'quizapp generate --list' lists them")
    kind = KINDS.get(args.kind)
    if kind is None:
        raise UsageError(f"unknown kind {args.kind!r}; 'quizapp generate --list' lists the kinds")
    # Written one exercise at a time (a large --count never sits in memory), each as Exercise.dumps().
    _write('{"exercises": [')
    for i in range(args.count):
        _write((", " if i else "") + kind.generate(args.seed + i, args.difficulty).dumps())
    _write("]}\n")
    sys.stdout.flush()
    return 0
