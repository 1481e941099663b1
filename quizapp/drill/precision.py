"""Per-entry tolerances that keep a step's known wrong values apart from its right value.

The grading rule (engine/checking/tolerance.py: 1 % of each entry, a zero level for zeros) suits most
steps, but not an update such as
W ← W − η ∂L/∂W when η·∂L/∂W is small: W typed unchanged, or stepped the wrong way (W + η ∂L/∂W),
would lie within it and be graded right. So, for each step, the drill looks at the wrong values it
knows: the kind's computed mistakes for that step and, for a step that updates a given quantity,
that quantity's value before the step (and, for a descent step, the value stepped the wrong way).
Where a whole wrong value would pass the default tolerance, each entry it is close in gets a
tighter, absolute tolerance: ``FRACTION`` of the distance (under half, so a typed number can never
be near both), but never below 0.6 units in the 4th significant digit of the right value (a value
rounded to 4 significant digits errs by at most half a unit, and the rest leaves room for rounding
in the learner's earlier values). The step prompt then says how many decimals to give.

    previous_value(step, given) -> array | None      the quantity before this step changes it
    is_descent(step) -> bool                         "p ← p − …": stepping the other way is a slip
    update_mistakes(step, given, right) -> [Mistake] the value before the step; the sign error
    separate(right, wrongs, default) -> StepTolerance
    regrade(verdict, value, right, tolerance) -> Verdict   the checker's verdict, per-entry tolerance
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from engine.checking.tolerance import Tolerance
from engine.checking.verdict import Verdict
from engine.generators import Mistake, Step
from engine.mathtext import to_unicode
from engine.text import Text

FRACTION = 0.4          # of the distance between the right value and the nearest close wrong one
DIGITS = 4              # significant digits that are always enough
# The floor, in units of the DIGITS-th significant digit: rounding errs by at most half a unit; the
# rest leaves room for rounding in the learner's earlier (carried) values.
FLOOR_UNITS = 0.6
_EQUAL = 1e-9           # relative: closer than this is float noise, not a different value

_UPDATED = re.compile(r"^(?P<name>.+)_new_(?P<layer>\d+)$")   # "W_new_2": layer 2's W after the update
# The right-hand side starts with one symbol and subtracts: "W_{1} - \eta …", "\theta_{t-1} - \Delta\theta".
_DESCENT = re.compile(r"^\s*\\?[A-Za-z]+(?:_\{[^{}]*\}|_[A-Za-z0-9]+)?\s*-\s")


def _numeric(value: Any) -> np.ndarray | None:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return arr if np.isfinite(arr).all() else None


def previous_value(step: Step, given: Mapping[str, Any]) -> np.ndarray | None:
    """The value of the quantity this step updates, as the givens hold it before the step; None for a
    step that does not update a given quantity.

    Two naming conventions of the generators: ``NAME_new_L`` updates ``given[NAME][L-1]`` (the
    layer-L parameter of a network, e.g. W_new_2 → given["W"][1]); a step named like a given of the
    same shape computes that quantity's next value (Adam's m, v, theta)."""
    shape = np.shape(step.value)
    match = _UPDATED.match(step.name)
    if match and match["name"] in given:
        layers, index = given[match["name"]], int(match["layer"]) - 1
        if isinstance(layers, (list, tuple)) and 0 <= index < len(layers):
            before = _numeric(layers[index])
            if before is not None and before.shape == shape:
                return before
    if step.name in given:
        before = _numeric(given[step.name])
        if before is not None and before.shape == shape:
            return before
    return None


def is_descent(step: Step) -> bool:
    """The step subtracts from the previous value (p ← p − η g, θ_t = θ_{t−1} − Δθ), so p + (the same
    amount) is the typical sign error."""
    for sep in (r"\leftarrow", "="):
        if sep in step.formula:
            return bool(_DESCENT.match(step.formula.split(sep, 1)[1]))
    return False


def update_mistakes(step: Step, given: Mapping[str, Any], right: Any) -> list[Mistake]:
    """The wrong values every update step has, whatever the kind: the quantity typed as it was before
    the step, and, for a descent step, the step taken the wrong way (p + Δ instead of p − Δ, i.e. the
    right value reflected about p). Empty for a step that updates nothing given."""
    before = previous_value(step, given)
    if before is None:
        return []
    formula = to_unicode(step.formula)
    found = [Mistake("not-updated", step.name, before,
                     Text("填的是这一步之前的值（没有更新）", "That is the value before this step (nothing was updated)"),
                     Text(f"这一步要算 {formula}", f"This step computes {formula}"))]
    if is_descent(step):
        found.append(Mistake("update-sign", step.name, 2 * before - np.asarray(right, dtype=float),
                             Text("更新方向符号反了：沿梯度方向走了一步（应该减去）",
                                  "Sign error in the update: a step along the gradient instead of against it"),
                             Text(f"梯度下降减去这一步：{formula}", f"Gradient descent subtracts the step: {formula}")))
    return found


def digit_floor(right: np.ndarray) -> np.ndarray:
    """Per entry: ``FLOOR_UNITS`` units in the ``DIGITS``-th significant digit of ``right`` (0 where it
    is 0): the least tolerance, which still accepts ``right`` rounded to ``DIGITS`` significant digits."""
    mag = np.abs(right)
    with np.errstate(divide="ignore"):
        exponent = np.floor(np.log10(np.where(mag > 0, mag, 1.0)))
    return np.where(mag > 0, FLOOR_UNITS * 10.0 ** (exponent - (DIGITS - 1)), 0.0)


@dataclass(frozen=True)
class StepTolerance:
    """The tolerance a step is graded with, entry by entry (arrays of the step's shape).

    An entry is right when |typed − right| <= abs or <= rel·|right|. Tightened entries have rel 0."""

    abs: np.ndarray
    rel: np.ndarray
    tightened: np.ndarray      # bool: the entries whose tolerance was narrowed

    @classmethod
    def default(cls, right: Any, tol: Tolerance = Tolerance()) -> "StepTolerance":
        """The rule itself, entry by entry, for a step whose right value is ``right``."""
        right = np.asarray(right, dtype=float)
        shape = right.shape
        return cls(np.full(shape, tol.zero(right)), np.full(shape, tol.rel), np.zeros(shape, dtype=bool))

    @property
    def tight(self) -> bool:
        return bool(self.tightened.any())

    def accepts(self, typed: Any, target: Any) -> np.ndarray:
        """Per entry: ``typed`` is within the tolerance of ``target`` (bool array; shapes must match)."""
        typed, target = np.asarray(typed, dtype=float), np.asarray(target, dtype=float)
        diff = np.abs(typed - target)
        return (diff <= self.abs) | (diff <= self.rel * np.abs(target))

    def matches(self, typed: Any, target: Any) -> bool:
        """Every entry of ``typed`` within the tolerance of ``target`` (False on a shape mismatch)."""
        typed, target = np.asarray(typed, dtype=float), np.asarray(target, dtype=float)
        return typed.shape == target.shape and bool(self.accepts(typed, target).all())

    @property
    def decimals(self) -> int | None:
        """Decimals that are enough for every tightened entry (rounding to them errs by at most half a
        unit in the last place); None when the default tolerance applies everywhere."""
        if not self.tight:
            return None
        smallest = float(self.abs[self.tightened].min())
        if smallest <= 0:
            return None     # a value that is exactly 0 and must be typed exactly
        return max(0, math.ceil(math.log10(0.5 / smallest) - 1e-9))


def separate(right: Any, wrongs: Iterable[Any], default: Tolerance = Tolerance(), *,
             scale: float = 0.0) -> StepTolerance:
    """The tolerance for a step whose right value is ``right`` and whose known wrong values are
    ``wrongs``: the default, narrowed entry by entry wherever a whole wrong value would pass it."""
    right = np.asarray(right, dtype=float)
    zero = default.zero(right, scale)
    loose = np.maximum(zero, default.rel * np.abs(right))
    abs_ = np.full(right.shape, zero)
    rel = np.full(right.shape, default.rel)
    tightened = np.zeros(right.shape, dtype=bool)
    floor = digit_floor(right)
    for wrong in wrongs:
        wrong = _numeric(wrong)
        if wrong is None or wrong.shape != right.shape:
            continue
        dist = np.abs(wrong - right)
        if not np.all(dist <= loose):
            continue    # at least one entry already tells it apart
        close = dist > _EQUAL * (1 + np.abs(right))     # entries where it differs at all
        narrow = np.minimum(loose, np.maximum(FRACTION * dist, floor))
        # with several close wrong values the nearest one decides
        abs_ = np.where(close, np.minimum(np.where(tightened, abs_, loose), narrow), abs_)
        rel = np.where(close, 0.0, rel)
        tightened |= close
    return StepTolerance(abs_, rel, tightened)


def regrade(verdict: Verdict, value: Any, expected: Any, tol: StepTolerance) -> Verdict:
    """The checker's verdict again with the step's per-entry tolerance (it can only turn entries
    wrong: the tightened tolerance is never wider than the default)."""
    ok = tol.accepts(value, expected)
    entries = ok.tolist() if np.ndim(ok) else None
    decimals = tol.decimals
    if ok.all():
        return replace(verdict, status="correct", message="Correct.", message_zh="正确。", entries=entries)
    bad = int(np.size(ok) - np.count_nonzero(ok))
    need_en = f" (this step needs {decimals} decimals)" if decimals is not None else ""
    need_zh = f"（这一步需要 {decimals} 位小数）" if decimals is not None else ""
    if entries is None:
        return replace(verdict, status="incorrect", message=f"Not close enough{need_en}.",
                       message_zh=f"不够接近{need_zh}。", entries=None)
    return replace(verdict, status="incorrect", message=f"{bad} of {ok.size} entries wrong{need_en}.",
                   message_zh=f"{ok.size} 项中有 {bad} 项不对{need_zh}。", entries=entries)
