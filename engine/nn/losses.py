"""Losses and their gradients.

Batch reduction (the same for every loss): the loss of ONE example is summed over its outputs
(mse: averaged over its outputs), and a batch's loss is the MEAN over its N examples. For N = 1
this is exactly the notes' per-example loss, e.g. half_sse L = ½ Σ_i (a_i - y_i)².

half_sse and mse take the network's output a and return ∂L/∂a (the backward pass then multiplies
by σ'(z_L)). bce and cross_entropy take the PRE-activation z_L of the sigmoid / softmax output and
return the fused δ_L = ∂L/∂z_L = (a - y) / N, which is both cheaper and numerically safer.

    a, z, y: (N, K)  ->  (loss: float, gradient: (N, K))
"""

from __future__ import annotations

import numpy as np

from engine.nn.activations import sigmoid

NAMES: tuple[str, ...] = ("half_sse", "mse", "bce", "cross_entropy")
# The output activation a fused loss is defined on.
FUSED_OUTPUT: dict[str, str] = {"bce": "sigmoid", "cross_entropy": "softmax"}


def half_sse(a: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """L = (1/N) Σ_n ½ Σ_i (a_i - y_i)²;  ∂L/∂a = (a - y) / N."""
    n = a.shape[0]
    diff = a - y
    return float(0.5 * np.sum(diff * diff) / n), diff / n


def mse(a: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """L = (1/N) Σ_n (1/K) Σ_i (a_i - y_i)²;  ∂L/∂a = 2 (a - y) / (N K)."""
    n, k = a.shape
    diff = a - y
    return float(np.sum(diff * diff) / (n * k)), diff * (2.0 / (n * k))


def _log_sigmoid(z: np.ndarray) -> np.ndarray:
    """log σ(z) = -log(1 + e^{-z}), without overflow."""
    return np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z)))


def bce_with_logits(z: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Binary cross-entropy on a sigmoid output a = σ(z), y in [0, 1]:

    L = -(1/N) Σ_n Σ_i [y_i log a_i + (1 - y_i) log(1 - a_i)];  δ_L = ∂L/∂z = (a - y) / N.
    (log(1 - σ(z)) = log σ(-z).)
    """
    n = z.shape[0]
    loss = -np.sum(y * _log_sigmoid(z) + (1 - y) * _log_sigmoid(-z)) / n
    return float(loss), (sigmoid(z) - y) / n


def softmax_cross_entropy(z: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Cross-entropy on a softmax output p = softmax(z); y one-hot (or a distribution) of shape
    (N, K), or integer class labels of shape (N,):

    L = -(1/N) Σ_n Σ_i y_i log p_i;  δ_L = ∂L/∂z = (p - y) / N.
    """
    n = z.shape[0]
    shifted = z - z.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    log_p = shifted - log_norm
    p = np.exp(log_p)
    if y.ndim == 1:  # class labels
        rows = np.arange(n)
        loss = -log_p[rows, y].sum() / n
        p[rows, y] -= 1
        p /= n
        return float(loss), p
    return float(-np.sum(y * log_p) / n), (p - y) / n


def loss_on_output(name: str, a: np.ndarray, y: np.ndarray) -> float:
    """The loss value from the output a itself (bce/cross_entropy on probabilities), for checks and
    exercises where the output activation has already been applied."""
    n = a.shape[0]
    if name == "half_sse":
        return half_sse(a, y)[0]
    if name == "mse":
        return mse(a, y)[0]
    if name == "bce":
        return float(-np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)) / n)
    if name == "cross_entropy":
        return float(-np.sum(y * np.log(a)) / n)
    raise ValueError(f"unknown loss {name!r}; choose one of {', '.join(NAMES)}")


__all__ = ["NAMES", "FUSED_OUTPUT", "half_sse", "mse", "bce_with_logits", "softmax_cross_entropy",
           "loss_on_output"]
