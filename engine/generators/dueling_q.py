"""Kind ``dueling-q``: the notes' dueling-DQN head (notes 1.2), Q = V + A - mean(A).

easy: one state, V a number and A a list of n actions; medium/hard: a batch of B states, V a list
of B numbers (the notes' fcV output of shape (B, 1), flattened) and A a B × n matrix; Q has A's
shape. The mean is over the actions of each state (A.mean(1) in the notes' code).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.generators.base import Kind, Steps
from engine.text import Text

SIZES = {"easy": (None, 3), "medium": (2, 3), "hard": (3, 4)}


def make_given(rng: np.random.Generator, difficulty: str) -> dict[str, Any]:
    batch, n = SIZES[difficulty]
    decimals = 2 if difficulty == "hard" else 1
    scale = 10 ** decimals
    shape = (n,) if batch is None else (batch, n)
    A = np.round(rng.integers(-2 * scale, 2 * scale + 1, shape) / scale, decimals) + 0.0
    V = np.round(rng.integers(-3 * scale, 3 * scale + 1, () if batch is None else batch) / scale, decimals) + 0.0
    return {"V": V.tolist(), "A": A.tolist()}


def solve(given: dict[str, Any], steps: Steps) -> dict[str, Any]:
    V = np.asarray(given["V"], dtype=float)
    A = np.asarray(given["A"], dtype=float)
    if A.ndim == 1:
        mean = steps.add("mean_A", r"\bar A = \frac{1}{n} \sum_a A(s, a)", float(A.mean()),
                         label=Text("优势的平均值", "mean of the advantages"))
        Q = V + A - mean
    else:
        mean = steps.add("mean_A", r"\bar A(s) = \frac{1}{n} \sum_a A(s, a)", A.mean(axis=1),
                         label=Text("每个状态的优势平均值", "mean advantage of each state"))
        Q = V[:, None] + A - mean[:, None]
    steps.add("Q", r"Q(s, a) = V(s) + A(s, a) - \frac{1}{n} \sum_{a'} A(s, a')", Q, answer=("Q",),
              label=Text("Q 值（减去均值使 V 与 A 可辨识）", "Q values (subtracting the mean makes V and A identifiable)"))
    return {"Q": Q}


def prompt(given: dict[str, Any], difficulty: str) -> Text:
    A = np.asarray(given["A"])
    if A.ndim == 1:
        return Text(f"Dueling DQN 的输出头：一个状态的价值 V 与 {A.shape[0]} 个动作的优势 A。按 Q = V + A − mean(A) 求各动作的 Q 值。",
                    f"A dueling-DQN head: the value V of one state and the advantages A of its {A.shape[0]} actions. "
                    f"Compute every action's Q = V + A − mean(A).")
    b, n = A.shape
    return Text(f"Dueling DQN 的输出头，一批 {b} 个状态：V 的第 i 个数是第 i 个状态的价值，A 的第 i 行是它 {n} 个动作的优势。"
                f"按 Q = V + A − mean(A)（对每个状态的动作求平均）求 Q 矩阵。",
                f"A dueling-DQN head on a batch of {b} states: V[i] is state i's value and row i of A holds its {n} "
                f"advantages. Compute the Q matrix, Q = V + A − mean(A), the mean taken over each state's actions.")


KINDS = [Kind(name="dueling-q", topic="nn-basics", title=Text("Dueling DQN 的 Q 值", "Dueling-DQN Q values"),
              make_given=make_given, solve=solve, prompt=prompt)]
