"""One Question type shared by the TUI, the drill, `quizapp check`, the exporters and the tests.

The on-disk format (TOML) is documented in question_bank/README.md; engine/bank/loader.py turns it
into these objects and validates it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Union

from engine.checking.tolerance import Tolerance  # re-exported: the bank's numeric answers use it
from engine.text import Text

QuestionType = Literal["choice", "multi", "truefalse", "numeric", "symbolic", "open", "generated"]
ANSWER_TYPES: tuple[str, ...] = ("choice", "multi", "truefalse", "numeric", "symbolic", "open", "generated")


@dataclass(frozen=True, slots=True)
class ChoiceAnswer:
    options: tuple[Text, ...]
    correct: int                      # 0-based index into options


@dataclass(frozen=True, slots=True)
class MultiAnswer:
    options: tuple[Text, ...]
    correct: frozenset[int]           # 0-based indices; at least one


@dataclass(frozen=True, slots=True)
class TrueFalseAnswer:
    correct: bool


@dataclass(frozen=True, slots=True)
class NumericPart:
    """One named quantity of a several-part numeric answer (a generated exercise's δ₂, δ₁, dW₂ ...)."""

    name: str                         # LaTeX, e.g. r"\delta_{1}" or r"\frac{\partial L}{\partial W_{2}}"
    label: Text                       # what it is, in words
    value: Any                        # float, or nested lists of floats (vector / matrix)


@dataclass(frozen=True, slots=True)
class NumericAnswer:
    value: Any                        # float, or nested lists of floats (vector / matrix)
    tolerance: Tolerance = Tolerance()
    # Set only for generated exercises that ask several quantities: then ``value`` is the list of
    # the parts' values, and every exporter asks (and grades) each part under its own name.
    parts: tuple[NumericPart, ...] = ()


@dataclass(frozen=True, slots=True)
class SymbolicAnswer:
    expected: str                     # in the checker's syntax, e.g. "sigma(x)*(1 - sigma(x))"
    variables: tuple[str, ...] = ("x",)
    aliases: dict[str, str] = field(default_factory=dict)     # e.g. {"s": "sigma(x)"}
    forbid: tuple[str, ...] = ()      # functions/names the answer must not use (form constraint)
    require: tuple[str, ...] = ()     # functions/names the answer must use
    domain: dict[str, tuple[float, float]] = field(default_factory=dict)  # sampling box per variable
    form: Text | None = None          # the expected form in words, e.g. "in terms of σ(x)"


@dataclass(frozen=True, slots=True)
class OpenAnswer:
    model_answer: Text
    key_points: tuple[Text, ...]
    # per key point: phrases (zh or en, symbols such as "√d_k") whose presence in a typed answer
    # suggests the point was made; () for a point without any. Aligned with key_points.
    matches: tuple[tuple[str, ...], ...] = ()

    def match_phrases(self, index: int) -> tuple[str, ...]:
        return self.matches[index] if index < len(self.matches) else ()


@dataclass(frozen=True, slots=True)
class GeneratedAnswer:
    kind: str                         # an engine generator kind, e.g. "mlp-backprop"
    difficulty: str = "easy"          # easy | medium | hard
    ask: tuple[str, ...] = ()         # answer paths to ask for ("loss", "a.-1", "dW.0"); () = all steps


Answer = Union[ChoiceAnswer, MultiAnswer, TrueFalseAnswer, NumericAnswer, SymbolicAnswer, OpenAnswer, GeneratedAnswer]


@dataclass(frozen=True, slots=True)
class Question:
    id: str                           # stable, unique across banks, e.g. "nn-basics/sigmoid-derivative-max"
    topic: str                        # topic slug
    type: QuestionType
    difficulty: int                   # 1 (recall) .. 3 (hard)
    tags: tuple[str, ...]
    prompt: Text                      # Markdown-ish text; math as $...$ LaTeX
    explanation: Text                 # why, not only what; says where the notes are wrong
    source: str                       # notes section ("notes 1.3") or a paper/textbook reference
    answer: Answer
    origin: str = ""                  # the file it was loaded from (for error messages)
    follow_ups: tuple[str, ...] = ()  # ids an interviewer asks next, in order (mock interview chains)
