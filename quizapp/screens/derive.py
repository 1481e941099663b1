"""The derivation drill in the app: the bank's ``derivation`` questions (question_bank/derivations.toml)
asked in file order on the ordinary question screen, which gives symbolic input with a live preview,
the symbolic checker with form constraints, and the worked derivation (the explanation) after each.

    open_derive_drill(app) -> bool       what the home screen / command palette calls
    derive_screen(bank) -> QuestionScreen  the screen itself (the CLI pushes it at start-up)
"""

from __future__ import annotations

from quizapp.drill import derivation_questions
from quizapp.drill.text import t

CONTEXT = "drill"    # answers are stored with this context, like the step-by-step drills


class NoDerivations(LookupError):
    """The bank has no ``derivation``-tagged questions (e.g. only the user's own bank was given)."""


def derive_screen(bank):
    """A QuestionScreen over ``bank``'s derivation questions in file order (practice mode: the worked
    derivation follows every answer). Raises NoDerivations when there are none."""
    from quizapp.screens.question import QuestionScreen
    from quizapp.session import Item, QuizSession

    questions = derivation_questions(bank)
    if not questions:
        raise NoDerivations("the question bank has no derivation questions (tag 'derivation')")
    return QuestionScreen(QuizSession([Item(q) for q in questions], mode="practice", context=CONTEXT))


def open_derive_drill(app) -> bool:
    """Open the derivation drill on top of the current screen of ``app`` (a QuizApp; reads ``app.bank``
    and ``app.lang``). Returns True when it opened; otherwise tells the learner why in a notification
    (the bank is still loading, or has no derivation questions) and returns False.

    For the home screen and the command palette, e.g. ``Binding("D", "app.derive", ...)`` with
    ``def action_derive(self): open_derive_drill(self)`` on the app."""
    if app.bank is None:
        app.notify(t("home.loading", app.lang), timeout=2)
        return False
    try:
        screen = derive_screen(app.bank)
    except NoDerivations:
        app.notify(t("drill.no_derivations", app.lang), severity="warning")
        return False
    app.push_screen(screen)
    return True
