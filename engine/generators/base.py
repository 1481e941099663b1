"""The Exercise type and the contract every generator kind follows.

A kind is two pure functions, in PrairieLearn's spirit:

    make_given(rng, difficulty) -> given     draws the values and ROUNDS them (what the learner sees)
    solve(given, steps) -> answers           computes every answer from the rounded givens, float64,
                                             recording each worked-solution step through ``steps``

``generate(kind, seed, difficulty)`` = make_given + solve. Because ``solve`` only reads ``given``,
the drill can re-run it with ``carry`` (the learner's own earlier values) so that one slip does not
fail every later step: ``Steps.add`` records the correct value for the step and returns the
learner's value, when one was carried, for the computation downstream.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import orjson
from numpy.random.bit_generator import ISeedSequence

from engine.text import Text

DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")


def to_jsonable(value: Any) -> Any:
    """numpy arrays/scalars -> nested lists/floats; lists/dicts recursively; others unchanged."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


# orjson writes float64 arrays and floats itself (shortest round-trip form, like repr) and keeps
# non-ASCII text: about ten times faster than to_jsonable + json.dumps, whose float repr dominates.
_ORJSON_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS


def _orjson_default(value: Any) -> Any:
    """What orjson does not write itself: non-contiguous or object arrays, other mappings."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps_json(value: Any) -> str:
    """Compact JSON text of ``value`` (dicts, lists, numbers, strings, NumPy arrays), non-ASCII kept.
    Deterministic: the same value always gives the same bytes."""
    try:
        return orjson.dumps(value, default=_orjson_default, option=_ORJSON_OPTIONS).decode()
    except orjson.JSONEncodeError:  # e.g. an integer beyond 64 bits: the standard library copes
        return json.dumps(to_jsonable(value), ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class Step:
    """One line of a worked solution.

    name     a short id, unique within the exercise, e.g. "z_1", "delta_2", "dW_2", "W_new_1", "loss"
    formula  the formula in the notes' notation, LaTeX without $ (e.g. r"z_1 = W_1 a_0 + b_1")
    value    the value at full float64 precision (number or nested lists)
    answer   where the value lives in ``Exercise.answers`` as a path, e.g. ("z", 0) or ("loss",);
             None for intermediate values that are not answers
    label    what the step computes, in words, zh and en
    """

    name: str
    formula: str
    value: Any
    answer: tuple[str | int, ...] | None = None
    label: Text | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "formula": self.formula, "value": to_jsonable(self.value)}
        if self.answer is not None:
            out["answer"] = list(self.answer)
        if self.label is not None:
            out["label"] = self.label.to_json()
        return out

    def _for_dumps(self) -> dict[str, Any]:
        """to_json without the copies: dumps_json writes the arrays and the answer tuple itself."""
        out: dict[str, Any] = {"name": self.name, "formula": self.formula, "value": self.value}
        if self.answer is not None:
            out["answer"] = self.answer
        if self.label is not None:
            out["label"] = self.label.to_json()  # a dict: orjson writes it faster than the dataclass
        return out


# Steps.add builds thousands of Steps a second; a frozen dataclass's __init__ goes through
# object.__setattr__ per field, setting the slots directly is about twice as fast.
_new_step = object.__new__
_step_slots = tuple(getattr(Step, f).__set__ for f in ("name", "formula", "value", "answer", "label"))


def make_step(name: str, formula: str, value: Any, answer: tuple[str | int, ...] | None, label: Text | None) -> Step:
    """Step(name, formula, value, answer, label), built about twice as fast (see above)."""
    step = _new_step(Step)
    set_name, set_formula, set_value, set_answer, set_label = _step_slots
    set_name(step, name)
    set_formula(step, formula)
    set_value(step, value)
    set_answer(step, answer)
    set_label(step, label)
    return step


class Steps:
    """Records worked-solution steps while a kind's ``solve`` runs.

    ``carry`` maps step names to values the learner typed earlier; ``add`` records the correct value
    and hands back the carried one (if any) for use in later steps.
    """

    def __init__(self, carry: Mapping[str, Any] | None = None) -> None:
        self.items: list[Step] = []
        self.carry = dict(carry or {})

    def add(
        self,
        name: str,
        formula: str,
        value: Any,
        *,
        answer: tuple[str | int, ...] | None = None,
        label: Text | None = None,
    ) -> Any:
        self.items.append(make_step(name, formula, value, answer, label))
        if name in self.carry:
            carried = self.carry[name]
            return np.asarray(carried, dtype=float) if isinstance(value, np.ndarray) else float(carried)
        return value


@dataclass(frozen=True, slots=True)
class Exercise:
    """A concrete generated exercise. Its JSON form is a public contract (docs/exercise-json.md)."""

    kind: str
    seed: int
    difficulty: str
    prompt: Text
    given: dict[str, Any]
    answers: dict[str, Any]
    steps: tuple[Step, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "seed": self.seed,
            "difficulty": self.difficulty,
            "prompt": self.prompt.to_json(),
            "given": to_jsonable(self.given),
            "answers": to_jsonable(self.answers),
            "steps": [s.to_json() for s in self.steps],
        }

    def dumps(self) -> str:
        """The exercise as compact JSON text (UTF-8, non-ASCII kept): json.loads(e.dumps()) equals
        e.to_json(). Built straight from the arrays, without the to_jsonable copy."""
        return dumps_json({
            "kind": self.kind,
            "seed": self.seed,
            "difficulty": self.difficulty,
            "prompt": self.prompt.to_json(),
            "given": self.given,
            "answers": self.answers,
            "steps": [s._for_dumps() for s in self.steps],
        })

    def step(self, name: str) -> Step:
        for s in self.steps:
            if s.name == name:
                return s
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class Mistake:
    """A typical wrong value for one step, computed for this very exercise (the drill's diagnosis)."""

    id: str               # e.g. "forgot-activation-derivative"
    step: str             # the step name it applies to
    value: Any            # what a learner who makes this mistake would type
    title: Text           # names the mistake
    fix: Text             # the formula from the notes that fixes it


class _SeedKey(ISeedSequence):
    """A seed sequence for (kind, difficulty, seed): the generator's initial state is the BLAKE2b
    hash of the three. Setting up np.random.SeedSequence costs several times as much as the whole
    draw of a small exercise; a cryptographic hash of distinct keys gives independent streams too."""

    __slots__ = ("key",)

    def __init__(self, kind: str, difficulty: str, seed: int) -> None:
        # kind and difficulty never contain NUL; the rest is the seed's shortest two's-complement bytes
        self.key = f"{kind}\0{difficulty}\0".encode() + seed.to_bytes(seed.bit_length() // 8 + 1, "little", signed=True)

    def generate_state(self, n_words: int, dtype: Any = np.uint32) -> np.ndarray:
        size = n_words * np.dtype(dtype).itemsize   # PCG64 asks for 4 uint64 words: 32 bytes
        return np.frombuffer(hashlib.blake2b(self.key, digest_size=size).digest(), dtype=dtype)


@dataclass(frozen=True, slots=True)
class Kind:
    """A generator kind in the registry."""

    name: str                                                   # e.g. "mlp-backprop"
    topic: str                                                  # bank topic slug, e.g. "nn-basics"
    title: Text
    make_given: Callable[[np.random.Generator, str], dict[str, Any]]
    solve: Callable[[dict[str, Any], Steps], dict[str, Any]]
    prompt: Callable[[dict[str, Any], str], Text]              # (given, difficulty) -> prompt
    mistakes: Callable[[dict[str, Any], Mapping[str, Any]], list[Mistake]] | None = None
    #          (given, carry) -> mistakes for every step where one applies
    draw_solved: Callable[[np.random.Generator, str], tuple[dict[str, Any], dict[str, Any], list[Step]]] | None = None
    #          optional (rng, difficulty) -> (given, answers, steps), exactly make_given + solve, for a
    #          kind whose check on a draw needs the solved answers: generate() then solves each draw once

    def rng(self, seed: int, difficulty: str) -> np.random.Generator:
        """np.random.default_rng's generator (PCG64) for (kind, difficulty, seed): kinds and
        difficulties do not share streams; the only source of randomness."""
        return np.random.default_rng(np.random.PCG64(_SeedKey(self.name, difficulty, seed)))

    def generate(self, seed: int, difficulty: str = "easy") -> Exercise:
        if difficulty not in DIFFICULTIES:
            raise ValueError(f"unknown difficulty {difficulty!r}; choose one of {', '.join(DIFFICULTIES)}")
        rng = self.rng(seed, difficulty)
        if self.draw_solved is not None:
            given, answers, items = self.draw_solved(rng, difficulty)
        else:
            given = self.make_given(rng, difficulty)
            steps = Steps()
            answers = self.solve(given, steps)
            items = steps.items
        return Exercise(self.name, seed, difficulty, self.prompt(given, difficulty), given, answers, tuple(items))

    def resolve(self, given: dict[str, Any], carry: Mapping[str, Any] | None = None) -> tuple[dict[str, Any], list[Step]]:
        """Re-run ``solve`` on ``given``, using the learner's carried values downstream."""
        steps = Steps(carry)
        answers = self.solve(given, steps)
        return answers, steps.items
