"""Numbers as a learner writes them: the one rule the drill, the screens and the printed worksheets share."""

from __future__ import annotations

from math import floor, log10
from typing import Any


def number(x: Any, digits: int = 4) -> str:
    """A number as a learner would write it: up to ``digits`` significant decimals, no float noise."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    if v != v:
        return "NaN"
    if v == int(v) and abs(v) < 1e12:
        return str(int(v))
    if abs(v) >= 1e5 or abs(v) < 1e-4:
        return f"{v:.{digits}g}"
    # at least ``digits`` decimals, and ``digits`` significant figures for small values: answers are
    # graded relative to their size (engine/checking/tolerance.py), so 0.00049 must not show as 0.0005
    decimals = max(digits, digits - 1 - floor(log10(abs(v))))
    return f"{v:.{decimals}f}".rstrip("0").rstrip(".")
