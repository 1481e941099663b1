"""The drills, without UI: ``DrillSession`` (any generator kind, step by step, with diagnosis and
hints), the derivation drill's question list, and how drill results are stored.

    from quizapp.drill import DrillSession, derivation_questions, record_step, record_drill

Importing this package is cheap (no numpy): the submodules load on first use.
"""

from __future__ import annotations

from importlib import import_module

from quizapp.drill.derive import DERIVE, derivation_questions

__all__ = ["DrillSession", "Hint", "StepFeedback", "StepResult", "DERIVE", "derivation_questions",
           "record_step", "record_drill", "KIND_ALIASES", "resolve_kind"]

_LAZY = {
    "DrillSession": "quizapp.drill.session",
    "Hint": "quizapp.drill.session",
    "StepFeedback": "quizapp.drill.session",
    "StepResult": "quizapp.drill.session",
    "record_step": "quizapp.drill.record",
    "record_drill": "quizapp.drill.record",
}

# Short names accepted by ``quizapp drill NAME`` besides the generator kinds' own names.
KIND_ALIASES: dict[str, str] = {"backprop": "mlp-backprop", "forward": "mlp-forward"}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'quizapp.drill' has no attribute {name!r}")


def resolve_kind(name: str) -> str:
    """A generator kind name from what the user typed ("backprop" → "mlp-backprop"); KeyError with
    the list of known names when there is none."""
    from engine.generators import KINDS

    name = KIND_ALIASES.get(name, name)
    if name not in KINDS:
        known = ", ".join(["backprop", DERIVE, *sorted(KINDS)])
        raise KeyError(f"unknown drill {name!r}; choose one of: {known}")
    return name


def shown_digits(exercise) -> dict[str, int]:
    """Decimals the drill's worked solution shows per step of ``exercise`` (steps that need more than
    4): the answer key of a printed worksheet writes its numbers the same way."""
    from quizapp.drill.session import DrillSession

    return DrillSession(exercise.kind, exercise.seed, exercise.difficulty).shown_digits()
