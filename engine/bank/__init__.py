"""The question bank: the Question model, the six topics, loading and validation."""

from engine.bank.model import (
    ANSWER_TYPES,
    ChoiceAnswer,
    GeneratedAnswer,
    MultiAnswer,
    NumericAnswer,
    OpenAnswer,
    Question,
    SymbolicAnswer,
    Tolerance,
    TrueFalseAnswer,
)
from engine.bank.topics import TOPICS, Topic

__all__ = [
    "ANSWER_TYPES", "ChoiceAnswer", "GeneratedAnswer", "MultiAnswer", "NumericAnswer", "OpenAnswer",
    "Question", "SymbolicAnswer", "Tolerance", "TrueFalseAnswer", "TOPICS", "Topic",
]
