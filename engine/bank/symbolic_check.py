"""Does the answer checker understand a symbolic answer written in a bank file?

The checker (engine.checking) is imported here, inside the function, so that loading a bank that has
no symbolic questions never pays for it, and ``import engine.bank`` stays free of sympy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def expression_problem(text: str, variables: Sequence[str], aliases: Mapping[str, str]) -> str | None:
    """None when the checker parses ``text`` with these variables and aliases, else why it cannot."""
    try:
        from engine.checking import ParseError, parse
    except ImportError as exc:
        if exc.name in ("engine.checking", None) or "cannot import name" in str(exc):
            # The checker is not installed in this build: nothing to check against.
            return None
        raise
    try:
        parse(text, variables=tuple(variables), aliases=dict(aliases) or None)
    except ParseError as exc:
        where = f" (at character {exc.position + 1})" if getattr(exc, "position", None) is not None else ""
        return f"the answer checker cannot read {text!r}: {exc.message}{where}"
    return None
