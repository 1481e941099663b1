"""Shared plumbing for the topic 2–6 kinds' ``mistakes``: typical wrong values, computed per exercise.

A kind's ``mistakes(given, carry)`` re-runs its ``solve`` with the learner's carried values, lists the
candidate wrong values (mistake id, step, value) from the same inputs the drill grades that step
with, and hands them to ``collect``, which keeps only those a grader could tell apart from the right
answer under the default numeric tolerance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from engine.checking.tolerance import Tolerance
from engine.generators.base import Mistake, Steps
from engine.text import Text


def inputs(solve: Callable[[dict[str, Any], Steps], Any], given: dict[str, Any],
           carry: Mapping[str, Any] | None) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """(right, used): each step's right value given the carried ones, and the value later steps
    used — the learner's own where carried, the right one otherwise — as float arrays."""
    carry = dict(carry or {})
    steps = Steps(carry)
    solve(given, steps)
    right = {s.name: s.value for s in steps.items}
    used = {name: np.asarray(carry[name] if name in carry else value, dtype=float) for name, value in right.items()}
    return right, used


def distinguishable(wrong: Any, right: Any, tol: Tolerance = Tolerance()) -> bool:
    """True when at least one entry of ``wrong`` would be graded wrong against ``right``."""
    wrong, right = np.asarray(wrong, dtype=float), np.asarray(right, dtype=float)
    if wrong.shape != right.shape or not np.isfinite(wrong).all():
        return False
    diff = np.abs(wrong - right)
    return not bool(((diff <= tol.zero(right)) | (diff <= tol.rel * np.abs(right))).all())


def collect(found: Iterable[tuple[str, str, Any]], right: Mapping[str, Any],
            titles: Mapping[str, Text], fixes: Mapping[str, Text]) -> list[Mistake]:
    """Mistakes from (id, step, value) candidates: drop those equal to the right answer within the
    tolerance, and, where two slips give the same number for a step, keep only the first listed."""
    mistakes: list[Mistake] = []
    kept: dict[str, list[Any]] = {}
    for mid, step, value in found:
        if step not in right or not distinguishable(value, right[step]):
            continue
        if any(not distinguishable(value, other) for other in kept.get(step, [])):
            continue
        kept.setdefault(step, []).append(value)
        mistakes.append(Mistake(mid, step, value, titles[mid], fixes[mid]))
    return mistakes
