"""Kind ``rnn-bptt``: a vanilla RNN unrolled over T = 2 or 3 steps, forward and backprop through time.

    h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h)        W_xh: H×d, W_hh: H×H, b_h: H
    ŷ_t = W_hy h_t + b_y                              W_hy: o×H, b_y: o
    L   = Σ_t ½‖ŷ_t − y_t‖²

Backward, with δ_t = ∂L/∂(W_xh x_t + W_hh h_{t-1} + b_h) and δ_{T+1} = 0:

    ∂L/∂ŷ_t = ŷ_t − y_t
    ∂L/∂h_t = W_hyᵀ ∂L/∂ŷ_t + W_hhᵀ δ_{t+1}
    δ_t     = ∂L/∂h_t ⊙ (1 − h_t²)
    ∂L/∂W_xh = Σ_t δ_t x_tᵀ,  ∂L/∂W_hh = Σ_t δ_t h_{t-1}ᵀ,  ∂L/∂b_h = Σ_t δ_t,
    ∂L/∂W_hy = Σ_t (ŷ_t − y_t) h_tᵀ,  ∂L/∂b_y = Σ_t (ŷ_t − y_t)
"""

from __future__ import annotations

from engine.text import plural

from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.generators.base import Kind, Mistake, Steps
from engine.generators.diagnosis import collect, inputs
from engine.generators.values import array, draw
from engine.text import Text

# d inputs, H hidden units, o outputs; T is drawn from (2, 3).
SIZES: dict[str, dict[str, int]] = {
    "easy": {"d": 1, "H": 1, "o": 1},
    "medium": {"d": 2, "H": 2, "o": 1},
    "hard": {"d": 2, "H": 3, "o": 2},
}


def make_given(rng: np.random.Generator, difficulty: str) -> dict[str, Any]:
    s = SIZES[difficulty]
    d, H, o = s["d"], s["H"], s["o"]
    T = 2 if difficulty == "easy" else int(rng.integers(2, 4))
    return {
        "W_xh": draw(rng, (H, d), difficulty),
        "W_hh": draw(rng, (H, H), difficulty),
        "b_h": draw(rng, H, difficulty, -0.5, 0.5),
        "W_hy": draw(rng, (o, H), difficulty),
        "b_y": draw(rng, o, difficulty, -0.5, 0.5),
        "xs": draw(rng, (T, d), difficulty),
        "ys": draw(rng, (T, o), difficulty),
        "h0": [0.0] * H if difficulty == "easy" else draw(rng, H, difficulty, -0.5, 0.5),
    }


def solve(given: dict[str, Any], steps: Steps) -> dict[str, Any]:
    W_xh, W_hh, b_h = array(given, "W_xh"), array(given, "W_hh"), array(given, "b_h")
    W_hy, b_y = array(given, "W_hy"), array(given, "b_y")
    xs, ys, h0 = array(given, "xs"), array(given, "ys"), array(given, "h0")
    T = xs.shape[0]

    # Forward: hs[0] = h0, hs[t] = h_t for t = 1..T.
    hs: list[np.ndarray] = [h0]
    y_hats: list[np.ndarray] = []
    for t in range(1, T + 1):
        h = steps.add(f"h_{t}", rf"h_{t} = \tanh(W_{{xh}} x_{t} + W_{{hh}} h_{t - 1} + b_h)",
                      np.tanh(W_xh @ xs[t - 1] + W_hh @ hs[t - 1] + b_h), answer=("h", t - 1),
                      label=Text(f"第 {t} 步的隐藏状态", f"Hidden state at step {t}"))
        hs.append(h)
        y_hat = steps.add(f"y_hat_{t}", rf"\hat y_{t} = W_{{hy}} h_{t} + b_y", W_hy @ h + b_y, answer=("y_hat", t - 1),
                          label=Text(f"第 {t} 步的输出", f"Output at step {t}"))
        y_hats.append(y_hat)
    loss = steps.add("loss", r"L = \sum_t \tfrac{1}{2} \lVert \hat y_t - y_t \rVert^2",
                     float(sum(0.5 * np.sum((y_hats[t] - ys[t]) ** 2) for t in range(T))), answer=("loss",),
                     label=Text("损失（各时间步之和）", "Loss (summed over time steps)"))

    # Backward through time.
    dys: list[np.ndarray] = []
    for t in range(1, T + 1):
        dys.append(steps.add(f"dy_{t}", rf"\frac{{\partial L}}{{\partial \hat y_{t}}} = \hat y_{t} - y_{t}",
                             y_hats[t - 1] - ys[t - 1],
                             label=Text(f"损失对第 {t} 步输出的梯度", f"Gradient of the loss w.r.t. the output at step {t}")))
    dW_hy = steps.add("dW_hy", r"\frac{\partial L}{\partial W_{hy}} = \sum_t (\hat y_t - y_t)\, h_t^\top",
                      sum(np.outer(dys[t - 1], hs[t]) for t in range(1, T + 1)), answer=("dW_hy",),
                      label=Text("输出层权重的梯度", "Gradient of the output weights"))
    db_y = steps.add("db_y", r"\frac{\partial L}{\partial b_y} = \sum_t (\hat y_t - y_t)",
                     sum(dys), answer=("db_y",), label=Text("输出层偏置的梯度", "Gradient of the output bias"))

    deltas: dict[int, np.ndarray] = {}
    delta_next = np.zeros_like(h0)
    for t in range(T, 0, -1):
        formula = rf"\frac{{\partial L}}{{\partial h_{t}}} = W_{{hy}}^\top (\hat y_{t} - y_{t})"
        if t == T:
            label = Text(f"损失对 h_{t} 的梯度（最后一步：只来自输出）",
                         f"Gradient w.r.t. h_{t} (the last step: from the output only)")
        else:
            formula += rf" + W_{{hh}}^\top \delta_{t + 1}"
            label = Text(f"损失对 h_{t} 的梯度（来自本步输出和下一时间步）",
                         f"Gradient w.r.t. h_{t} (from this step's output and from the next step)")
        dh = steps.add(f"dh_{t}", formula, W_hy.T @ dys[t - 1] + W_hh.T @ delta_next, label=label)
        delta = steps.add(f"delta_{t}", rf"\delta_{t} = \frac{{\partial L}}{{\partial h_{t}}} \odot (1 - h_{t}^2)",
                          dh * (1.0 - hs[t] ** 2),
                          label=Text(f"穿过 tanh：第 {t} 步预激活的梯度",
                                     f"Through tanh: gradient w.r.t. the pre-activation at step {t}"))
        deltas[t] = delta
        delta_next = delta
    dW_xh = steps.add("dW_xh", r"\frac{\partial L}{\partial W_{xh}} = \sum_t \delta_t\, x_t^\top",
                      sum(np.outer(deltas[t], xs[t - 1]) for t in range(1, T + 1)), answer=("dW_xh",),
                      label=Text("输入权重的梯度（各时间步累加）", "Gradient of the input weights (summed over time)"))
    dW_hh = steps.add("dW_hh", r"\frac{\partial L}{\partial W_{hh}} = \sum_t \delta_t\, h_{t-1}^\top",
                      sum(np.outer(deltas[t], hs[t - 1]) for t in range(1, T + 1)), answer=("dW_hh",),
                      label=Text("循环权重的梯度（各时间步累加）", "Gradient of the recurrent weights (summed over time)"))
    db_h = steps.add("db_h", r"\frac{\partial L}{\partial b_h} = \sum_t \delta_t",
                     sum(deltas[t] for t in range(1, T + 1)), answer=("db_h",),
                     label=Text("隐藏层偏置的梯度", "Gradient of the hidden bias"))
    return {
        "h": np.stack(hs[1:]),
        "y_hat": np.stack(y_hats),
        "loss": loss,
        "dW_xh": dW_xh,
        "dW_hh": dW_hh,
        "db_h": db_h,
        "dW_hy": dW_hy,
        "db_y": db_y,
    }


def prompt(given: dict[str, Any], difficulty: str) -> Text:
    T, d = np.shape(given["xs"])
    H = len(given["h0"])
    o = np.shape(given["ys"])[1]
    zh = (f"一个简单 RNN（输入 {d} 维、隐藏 {H} 维、输出 {o} 维）展开 {T} 步：h_t = tanh(W_xh x_t + W_hh h_(t−1) + b_h)，"
          f"ŷ_t = W_hy h_t + b_y，损失 L = Σ_t ½‖ŷ_t − y_t‖²。先做前向传播求每步的 h_t、ŷ_t 和 L，"
          f"再做随时间反向传播（BPTT），求 dW_xh、dW_hh、db_h、dW_hy、db_y（各时间步的梯度要累加）。")
    en = (f"A vanilla RNN ({plural(d, 'input')}, {plural(H, 'hidden unit')}, {plural(o, 'output')}) unrolled over {T} steps: "
          f"h_t = tanh(W_xh x_t + W_hh h_(t−1) + b_h), ŷ_t = W_hy h_t + b_y, loss L = Σ_t ½‖ŷ_t − y_t‖². "
          f"Run the forward pass (every h_t, ŷ_t and L), then backpropagation through time for dW_xh, dW_hh, "
          f"db_h, dW_hy and db_y (the weights are shared, so their gradients add up over time steps).")
    return Text(zh, en)


TITLES: dict[str, Text] = {
    "forgot-recurrent-gradient": Text("漏了从下一时间步传回的梯度 W_hhᵀ δ_{t+1}",
                                      "Forgot the gradient coming back from the next step, W_hhᵀ δ_{t+1}"),
    "recurrent-weight-not-transposed": Text("用了 W_hh 而不是 W_hhᵀ", "Used W_hh instead of W_hhᵀ"),
    "forgot-tanh-derivative": Text("漏乘了 tanh 的导数 1 − h_t²", "Forgot the tanh derivative 1 − h_t²"),
    "last-step-only": Text("只算了最后一个时间步，没有对各时间步求和",
                           "Used the last time step only instead of summing over time"),
}
FIXES: dict[str, Text] = {
    "forgot-recurrent-gradient": Text("∂L/∂h_t = W_hyᵀ(ŷ_t − y_t) + W_hhᵀ δ_{t+1}：h_t 还影响后面的所有时间步",
                                      "∂L/∂h_t = W_hyᵀ(ŷ_t − y_t) + W_hhᵀ δ_{t+1}: h_t also feeds every later step"),
    "recurrent-weight-not-transposed": Text("反向传播乘以转置：∂L/∂h_t 包含 W_hhᵀ δ_{t+1}",
                                            "Going backwards multiplies by the transpose: ∂L/∂h_t contains W_hhᵀ δ_{t+1}"),
    "forgot-tanh-derivative": Text("δ_t = ∂L/∂h_t ⊙ (1 − h_t²)，因为 tanh′(a) = 1 − tanh²(a)",
                                   "δ_t = ∂L/∂h_t ⊙ (1 − h_t²), since tanh′(a) = 1 − tanh²(a)"),
    "last-step-only": Text("权重在各时间步共享，梯度要累加：∂L/∂W_xh = Σ_t δ_t x_tᵀ，∂L/∂W_hh = Σ_t δ_t h_{t−1}ᵀ",
                           "The weights are shared across time, so gradients add up: ∂L/∂W_xh = Σ_t δ_t x_tᵀ, "
                           "∂L/∂W_hh = Σ_t δ_t h_{t−1}ᵀ"),
}


def mistakes(given: dict[str, Any], carry: Mapping[str, Any] | None = None) -> list[Mistake]:
    right, used = inputs(solve, given, carry)
    W_hh, W_hy = array(given, "W_hh"), array(given, "W_hy")
    xs, h0 = array(given, "xs"), array(given, "h0")
    T = xs.shape[0]
    h = {0: h0, **{t: used[f"h_{t}"] for t in range(1, T + 1)}}
    found = []
    for t in range(T, 0, -1):
        if t < T:
            own = W_hy.T @ used[f"dy_{t}"]
            found.append(("forgot-recurrent-gradient", f"dh_{t}", own))
            found.append(("recurrent-weight-not-transposed", f"dh_{t}", own + W_hh @ used[f"delta_{t + 1}"]))
        found.append(("forgot-tanh-derivative", f"delta_{t}", used[f"dh_{t}"]))
    delta_T = used[f"delta_{T}"]
    found.append(("last-step-only", "dW_xh", np.outer(delta_T, xs[T - 1])))
    found.append(("last-step-only", "dW_hh", np.outer(delta_T, h[T - 1])))
    found.append(("last-step-only", "db_h", delta_T))
    return collect(found, right, TITLES, FIXES)


KINDS: list[Kind] = [
    Kind(
        name="rnn-bptt",
        topic="rnn",
        title=Text("RNN 随时间反向传播", "RNN backpropagation through time"),
        make_given=make_given,
        solve=solve,
        prompt=prompt,
        mistakes=mistakes,
    )
]
