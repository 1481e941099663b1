"""The drills, without UI: ``DrillSession`` (any generator kind, step by step, with diagnosis and
hints), the derivation drill's question list, and how drill results are stored.

    from quizapp.drill import DrillSession, derivation_questions, record_step, record_drill
"""

from quizapp.drill.derive import DERIVE, derivation_questions
from quizapp.drill.record import record_drill, record_step
from quizapp.drill.session import DrillSession, Hint, StepFeedback, StepResult

__all__ = ["DrillSession", "Hint", "StepFeedback", "StepResult", "DERIVE", "derivation_questions",
           "record_step", "record_drill", "KIND_ALIASES", "resolve_kind"]

# Short names accepted by ``quizapp drill NAME`` besides the generator kinds' own names.
KIND_ALIASES: dict[str, str] = {"backprop": "mlp-backprop", "forward": "mlp-forward"}


def resolve_kind(name: str) -> str:
    """A generator kind name from what the user typed ("backprop" → "mlp-backprop"); KeyError with
    the list of known names when there is none."""
    from engine.generators import KINDS

    name = KIND_ALIASES.get(name, name)
    if name not in KINDS:
        known = ", ".join(["backprop", DERIVE, *sorted(KINDS)])
        raise KeyError(f"unknown drill {name!r}; choose one of: {known}")
    return name
