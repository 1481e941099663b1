"""``quizapp export``: write a question set as JSON, Markdown, Anki, Moodle XML, GIFT, CSV or PDF.

PDF is a format of this command rather than a command of its own: a printed worksheet is one more
way to write the same selection (--topic/--type/--difficulty/--lang/--no-answers/--generate/--seed),
and the options only PDF has (--paper, --font) are refused with the other formats. It needs the
optional extra ``quizapp[pdf]`` (engine.pdf, Typst); without it the command says how to install it.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time

from quizapp.cli import UsageError, fail, seed_arg

FORMAT_NAMES = ("json", "markdown", "anki", "moodle", "gift", "csv", "pdf")
PAPER_NAMES = ("a4", "us-letter", "letter")
DIFFICULTY_WORDS = {"easy": 1, "medium": 2, "hard": 3}
TOPIC_SLUGS = ("nn-basics", "rnn", "gcn", "attention", "training", "llm")   # engine.bank.topics.TOPICS
TYPE_NAMES = ("choice", "multi", "truefalse", "numeric", "symbolic", "open", "generated")
# Generated exercises one export may hold: each carries its worked solution, and every format but JSON
# holds the whole set before writing (grouped by topic; Anki's package is built in memory), so an
# unbounded count would exhaust memory long before it finished.
MAX_GENERATED = 50_000
# A printed worksheet is typeset as a whole: 1,000 hard backprop exercises are ~3,000 pages, ~70 s.
MAX_PDF_EXERCISES = 1_000


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "export", help="export questions as json, markdown, anki, moodle, gift, csv or a pdf worksheet",
        description="Export a question set. Default: the whole bank (built-in, user folder, --bank). "
        "Filters combine: --topic rnn --type choice gives the choice questions about RNNs. "
        "A pdf worksheet (pip install 'quizapp[pdf]'): --format pdf --generate mlp-backprop=6 --seed 1 prints "
        "the exercises with boxes to fill in and the worked solutions as the answer key; with --generate, "
        "bank questions are added only when --topic or --type picks them.")
    p.add_argument("--format", "-f", required=True, choices=FORMAT_NAMES, help="output format")
    p.add_argument("--output", "-o", required=True, metavar="FILE", help="the file to write (replaced atomically)")
    p.add_argument("--topic", action="append", default=[], choices=TOPIC_SLUGS, metavar="SLUG",
                   help=f"only this topic (repeatable): {', '.join(TOPIC_SLUGS)}")
    p.add_argument("--type", action="append", default=[], choices=TYPE_NAMES, metavar="TYPE",
                   help=f"only this question type (repeatable): {', '.join(TYPE_NAMES)}")
    p.add_argument("--difficulty", action="append", default=[], type=difficulty_arg, metavar="N",
                   help="only this difficulty: 1-3 or easy/medium/hard (repeatable); given once, it is also "
                   "the difficulty of --generate exercises that do not name one")
    # SUPPRESS: a `quizapp --lang zh export ...` given before the command is kept.
    p.add_argument("--lang", choices=("zh", "en", "both"), default=argparse.SUPPRESS,
                   help="language of the text (default: both; JSON always holds both)")
    p.add_argument("--generate", action="append", default=[], metavar="KIND=COUNT",
                   help="add COUNT generated exercises of KIND, with answers and worked solutions "
                   "(KIND/hard=COUNT for another difficulty; repeatable; see 'quizapp generate --list')")
    p.add_argument("--seed", type=seed_arg, default=0, help="first seed for generated exercises and the seed of the printed option order (default 0)")
    p.add_argument("--no-answers", action="store_true", help="leave out answers and explanations (markdown, csv)")
    p.add_argument("--deck", default="quizapp", help="parent deck / category name (anki, moodle, gift)")
    p.add_argument("--paper", choices=PAPER_NAMES, default=None, help="paper size (pdf; default a4)")
    p.add_argument("--font", metavar="PATH", default=None,
                   help="font file for the Chinese text (pdf; default: a CJK font found on the system)")
    p.set_defaults(func=run_export)


class ProgressBar:
    """A one-line bar on stderr, drawn only when stderr is a terminal, at most ~10 times a second."""

    def __init__(self, label: str, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.label = label
        self.enabled = self.stream.isatty()
        self.last = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.1 and done < total:
            return
        self.last = now
        width = 30
        filled = int(width * done / total) if total else width
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()


def difficulty_arg(text: str) -> int:
    """argparse type for --difficulty: 1, 2, 3 or easy, medium, hard."""
    word = text.strip().lower()
    if word in DIFFICULTY_WORDS:
        return DIFFICULTY_WORDS[word]
    if word in ("1", "2", "3"):
        return int(word)
    raise argparse.ArgumentTypeError(f"use 1, 2, 3 or easy, medium, hard; got {text!r}")


def run_export(args) -> int:
    from pathlib import Path

    from engine.bank.loader import load_bank
    from engine.bank.paths import user_bank_dir
    from engine.export import NEEDS_ANSWERS, ExportOptions
    from engine.export.select import (SelectionError, generated_questions, generated_seeds, parse_generate,
                                      self_contained)

    fmt = args.format
    if args.no_answers and fmt in NEEDS_ANSWERS:
        raise UsageError(f"--no-answers applies to markdown, csv and pdf; {fmt} needs the answers")
    if fmt != "pdf" and (args.paper is not None or args.font is not None):
        raise UsageError(f"--{'paper' if args.paper is not None else 'font'} applies to --format pdf only")
    if fmt == "pdf":
        from engine.pdf import PdfError, require

        try:
            require()      # before any work: say how to install the extra
        except PdfError as exc:
            raise UsageError(str(exc)) from None
    default_difficulty = None
    if len(set(args.difficulty)) == 1:
        default_difficulty = {v: k for k, v in DIFFICULTY_WORDS.items()}[args.difficulty[0]]
    try:
        requests = [parse_generate(g, default_difficulty) for g in args.generate]
    except SelectionError as exc:
        raise UsageError(str(exc)) from None
    asked = sum(r.count for r in requests)
    if asked > MAX_GENERATED:
        raise UsageError(f"--generate asks for {asked:,} exercises; an export holds at most {MAX_GENERATED:,} "
                         f"(split it into several exports, or use 'quizapp generate --count' for a stream)")
    if fmt == "pdf" and asked > MAX_PDF_EXERCISES:
        raise UsageError(f"--generate asks for {asked:,} exercises; a PDF worksheet holds at most "
                         f"{MAX_PDF_EXERCISES:,} (split it into several worksheets)")
    output = Path(args.output).expanduser()
    if output.is_dir():
        raise UsageError(f"--output {args.output} is a folder; give a file name")
    if not output.parent.is_dir():
        raise UsageError(f"--output {args.output}: folder {output.parent} does not exist")

    if fmt == "pdf":
        return _write_pdf(args, requests, output)
    bank = load_bank(args.bank, user_dir=user_bank_dir(getattr(args, "data_dir", None)))
    if bank.problems:
        n = len(bank.problems)
        print(f"quizapp: {n} problem{'s' if n != 1 else ''} in bank files (those questions are left out); "
              "run 'quizapp bank validate' to list them", file=sys.stderr)
    questions = self_contained(bank.select(args.topic, args.type, args.difficulty))
    items = generated_seeds(requests, args.seed)
    if not questions and not items:
        raise UsageError("nothing to export: no question matches --topic/--type/--difficulty")
    options = ExportOptions(lang=getattr(args, "lang", None) or "both", answers=not args.no_answers,
                            deck=args.deck)
    if fmt == "json":
        # streamed: each question is written while the workers generate the next ones
        stream = itertools.chain(questions, generated_questions(items))
        return _write(stream, fmt, output, options, args, total=len(questions) + len(items))
    bar = ProgressBar("generating")
    try:
        for i, q in enumerate(generated_questions(items), 1):
            questions.append(q)
            if i % 100 == 0 or i == len(items):
                bar(i, len(items))
    finally:
        bar.close()
    return _write(questions, fmt, output, options, args)


def _write(questions, fmt, output, options, args, total=None) -> int:
    from dataclasses import replace

    from engine.export import export

    bar = ProgressBar(f"writing {fmt}")
    try:
        n = export(questions, fmt, output, replace(options, progress=bar), seed=args.seed, total=total)
    except OSError as exc:   # an output path that cannot be written is a mistake in what was typed: exit 2
        bar.close()
        return fail(f"cannot write {args.output}: {exc.strerror or exc}")
    finally:
        bar.close()
    print(f"wrote {n} question{'s' if n != 1 else ''} to {output} ({fmt})", file=sys.stderr)
    return 0


def _write_pdf(args, requests, output) -> int:
    """A worksheet: the generated exercises (with --generate; bank questions only when --topic/--type
    pick some) or the selected bank questions, then the answer key unless --no-answers."""
    from engine.bank.loader import load_bank
    from engine.bank.paths import user_bank_dir
    from engine.bank.shuffle import shuffled
    from engine.export.select import concrete, generated_seeds
    from engine.generators import generate
    from engine.pdf import PdfError, SheetOptions, write_pdf
    from quizapp.drill import shown_digits

    lang = getattr(args, "lang", None) or "both"
    questions = []
    if not requests or args.topic or args.type:
        bank = load_bank(args.bank, user_dir=user_bank_dir(getattr(args, "data_dir", None)))
        if bank.problems:
            n = len(bank.problems)
            print(f"quizapp: {n} problem{'s' if n != 1 else ''} in bank files (those questions are left out); "
                  "run 'quizapp bank validate' to list them", file=sys.stderr)
        questions = [shuffled(q, args.seed)[0] for q in concrete(bank.select(args.topic, args.type, args.difficulty), args.seed)]
    exercises = [generate(kind, seed, difficulty) for kind, difficulty, seed in generated_seeds(requests, args.seed)]
    if not questions and not exercises:
        raise UsageError("nothing to export: no question matches --topic/--type/--difficulty")
    options = SheetOptions(lang=lang, answers=not args.no_answers, paper=args.paper or "a4",
                           header=_header(args, requests, lang, len(questions)), digits=shown_digits)
    try:
        pages = write_pdf(output, exercises, questions, options, font=args.font)
    except PdfError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        return fail(f"cannot write {args.output}: {exc.strerror or exc}")
    what = [f"{len(exercises)} exercise{'s' if len(exercises) != 1 else ''}"] if exercises else []
    what += [f"{len(questions)} question{'s' if len(questions) != 1 else ''}"] if questions else []
    print(f"wrote {' and '.join(what)} to {output} (pdf, {pages} page{'s' if pages != 1 else ''})", file=sys.stderr)
    return 0


def _header(args, requests, lang: str, n_questions: int) -> str:
    """The selection and seed, printed at the top of every page."""
    picked = []
    for r in requests:
        picked.append(f"{r.kind} ×{r.count} ({r.difficulty})")
    if n_questions:
        filters = [f"topic {', '.join(args.topic)}"] if args.topic else []
        filters += [f"type {', '.join(args.type)}"] if args.type else []
        filters += [f"difficulty {', '.join(map(str, sorted(set(args.difficulty))))}"] if args.difficulty else []
        picked.append("bank: " + ("; ".join(filters) if filters else "all questions"))
    return " · ".join(picked + [f"lang {lang}", f"seed {args.seed}"])
