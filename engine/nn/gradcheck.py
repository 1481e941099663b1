"""Centred finite differences in float64, to check analytic gradients (used by the tests)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """∂f/∂x by (f(x + h e_i) - f(x - h e_i)) / 2h for every entry i.

    ``f`` takes no arguments and reads ``x`` (a float64 array it closes over), which is perturbed
    IN PLACE and restored. Returns an array of x's shape. Error O(h²) away from kinks.
    """
    if x.dtype != np.float64:
        raise TypeError(f"gradient checks need float64, got {x.dtype}")
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        f_plus = f()
        x[i] = old - h
        f_minus = f()
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """‖a - b‖ / max(1e-8, ‖a‖ + ‖b‖), over the whole array (so entries that are ~0 in both do not
    blow the ratio up)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return float(np.linalg.norm(a - b) / max(1e-8, np.linalg.norm(a) + np.linalg.norm(b)))
