"""The derivation drill opened the way the home screen will open it (``open_derive_drill(app)``): the
shipped derivations in file order on the question screen, an answer graded symbolically and stored
as a drill answer, the worked derivation shown; a clear note when the bank is loading or has none."""

from __future__ import annotations

from engine.bank.loader import load_bank, load_file
from quizapp.screens.derive import open_derive_drill
from quizapp.screens.question import QuestionScreen

from ui_helpers import Typed, act, build, feedback_text, settle, text_of

SIZE = (80, 24)
DERIVATIONS, _ = load_file("question_bank/derivations.toml")


async def test_open_derive_drill_asks_the_derivations_in_order_and_stores_answers(settings, storage, pool):
    app = build(settings, storage, pool, bank=load_bank(()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert open_derive_drill(app) is True
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert [item.question.id for item in screen.session.items] == [q.id for q in DERIVATIONS]
        assert "differentiate directly" in text_of(screen, "#question-prompt").replace("\n", " ")
        await act(pilot, [Typed("exp(-x)/(1 + exp(-x))^2"), "enter"])
        await settle(pilot)
        assert screen.feedback.status == "correct"
        assert "Chain rule" in feedback_text(screen)                 # the worked derivation
    rows = storage.answers(DERIVATIONS[0].id)
    assert [(r["status"], r["context"]) for r in rows] == [("correct", "drill")]


async def test_open_derive_drill_explains_when_it_cannot_open(settings, storage, pool):
    app = build(settings, storage, pool)                  # the small test bank: no derivations
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = app.screen
        assert open_derive_drill(app) is False
        await pilot.pause()
        assert app.screen is before
        assert any("no derivation questions" in str(n.message) for n in app._notifications)
