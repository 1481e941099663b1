"""Checks for ``type = "generated"`` questions: the kind exists and every asked path is an answer.

The generators (NumPy) are imported only when a bank has a generated question.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from engine.bank.ask import parse_path, resolve_path


def kind_problem(kind: Any) -> str | None:
    from engine.generators import KINDS

    if isinstance(kind, str) and kind in KINDS:
        return None
    known = ", ".join(sorted(KINDS)) or "none are installed"
    shown = repr(kind) if isinstance(kind, str) else f"{kind!r} (not a string)"
    return f"unknown generator kind {shown}; known kinds: {known}"


@lru_cache(maxsize=64)
def _sample_answers(kind: str, difficulty: str) -> Any:
    from engine.generators import generate

    return generate(kind, 0, difficulty).answers


def ask_problems(kind: str, difficulty: str, ask: tuple[str, ...]) -> list[tuple[str, str]]:
    """(field, message) for each asked path that names no answer of this kind."""
    if not ask:
        return []
    try:
        answers = _sample_answers(kind, difficulty)
    except Exception as exc:  # a generator bug must not take the loader down; report it instead
        return [("kind", f"generator {kind!r} failed at seed 0 ({difficulty}): {type(exc).__name__}: {exc}")]
    problems = []
    for i, text in enumerate(ask):
        try:
            resolve_path(answers, parse_path(text))
        except (KeyError, IndexError, TypeError):
            keys = ", ".join(map(str, answers)) if isinstance(answers, dict) else "?"
            problems.append((f"ask[{i + 1}]", f"{text!r} names no answer of {kind!r}; its answers are: {keys}"))
    return problems
