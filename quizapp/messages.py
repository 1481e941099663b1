"""Messages that widgets post up to their screen (attributes go down, messages come up).

Each is a small dataclass (Textual's Message initialises itself in ``__post_init__``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class AnswerSubmitted(Message):
    """The learner submitted an answer. ``response`` is what the checker grades: an option index
    (choice), a set of indices (multi), a bool (true/false), a string or grid of strings (numeric),
    a string (symbolic), or {part name: grid} for a generated question."""

    response: Any


@dataclass
class SelfRated(Message):
    """The learner rated their own open answer: 1 Again, 2 Hard, 3 Good, 4 Easy (FSRS ratings)."""

    rating: int


@dataclass
class Graded(Message):
    """A worker finished grading the item with this serial number (stale results are ignored)."""

    serial: int
    verdict: Any
    response: Any


@dataclass
class GradingFailed(Message):
    serial: int
    error: str


@dataclass
class StartQuiz(Message):
    """Quiz setup finished: start a session over these questions."""

    topics: tuple[str, ...]
    types: tuple[str, ...]
    count: int
    mode: str


@dataclass
class PreviewReady(Message):
    """The symbolic input's live preview for ``text`` (read-as, error or None)."""

    text: str
    read_as: str
    error: str | None
