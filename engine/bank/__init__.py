"""The question bank: the Question model, the six topics, loading and validation.

The names below load on first use (module ``__getattr__``), so ``from engine.bank.topics import
TOPICS`` — all the app's home screen needs before its first frame — does not build the Question
model's dataclasses too.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__all__ = [
    "ANSWER_TYPES", "ChoiceAnswer", "GeneratedAnswer", "MultiAnswer", "NumericAnswer", "OpenAnswer",
    "Question", "SymbolicAnswer", "Tolerance", "TrueFalseAnswer", "TOPICS", "Topic",
]

_LAZY = {name: "engine.bank.model" for name in __all__[:10]} | {"TOPICS": "engine.bank.topics",
                                                               "Topic": "engine.bank.topics"}

if TYPE_CHECKING:
    from engine.bank.model import (ANSWER_TYPES, ChoiceAnswer, GeneratedAnswer, MultiAnswer, NumericAnswer,
                                   OpenAnswer, Question, SymbolicAnswer, Tolerance, TrueFalseAnswer)
    from engine.bank.topics import TOPICS, Topic


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'engine.bank' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
