"""``quizapp bank validate [PATH...]`` and ``quizapp bank path``."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("bank", help="check question-bank files; show the user bank folder",
                                   description="Check question-bank files, or show where your own bank files go.")
    actions = parser.add_subparsers(dest="bank_action", metavar="ACTION", title="actions", required=True)
    validate = actions.add_parser(
        "validate", help="check bank files and list every problem",
        description="Check bank files (.toml, or .json exports) and list every problem as "
        "'file: id: field: message'. With no PATH: the built-in bank, the user bank folder and any --bank. "
        "Exit 0 when clean, 1 when there are problems. Cue warnings (options that give the answer away: "
        "a key much longer than the rest, one answer letter everywhere, ...) are printed too; --strict "
        "makes them fail (exit 1).")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="a bank file or a folder of them")
    validate.add_argument("--strict", action="store_true",
                          help="treat cue warnings as problems (exit 1 when there is any)")
    validate.set_defaults(func=run_validate)
    path = actions.add_parser("path", help="print the user bank folder (its files load beside the built-in bank)",
                              description="Print the folder whose .toml/.json files load beside the built-in bank.")
    path.set_defaults(func=run_path)


def run_validate(args) -> int:
    from engine.bank.loader import load_bank
    from engine.bank.paths import user_bank_dir

    if args.paths:
        from pathlib import Path

        from quizapp.cli import UsageError

        missing = [p for p in args.paths if not Path(p).expanduser().exists()]
        if missing:
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            raise UsageError(f"{missing[0]}: no such file or folder{more}")
        bank = load_bank(args.paths, include_builtin=False, include_user=False)
    else:
        bank = load_bank(getattr(args, "bank", None) or (), user_dir=user_bank_dir(getattr(args, "data_dir", None)))
    from engine.bank.lint import lint

    for problem in bank.problems:
        print(problem)
    warnings = lint(bank.questions)
    for warning in warnings:
        print(warning)
    if warnings:
        n = len(warnings)
        print(f"quizapp: {n} cue warning{'s' if n != 1 else ''}"
              + ("" if args.strict else " (--strict makes them fail)"), file=sys.stderr)
    if bank.problems:
        n = len(bank.problems)
        fine = len(bank.questions)
        print(f"quizapp: {n} problem{'s' if n != 1 else ''}; {fine} question{'s' if fine != 1 else ''} "
              f"{'are' if fine != 1 else 'is'} fine",
              file=sys.stderr)
        return 1
    if warnings and args.strict:
        return 1
    print(f"ok: {len(bank.questions)} questions, no problems")
    return 0


def run_path(args) -> int:
    from engine.bank.paths import user_bank_dir

    print(user_bank_dir(getattr(args, "data_dir", None)))
    return 0
