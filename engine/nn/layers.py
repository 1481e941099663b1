"""Layers as forward/backward pairs with explicit caches (CS231n style), batch-major.

Shapes: N examples, D = n_{l-1} inputs, M = n_l outputs. Weights are stored as in the notes,
W_l of shape (n_l, n_{l-1}), so for one example (a column vector) z_l = W_l a_{l-1} + b_l; for a
batch whose rows are examples this is Z = A_prev @ W_lᵀ + b_l.
"""

from __future__ import annotations


import numpy as np

from engine.nn import activations as act


def affine_forward(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    """z = x Wᵀ + b  (each row: z_l = W_l a_{l-1} + b_l).

    x: (N, D), W: (M, D), b: (M,)  ->  z: (N, M), cache (x, W)
    """
    z = x @ W.T  # BLAS reads Wᵀ through a flag: no copy
    z += b
    return z, (x, W)


def affine_backward(dz: np.ndarray, cache: tuple, need_dx: bool = True) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """Gradients of z = x Wᵀ + b given dz = ∂L/∂z (δ_l, one row per example).

    dz: (N, M)  ->  dx: (N, D) = δ_l W_l (the W_lᵀ δ_l of the notes, row-wise) or None when
    ``need_dx`` is False (the first layer: nobody needs ∂L/∂x), dW: (M, D) = Σ_n δ_l a_{l-1}ᵀ,
    db: (M,) = Σ_n δ_l.
    """
    x, W = cache
    dW = dz.T @ x
    db = dz.sum(axis=0)
    dx = dz @ W if need_dx else None
    return dx, dW, db


def activation_forward(z: np.ndarray, name: str, slope: float = act.LEAKY_SLOPE) -> tuple[np.ndarray, tuple]:
    """a = σ(z) for a fixed activation (not prelu, whose slope is learned: prelu_forward).

    z: (N, M)  ->  a: (N, M), cache
    """
    a = act.value(name, z, slope=slope)
    return a, (name, z, a, slope)


def activation_backward(da: np.ndarray, cache: tuple) -> np.ndarray:
    """dz = ∂L/∂z from da = ∂L/∂a: da ⊙ σ'(z), or for softmax the Jacobian-vector product
    dz_i = Σ_j da_j p_j (1[i=j] - p_i) = p_i (da_i - Σ_j da_j p_j).

    da: (N, M)  ->  dz: (N, M)
    """
    name, z, a, slope = cache
    if name == "softmax":
        return a * (da - (da * a).sum(axis=-1, keepdims=True))
    if name == "relu":  # the common case, done without building σ'(z)
        return da * (z > 0)
    if name == "sigmoid":
        return da * a * (1 - a)  # σ'(z) = σ(z)(1-σ(z)) = a(1-a)
    if name == "tanh":
        return da * (1 - a * a)
    return da * act.derivative(name, z, slope=slope)


def prelu_forward(z: np.ndarray, alpha: np.ndarray) -> tuple[np.ndarray, tuple]:
    """PReLU: a = z if z > 0 else α z, with a learnable slope α per unit.

    z: (N, M), alpha: (M,) or ()  ->  a: (N, M), cache
    """
    a = np.where(z > 0, z, alpha * z)
    return a, (z, alpha)


def prelu_backward(da: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray]:
    """da: (N, M)  ->  dz: (N, M), dalpha: same shape as alpha (∂a/∂α = z where z <= 0, else 0)."""
    z, alpha = cache
    pos = z > 0
    dz = np.where(pos, da, alpha * da)
    dalpha_full = np.where(pos, 0, da * z)
    alpha = np.asarray(alpha)
    if alpha.ndim == 0:
        dalpha = np.asarray(dalpha_full.sum(), dtype=z.dtype)
    else:
        dalpha = dalpha_full.sum(axis=0)
    return dz, dalpha


