"""Seeded exercise generators: a registry of kinds, each ``generate(seed, difficulty) -> Exercise``.

Each kind lives in its own module here and registers itself in ``_MODULES`` below.
"""

from __future__ import annotations

import importlib

from engine.generators.base import DIFFICULTIES, Exercise, Kind, Mistake, Step, Steps

__all__ = ["DIFFICULTIES", "Exercise", "Kind", "Mistake", "Step", "Steps", "KINDS", "get_kind", "generate"]

# module name -> the kinds it defines (module attribute KINDS: list[Kind]).
_MODULES: tuple[str, ...] = (
    # topic 1 (foundation issue)
    "engine.generators.mlp",
    "engine.generators.activation",
    "engine.generators.softmax_ce",
    "engine.generators.dueling_q",
    "engine.generators.vanishing",
    # topics 2-6
    "engine.generators.attention",
    "engine.generators.rnn_bptt",
    "engine.generators.lstm",
    "engine.generators.gru",
    "engine.generators.gcn",
    "engine.generators.batchnorm",
    "engine.generators.adam",
    "engine.generators.grad_clip",
)


def _load() -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    for modname in _MODULES:
        module = importlib.import_module(modname)
        for kind in module.KINDS:
            kinds[kind.name] = kind
    return kinds


KINDS: dict[str, Kind] = _load()


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        known = ", ".join(sorted(KINDS))
        raise KeyError(f"unknown generator kind {name!r}; known kinds: {known}") from None


def generate(kind: str, seed: int, difficulty: str = "easy") -> Exercise:
    return get_kind(kind).generate(seed, difficulty)
