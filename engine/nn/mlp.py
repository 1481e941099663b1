"""A small multilayer perceptron composed of the layers in layers.py.

Notation (notes 1.2, 1.4): a_0 = x; for l = 1..L, z_l = W_l a_{l-1} + b_l and a_l = σ_l(z_l);
δ_l = ∂L/∂z_l. Parameters are kept in ``params`` under "W1", "b1", ..., and "alpha{l}" for a PReLU
layer's learnable slope; ``loss_and_grads`` returns gradients under the same keys.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.nn import activations as act
from engine.nn import layers, losses

_LOSSES = {"half_sse": losses.half_sse, "mse": losses.mse,
           "bce": losses.bce_with_logits, "cross_entropy": losses.softmax_cross_entropy}


def init_weights(rng: np.random.Generator, n_out: int, n_in: int, scheme: str, dtype) -> np.ndarray:
    """W of shape (n_out, n_in). "he": N(0, 2/n_in), for ReLU-like layers; "xavier" (Glorot):
    N(0, 2/(n_in + n_out)), for sigmoid/tanh layers."""
    if scheme == "he":
        std = np.sqrt(2.0 / n_in)
    elif scheme == "xavier":
        std = np.sqrt(2.0 / (n_in + n_out))
    else:
        raise ValueError(f"unknown init scheme {scheme!r}; choose 'he' or 'xavier'")
    return (rng.standard_normal((n_out, n_in)) * std).astype(dtype)


class MLP:
    """layer_sizes [n_0, ..., n_L]; activations [σ_1, ..., σ_L] (names from activations.NAMES);
    loss from losses.NAMES (bce needs a sigmoid output, cross_entropy a softmax output)."""

    def __init__(self, layer_sizes: Sequence[int], activations: Sequence[str], loss: str, *,
                 rng: np.random.Generator, init: str = "he", dtype=np.float64,
                 leaky_slope: float = act.LEAKY_SLOPE, prelu_init: float = 0.25) -> None:
        if len(activations) != len(layer_sizes) - 1:
            raise ValueError(f"{len(layer_sizes) - 1} layers need {len(layer_sizes) - 1} activations, got {len(activations)}")
        if loss not in _LOSSES:
            raise ValueError(f"unknown loss {loss!r}; choose one of {', '.join(losses.NAMES)}")
        fused = losses.FUSED_OUTPUT.get(loss)
        if fused is not None and activations[-1] != fused:
            raise ValueError(f"loss {loss!r} is defined on a {fused} output, not {activations[-1]!r}")
        for name in activations:
            if name not in act.NAMES:
                raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(act.NAMES)}")
        self.layer_sizes = list(layer_sizes)
        self.activations = list(activations)
        self.loss = loss
        self.leaky_slope = leaky_slope
        self.dtype = np.dtype(dtype)
        self.params: dict[str, np.ndarray] = {}
        for l in range(1, len(layer_sizes)):
            n_in, n_out = layer_sizes[l - 1], layer_sizes[l]
            self.params[f"W{l}"] = init_weights(rng, n_out, n_in, init, self.dtype)
            self.params[f"b{l}"] = np.zeros(n_out, dtype=self.dtype)
            if activations[l - 1] == "prelu":
                self.params[f"alpha{l}"] = np.full(n_out, prelu_init, dtype=self.dtype)

    @property
    def depth(self) -> int:
        return len(self.activations)

    def _forward(self, x: np.ndarray) -> tuple[np.ndarray, list]:
        """x: (N, n_0) -> the output layer's pre-activation z_L when the loss is fused, else a_L."""
        fused = self.loss in losses.FUSED_OUTPUT
        a, caches = x, []
        for l in range(1, self.depth + 1):
            z, aff = layers.affine_forward(a, self.params[f"W{l}"], self.params[f"b{l}"])  # z_l = W_l a_{l-1} + b_l
            name = self.activations[l - 1]
            if l == self.depth and fused:
                caches.append((aff, None))
                return z, caches
            if name == "prelu":
                a, ac = layers.prelu_forward(z, self.params[f"alpha{l}"])
            else:
                a, ac = layers.activation_forward(z, name, self.leaky_slope)               # a_l = σ(z_l)
            caches.append((aff, ac))
        return a, caches

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, n_0) -> a_L: (N, n_L), the network's output (probabilities for bce/cross_entropy)."""
        out, _ = self._forward(x)
        if self.loss in losses.FUSED_OUTPUT:
            return act.value(self.activations[-1], out)
        return out

    def predict(self, x: np.ndarray) -> np.ndarray:
        """x: (N, n_0) -> (N,) class indices (argmax of the output)."""
        out, _ = self._forward(x)
        return out.argmax(axis=1)

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        """x: (N, n_0), y: (N, n_L) (or (N,) labels for cross_entropy) -> (loss, {name: ∂L/∂param}),
        loss averaged over the batch (losses.py)."""
        out, caches = self._forward(x)
        grads: dict[str, np.ndarray] = {}
        if self.loss in losses.FUSED_OUTPUT:
            loss, dz = _LOSSES[self.loss](out, y)        # δ_L = (a_L - y) / N, fused
        else:
            loss, da = _LOSSES[self.loss](out, y)        # ∂L/∂a_L
            dz = None
        for l in range(self.depth, 0, -1):
            aff, ac = caches[l - 1]
            if dz is None:                               # δ_l = ∂L/∂a_l ⊙ σ'(z_l)
                if self.activations[l - 1] == "prelu":
                    dz, grads[f"alpha{l}"] = layers.prelu_backward(da, ac)
                else:
                    dz = layers.activation_backward(da, ac)
            # ∂L/∂W_l = δ_l a_{l-1}ᵀ, ∂L/∂b_l = δ_l; ∂L/∂a_{l-1} = W_lᵀ δ_l (skipped for the input)
            da, grads[f"W{l}"], grads[f"b{l}"] = layers.affine_backward(dz, aff, need_dx=l > 1)
            dz = None
        return loss, grads

    def gradient_norms(self, x: np.ndarray, y: np.ndarray) -> list[float]:
        """‖∂L/∂W_l‖ (Frobenius) for l = 1..L: the vanishing-gradient measurement (notes 1.5)."""
        _, grads = self.loss_and_grads(x, y)
        return [float(np.linalg.norm(grads[f"W{l}"])) for l in range(1, self.depth + 1)]

    def accuracy(self, x: np.ndarray, labels: np.ndarray) -> float:
        return float(np.mean(self.predict(x) == labels))
