"""Kind ``batchnorm``: batch normalisation in training mode, forward and backward.

Forward over a batch X (N×F), per feature (column) j:

    μ_j   = (1/N) Σ_i X_ij
    σ²_j  = (1/N) Σ_i (X_ij − μ_j)²           the biased variance, as used in training
    X̂_ij = (X_ij − μ_j) / √(σ²_j + ε)
    Y_ij  = γ_j X̂_ij + β_j

Backward, given the upstream gradient dY = ∂L/∂Y (N×F):

    ∂L/∂β = Σ_i dY_i,   ∂L/∂γ = Σ_i dY_i ⊙ X̂_i,   dX̂ = dY ⊙ γ
    ∂L/∂X = 1/(N √(σ² + ε)) ⊙ (N dX̂ − Σ_i dX̂_i − X̂ ⊙ Σ_i dX̂_i ⊙ X̂_i)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.generators.base import Kind, Mistake, Steps
from engine.generators.diagnosis import collect, inputs
from engine.generators.values import DECIMALS, array, draw, rounded
from engine.text import Text

SIZES: dict[str, dict[str, tuple[int, ...]]] = {
    "easy": {"N": (2, 3), "F": (1, 2)},
    "medium": {"N": (4,), "F": (2,)},
    "hard": {"N": (4, 5), "F": (3,)},
}

EPS = 1e-5  # PyTorch's default; far too small to change a hand calculation at one-percent tolerance
MIN_VAR = 0.04  # redraw a batch whose column is nearly constant: X̂ would be 0/0-like and dX huge


def make_given(rng: np.random.Generator, difficulty: str) -> dict[str, Any]:
    s = SIZES[difficulty]
    N = int(rng.choice(s["N"]))
    F = int(rng.choice(s["F"]))
    while True:
        X = rounded(rng.uniform(-2.0, 2.0, size=(N, F)), DECIMALS[difficulty])
        if X.var(axis=0).min() >= MIN_VAR:
            break
    return {
        "X": X.tolist(),
        "gamma": draw(rng, F, difficulty, 0.5, 2.0),
        "beta": draw(rng, F, difficulty),
        "eps": EPS,
        "dY": draw(rng, (N, F), difficulty),
    }


def solve(given: dict[str, Any], steps: Steps) -> dict[str, Any]:
    X, gamma, beta, dY = array(given, "X"), array(given, "gamma"), array(given, "beta"), array(given, "dY")
    eps = float(given["eps"])
    N = X.shape[0]

    mean = steps.add("mean", r"\mu_j = \frac{1}{N} \sum_i X_{ij}", X.mean(axis=0), answer=("mean",),
                     label=Text("每个特征（列）的批均值", "Batch mean of each feature (column)"))
    var = steps.add("var", r"\sigma_j^2 = \frac{1}{N} \sum_i (X_{ij} - \mu_j)^2", ((X - mean) ** 2).mean(axis=0),
                    answer=("var",), label=Text("有偏方差（除以 N，训练时的用法）",
                                                "Biased variance (divide by N, as in training)"))
    std = steps.add("std", r"\sqrt{\sigma_j^2 + \epsilon}", np.sqrt(var + eps),
                    label=Text("标准差（加 ε）", "Standard deviation (with ε)"))
    X_hat = steps.add("X_hat", r"\hat X_{ij} = \frac{X_{ij} - \mu_j}{\sqrt{\sigma_j^2 + \epsilon}}", (X - mean) / std,
                      answer=("X_hat",), label=Text("标准化", "Normalise"))
    Y = steps.add("Y", r"Y_{ij} = \gamma_j \hat X_{ij} + \beta_j", gamma * X_hat + beta, answer=("Y",),
                  label=Text("缩放和平移", "Scale and shift"))
    dbeta = steps.add("dbeta", r"\frac{\partial L}{\partial \beta_j} = \sum_i dY_{ij}", dY.sum(axis=0),
                      answer=("dbeta",), label=Text("β 的梯度", "Gradient of β"))
    dgamma = steps.add("dgamma", r"\frac{\partial L}{\partial \gamma_j} = \sum_i dY_{ij} \hat X_{ij}",
                       (dY * X_hat).sum(axis=0), answer=("dgamma",), label=Text("γ 的梯度", "Gradient of γ"))
    dX_hat = steps.add("dX_hat", r"\frac{\partial L}{\partial \hat X_{ij}} = dY_{ij}\, \gamma_j", dY * gamma,
                       label=Text("对标准化值的梯度", "Gradient w.r.t. the normalised values"))
    dX = steps.add("dX", r"\frac{\partial L}{\partial X_{ij}} = \frac{1}{N \sqrt{\sigma_j^2 + \epsilon}}"
                   r"\Big(N\, d\hat X_{ij} - \sum_k d\hat X_{kj} - \hat X_{ij} \sum_k d\hat X_{kj} \hat X_{kj}\Big)",
                   (N * dX_hat - dX_hat.sum(axis=0) - X_hat * (dX_hat * X_hat).sum(axis=0)) / (N * std),
                   answer=("dX",),
                   label=Text("对输入的梯度：均值和方差也依赖 X，所以多出两项",
                              "Gradient w.r.t. the input: the mean and variance depend on X too, hence two extra terms"))
    return {"mean": mean, "var": var, "X_hat": X_hat, "Y": Y, "dX": dX, "dgamma": dgamma, "dbeta": dbeta}


def prompt(given: dict[str, Any], difficulty: str) -> Text:
    N, F = np.shape(given["X"])
    zh = (f"训练模式下的批归一化：一批 X（{N} 个样本 × {F} 个特征），参数 γ、β，ε = {given['eps']:g}，"
          f"上游梯度 dY = ∂L/∂Y。按列求均值 μ、有偏方差 σ²（除以 N）、X̂ = (X − μ)/√(σ² + ε)、"
          f"Y = γX̂ + β，再反向求 dX、dγ、dβ。")
    en = (f"Batch normalisation in training mode: a batch X ({N} examples × {F} features), parameters γ, β, "
          f"ε = {given['eps']:g}, upstream gradient dY = ∂L/∂Y. Per column, compute the mean μ, the biased "
          f"variance σ² (divide by N), X̂ = (X − μ)/√(σ² + ε) and Y = γX̂ + β; then backward: dX, dγ and dβ.")
    return Text(zh, en)


TITLES: dict[str, Text] = {
    "unbiased-variance": Text("方差除以了 N − 1（无偏估计）", "Divided the variance by N − 1 (the unbiased estimate)"),
    "dX-ignores-batch-statistics": Text("dX 只算了 dY·γ/√(σ² + ε)，漏了均值和方差对 X 的依赖",
                                        "Took dX = dY·γ/√(σ² + ε), forgetting that the mean and variance depend on X"),
}
FIXES: dict[str, Text] = {
    "unbiased-variance": Text("训练时用批的有偏方差：σ² = (1/N) Σ_i (x_i − μ)²",
                              "Training uses the batch's biased variance: σ² = (1/N) Σ_i (x_i − μ)²"),
    "dX-ignores-batch-statistics": Text("dX = (N dX̂ − Σ dX̂ − X̂ Σ dX̂⊙X̂) / (N √(σ² + ε))，其中 dX̂ = dY ⊙ γ",
                                        "dX = (N dX̂ − Σ dX̂ − X̂ Σ dX̂⊙X̂) / (N √(σ² + ε)), with dX̂ = dY ⊙ γ"),
}


def mistakes(given: dict[str, Any], carry: Mapping[str, Any] | None = None) -> list[Mistake]:
    right, used = inputs(solve, given, carry)
    X = array(given, "X")
    N = X.shape[0]
    found = [
        ("unbiased-variance", "var", ((X - used["mean"]) ** 2).sum(axis=0) / (N - 1)),
        ("dX-ignores-batch-statistics", "dX", used["dX_hat"] / used["std"]),
    ]
    return collect(found, right, TITLES, FIXES)

KINDS: list[Kind] = [
    Kind(
        name="batchnorm",
        topic="training",
        title=Text("批归一化的前向与反向", "Batch normalisation, forward and backward"),
        make_given=make_given,
        solve=solve,
        prompt=prompt,
        mistakes=mistakes,
    )
]
