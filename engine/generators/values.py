"""Drawing the rounded given values of the topic 2–6 kinds, and reading them back.

A given is stored as plain nested lists so that ``Exercise.given`` is exactly what the JSON shows;
``solve`` reads it back as float64 arrays with ``array``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

# Decimals shown to the learner: one at easy and medium (workable by hand), two at hard.
DECIMALS: dict[str, int] = {"easy": 1, "medium": 1, "hard": 2}


def rounded(x: Any, decimals: int) -> Any:
    """Round to ``decimals`` places; ``+ 0.0`` turns -0.0 into 0.0 so the JSON never shows "-0.0"."""
    return np.round(np.asarray(x, dtype=float), decimals) + 0.0


def draw(rng: np.random.Generator, shape: int | tuple[int, ...], difficulty: str,
         low: float = -1.0, high: float = 1.0) -> list:
    """Uniform values in [low, high], rounded to the difficulty's decimals, as nested lists."""
    return rounded(rng.uniform(low, high, size=shape), DECIMALS[difficulty]).tolist()


def draw_nonzero(rng: np.random.Generator, shape: int | tuple[int, ...], difficulty: str,
                 low: float = -1.0, high: float = 1.0) -> list:
    """Like ``draw`` but no entry rounds to 0 (a zero gradient or input makes a step trivial)."""
    step = 10.0 ** -DECIMALS[difficulty]
    x = rounded(rng.uniform(low, high, size=shape), DECIMALS[difficulty])
    x = np.where(x == 0.0, step, x)
    return x.tolist()


def array(given: dict[str, Any], key: str) -> np.ndarray:
    """A given value as a float64 array (works on the lists ``make_given`` stores and on parsed JSON)."""
    return np.asarray(given[key], dtype=float)


def sigmoid(a: np.ndarray) -> np.ndarray:
    """σ(a) = 1/(1 + e^(−a)); the gates' pre-activations are small, so the plain formula is exact enough."""
    return 1.0 / (1.0 + np.exp(-a))


def gate_params(rng: np.random.Generator, gates: tuple[str, ...], d: int, H: int, difficulty: str) -> dict:
    """A gated cell's parameters, keyed by gate: W[k] (H×d), U[k] (H×H), b[k] (H) — LSTM and GRU alike."""
    return {
        "W": {k: draw(rng, (H, d), difficulty) for k in gates},
        "U": {k: draw(rng, (H, H), difficulty) for k in gates},
        "b": {k: draw(rng, H, difficulty, -0.5, 0.5) for k in gates},
    }


def gate_arrays(given: dict) -> tuple[dict, dict, dict]:
    """The W, U, b tables of a gated cell's given, keyed by gate, as float64 arrays."""
    return tuple({k: np.asarray(v, dtype=float) for k, v in given[key].items()} for key in ("W", "U", "b"))
