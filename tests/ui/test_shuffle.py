"""Options are shuffled per presentation: the same question in two orders, right in both, and the
history and results name what the learner saw (not the bank file's letters)."""

from __future__ import annotations

import json

from engine.mathtext import render as math
from engine.bank.shuffle import option_order, shuffled
from quizapp.screens.results import ResultsScreen
from quizapp.session import QuizSession, present

from ui_helpers import SIZE, act, build, keys_for, settle, text_of
from ui_bank import CHOICE, MULTI


def two_seeds_with_different_keys(question):
    """Two shuffle seeds at which the right option sits at different letters."""
    first = 1
    key_at = shuffled(question, first)[0].answer.correct
    second = next(s for s in range(2, 500) if shuffled(question, s)[0].answer.correct != key_at)
    return first, second


def test_orders_are_stable_per_seed_and_vary_across_seeds():
    assert option_order(CHOICE, 7) == option_order(CHOICE, 7)
    orders = {option_order(CHOICE, s) for s in range(200)}
    assert len(orders) == 6                                   # all 3! orders of a 3-option question occur
    keys = [shuffled(CHOICE, s)[0].answer.correct for s in range(300)]
    assert all(70 <= keys.count(i) <= 130 for i in range(3)), [keys.count(i) for i in range(3)]


def test_the_shuffled_key_is_the_same_option():
    for seed in range(50):
        shown, order = shuffled(MULTI, seed)
        assert {shown.answer.options[i] for i in shown.answer.correct} == \
            {MULTI.answer.options[i] for i in MULTI.answer.correct}
        assert sorted(order) == list(range(len(MULTI.answer.options)))


async def test_same_question_twice_in_different_orders_right_both_times(settings, storage, pool) -> None:
    s1, s2 = two_seeds_with_different_keys(CHOICE)
    first, second = present(CHOICE, shuffle_seed=s1), present(CHOICE, shuffle_seed=s2)
    assert first.question.answer.correct != second.question.answer.correct
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        app.start_session(QuizSession([first, second]))
        await settle(pilot)
        for item in (first, second):
            await act(pilot, keys_for(item, True))
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert "2 of 2 answered right (100%)" in text_of(results, "#results-body")
    rows = storage.answers(CHOICE.id)
    assert [r["status"] for r in rows] == ["correct", "correct"]
    bank_key = "ABCDEF"[CHOICE.answer.correct]
    for row, item in zip(rows, (first, second)):
        stored = json.loads(row["response"])
        # the bank letter of the chosen option, the letter on screen, and the order that was shown
        assert stored["answer"] == bank_key
        assert stored["shown_as"] == "ABCDEF"[item.question.answer.correct]
        assert stored["order"] == "".join("ABCDEF"[i] for i in item.order)
    assert json.loads(rows[0]["response"])["shown_as"] != json.loads(rows[1]["response"])["shown_as"]


async def test_results_name_the_option_the_learner_chose_in_the_order_seen(settings, storage, pool) -> None:
    item = present(CHOICE, shuffle_seed=two_seeds_with_different_keys(CHOICE)[1])
    app = build(settings, storage, pool)
    async with app.run_test(size=SIZE) as pilot:
        app.start_session(QuizSession([item]))
        await settle(pilot)
        await act(pilot, keys_for(item, False))
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        body = text_of(app.screen, "#results-body")
    wrong_bank = 1                                             # keys_for answers bank option B when wrong
    shown_at = item.order.index(wrong_bank)
    chose = f"Your answer: {'ABCDEF'[shown_at]} ({math(CHOICE.answer.options[wrong_bank].en)})"
    assert chose in body, body


def test_a_question_whose_explanation_names_letters_keeps_the_file_order():
    from dataclasses import replace

    from engine.text import Text

    by_letter = replace(CHOICE, explanation=Text("B 错：因为……", "B: wrong because …"))
    assert all(option_order(by_letter, s) == (0, 1, 2) for s in range(20))
    assert len({option_order(CHOICE, s) for s in range(20)}) > 1
