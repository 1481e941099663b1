"""One module per subcommand. Each defines ``register(subparsers)`` and sets ``func`` on its parser;
``func(args) -> int`` returns the exit code. Modules import heavy things inside ``func`` only, so
``quizapp --help`` stays fast."""

from __future__ import annotations

import argparse
import sys


class UsageError(Exception):
    """A mistake in what the user typed: printed as one line, exit code 2."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage error is one clear line on stderr (and exit 2), not a usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {cut(message)} (see '{self.prog} --help')\n")


def cut(message: str, limit: int = 300) -> str:
    """A message that echoes what was typed stays one readable line: long echoes are cut."""
    message = " ".join(message.splitlines())
    if len(message) <= limit:
        return message
    return f"{message[:limit - 60]}... ({len(message):,} characters in all)"


def fail(message: str, code: int = 2) -> int:
    print(f"quizapp: error: {cut(message)}", file=sys.stderr)
    return code


def check_bank_paths(paths) -> None:
    """--bank PATH must name something: a typo is a mistake in what was typed (one line, exit 2)."""
    from pathlib import Path

    for path in paths or ():
        if not Path(path).expanduser().exists():
            raise UsageError(f"--bank {path}: no such file or folder")


def seed_arg(text: str) -> int:
    """argparse type for --seed: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"needs a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def add_app_options_after_command(parser) -> None:
    """The app's own options (--lang, --data-dir, --bank) once more on a subcommand that opens the app,
    so they may also come after it (``quizapp drill backprop --lang zh``). SUPPRESS keeps the values
    given before the command when these are not repeated."""
    parser.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS,
                        help="interface language (default: from the system locale)")
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="where progress is kept (default: the user data folder; env QUIZAPP_DATA_DIR)")
    parser.add_argument("--bank", metavar="PATH", action="append", default=argparse.SUPPRESS,
                        help="an extra bank file or folder (repeatable)")
