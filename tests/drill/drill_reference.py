"""An independent from-scratch MLP for the drill tests: a scalar-loop forward pass, and every
gradient by centred finite differences of the loss — nothing here calls the engine's backprop.

    forward(given) -> (zs, as_, loss)                       lists of 1-D arrays, a float
    reference(given) -> {step name: value}                  what a careful learner would type
"""

from __future__ import annotations

import math

import numpy as np

SELU_L, SELU_A = 1.0507009873554805, 1.6732632423543772


def act(name: str, z: np.ndarray, slope: float) -> np.ndarray:
    if name == "softmax":
        e = [math.exp(v - max(z)) for v in z]
        return np.array([v / sum(e) for v in e])
    one = {"identity": lambda v: v, "sigmoid": lambda v: 1 / (1 + math.exp(-v)), "tanh": math.tanh,
           "relu": lambda v: v if v > 0 else 0.0, "leaky_relu": lambda v: v if v > 0 else slope * v,
           "elu": lambda v: v if v > 0 else math.exp(v) - 1,
           "selu": lambda v: SELU_L * (v if v > 0 else SELU_A * (math.exp(v) - 1))}[name]
    return np.array([one(float(v)) for v in z])


def loss_of(loss: str, a: np.ndarray, y: np.ndarray) -> float:
    if loss == "half_sse":
        return 0.5 * sum((ai - yi) ** 2 for ai, yi in zip(a, y))
    if loss == "mse":
        return sum((ai - yi) ** 2 for ai, yi in zip(a, y)) / len(a)
    if loss == "bce":
        return -sum(yi * math.log(ai) + (1 - yi) * math.log(1 - ai) for ai, yi in zip(a, y))
    return -sum(yi * math.log(ai) for ai, yi in zip(a, y))


def _matvec(W, a):
    return np.array([sum(w * v for w, v in zip(row, a)) for row in W])


def forward_from(given: dict, start: int = 0, z_start: np.ndarray | None = None, W=None, b=None):
    """Forward pass; when ``z_start`` is given it replaces z_{start+1} (to differentiate w.r.t. z)."""
    W = W if W is not None else [np.array(w, dtype=float) for w in given["W"]]
    b = b if b is not None else [np.array(v, dtype=float) for v in given["b"]]
    slope = given.get("leaky_slope", 0.01)
    a = np.array(given["x"], dtype=float)
    zs, as_ = [], [a]
    for l, name in enumerate(given["activations"]):
        z = _matvec(W[l], a) + b[l]
        if z_start is not None and l == start:
            z = np.array(z_start, dtype=float)
        a = act(name, z, slope)
        zs.append(z)
        as_.append(a)
    return zs, as_, loss_of(given["loss"], a, np.array(given["y"], dtype=float))


def _fd(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += h
        xm[idx] -= h
        g[idx] = (f(xp) - f(xm)) / (2 * h)
    return g


def reference(given: dict) -> dict[str, object]:
    """Every drill step's value for an ``mlp-backprop`` given, computed independently."""
    zs, as_, L = forward_from(given)
    W = [np.array(w, dtype=float) for w in given["W"]]
    b = [np.array(v, dtype=float) for v in given["b"]]
    eta = float(given["learning_rate"])
    n = len(W)
    out: dict[str, object] = {}
    for l in range(1, n + 1):
        out[f"z_{l}"] = zs[l - 1]
        out[f"a_{l}"] = as_[l]
    out["loss"] = L
    for l in range(1, n + 1):
        out[f"delta_{l}"] = _fd(lambda z, l=l: forward_from(given, l - 1, z)[2], zs[l - 1].copy())
        out[f"dW_{l}"] = _fd(lambda w, l=l: forward_from(given, W=W[:l - 1] + [w] + W[l:])[2], W[l - 1].copy())
        out[f"db_{l}"] = _fd(lambda v, l=l: forward_from(given, b=b[:l - 1] + [v] + b[l:])[2], b[l - 1].copy())
        out[f"W_new_{l}"] = W[l - 1] - eta * out[f"dW_{l}"]
        out[f"b_new_{l}"] = b[l - 1] - eta * out[f"db_{l}"]
    return out


def typed(value, digits: int = 5):
    """How a learner fills the grid: each entry rounded to ``digits`` significant figures, as text
    (a str for a number, a list of str for a vector, rows of str for a matrix)."""
    arr = np.asarray(value, dtype=float)
    fmt = lambda v: f"{float(v):.{digits}g}"
    if arr.ndim == 0:
        return fmt(arr)
    if arr.ndim == 1:
        return [fmt(v) for v in arr]
    return [[fmt(v) for v in row] for row in arr]


def as_shown(v: float) -> str:
    """A number as quizapp.render shows it: at least 4 decimals and 4 significant figures (small
    values are graded relatively, so they keep their digits), trailing zeros dropped."""
    v = float(v)
    if v == int(v):
        return str(int(v))
    if abs(v) < 1e-4:
        return f"{v:.4g}"
    decimals = max(4, 3 - math.floor(math.log10(abs(v))))
    return f"{v:.{decimals}f}".rstrip("0").rstrip(".")
