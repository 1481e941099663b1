"""Does the answer checker understand a symbolic answer written in a bank file?

The checker (engine.checking) is imported inside the function, so that loading a bank without
symbolic questions never pays for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def expression_problem(text: str, variables: Sequence[str], aliases: Mapping[str, str]) -> str | None:
    """None when the checker parses ``text`` with these variables and aliases, else why it cannot."""
    from engine.checking import ParseError, parse

    try:
        parse(text, variables=tuple(variables), aliases=dict(aliases) or None)
    except ParseError as exc:
        # the checker's message already says where ("... at position 5")
        return f"the answer checker cannot read {text!r}: {exc.message}"
    except Exception as exc:  # a checker bug must not stop the bank from loading
        return f"the answer checker failed on {text!r} ({type(exc).__name__}: {exc}); please report this"
    return None
