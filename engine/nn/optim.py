"""Gradient descent (notes 1.4: ω ← ω - η ∇_ω L) with optional momentum and global-norm clipping."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

import numpy as np


def global_norm(grads: Mapping[str, np.ndarray]) -> float:
    """√(Σ over every parameter of Σ g²): the norm of all gradients seen as one vector."""
    return float(np.sqrt(sum(float(np.vdot(g, g)) for g in grads.values())))


def clip_by_global_norm(grads: MutableMapping[str, np.ndarray], max_norm: float) -> float:
    """Scale every gradient IN PLACE by max_norm / ‖g‖ when ‖g‖ > max_norm (direction kept).
    Returns the norm before clipping."""
    norm = global_norm(grads)
    if norm > max_norm:
        scale = max_norm / norm
        for g in grads.values():
            g *= scale
    return norm


class SGD:
    """Updates ``params`` in place. With momentum μ (PyTorch's convention):
    v ← μ v + g;  p ← p - η v. Without: p ← p - η g. ``clip_norm`` clips g by global norm first."""

    def __init__(self, params: MutableMapping[str, np.ndarray], lr: float, momentum: float = 0.0,
                 clip_norm: float | None = None) -> None:
        if lr <= 0:
            raise ValueError(f"learning rate must be positive, got {lr}")
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}")
        self.params = params
        self.lr = lr
        self.momentum = momentum
        self.clip_norm = clip_norm
        self.velocity: dict[str, np.ndarray] = {}
        self.last_norm: float | None = None

    def step(self, grads: MutableMapping[str, np.ndarray]) -> None:
        if self.clip_norm is not None:
            self.last_norm = clip_by_global_norm(grads, self.clip_norm)
        for name, g in grads.items():
            p = self.params[name]
            if self.momentum:
                v = self.velocity.get(name)
                if v is None:
                    v = self.velocity[name] = g.copy()
                else:
                    v *= self.momentum
                    v += g
                g = v
            # ω ← ω - η g (in place: the caller's arrays are the model's parameters)
            p -= self.lr * g
