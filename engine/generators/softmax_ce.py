"""Kind ``softmax-cross-entropy``: p = softmax(z), L = -Σ y_i log p_i, and the fused ∂L/∂z = p - y.

given {z, y (one-hot)}; answers {p, loss, dz}.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.generators.base import Kind, Steps
from engine.nn import activations as act
from engine.text import Text

CLASSES = {"easy": 3, "medium": 4, "hard": 5}


def make_given(rng: np.random.Generator, difficulty: str) -> dict[str, Any]:
    k = CLASSES[difficulty]
    if difficulty == "easy":
        z = rng.integers(-2, 3, k).astype(float)
    else:
        decimals = 1 if difficulty == "medium" else 2
        z = np.round(rng.integers(-3 * 10 ** decimals, 3 * 10 ** decimals + 1, k) / 10 ** decimals, decimals)
    y = np.zeros(k)
    y[rng.integers(k)] = 1.0
    return {"z": (z + 0.0).tolist(), "y": y.tolist()}


def solve(given: dict[str, Any], steps: Steps) -> dict[str, Any]:
    z = np.asarray(given["z"], dtype=float)
    y = np.asarray(given["y"], dtype=float)
    p_val = act.softmax(z)
    p = steps.add("p", r"p_i = \frac{e^{z_i}}{\sum_j e^{z_j}}", p_val, answer=("p",),
                  label=Text("softmax 概率", "softmax probabilities"))
    loss = float(-np.sum(y * np.log(p)))
    steps.add("loss", r"L = -\sum_i y_i \log p_i", loss, answer=("loss",),
              label=Text("交叉熵损失（y 为 one-hot：只剩正确类的 −log p）", "cross-entropy (y one-hot: only −log p of the true class remains)"))
    dz = p - y
    steps.add("dz", r"\frac{\partial L}{\partial z} = p - y", dz, answer=("dz",),
              label=Text("对 z 的梯度（softmax 与交叉熵合并后）", "gradient with respect to z (softmax and cross-entropy fused)"))
    return {"p": p_val, "loss": loss, "dz": dz}


def prompt(given: dict[str, Any], difficulty: str) -> Text:
    k = len(given["z"])
    cls = int(np.argmax(given["y"]))
    return Text(f"{k} 个类别的 logits z 与 one-hot 标签 y（正确类为第 {cls + 1} 类）。求 p = softmax(z)、"
                f"交叉熵损失 L = −Σ y_i log p_i，以及 ∂L/∂z。",
                f"Logits z over {k} classes and a one-hot label y (the true class is number {cls + 1}). "
                f"Compute p = softmax(z), the cross-entropy L = −Σ y_i log p_i, and ∂L/∂z.")


KINDS = [Kind(name="softmax-cross-entropy", topic="nn-basics",
              title=Text("softmax 与交叉熵", "Softmax and cross-entropy"),
              make_given=make_given, solve=solve, prompt=prompt)]
