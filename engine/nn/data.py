"""Deterministic toy data sets the engine trains on (nothing is downloaded)."""

from __future__ import annotations

import numpy as np


def two_spirals(n_per_class: int, rng: np.random.Generator, *, turns: float = 1.5,
                noise: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spirals in the plane, a classic data set no linear model separates.

    Returns x: (2n, 2) float64 with coordinates in about [-1, 1], labels: (2n,) int64 in {0, 1}.
    """
    t = np.sqrt(rng.uniform(0.0, 1.0, n_per_class)) * turns * 2 * np.pi  # sqrt: even density along the arm
    r = t / (turns * 2 * np.pi)
    arm = np.stack([r * np.cos(t), r * np.sin(t)], axis=1)
    x = np.concatenate([arm, -arm]) + rng.normal(0.0, noise, (2 * n_per_class, 2))
    labels = np.concatenate([np.zeros(n_per_class, dtype=np.int64), np.ones(n_per_class, dtype=np.int64)])
    return x, labels


def one_hot(labels: np.ndarray, k: int, dtype=np.float64) -> np.ndarray:
    """labels: (N,) ints in [0, k) -> (N, k)."""
    out = np.zeros((labels.shape[0], k), dtype=dtype)
    out[np.arange(labels.shape[0]), labels] = 1
    return out
