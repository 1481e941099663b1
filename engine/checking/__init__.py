"""Safe, fast grading of learner answers.

    parse(text, variables=("x",), aliases=None, constants=()) -> Expr     (raises ParseError)
    preview(text, variables=("x",), aliases=None) -> (read as, error or None)
    check_symbolic(expected, answer, ...) -> Verdict    equal as functions (seeded random points)
    check_numeric(expected, answer, rel=0.01, abs=None) -> Verdict (rule: engine/checking/tolerance.py)
    evaluate_number(text) -> float                      safe arithmetic, e.g. "1/(1+e^-0.5)"
    grade(question, response) -> Verdict                dispatch on question.type
    CheckerPool, default_pool()                         the same in a worker with time/memory limits

Learner text is never given to eval, sympify or parse_expr: it is tokenised and parsed into our own
whitelisted tree, evaluated with numpy. Importing this package is cheap and never imports sympy;
the submodules load on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from engine.checking.errors import ParseError
from engine.checking.verdict import Verdict

__all__ = ["Verdict", "ParseError", "Expr", "parse", "preview", "check_symbolic", "check_numeric",
           "evaluate_number", "grade", "CheckerPool", "default_pool"]

_LAZY = {
    "Expr": "engine.checking.tree",
    "parse": "engine.checking.parser",
    "check_symbolic": "engine.checking.equivalence",
    "check_numeric": "engine.checking.numeric",
    "evaluate_number": "engine.checking.numeric",
    "grade": "engine.checking.grading",
    "CheckerPool": "engine.checking.worker",
    "default_pool": "engine.checking.worker",
}

if TYPE_CHECKING:
    from engine.checking.equivalence import check_symbolic
    from engine.checking.grading import grade
    from engine.checking.numeric import check_numeric, evaluate_number
    from engine.checking.parser import parse
    from engine.checking.tree import Expr
    from engine.checking.worker import CheckerPool, default_pool


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'engine.checking' has no attribute {name!r}")


def preview(text: str, *, variables=("x",), aliases=None, lang: str = "en") -> tuple[str, str | None]:
    """(how the text is read, None) or ("", error message in ``lang``): for a live preview while the
    learner types. A reading that was ambiguous (2e+3 where e is a variable) is said in the first.
    Never raises; linear in the text, which is at most 400 characters."""
    from engine.checking.parser import parse, read_as

    try:
        notes: list[tuple[str, str]] = []
        return read_as(parse(text, variables=variables, aliases=aliases, notes=notes), notes, lang), None
    except ParseError as exc:
        return "", exc.message_zh if lang == "zh" else exc.message
    except Exception as exc:  # a preview must never take the UI down
        return "", f"cannot read this ({type(exc).__name__})"
