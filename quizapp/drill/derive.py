"""The derivation drill: the notes' derivations as symbolic bank questions, asked in file order.

The questions live in question_bank/derivations.toml (tag ``derivation``); the app asks them with the
ordinary question screen (symbolic input with live preview, the symbolic checker, form constraints)
and shows each worked derivation (the question's explanation) after the answer.
"""

from __future__ import annotations

DERIVE = "derive"
TAG = "derivation"


def derivation_questions(bank) -> list:
    """The bank's ``derivation``-tagged questions in the order they were loaded (file order)."""
    return [bank.by_id(qid) for qid, tags in zip(bank.ids, bank.tags) if TAG in tags]   # reads only these
