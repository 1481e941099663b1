"""Command line: ``quizapp`` (the app), ``quizapp generate|check|bank|topics|export|drill|interview|doctor``."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence

from quizapp import __version__
from quizapp.cli import ArgumentParser, UsageError, check_bank_paths, fail

# Subcommand modules, in the order --help lists them.
SUBCOMMANDS: tuple[str, ...] = (
    "quizapp.cli.generate",
    "quizapp.cli.check",
    "quizapp.cli.bank",
    "quizapp.cli.topics",
    "quizapp.cli.export",
    "quizapp.cli.drill",
    "quizapp.cli.interview",
    "quizapp.cli.doctor",
)


def add_app_options(parser: ArgumentParser) -> None:
    """Options shared by everything that opens the app or reads the bank."""
    parser.add_argument("--lang", choices=("zh", "en"), help="interface language (default: from the system locale)")
    parser.add_argument("--data-dir", metavar="DIR", help="where progress is kept (default: the user data folder; env QUIZAPP_DATA_DIR)")
    parser.add_argument("--bank", metavar="PATH", action="append", default=[],
                        help="an extra bank file or folder to load beside the built-in one (repeatable)")


# The app's own options that take a value: with only these, ``quizapp`` opens the app.
APP_VALUE_OPTIONS: tuple[str, ...] = ("--lang", "--data-dir", "--bank")


def opens_the_app(argv: Sequence[str]) -> bool:
    """True when ``argv`` holds only the app's options (no command, no --help): the app opens, and the
    subcommands' modules need not be imported (~15 ms of start-up)."""
    i = 0
    while i < len(argv):
        if argv[i] in APP_VALUE_OPTIONS:
            i += 2
        elif argv[i].split("=", 1)[0] in APP_VALUE_OPTIONS:
            i += 1
        else:
            return False
    return True


def build_parser(commands: bool = True) -> ArgumentParser:
    """The command line; ``commands=False`` leaves the subcommands out (``quizapp`` opening the app)."""
    parser = ArgumentParser(
        prog="quizapp",
        description="Practice deep-learning interview questions in the terminal: quizzes with spaced review, "
        "backprop by hand, and exports.",
    )
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}")
    add_app_options(parser)
    if not commands:
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands",
                                parser_class=ArgumentParser)
    for modname in SUBCOMMANDS:
        importlib.import_module(modname).register(sub)
    return parser


def make_app(bank, settings, storage=None, **kwargs):
    """The Textual app (quizapp.app.make_app), imported lazily so ``quizapp --help`` stays fast."""
    from quizapp.app import make_app as _make_app

    return _make_app(bank, settings, storage, **kwargs)


def run_app(args) -> int:
    from quizapp.launch import launch

    return launch(args)


def _json_escape(error: UnicodeEncodeError) -> tuple[str, int]:
    """Escape what the encoding lacks as \\uXXXX (surrogate pairs above U+FFFF): valid in JSON strings."""
    out = []
    for ch in error.object[error.start:error.end]:
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), error.end


def safe_streams() -> None:
    """A terminal or pipe whose encoding cannot show Chinese, σ or · (PYTHONIOENCODING=ascii, latin-1)
    gets escapes (\\u03c3, valid inside JSON strings too) instead of a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            "σ中·".encode(stream.encoding or "ascii")
        except (UnicodeEncodeError, LookupError):
            try:
                import codecs

                codecs.register_error("quizapp-json-escape", _json_escape)
                reconfigure(errors="quizapp-json-escape")
            except (ValueError, OSError):
                pass


def main(argv: Sequence[str] | None = None) -> int:
    safe_streams()
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(commands=not opens_the_app(argv))
    args = parser.parse_args(argv)
    func = getattr(args, "func", run_app)
    try:
        check_bank_paths(getattr(args, "bank", None))
        return func(args)
    except UsageError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one line for the user, the traceback only on request
        if os.environ.get("QUIZAPP_DEBUG"):
            raise
        return fail(f"internal error: {type(exc).__name__}: {exc} (set QUIZAPP_DEBUG=1 for details)", 70)


if __name__ == "__main__":
    sys.exit(main())
