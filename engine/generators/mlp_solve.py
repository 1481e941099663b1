"""The worked solution of ``mlp-forward`` / ``mlp-backprop``: one example through a small net.

In the notes' notation, for ONE example as column vectors:
    a_0 = x;  z_l = W_l a_{l-1} + b_l  (W_l: n_l × n_{l-1});  a_l = σ_l(z_l);  δ_l = ∂L/∂z_l
    δ_L = ∂L/∂a_L ⊙ σ'(z_L)   (bce on sigmoid / cross-entropy on softmax: δ_L = a_L - y, fused)
    δ_{l-1} = (W_lᵀ δ_l) ⊙ σ'(z_{l-1});  ∂L/∂W_l = δ_l a_{l-1}ᵀ;  ∂L/∂b_l = δ_l
    W_l ← W_l - η ∂L/∂W_l;  b_l ← b_l - η ∂L/∂b_l

The nets are tiny (at most 3-4-3-2), so the arithmetic is plain float64 Python on lists: a NumPy
call costs more than the handful of multiplications it would do here. engine.nn.activations is the
reference the scalar activations below follow (a test compares them); every recorded value ends up
in one float64 buffer whose views are the steps' arrays.
"""

from __future__ import annotations

import math
from functools import lru_cache
from operator import mul
from typing import Any

import numpy as np

from engine.generators.base import Steps, make_step
from engine.nn.activations import ELU_ALPHA, LEAKY_SLOPE, SELU_ALPHA, SELU_LAMBDA
from engine.text import Text

ACT_FORMULA = {
    "identity": "a_{l} = z_{l}",
    "sigmoid": r"a_{l} = \sigma(z_{l}) = \frac{1}{1 + e^{-z_{l}}}",
    "tanh": r"a_{l} = \tanh(z_{l})",
    "relu": r"a_{l} = \max(0, z_{l})",
    "leaky_relu": r"a_{l} = \max(SLOPE z_{l}, z_{l})",
    "elu": r"a_{l} = \operatorname{ELU}(z_{l}) = \begin{cases} z_{l} & z_{l} > 0 \\ e^{z_{l}} - 1 & z_{l} \le 0 \end{cases}",
    "selu": r"a_{l} = \lambda \begin{cases} z_{l} & z_{l} > 0 \\ \alpha (e^{z_{l}} - 1) & z_{l} \le 0 \end{cases}",
    "softmax": r"a_{l} = \operatorname{softmax}(z_{l}), \quad a_{l,i} = \frac{e^{z_{l,i}}}{\sum_j e^{z_{l,j}}}",
}
LOSS_FORMULA = {
    "half_sse": r"L = \frac{1}{2} \sum_i (a_{L,i} - y_i)^2",
    "mse": r"L = \frac{1}{n_L} \sum_i (a_{L,i} - y_i)^2",
    "bce": r"L = -\sum_i \left[ y_i \log a_{L,i} + (1 - y_i) \log(1 - a_{L,i}) \right]",
    "cross_entropy": r"L = -\sum_i y_i \log a_{L,i}",
}
LOSS_WORDS = {"half_sse": Text("½Σ(a−y)²（半平方和）", "½Σ(a−y)² (half sum of squares)"),
              "mse": Text("均方误差", "mean squared error"),
              "bce": Text("二元交叉熵", "binary cross-entropy"),
              "cross_entropy": Text("交叉熵", "cross-entropy")}

Vector = list[float]
Matrix = list[list[float]]      # W_l as rows: n_l lists of n_{l-1} floats
Network = tuple[list[Matrix], list[Vector], Vector, Vector]   # W_l, b_l, x, y


# ---------------------------------------------------------------- scalar activations and losses

def activate(name: str, z: Vector, slope: float) -> Vector:
    """σ(z) entry by entry (softmax over the whole vector), as engine.nn.activations.value."""
    if name == "sigmoid":       # the overflow-free form: e = e^{-|z|} <= 1 on both sides
        out = []
        for v in z:
            e = math.exp(-abs(v))
            out.append(1.0 / (1.0 + e) if v >= 0 else e / (1.0 + e))
        return out
    if name == "softmax":       # the max subtracted first: the same value, no overflow
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        return [v / total for v in e]
    if name == "tanh":
        return [math.tanh(v) for v in z]
    if name == "relu":
        return [v if v > 0 else 0.0 for v in z]
    if name == "leaky_relu":
        return [v if v > 0 else slope * v for v in z]
    if name == "elu":
        return [v if v > 0 else ELU_ALPHA * math.expm1(v) for v in z]
    if name == "selu":
        return [SELU_LAMBDA * (v if v > 0 else SELU_ALPHA * math.expm1(v)) for v in z]
    if name == "identity":
        return list(z)
    raise ValueError(f"unknown activation {name!r} in an mlp exercise")


def derivative(name: str, z: Vector, a: Vector, slope: float) -> Vector:
    """σ'(z) entry by entry, given a = σ(z) of this very z: sigmoid σ(1 - σ) and tanh 1 - tanh² are
    written in a (fewer operations, the same numbers as engine.nn.activations.derivative)."""
    if name == "sigmoid":
        return [s * (1 - s) for s in a]
    if name == "tanh":
        return [1 - s * s for s in a]
    if name == "relu":
        return [1.0 if v > 0 else 0.0 for v in z]
    if name == "leaky_relu":
        return [1.0 if v > 0 else slope for v in z]
    if name == "elu":
        return [1.0 if v > 0 else ELU_ALPHA * math.exp(v) for v in z]
    if name == "selu":
        return [SELU_LAMBDA * (1.0 if v > 0 else SELU_ALPHA * math.exp(v)) for v in z]
    if name == "identity":
        return [1.0] * len(z)
    raise ValueError(f"activation {name!r} has no element-wise derivative here")


def _log(v: float) -> float:
    """log as NumPy has it: -inf at 0 and nan below (a learner's carried a_L may be anything)."""
    return math.log(v) if v > 0 else (-math.inf if v == 0 else math.nan)


def loss_value(loss: str, a: Vector, y: Vector) -> float:
    if loss == "half_sse":
        return 0.5 * sum([(p - t) * (p - t) for p, t in zip(a, y)])
    if loss == "mse":
        return sum([(p - t) * (p - t) for p, t in zip(a, y)]) / len(a)
    if loss == "bce":
        return -sum([t * _log(p) + (1 - t) * _log(1 - p) for p, t in zip(a, y)])
    return -sum([t * _log(p) for p, t in zip(a, y)])


def output_delta(loss: str, out_act: str, a: Vector, z: Vector, s: Vector, y: Vector, slope: float) -> Vector:
    """δ_L = ∂L/∂z_L for one example: a is a_L as used (the learner's own where carried), s = σ(z_L)
    of the z_L used, what σ'(z_L) is written in."""
    if loss in ("bce", "cross_entropy"):
        return [p - t for p, t in zip(a, y)]           # fused: σ'(z) cancels against the log's 1/a
    n = len(a)
    dL_da = [p - t for p, t in zip(a, y)] if loss == "half_sse" else [2.0 * (p - t) / n for p, t in zip(a, y)]
    if out_act == "softmax":    # not fused: Jᵀ ∂L/∂a with J_ij = a_i (1[i=j] - a_j), i.e. a ⊙ (g - a·g)
        dot = sum(map(mul, a, dL_da))
        return [p * (g - dot) for p, g in zip(a, dL_da)]
    return list(map(mul, dL_da, derivative(out_act, z, s, slope)))


# ---------------------------------------------------------------- formulas and labels

def act_formula(name: str, l: int, slope: float) -> str:
    return ACT_FORMULA[name].replace("{l}", f"{{{l}}}").replace("SLOPE", f"{slope:g}")


# f'(z_l) written for the layer's own activation (an identity layer has none: f' = 1)
ACT_PRIME = {
    "sigmoid": r"\sigma'(z_{l})",
    "tanh": r"\tanh'(z_{l})",
    "relu": r"\operatorname{ReLU}'(z_{l})",
    "leaky_relu": r"\operatorname{LeakyReLU}'(z_{l})",
    "elu": r"\operatorname{ELU}'(z_{l})",
    "selu": r"\operatorname{SELU}'(z_{l})",
}


def act_prime(name: str, l: int) -> str | None:
    """The factor f'(z_l) of layer l's activation, or None for an identity layer."""
    formula = ACT_PRIME.get(name)
    return None if formula is None else formula.replace("{l}", f"{{{l}}}")


def delta_formula(loss: str, L: int, out_act: str = "sigmoid") -> str:
    if loss in ("bce", "cross_entropy"):
        return rf"\delta_{{{L}}} = a_{{{L}}} - y"
    factor = "" if loss == "half_sse" else r"\frac{2}{n_L}"
    if out_act == "softmax":
        return rf"\delta_{{{L}}} = J_{{\operatorname{{softmax}}}}(z_{{{L}}})^T \, {factor}(a_{{{L}}} - y)"
    prime = act_prime(out_act, L)
    if prime is None:
        return rf"\delta_{{{L}}} = {factor}(a_{{{L}}} - y)"
    return rf"\delta_{{{L}}} = {factor}(a_{{{L}}} - y) \odot {prime}"


def hidden_delta_formula(name: str, l: int) -> str:
    back = rf"W_{{{l + 1}}}^T \delta_{{{l + 1}}}"
    prime = act_prime(name, l)
    return rf"\delta_{{{l}}} = {back}" if prime is None else rf"\delta_{{{l}}} = ({back}) \odot {prime}"


@lru_cache(maxsize=512)
def step_texts(acts: tuple[str, ...], loss: str, slope: float, eta: float | None) -> dict[str, list]:
    """Each step's (name, formula, label) for one network shape, in lists over layers 1..L (index
    l - 1). Built once per (activations, loss, slope, η) and shared: a Step is immutable."""
    L = len(acts)
    t: dict[str, list] = {key: [] for key in ("z", "a", "delta", "dW", "db", "W_new", "b_new")}
    for l in range(1, L + 1):
        name = acts[l - 1]
        t["z"].append((f"z_{l}", rf"z_{{{l}}} = W_{{{l}}} a_{{{l - 1}}} + b_{{{l}}}",
                       Text(f"第 {l} 层的净输入 z_{l}", f"pre-activation of layer {l}")))
        t["a"].append((f"a_{l}", act_formula(name, l, slope),
                       Text(f"第 {l} 层的输出 a_{l}（{name}）", f"output of layer {l} ({name})")))
        t["dW"].append((f"dW_{l}", rf"\frac{{\partial L}}{{\partial W_{{{l}}}}} = \delta_{{{l}}} a_{{{l - 1}}}^T",
                        Text(f"W_{l} 的梯度（外积）", f"gradient of W_{l} (an outer product)")))
        t["db"].append((f"db_{l}", rf"\frac{{\partial L}}{{\partial b_{{{l}}}}} = \delta_{{{l}}}",
                        Text(f"b_{l} 的梯度", f"gradient of b_{l}")))
        if l == L:
            t["delta"].append((f"delta_{L}", delta_formula(loss, L, name),
                               Text(f"输出层误差项 δ_{L} = ∂L/∂z_{L}", f"output error δ_{L} = ∂L/∂z_{L}")))
        else:
            t["delta"].append((f"delta_{l}", hidden_delta_formula(name, l),
                               Text(f"第 {l} 层误差项（反向传播）", f"error of layer {l} (backpropagated)")))
        if eta is not None:
            t["W_new"].append((f"W_new_{l}", rf"W_{{{l}}} \leftarrow W_{{{l}}} - \eta \frac{{\partial L}}{{\partial W_{{{l}}}}}",
                               Text(f"更新后的 W_{l}（η = {eta:g}）", f"updated W_{l} (η = {eta:g})")))
            t["b_new"].append((f"b_new_{l}", rf"b_{{{l}}} \leftarrow b_{{{l}}} - \eta \frac{{\partial L}}{{\partial b_{{{l}}}}}",
                               Text(f"更新后的 b_{l}", f"updated b_{l}")))
    t["loss"] = [("loss", LOSS_FORMULA[loss], Text(f"损失（{LOSS_WORDS[loss].zh}）", f"loss ({LOSS_WORDS[loss].en})"))]
    return t


# ---------------------------------------------------------------- the solution

# One recorded value: (answer key, layer index l - 1, the values row by row, rows of a matrix or 0).
Record = tuple[str, int, Vector, int]


def read_floats(given: dict[str, Any]) -> Network:
    """W_l (rows), b_l, x, y as plain floats, whatever numbers the given holds (JSON ints included)."""
    W = [np.asarray(w, dtype=float).tolist() for w in given["W"]]
    b = [np.asarray(v, dtype=float).ravel().tolist() for v in given["b"]]
    return W, b, np.asarray(given["x"], dtype=float).ravel().tolist(), np.asarray(given["y"], dtype=float).ravel().tolist()


def _used(carry: dict[str, Any], name: str, value: Vector) -> Vector:
    """The value later steps use: the learner's own (flattened to floats) when carried."""
    return np.asarray(carry[name], dtype=float).ravel().tolist() if name in carry else value


def work(network: Network, acts: list[str], loss: str, slope: float, eta: float | None,
         carry: dict[str, Any], backward: bool = True) -> tuple[list[Record], float]:
    """Forward pass, loss and (when ``backward``) backward pass and, when η is given, the update:
    every value in the order a person computes it, and the loss. A name in ``carry`` (z_1, dW_2, …)
    replaces that value downstream, the recorded value staying the right one."""
    W, b, x, y = network
    L = len(W)
    records: list[Record] = []
    zs: list[Vector] = []               # z_l as used downstream (the learner's own where carried)
    as_: list[Vector] = [x]             # a_l likewise, a_0 = x
    sigma: list[Vector] = []            # σ_l(z_l) of those z_l: what σ'(z_l) is written in
    for l in range(L):                  # layer l + 1
        z = [sum(map(mul, row, as_[l])) + bias for row, bias in zip(W[l], b[l])]   # W_l a_{l-1} + b_l
        records.append(("z", l, z, 0))
        if carry:
            z = _used(carry, f"z_{l + 1}", z)
        a = activate(acts[l], z, slope)
        records.append(("a", l, a, 0))
        zs.append(z)
        sigma.append(a)
        as_.append(_used(carry, f"a_{l + 1}", a) if carry else a)
    loss_val = loss_value(loss, as_[L], y)
    if not backward:
        return records, loss_val

    grads: list[tuple[Vector, Vector]] = [([], [])] * L   # (∂L/∂W_l row by row, ∂L/∂b_l) as used
    delta = output_delta(loss, acts[-1], as_[L], zs[L - 1], sigma[L - 1], y, slope)
    records.append(("delta", L - 1, delta, 0))
    for l in range(L - 1, -1, -1):      # layer l + 1, from the output back
        if carry:
            delta = _used(carry, f"delta_{l + 1}", delta)
        dW = [d * a for d in delta for a in as_[l]]    # the outer product δ_l a_{l-1}ᵀ, row by row
        records.append(("dW", l, dW, len(delta)))
        records.append(("db", l, delta, 0))
        grads[l] = (_used(carry, f"dW_{l + 1}", dW), _used(carry, f"db_{l + 1}", delta)) if carry else (dW, delta)
        if l:
            back = [sum(map(mul, column, delta)) for column in zip(*W[l])]   # W_lᵀ δ_l
            delta = list(map(mul, back, derivative(acts[l - 1], zs[l - 1], sigma[l - 1], slope)))
            records.append(("delta", l - 1, delta, 0))
    if eta is not None:
        for l in range(L):              # W_l ← W_l - η ∂L/∂W_l, b_l ← b_l - η ∂L/∂b_l
            dW, db = grads[l]
            W_flat = [w for row in W[l] for w in row]
            records.append(("W_new", l, [w - eta * g for w, g in zip(W_flat, dW)], len(W[l])))
            records.append(("b_new", l, [v - eta * g for v, g in zip(b[l], db)], 0))
    return records, loss_val


def solve(given: dict[str, Any], steps: Steps, backprop: bool = True, network: Network | None = None) -> dict[str, Any]:
    """Every answer of the exercise from ``given``, recording the worked solution in ``steps``.

    ``network``: the given's numbers as plain floats when the caller has them (read_floats(given)).
    Answers: z, a (lists over layers 1..L of (n_l,) arrays), loss (float), and for backprop delta,
    db ((n_l,) arrays), dW, W_new ((n_l, n_{l-1}) arrays), b_new ((n_l,) arrays).
    """
    acts, loss = given["activations"], given["loss"]
    slope = float(given.get("leaky_slope", LEAKY_SLOPE))
    eta = float(given["learning_rate"]) if backprop else None
    records, loss_val = work(network or read_floats(given), acts, loss, slope, eta, steps.carry, backprop)
    return write_down(records, loss_val, step_texts(tuple(acts), loss, slope, eta), steps)


def write_down(records: list[Record], loss_val: float, texts: dict[str, list], steps: Steps) -> dict[str, Any]:
    """``work``'s values as Steps (appended to ``steps.items``) and answers. The arrays are views
    of one float64 buffer, each its own stretch of it (one allocation instead of one per step), and
    + 0.0 once turns every -0.0 into 0.0 so that none is shown."""
    L = len(texts["z"])
    flat: list[float] = []
    for record in records:
        flat += record[2]
    buffer = np.array(flat)
    buffer += 0.0
    loss_val += 0.0
    answers: dict[str, Any] = {"z": [None] * L, "a": [None] * L, "loss": loss_val}
    if len(records) > 2 * L:
        answers.update(delta=[None] * L, dW=[None] * L, db=[None] * L)
        if len(records) > 5 * L:
            answers.update(W_new=[None] * L, b_new=[None] * L)
    append = steps.items.append
    start = 0
    for i, (key, l, values, rows) in enumerate(records):
        end = start + len(values)
        array = buffer[start:end] if not rows else buffer[start:end].reshape(rows, -1)
        start = end
        answers[key][l] = array
        name, formula, label = texts[key][l]
        append(make_step(name, formula, array, (key, l), label))
        if i == 2 * L - 1:              # the loss comes right after the forward pass
            name, formula, label = texts["loss"][0]
            append(make_step(name, formula, loss_val, ("loss",), label))
    return answers
