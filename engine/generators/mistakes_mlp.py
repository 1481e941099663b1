"""The wrong values a learner typically types in ``mlp-backprop``, computed for this very network.

Each diagnosis uses the same inputs the drill grades the step against: the learner's own earlier
values where they were carried, the correct ones otherwise. A mistake is only claimed where the
shapes allow it and where its value is distinguishable from the right answer under the default
numeric tolerance (engine.checking.tolerance: 1 % relative, with a zero level).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.checking.tolerance import Tolerance
from engine.generators.base import Mistake, Steps
from engine.generators.mlp import read_network, solve
from engine.nn import activations as act
from engine.text import Text

TITLES: dict[str, Text] = {
    "forgot-activation-derivative": Text("漏乘了激活函数的导数 σ′(z)", "Forgot the activation derivative σ′(z)"),
    "weight-not-transposed": Text("用了 W_l 而不是 W_lᵀ", "Used W_l instead of W_lᵀ"),
    "outer-product-transposed": Text("外积顺序反了（a_{l−1} δ_lᵀ，形状错）", "Outer product the wrong way round (a_{l−1} δ_lᵀ: the shape is transposed)"),
    "wrong-layer-activation": Text("用了 a_l 而不是 a_{l−1}", "Used a_l instead of a_{l−1}"),
    "derivative-at-activation": Text("σ′ 代入了 a 而不是 z", "Evaluated σ′ at a instead of at z"),
    "update-sign": Text("更新方向符号反了（w + η·g）", "Sign error in the update (w + η·g)"),
    "dropped-half": Text("损失漏掉了 ½", "Dropped the ½ in the loss"),
    "doubled-loss-gradient": Text("损失梯度多乘了 2（½ 与平方求导的 2 没有抵消）", "Doubled the loss gradient (the ½ should cancel the 2 from the square)"),
    "extra-output-derivative": Text("softmax/sigmoid + 交叉熵的梯度多乘了 p(1−p)", "Multiplied the fused cross-entropy gradient by an extra p(1−p)"),
}

FIXES: dict[str, Text] = {
    "forgot-activation-derivative": Text("δ_{l−1} = (W_lᵀ δ_l) ⊙ σ′(z_{l−1})；输出层 δ_L = (a_L − y) ⊙ σ′(z_L)",
                                         "δ_{l−1} = (W_lᵀ δ_l) ⊙ σ′(z_{l−1}); at the output δ_L = (a_L − y) ⊙ σ′(z_L)"),
    "weight-not-transposed": Text("δ_{l−1} = (W_lᵀ δ_l) ⊙ σ′(z_{l−1})：W_l 是 n_l × n_{l−1}，反向时要转置",
                                  "δ_{l−1} = (W_lᵀ δ_l) ⊙ σ′(z_{l−1}): W_l is n_l × n_{l−1}, so going back needs its transpose"),
    "outer-product-transposed": Text("∂L/∂W_l = δ_l a_{l−1}ᵀ，形状与 W_l 相同（n_l × n_{l−1}）",
                                     "∂L/∂W_l = δ_l a_{l−1}ᵀ, the same shape as W_l (n_l × n_{l−1})"),
    "wrong-layer-activation": Text("∂L/∂W_l = δ_l a_{l−1}ᵀ：用的是上一层（该层的输入）的输出",
                                   "∂L/∂W_l = δ_l a_{l−1}ᵀ: the output of the previous layer, i.e. this layer's input"),
    "derivative-at-activation": Text("σ′ 作用在 z 上：δ_l = ∂L/∂a_l ⊙ σ′(z_l)；例如 sigmoid 的 σ′(z_l) = a_l(1 − a_l)",
                                     "σ′ takes z: δ_l = ∂L/∂a_l ⊙ σ′(z_l); e.g. for sigmoid σ′(z_l) = a_l(1 − a_l)"),
    "update-sign": Text("梯度下降：ω ← ω − η ∂L/∂ω", "Gradient descent: ω ← ω − η ∂L/∂ω"),
    "dropped-half": Text("L = ½ Σ_i (a_i − y_i)²", "L = ½ Σ_i (a_i − y_i)²"),
    "doubled-loss-gradient": Text("L = ½ Σ(a − y)² 时 ∂L/∂a = a − y，故 δ_L = (a_L − y) ⊙ σ′(z_L)",
                                  "With L = ½ Σ(a − y)², ∂L/∂a = a − y, so δ_L = (a_L − y) ⊙ σ′(z_L)"),
    "extra-output-derivative": Text("softmax + 交叉熵（或 sigmoid + 二元交叉熵）合并后 δ_L = ∂L/∂z_L = a_L − y，σ′ 已被约掉",
                                    "softmax + cross-entropy (or sigmoid + binary cross-entropy) fuse to δ_L = ∂L/∂z_L = a_L − y: σ′ has already cancelled"),
}


def distinguishable(wrong: Any, right: Any, tol: Tolerance = Tolerance()) -> bool:
    """True when at least one entry of ``wrong`` would be graded wrong against ``right``."""
    wrong, right = np.asarray(wrong, dtype=float), np.asarray(right, dtype=float)
    if wrong.shape != right.shape:
        return False  # a shape mix-up that cannot even be typed into the grid is not diagnosed here
    diff = np.abs(wrong - right)
    ok = (diff <= tol.zero(right)) | (diff <= tol.rel * np.abs(right))
    return not bool(ok.all())


def backprop_mistakes(given: dict[str, Any], carry: Mapping[str, Any] | None = None) -> list[Mistake]:
    """Every applicable diagnosis for every step of ``mlp-backprop`` on ``given``.

    ``carry`` maps step names to the learner's earlier values (as in Kind.resolve).
    """
    carry = dict(carry or {})
    steps = Steps(carry)
    solve(given, steps, backprop=True)
    right = {s.name: s.value for s in steps.items}
    # The inputs each step is graded with: the learner's value where carried, else the right one.
    v = {name: np.asarray(carry[name] if name in carry else value, dtype=float) for name, value in right.items()}

    W, b, x, y = read_network(given)
    acts, loss = given["activations"], given["loss"]
    slope = float(given.get("leaky_slope", act.LEAKY_SLOPE))
    eta = float(given["learning_rate"])
    L = len(W)
    a = {0: x, **{l: v[f"a_{l}"] for l in range(1, L + 1)}}
    z = {l: v[f"z_{l}"] for l in range(1, L + 1)}

    def d(l: int, at: np.ndarray) -> np.ndarray:
        return act.derivative(acts[l - 1], at, slope=slope)

    found: list[tuple[str, str, np.ndarray]] = []   # (id, step, value)

    # The loss.
    if loss == "half_sse":
        found.append(("dropped-half", "loss", np.float64(np.sum((a[L] - y) ** 2))))

    # δ_L.
    out = acts[-1]
    if loss in ("bce", "cross_entropy"):
        found.append(("extra-output-derivative", f"delta_{L}", (a[L] - y) * a[L] * (1 - a[L])))
    elif out != "softmax":
        dL_da = (a[L] - y) if loss == "half_sse" else 2.0 * (a[L] - y) / a[L].shape[0]
        found.append(("forgot-activation-derivative", f"delta_{L}", dL_da))
        found.append(("derivative-at-activation", f"delta_{L}", dL_da * d(L, a[L])))
        if loss == "half_sse":
            found.append(("doubled-loss-gradient", f"delta_{L}", 2 * dL_da * d(L, z[L])))

    for l in range(L, 0, -1):
        delta = v[f"delta_{l}"]
        # ∂L/∂W_l: transposed outer product, or the layer's own output in place of its input.
        if W[l - 1].shape[0] == W[l - 1].shape[1]:
            found.append(("outer-product-transposed", f"dW_{l}", np.outer(a[l - 1], delta)))
        if a[l].shape == a[l - 1].shape:
            found.append(("wrong-layer-activation", f"dW_{l}", np.outer(delta, a[l])))
        if l > 1:
            back = W[l - 1].T @ delta
            step = f"delta_{l - 1}"
            found.append(("forgot-activation-derivative", step, back))
            if W[l - 1].shape[0] == W[l - 1].shape[1]:
                found.append(("weight-not-transposed", step, (W[l - 1] @ delta) * d(l - 1, z[l - 1])))
            found.append(("derivative-at-activation", step, back * d(l - 1, a[l - 1])))

    for l in range(1, L + 1):
        found.append(("update-sign", f"W_new_{l}", W[l - 1] + eta * v[f"dW_{l}"]))
        found.append(("update-sign", f"b_new_{l}", b[l - 1] + eta * v[f"db_{l}"]))

    mistakes: list[Mistake] = []
    kept: dict[str, list[np.ndarray]] = {}
    for mid, step, value in found:
        if not distinguishable(value, right[step]):
            continue
        if any(not distinguishable(value, other) for other in kept.get(step, [])):
            continue  # two slips giving the same number: diagnose only the first (the commoner) one
        kept.setdefault(step, []).append(value)
        out_value = float(value) if np.ndim(value) == 0 else value
        mistakes.append(Mistake(mid, step, out_value, TITLES[mid], FIXES[mid]))
    return mistakes
