"""The one rule every numeric answer is graded by: relative to the quantity's own scale, with a zero
level taken from the magnitudes in the same answer.

An entry e of an expected value (a number, a vector, a matrix) accepts a typed g when

    |g − e| <= max(rel·|e|, zero)        rel = 1 % by default
    zero     = 1e-6 · (the largest |entry| of the same expected value); 1e-12 when all are 0

So every non-zero entry is graded relatively — a 0 for 0.00353, a sign flip, or a value 10 % off is
wrong, however small the value is, while a value rounded to 3 or 4 significant figures is right —
and only an entry that is zero, or negligible next to its neighbours (3.8e-17 beside 0.5, or the
-2e-9 that Adam's ε leaves where θ − η·sign(g) cancels to 0 by hand), is graded by the absolute zero
level: a hand computation cannot resolve a millionth of the answer's largest entry. This is how PrairieLearn (relative with a tiny absolute floor) and WeBWorK
(relative, with a zero level) grade; the previous "1 % or 0.005" accepted 0 for any |e| <= 0.005,
which is most gradients in a backprop drill.

A question may set ``tolerance = { rel = ..., abs = ... }``: ``abs`` then replaces the zero level
(right when within either), for answers that are read off a plot or rounded by convention.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

DEFAULT_REL = 0.01
ZERO_LEVEL = 1e-6      # of the largest |entry| of the same expected value
ABS_EPS = 1e-12        # the zero level when every entry is 0


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How close a typed number must be: see the module docstring for the rule."""

    rel: float = DEFAULT_REL
    abs: float | None = None          # None: the zero level derived from the expected value

    def zero(self, expected: Any, scale: float = 0.0) -> float:
        """The absolute tolerance of entries that are zero (or negligible) in ``expected``.

        ``scale``: the magnitude of the exercise the answer belongs to (exercise_scale), when there is
        one: a step whose exact value is 0 comes out of float arithmetic as 1e-16, and only the
        exercise's own numbers say that it is negligible."""
        if self.abs is not None:
            return self.abs
        top = max(largest(expected), scale)
        return ZERO_LEVEL * top if top > 0 else ABS_EPS

    def allowed(self, entry: float, zero: float) -> float:
        """The largest |typed − entry| accepted for one entry, given the answer's zero level."""
        return max(self.rel * abs(entry), zero)


def largest(value: Any) -> float:
    """The largest finite |entry| of a number or nested lists / arrays of numbers (0 for none)."""
    if getattr(value, "size", 0) > 64 and getattr(getattr(value, "dtype", None), "kind", "") in ("f", "i", "u"):
        flat = abs(value.ravel())
        finite = flat[flat < float("inf")]           # drops inf and nan
        return float(finite.max()) if finite.size else 0.0
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        if value and all(type(v) is float for v in value):              # a row of plain floats
            return max((x for x in map(abs, value) if x < math.inf), default=0.0)
        return max((largest(v) for v in value), default=0.0)
    try:
        x = abs(float(value))
    except (TypeError, ValueError, OverflowError):
        return 0.0
    return x if math.isfinite(x) else 0.0


def is_finite_value(value: Any) -> bool:
    """Every entry a finite number (an expected value of inf or 1e999 is a broken question)."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return all(is_finite_value(v) for v in value)
    if isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError, OverflowError):
        return False


def exercise_scale(exercise: Any) -> float:
    """The largest |number| among an exercise's given values and answers (0 when it has none)."""
    numbers = [v for v in getattr(exercise, "given", {}).values()
               if not isinstance(v, (str, bool))]
    numbers += [s.value for s in getattr(exercise, "steps", ())]
    return max((largest(v) for v in numbers), default=0.0)
