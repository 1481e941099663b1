"""Which questions an export holds: a selection from the bank plus freshly generated exercises.

``--generate KIND=COUNT`` (or ``KIND/DIFFICULTY=COUNT``) adds COUNT exercises of a kind at seeds
``seed, seed+1, ...`` (continuing where an earlier request for the same kind and difficulty stopped),
so the same command always exports the same questions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from engine.bank.model import GeneratedAnswer, Question

DIFFICULTY_NAMES = ("easy", "medium", "hard")


class SelectionError(ValueError):
    """A request that names something that does not exist (kind, difficulty, count)."""


@dataclass(frozen=True)
class GenerateRequest:
    kind: str
    count: int
    difficulty: str = "easy"


def parse_generate(text: str) -> GenerateRequest:
    """"mlp-backprop=100" or "mlp-backprop/hard=100" -> GenerateRequest; SelectionError if wrong."""
    from engine.generators import KINDS

    spec, sep, count_text = text.partition("=")
    if not sep:
        raise SelectionError(f"--generate {text!r}: write KIND=COUNT, e.g. mlp-backprop=20")
    kind, _, difficulty = spec.strip().partition("/")
    difficulty = difficulty or "easy"
    if kind not in KINDS:
        raise SelectionError(f"--generate: unknown generator kind {kind!r}; known kinds: {', '.join(sorted(KINDS))}")
    if difficulty not in DIFFICULTY_NAMES:
        raise SelectionError(f"--generate {text!r}: unknown difficulty {difficulty!r}; use easy, medium or hard")
    try:
        count = int(count_text)
    except ValueError:
        count = -1
    if count < 1:
        raise SelectionError(f"--generate {text!r}: COUNT must be a whole number of at least 1")
    return GenerateRequest(kind, count, difficulty)


def generated_seeds(requests: Sequence[GenerateRequest], seed: int) -> list[tuple[str, str, int]]:
    """(kind, difficulty, seed) for every requested exercise, in request order, seeds never repeated."""
    next_seed: dict[tuple[str, str], int] = {}
    out = []
    for r in requests:
        start = next_seed.get((r.kind, r.difficulty), seed)
        out += [(r.kind, r.difficulty, s) for s in range(start, start + r.count)]
        next_seed[(r.kind, r.difficulty)] = start + r.count
    return out


def generated_questions(items: Iterable[tuple[str, str, int]]) -> Iterator[Question]:
    """One numeric Question per (kind, difficulty, seed), with answers and the worked solution."""
    from engine.bank.from_exercise import question_from_exercise
    from engine.generators import generate

    for kind, difficulty, seed in items:
        yield question_from_exercise(generate(kind, seed, difficulty))


def concrete(questions: Iterable[Question], seed: int) -> list[Question]:
    """Bank ``generated`` questions made concrete at ``seed`` (formats other than JSON need numbers)."""
    from engine.bank.from_exercise import materialize

    return [materialize(q, seed) if isinstance(q.answer, GeneratedAnswer) else q for q in questions]
