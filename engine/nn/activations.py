"""Activation functions with their derivatives (notes 1.3).

Every function is element-wise on arrays of any shape except softmax, which acts along the last
axis. ``derivative(name, z)`` is σ'(z) evaluated at the PRE-activation z (z_l in the notes), which
is what the backward pass needs: δ_l = ∂L/∂a_l ⊙ σ'(z_l).

Where the notes are wrong (ERRATA.md): SELU's λ and α are fixed constants, not learned; the
learnable-slope variant is PReLU (``prelu_forward`` in layers.py).
"""

from __future__ import annotations

import numpy as np

# SELU constants (Klambauer et al., 2017), fixed so activations self-normalise.
SELU_LAMBDA = 1.0507009873554805
SELU_ALPHA = 1.6732632423543772
LEAKY_SLOPE = 0.01  # the notes' max(0.01x, x)
ELU_ALPHA = 1.0

# Names a layer may use; "prelu" is a layer with a learnable slope (layers.prelu_forward).
NAMES: tuple[str, ...] = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "selu", "softmax")
# Activations with a kink at 0, where σ' is undefined: exercises and gradient checks stay away from it.
KINKED: frozenset[str] = frozenset({"relu", "leaky_relu", "prelu", "selu"})


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^{-z}), computed without overflow for large |z|."""
    z = np.asarray(z)
    e = np.exp(-np.abs(z))
    # For z >= 0: 1/(1+e^{-z}); for z < 0: e^{z}/(1+e^{z}); both use e = e^{-|z|} <= 1.
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """softmax(z)_i = e^{z_i} / Σ_j e^{z_j} along ``axis``; the max is subtracted first (same value)."""
    z = np.asarray(z)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    e /= e.sum(axis=axis, keepdims=True)
    return e


def softmax_jacobian(p: np.ndarray) -> np.ndarray:
    """∂p_i/∂z_j = p_i (1[i=j] - p_j).

    p: (..., K) softmax outputs  ->  (..., K, K) Jacobians.
    """
    p = np.asarray(p)
    return p[..., :, None] * (np.eye(p.shape[-1], dtype=p.dtype) - p[..., None, :])


def value(name: str, z: np.ndarray, *, slope: float = LEAKY_SLOPE) -> np.ndarray:
    """σ(z) for the activation ``name``; ``slope`` is the negative-side slope of leaky_relu/prelu."""
    z = np.asarray(z)
    if name == "identity":
        return z
    if name == "sigmoid":
        return sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0)
    if name in ("leaky_relu", "prelu"):
        return np.where(z > 0, z, slope * z)
    if name == "elu":
        return np.where(z > 0, z, ELU_ALPHA * np.expm1(np.minimum(z, 0)))
    if name == "selu":
        return SELU_LAMBDA * np.where(z > 0, z, SELU_ALPHA * np.expm1(np.minimum(z, 0)))
    if name == "softmax":
        return softmax(z)
    raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(NAMES)}")


def derivative(name: str, z: np.ndarray, *, slope: float = LEAKY_SLOPE) -> np.ndarray:
    """σ'(z), element-wise, at the pre-activation z. At a kink (z = 0) the left-hand value is used
    (relu'(0) = 0), as PyTorch does.

    softmax has no element-wise derivative (each output depends on every input): use
    ``softmax_jacobian``.
    """
    z = np.asarray(z)
    if name == "identity":
        return np.ones_like(z)
    if name == "sigmoid":
        s = sigmoid(z)
        return s * (1 - s)  # σ' = σ(1-σ) <= 0.25: the notes' vanishing-gradient point
    if name == "tanh":
        return 1 - np.tanh(z) ** 2
    if name == "relu":
        return (z > 0).astype(z.dtype if z.dtype.kind == "f" else float)
    if name in ("leaky_relu", "prelu"):
        return np.where(z > 0, 1.0, slope).astype(z.dtype if z.dtype.kind == "f" else float)
    if name == "elu":
        return np.where(z > 0, 1.0, ELU_ALPHA * np.exp(np.minimum(z, 0)))
    if name == "selu":
        return SELU_LAMBDA * np.where(z > 0, 1.0, SELU_ALPHA * np.exp(np.minimum(z, 0)))
    if name == "softmax":
        raise ValueError("softmax has no element-wise derivative; use softmax_jacobian(p)")
    raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(NAMES)}")
