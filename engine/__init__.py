"""quizapp's engine: everything that is not UI.

    engine.nn          the NumPy MLP (layers, activations, losses, optimisers, gradient check)
    engine.generators  seeded exercise generators (Exercise, registry of kinds)
    engine.checking    safe parsing and grading of learner answers (sympy imported lazily)
    engine.bank        question-bank model, loading and validation
    engine.export      json / markdown / anki / moodle / gift / csv exporters

Importing ``engine`` must stay cheap: no textual, no sympy (tests/engine/test_import_hygiene.py).
"""

__all__ = ["Text", "LANGS"]

from engine.text import LANGS, Text
