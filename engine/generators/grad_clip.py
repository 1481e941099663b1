"""Kind ``grad-clip``: gradient clipping by (global) L2 norm.

    ‖g‖ = √(Σ_i g_i²)
    g_clipped = g · max_norm / ‖g‖   if ‖g‖ > max_norm,   else g

Clipping rescales the whole vector, so the direction is kept and only the length changes; with all of
a model's gradients concatenated into ``grads`` this is clip-by-global-norm (PyTorch's
clip_grad_norm_, which divides by ‖g‖ + 1e-6, a difference invisible at these sizes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.generators.base import Kind, Mistake, Steps
from engine.generators.diagnosis import collect, inputs
from engine.generators.values import array, draw_nonzero
from engine.text import Text

SIZES: dict[str, int] = {"easy": 2, "medium": 4, "hard": 8}
MAX_NORMS: dict[str, tuple[float, ...]] = {
    "easy": (1.0, 2.0, 5.0),
    "medium": (0.5, 1.0, 2.0, 5.0),
    "hard": (0.25, 0.5, 1.0, 5.0),
}


def make_given(rng: np.random.Generator, difficulty: str) -> dict[str, Any]:
    n = SIZES[difficulty]
    high = 4.0 if difficulty == "easy" else 3.0
    return {
        "grads": draw_nonzero(rng, n, difficulty, -high, high),
        "max_norm": float(rng.choice(MAX_NORMS[difficulty])),
    }


def solve(given: dict[str, Any], steps: Steps) -> dict[str, Any]:
    g = array(given, "grads")
    max_norm = float(given["max_norm"])
    norm = steps.add("norm", r"\lVert g \rVert = \sqrt{\textstyle\sum_i g_i^2}", float(np.sqrt(np.sum(g ** 2))),
                     answer=("norm",), label=Text("梯度的 L2 范数", "L2 norm of the gradient"))
    scale = steps.add("scale", r"s = \min\!\left(1, \frac{\mathrm{max\_norm}}{\lVert g \rVert}\right)",
                      min(1.0, max_norm / norm) if norm > 0 else 1.0,
                      label=Text("缩放系数（范数不超过上限时为 1）", "Scale factor (1 when the norm is within the limit)"))
    clipped = steps.add("clipped", r"g_{\text{clipped}} = s\, g", scale * g, answer=("clipped",),
                        label=Text("裁剪后的梯度：方向不变，只缩短长度",
                                   "Clipped gradient: same direction, only the length shrinks"))
    return {"norm": norm, "clipped": clipped}


def prompt(given: dict[str, Any], difficulty: str) -> Text:
    n = len(given["grads"])
    mx = f"{given['max_norm']:g}"
    zh = (f"按 L2 范数裁剪梯度：给定梯度向量 g（{n} 维）和 max_norm = {mx}。求 ‖g‖，以及裁剪后的梯度"
          f"（若 ‖g‖ > max_norm，则 g ← g · max_norm/‖g‖，否则不变）。")
    en = (f"Gradient clipping by L2 norm: given a gradient vector g ({n} entries) and max_norm = {mx}, compute ‖g‖ "
          f"and the clipped gradient (if ‖g‖ > max_norm then g ← g · max_norm/‖g‖, otherwise g is unchanged).")
    return Text(zh, en)


TITLES: dict[str, Text] = {
    "forgot-sqrt": Text("范数漏了开方（用了平方和）", "Forgot the square root (used the sum of squares)"),
    "clipped-by-value": Text("逐元素截断到 [−max_norm, max_norm]（那是按值裁剪）",
                             "Clipped each entry to [−max_norm, max_norm] (that is clipping by value)"),
    "scaled-up": Text("范数未超过上限时也缩放了（把梯度放大）",
                      "Rescaled although the norm was within the limit (which scales the gradient up)"),
}
FIXES: dict[str, Text] = {
    "forgot-sqrt": Text("‖g‖ = √(Σ_i g_i²)", "‖g‖ = √(Σ_i g_i²)"),
    "clipped-by-value": Text("按范数裁剪把整个向量乘以 max_norm/‖g‖，方向不变",
                             "Clipping by norm multiplies the whole vector by max_norm/‖g‖, keeping its direction"),
    "scaled-up": Text("只有 ‖g‖ > max_norm 时才缩放：g ← g · min(1, max_norm/‖g‖)",
                      "Rescale only when ‖g‖ > max_norm: g ← g · min(1, max_norm/‖g‖)"),
}


def mistakes(given: dict[str, Any], carry: Mapping[str, Any] | None = None) -> list[Mistake]:
    right, used = inputs(solve, given, carry)
    g, max_norm = array(given, "grads"), float(given["max_norm"])
    norm = float(used["norm"])
    found = [
        ("forgot-sqrt", "norm", float(np.sum(g ** 2))),
        ("clipped-by-value", "clipped", np.clip(g, -max_norm, max_norm)),
    ]
    if norm > 0:
        found.append(("scaled-up", "clipped", g * max_norm / norm))
    return collect(found, right, TITLES, FIXES)

KINDS: list[Kind] = [
    Kind(
        name="grad-clip",
        topic="training",
        title=Text("梯度裁剪", "Gradient clipping"),
        make_given=make_given,
        solve=solve,
        prompt=prompt,
        mistakes=mistakes,
    )
]
