"""Kind ``gcn-layer``: one graph-convolution layer in the form of Kipf & Welling (2017).

    Ã = A + I                     add self-loops               A: n×n symmetric 0/1, zero diagonal
    d̃_i = Σ_j Ã_ij                degree of Ã (a vector of n)
    Â = D̃^{-1/2} Ã D̃^{-1/2}       Â_ij = Ã_ij / √(d̃_i d̃_j)
    Z = Â H W                     H: n×f, W: f×f′, Z: n×f′
    H′ = activation(Z)            relu or tanh
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.generators.base import Kind, Mistake, Steps
from engine.generators.diagnosis import collect, inputs
from engine.generators.values import array, draw
from engine.text import Text

SIZES: dict[str, dict[str, int]] = {
    "easy": {"n": 3, "f": 2, "f_out": 1},
    "medium": {"n": 4, "f": 2, "f_out": 2},
    "hard": {"n": 5, "f": 3, "f_out": 2},
}

ACTIVATIONS: dict[str, Any] = {
    "relu": lambda z: np.maximum(z, 0.0),
    "tanh": np.tanh,
}

_ACTIVATION_FORMULA: dict[str, str] = {
    "relu": r"H' = \operatorname{ReLU}(Z) = \max(Z, 0)",
    "tanh": r"H' = \tanh(Z)",
}


def _adjacency(rng: np.random.Generator, n: int) -> np.ndarray:
    """A random undirected graph on n nodes without self-loops and with at least one edge (n×n, ints 0/1)."""
    while True:
        upper = np.triu(rng.random((n, n)) < 0.5, k=1)
        if upper.any():
            return (upper | upper.T).astype(int)


def make_given(rng: np.random.Generator, difficulty: str) -> dict[str, Any]:
    s = SIZES[difficulty]
    activation = str(rng.choice(["relu", "tanh"])) if difficulty == "hard" else "relu"
    return {
        "A": _adjacency(rng, s["n"]).tolist(),
        "H": draw(rng, (s["n"], s["f"]), difficulty),
        "W": draw(rng, (s["f"], s["f_out"]), difficulty),
        "activation": activation,
    }


def solve(given: dict[str, Any], steps: Steps) -> dict[str, Any]:
    A, H, W = array(given, "A"), array(given, "H"), array(given, "W")
    activation = given["activation"]
    n = A.shape[0]

    A_tilde = steps.add("A_tilde", r"\tilde A = A + I", A + np.eye(n), answer=("A_tilde",),
                        label=Text("加自环", "Add self-loops"))
    degree = steps.add("degree", r"\tilde d_i = \sum_j \tilde A_{ij}", A_tilde.sum(axis=1), answer=("degree",),
                       label=Text("Ã 的度（每行之和）", "Degrees of Ã (row sums)"))
    d_inv_sqrt = steps.add("d_inv_sqrt", r"\tilde D^{-1/2} = \operatorname{diag}(1/\sqrt{\tilde d_i})",
                           1.0 / np.sqrt(degree),
                           label=Text("度的 −1/2 次方（对角线）", "Degrees to the power −1/2 (the diagonal)"))
    A_norm = steps.add("A_norm", r"\hat A = \tilde D^{-1/2} \tilde A \tilde D^{-1/2},"
                       r"\quad \hat A_{ij} = \frac{\tilde A_{ij}}{\sqrt{\tilde d_i \tilde d_j}}",
                       d_inv_sqrt[:, None] * A_tilde * d_inv_sqrt[None, :], answer=("A_norm",),
                       label=Text("对称归一化的邻接矩阵", "Symmetrically normalised adjacency"))
    AH = steps.add("A_norm_H", r"\hat A H", A_norm @ H,
                   label=Text("聚合邻居（含自身）的特征", "Aggregate the features of each node's neighbours and itself"))
    Z = steps.add("Z", r"Z = \hat A H W", AH @ W, answer=("Z",),
                  label=Text("线性变换", "Linear transform"))
    H_next = steps.add("H_next", _ACTIVATION_FORMULA[activation], ACTIVATIONS[activation](Z), answer=("H_next",),
                       label=Text("激活函数", "Activation"))
    return {"A_tilde": A_tilde, "degree": degree, "A_norm": A_norm, "Z": Z, "H_next": H_next}


def prompt(given: dict[str, Any], difficulty: str) -> Text:
    n, f = np.shape(given["H"])
    f_out = np.shape(given["W"])[1]
    act = given["activation"]
    zh = (f"一层 GCN（Kipf & Welling）：图有 {n} 个节点，邻接矩阵 A（无自环），节点特征 H（{n}×{f}），"
          f"权重 W（{f}×{f_out}），激活函数 {act}。求 Ã = A + I、Ã 的度 d̃、Â = D̃^(−1/2) Ã D̃^(−1/2)、"
          f"Z = Â H W 和 H′ = {act}(Z)。")
    en = (f"One GCN layer (Kipf & Welling): a graph of {n} nodes with adjacency A (no self-loops), node features "
          f"H ({n}×{f}), weights W ({f}×{f_out}), activation {act}. Compute Ã = A + I, the degrees d̃ of Ã, "
          f"Â = D̃^(−1/2) Ã D̃^(−1/2), Z = Â H W and H′ = {act}(Z).")
    return Text(zh, en)


TITLES: dict[str, Text] = {
    "degree-without-self-loops": Text("度用的是 A 而不是 Ã = A + I", "Took the degrees of A instead of Ã = A + I"),
    "row-normalised": Text("用了行归一化 D̃⁻¹Ã 而不是对称归一化", "Used the row normalisation D̃⁻¹Ã instead of the symmetric one"),
    "forgot-activation": Text("漏了激活函数", "Forgot the activation"),
}
FIXES: dict[str, Text] = {
    "degree-without-self-loops": Text("先加自环 Ã = A + I，度 d̃_i = Σ_j Ã_ij（每个节点至少为 1）",
                                      "Add self-loops first, Ã = A + I; the degree d̃_i = Σ_j Ã_ij (at least 1 for every node)"),
    "row-normalised": Text("Â = D̃^{−1/2} Ã D̃^{−1/2}，即 Â_ij = Ã_ij / √(d̃_i d̃_j)（Kipf & Welling）",
                           "Â = D̃^{−1/2} Ã D̃^{−1/2}, i.e. Â_ij = Ã_ij / √(d̃_i d̃_j) (Kipf & Welling)"),
    "forgot-activation": Text("H′ = σ(Â H W)：线性变换之后还要过激活函数", "H′ = σ(Â H W): the activation follows the linear transform"),
}


def mistakes(given: dict[str, Any], carry: Mapping[str, Any] | None = None) -> list[Mistake]:
    right, used = inputs(solve, given, carry)
    found = [
        ("degree-without-self-loops", "degree", array(given, "A").sum(axis=1)),
        ("row-normalised", "A_norm", used["A_tilde"] / used["degree"][:, None]),
        ("forgot-activation", "H_next", used["Z"]),
    ]
    return collect(found, right, TITLES, FIXES)

KINDS: list[Kind] = [
    Kind(
        name="gcn-layer",
        topic="gcn",
        title=Text("GCN 层的前向计算", "Forward pass of a GCN layer"),
        make_given=make_given,
        solve=solve,
        prompt=prompt,
        mistakes=mistakes,
    )
]
