"""Every question type answered right and wrong through the real checker, as a learner would:
keys in, verdict and feedback on screen, the answer stored and the FSRS card scheduled."""

from __future__ import annotations

import pytest

from quizapp.screens.question import QuestionScreen
from quizapp.screens.worked import WorkedSolutionScreen
from quizapp.session import Item, QuizSession

from ui_helpers import (SIZE, SMALL, act, assert_feedback_in_view, build, feedback_text, feedback_view, keys_for,
                        settle, sigmoid_seed, text_of)
from ui_bank import ALL, CHOICE, GENERATED, NUMERIC, OPEN, SYMBOLIC, VECTOR


def _item(q):
    return Item(q, sigmoid_seed() if q is GENERATED else None)


@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
@pytest.mark.parametrize("question", ALL, ids=[q.type + ("-vector" if q is VECTOR else "") for q in ALL])
async def test_answer_each_type(question, right, settings, storage, pool) -> None:
    app = build(settings, storage, pool)
    async with app.run_test(size=SMALL) as pilot:
        item = _item(question)
        app.start_session(QuizSession([item]))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        await act(pilot, keys_for(item, right))
        await settle(pilot)
        fb = screen.feedback
        assert fb is not None, "no feedback after answering"
        shown = feedback_text(screen)
        if question is OPEN:
            assert fb.status == "rated" and fb.rating == (3 if right else 1)
            assert ("Good" if right else "Again") in shown
        else:
            assert fb.status == ("correct" if right else "incorrect")
            assert ("✓ Correct" if right else "✗ Incorrect") in shown
        assert "Explanation" in shown and "σ'(x) = σ(x)(1 − σ(x))" in shown   # LaTeX rendered
        assert "Source: notes 1.3" in shown
        if question is GENERATED:
            assert "value =" in shown and "derivative =" in shown        # each part with its value
        elif question is not OPEN:                                       # (open: the model answer is above)
            assert "The right answer:" in shown
        assert screen.session.score == (1 if right else 0)
        # At 80×24 the feedback is scrolled into view, and its last line is reachable from the keyboard.
        assert_feedback_in_view(screen)
        await pilot.press("end")
        await pilot.pause()
        first, end, top, bottom = feedback_view(screen)
        assert bottom <= end
    rows = storage.answers(question.id)
    assert len(rows) == 1
    assert rows[0]["status"] == ("rated" if question is OPEN else "correct" if right else "incorrect")
    assert rows[0]["seed"] == (sigmoid_seed() if question is GENERATED else None)
    card = app.reviewer.card(question.id)
    assert card is not None and card.due > card.last_review


async def test_wrong_choice_shows_the_right_option(settings, storage, pool) -> None:
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        app.start_session(QuizSession([Item(CHOICE)]))
        await pilot.pause()
        await pilot.press("2", "enter")            # number keys work like letters
        await settle(pilot)
        shown = feedback_text(app.screen)
        assert "Your answer: B" in shown
        assert "The right answer: A. 0.25, at x = 0" in shown


async def test_vector_marks_the_wrong_entry(settings, storage, pool) -> None:
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        app.start_session(QuizSession([Item(VECTOR)]))
        await pilot.pause()
        await act(pilot, keys_for(Item(VECTOR), right=False))
        await settle(pilot)
        grid = app.screen.answer_widget
        assert grid.cell(0, 0).has_class("-right") and grid.cell(0, 1).has_class("-wrong")
        shown = feedback_text(app.screen)
        assert "✓  ✗" in shown and "[0.5, 0.5]" in shown


async def test_unreadable_number_asks_to_retype(settings, storage, pool) -> None:
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        app.start_session(QuizSession([Item(NUMERIC)]))
        await pilot.pause()
        await pilot.press(*"0.7.5", "enter")
        await settle(pilot)
        screen = app.screen
        assert screen.feedback is None                       # not graded as wrong
        assert "could not be read" in feedback_text(screen)
        cell = screen.answer_widget.cell(0, 0)
        assert not cell.disabled
        cell.value = ""
        await pilot.click(cell)
        await pilot.press(*"0.75", "enter")
        await settle(pilot)
        assert screen.feedback.status == "correct"
    assert [r["status"] for r in storage.answers(NUMERIC.id)] == ["correct"]


async def test_symbolic_live_preview_and_counterexample(settings, storage, pool) -> None:
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        app.start_session(QuizSession([Item(SYMBOLIC)]))
        await pilot.pause()
        screen = app.screen
        await pilot.press(*"s(x)")                                   # real keystrokes: a live preview
        await settle(pilot)
        assert "unknown" in text_of(screen, "#preview").lower()     # 's' is not a known name
        await pilot.press("ctrl+u", *"sigma(x)^2")
        await settle(pilot)
        assert "σ(x)²" in text_of(screen, "#preview")
        await pilot.press("enter")
        await settle(pilot)
        shown = feedback_text(screen)
        assert screen.feedback.status == "incorrect"
        assert "x =" in shown                                        # the counterexample point


async def test_generated_worked_solution_and_new_variant(settings, storage, pool) -> None:
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        seed = sigmoid_seed()
        app.start_session(QuizSession([Item(GENERATED, seed)]))
        await pilot.pause()
        screen = app.screen
        assert "x = -2" in text_of(screen, "#given")
        await act(pilot, keys_for(Item(GENERATED, seed), right=True))
        await settle(pilot)
        assert screen.feedback.status == "correct"
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WorkedSolutionScreen)
        worked = text_of(app.screen, "#worked-body")
        assert "σ(x) = 1/(1 + e⁻ˣ)" in worked and "0.1192" in worked and "\\" not in worked
        await pilot.press("escape")
        await pilot.press("v")
        await pilot.pause()
        assert screen.session.total == 2
        new = screen.item
        assert new.question is GENERATED and new.seed != seed
        assert screen.feedback is None


async def test_open_question_reveals_model_answer_and_key_points(settings, storage, pool) -> None:
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        app.start_session(QuizSession([Item(OPEN)]))
        await pilot.pause()
        screen = app.screen
        assert "normalises" not in text_of(screen, "#model-answer")
        await pilot.press("1")                       # rating before reveal does nothing
        assert screen.feedback is None
        await pilot.press("space")
        shown = text_of(screen, "#model-answer")
        assert "Model answer" in shown and "normalises" in shown and "• allows larger learning rates" in shown
        await pilot.press("4")
        await settle(pilot)
        assert screen.feedback.rating == 4
