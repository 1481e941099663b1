"""Kind ``adam-step``: one bias-corrected Adam update (Kingma & Ba, 2015, Algorithm 1).

    m_t = β₁ m_{t-1} + (1 − β₁) g
    v_t = β₂ v_{t-1} + (1 − β₂) g²                 (element-wise square)
    m̂_t = m_t / (1 − β₁ᵗ),   v̂_t = v_t / (1 − β₂ᵗ)
    θ_t = θ_{t-1} − lr · m̂_t / (√v̂_t + ε)

``t`` is the step being taken, counted from 1. The given m and v are the moments after step t − 1
(zero at t = 1); they come from a short simulated history so that their sizes are realistic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.generators.base import Kind, Mistake, Steps
from engine.generators.diagnosis import collect, inputs
from engine.generators.values import array, draw, draw_nonzero
from engine.text import Text

SIZES: dict[str, int] = {"easy": 2, "medium": 3, "hard": 4}


def _significant(x: np.ndarray, digits: int = 3) -> np.ndarray:
    """Round each entry to ``digits`` significant digits (the moments span many orders of magnitude)."""
    out = np.zeros_like(x)
    for idx, value in np.ndenumerate(x):
        if value != 0.0:
            out[idx] = round(float(value), digits - 1 - int(np.floor(np.log10(abs(value)))))
    return out + 0.0


def make_given(rng: np.random.Generator, difficulty: str) -> dict[str, Any]:
    n = SIZES[difficulty]
    if difficulty == "easy":
        t, lr, beta2 = 1, 0.1, 0.999
    elif difficulty == "medium":
        t, lr, beta2 = int(rng.integers(2, 6)), float(rng.choice([0.1, 0.01])), 0.999
    else:
        t, lr, beta2 = int(rng.integers(3, 21)), float(rng.choice([0.01, 0.001])), float(rng.choice([0.999, 0.99]))
    beta1 = 0.9
    # The moments after t − 1 earlier steps, from gradients scattered around a common direction.
    m, v = np.zeros(n), np.zeros(n)
    trend = rng.uniform(-1.0, 1.0, size=n)
    for _ in range(t - 1):
        g_old = trend + rng.normal(0.0, 0.5, size=n)
        m = beta1 * m + (1 - beta1) * g_old
        v = beta2 * v + (1 - beta2) * g_old ** 2
    return {
        "theta": draw(rng, n, difficulty),
        "grad": draw_nonzero(rng, n, difficulty),
        "m": _significant(m).tolist(),
        "v": _significant(v).tolist(),
        "t": t,
        "lr": lr,
        "beta1": beta1,
        "beta2": beta2,
        "eps": 1e-8,
    }


def solve(given: dict[str, Any], steps: Steps) -> dict[str, Any]:
    theta, g, m_prev, v_prev = array(given, "theta"), array(given, "grad"), array(given, "m"), array(given, "v")
    t, lr, eps = int(given["t"]), float(given["lr"]), float(given["eps"])
    beta1, beta2 = float(given["beta1"]), float(given["beta2"])

    m = steps.add("m", r"m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g", beta1 * m_prev + (1 - beta1) * g, answer=("m",),
                  label=Text("一阶矩（梯度的指数滑动平均）", "First moment (exponential moving average of the gradient)"))
    v = steps.add("v", r"v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g^2", beta2 * v_prev + (1 - beta2) * g ** 2,
                  answer=("v",), label=Text("二阶矩（梯度平方的指数滑动平均）",
                                            "Second moment (exponential moving average of the squared gradient)"))
    m_hat = steps.add("m_hat", rf"\hat m_t = \frac{{m_t}}{{1 - \beta_1^{{t}}}},\ t = {t}", m / (1 - beta1 ** t),
                      answer=("m_hat",), label=Text("一阶矩的偏差修正（m 从 0 开始，早期偏小）",
                                                    "Bias-corrected first moment (m starts at 0, so it is too small early on)"))
    v_hat = steps.add("v_hat", rf"\hat v_t = \frac{{v_t}}{{1 - \beta_2^{{t}}}},\ t = {t}", v / (1 - beta2 ** t),
                      answer=("v_hat",), label=Text("二阶矩的偏差修正", "Bias-corrected second moment"))
    update = steps.add("update", r"\Delta\theta = \mathrm{lr} \cdot \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}",
                       lr * m_hat / (np.sqrt(v_hat) + eps),
                       label=Text("更新量（逐元素）", "The step (element-wise)"))
    theta_new = steps.add("theta", r"\theta_t = \theta_{t-1} - \Delta\theta", theta - update, answer=("theta",),
                          label=Text("更新后的参数", "Updated parameters"))
    return {"m": m, "v": v, "m_hat": m_hat, "v_hat": v_hat, "theta": theta_new}


def prompt(given: dict[str, Any], difficulty: str) -> Text:
    t = given["t"]
    hp = f"lr = {given['lr']:g}, β₁ = {given['beta1']:g}, β₂ = {given['beta2']:g}, ε = {given['eps']:g}"
    zh = (f"Adam 优化器的第 t = {t} 步（{hp}）：给定参数 θ、本步梯度 g 以及上一步后的矩 m、v，"
          f"求新的 m、v，偏差修正后的 m̂ = m/(1−β₁ᵗ)、v̂ = v/(1−β₂ᵗ)，以及更新后的 θ = θ − lr·m̂/(√v̂ + ε)。")
    en = (f"Step t = {t} of the Adam optimiser ({hp}): given the parameters θ, this step's gradient g and the "
          f"moments m, v after the previous step, compute the new m and v, the bias-corrected m̂ = m/(1−β₁ᵗ) and "
          f"v̂ = v/(1−β₂ᵗ), and the updated θ = θ − lr·m̂/(√v̂ + ε).")
    if t == 1:
        zh += "（提示：第 1 步时 m̂ = g、v̂ = g²，所以每个参数都移动约 lr。）"
        en += " (Hint: at step 1, m̂ = g and v̂ = g², so every parameter moves by about lr.)"
    return Text(zh, en)


TITLES: dict[str, Text] = {
    "no-bias-correction": Text("更新时没有做偏差修正（用了 m、v 而不是 m̂、v̂）",
                               "Updated without bias correction (m and v instead of m̂ and v̂)"),
    "forgot-sqrt": Text("分母漏了开方（用了 v̂ 而不是 √v̂）", "Forgot the square root in the denominator (v̂ instead of √v̂)"),
    "update-sign": Text("更新方向符号反了（θ + Δθ）", "Sign error in the update (θ + Δθ)"),
}
FIXES: dict[str, Text] = {
    "no-bias-correction": Text("m̂ = m/(1 − β₁ᵗ)，v̂ = v/(1 − β₂ᵗ)，θ ← θ − lr·m̂/(√v̂ + ε)",
                               "m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), θ ← θ − lr·m̂/(√v̂ + ε)"),
    "forgot-sqrt": Text("θ ← θ − lr·m̂/(√v̂ + ε)：v 是梯度平方的平均，开方后与梯度同量纲",
                        "θ ← θ − lr·m̂/(√v̂ + ε): v averages squared gradients, so its root has the gradient's scale"),
    "update-sign": Text("沿梯度的反方向走：θ ← θ − lr·m̂/(√v̂ + ε)", "Step against the gradient: θ ← θ − lr·m̂/(√v̂ + ε)"),
}


def mistakes(given: dict[str, Any], carry: Mapping[str, Any] | None = None) -> list[Mistake]:
    right, used = inputs(solve, given, carry)
    theta, lr, eps = array(given, "theta"), float(given["lr"]), float(given["eps"])
    found = [
        ("no-bias-correction", "theta", theta - lr * used["m"] / (np.sqrt(used["v"]) + eps)),
        ("forgot-sqrt", "update", lr * used["m_hat"] / (used["v_hat"] + eps)),
        ("update-sign", "theta", theta + used["update"]),
    ]
    return collect(found, right, TITLES, FIXES)

KINDS: list[Kind] = [
    Kind(
        name="adam-step",
        topic="training",
        title=Text("Adam 的一步更新", "One Adam step"),
        make_given=make_given,
        solve=solve,
        prompt=prompt,
        mistakes=mistakes,
    )
]
