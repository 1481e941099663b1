"""Which sampling boxes a symbolic question may set: ``domain = { x = [low, high] }``.

A box is sampled uniformly, so its width must be a finite float and the sampled values must be
usable: beyond ±1e12 almost every formula overflows (x² alone reaches 1e24, e^x long before), and
±1e308 has no width at all in floating point (high − low overflows). Such a box is refused where it
is written (bank validation, ``quizapp check --domain``, a batch line) with the same message, rather
than accepted and then failing on every submission. No numpy here: the bank loader imports this.
"""

from __future__ import annotations

import math
from typing import Any

MAX_BOUND = 1e12


def domain_problem(box: Any) -> tuple[str, str] | None:
    """None if ``box`` is a usable [low, high]; else why not (English, Chinese)."""
    if isinstance(box, (str, bytes, dict)) or not hasattr(box, "__len__") or len(box) != 2:
        return ("must be [low, high]", "必须是 [下界, 上界]")
    lo, hi = box
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lo, hi)):
        return ("must be [low, high] with two numbers", "必须是两个数 [下界, 上界]")
    try:
        lo, hi = float(lo), float(hi)
    except OverflowError:
        lo = hi = math.inf
    if not (math.isfinite(lo) and math.isfinite(hi)) or max(abs(lo), abs(hi)) > MAX_BOUND:
        return (f"bounds must be finite numbers between -{MAX_BOUND:.0e} and {MAX_BOUND:.0e}",
                f"上下界必须是 -{MAX_BOUND:.0e} 到 {MAX_BOUND:.0e} 之间的有限数")
    if not lo < hi:
        return ("must be [low, high] with low < high", "必须是 [下界, 上界] 且下界 < 上界")
    return None
