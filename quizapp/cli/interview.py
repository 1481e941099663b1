"""``quizapp interview``: a mock interview — chains of follow-up questions against the clock, open
answers checked point by point, and a report of what to study next.

    quizapp interview [--focus NAME] [--minutes N] [--aloud] [--report FILE.md] [--lang zh|en]
"""

from __future__ import annotations

import argparse

from quizapp.cli import UsageError, add_app_options_after_command

DEFAULT_FOCUS = "general"


def minutes_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"needs a whole number of minutes, got {text!r}") from None
    if not 5 <= value <= 180:
        raise argparse.ArgumentTypeError(f"must be from 5 to 180 minutes, got {value}")
    return value


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "interview", help="a mock interview: follow-up chains against the clock, key points checked, a report",
        description="Open the app on a mock interview. Chains of questions are picked by a focus profile "
        "(built-in: general, map, llm; add your own in focus.toml in the data folder, beside bank/). Open "
        "questions are answered against the clock, typed or aloud, then checked point by point; other "
        "questions are graded as in a quiz. The closing report (time per question, key points missed, weak "
        "tags, what to do next) is saved as Markdown: to --report FILE.md, else in the data folder's interviews/.")
    parser.add_argument("--focus", metavar="NAME", default=DEFAULT_FOCUS, help=f"focus profile (default: {DEFAULT_FOCUS})")
    parser.add_argument("--minutes", type=minutes_arg, default=20, metavar="N", help="length in minutes, 5-180 (default: 20)")
    parser.add_argument("--aloud", action="store_true", help="answer open questions aloud (just the clock) instead of typing")
    parser.add_argument("--report", metavar="FILE.md", help="write the report here (Markdown, replaced atomically)")
    parser.add_argument("--seed", type=int, default=None, metavar="N", help=argparse.SUPPRESS)
    add_app_options_after_command(parser)
    parser.set_defaults(func=run_interview)


def check_report_path(text: str | None):
    """The --report path, or a UsageError (before the terminal is taken over) when it cannot be one."""
    if text is None:
        return None
    from pathlib import Path

    path = Path(text).expanduser()
    if path.is_dir():
        raise UsageError(f"--report {text}: is a folder; name a file, e.g. {Path(text) / 'interview.md'}")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"--report {text}: the folder {parent} does not exist")
    import os

    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"--report {text}: cannot write there (permission denied)")
    return path


def run_interview(args) -> int:
    import sys

    from quizapp.interview_session import focus_profiles
    from quizapp.launch import load_settings_bank
    from quizapp.settings import resolve_settings

    settings = resolve_settings(getattr(args, "lang", None), getattr(args, "data_dir", None),
                                getattr(args, "bank", None) or ())
    profiles, error = focus_profiles(settings.data_dir)
    if error:
        raise UsageError(error)
    if args.focus not in profiles:
        raise UsageError(f"unknown focus {args.focus!r}; known: {', '.join(sorted(profiles))}")
    report_path = check_report_path(args.report)
    bank = load_settings_bank(settings)
    profile = profiles[args.focus]
    outcome: dict[str, str | None] = {}

    def saved(path, err):
        outcome["path"], outcome["error"] = path, err

    def interview_screen():
        from quizapp.screens.interview import InterviewScreen

        return InterviewScreen(profile, args.minutes, aloud=args.aloud, report_path=report_path, seed=args.seed,
                               on_saved=saved)

    from quizapp.__main__ import make_app
    from quizapp.storage import Storage

    storage = Storage(settings.db_path)
    app = make_app(bank, settings, storage, start=interview_screen)
    try:
        app.run()
    finally:
        unsaved = storage.close()
    if outcome.get("error"):
        print(f"quizapp: the report could not be saved: {outcome['error']}", file=sys.stderr)
    elif outcome.get("path"):
        print(f"quizapp: report saved to {outcome['path']}", file=sys.stderr)
    if unsaved:
        print(f"quizapp: {unsaved}", file=sys.stderr)
    if storage.notice:
        print(f"quizapp: {storage.notice}", file=sys.stderr)
    if app.crash_message:
        print(f"quizapp: {app.crash_message}", file=sys.stderr)
        return 70
    return app.return_code or 0
