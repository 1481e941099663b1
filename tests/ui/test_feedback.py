"""The feedback panel as a learner at 80×24 meets it: the verdict said once, the right answer in
readable form, and a long explanation reachable. (Every type's feedback, in view at 80×24: see
test_answer_types.test_answer_each_type.)"""

from __future__ import annotations

import dataclasses

import pytest

from engine.bank.model import NumericAnswer, SymbolicAnswer
from quizapp.session import Item, QuizSession

from ui_bank import GENERATED, SYMBOLIC, VECTOR, T, _q, small_bank
from ui_helpers import SMALL, Typed, act, build, feedback_text, feedback_view, keys_for, settle, sigmoid_seed


def _item(q):
    return Item(q, sigmoid_seed() if q is GENERATED else None)


async def _answer(app, pilot, item, right: bool) -> str:
    app.start_session(QuizSession([item]))
    await pilot.pause()
    await act(pilot, keys_for(item, right))
    await settle(pilot)
    await pilot.pause()
    return feedback_text(app.screen)


async def test_long_feedback_scrolls_from_its_first_line(settings, storage, pool):
    """A question whose explanation is taller than the 80×24 screen: the feedback starts at the top
    of the view, and PageDown reaches the source."""
    long_text = " ".join(["The gradient shrinks by a factor of at most 1/4 per layer."] * 30)
    question = dataclasses.replace(_q("nn-basics/long", "nn-basics", "numeric", T("最大值？", "Largest value?"),
                                      NumericAnswer(0.25)), explanation=T(long_text, long_text))
    app = build(settings, storage, pool, bank=small_bank(question))
    async with app.run_test(size=SMALL) as pilot:
        app.start_session(QuizSession([Item(question)]))
        await pilot.pause()
        await act(pilot, [Typed("1/4"), "enter"])
        await settle(pilot)
        await pilot.pause()
        first, end, top, bottom = feedback_view(app.screen)
        assert top <= first + 1 and bottom > end     # taller than the view, shown from its first line
        for _ in range(10):
            await pilot.press("pagedown")
        await pilot.pause()
        first, end, top, bottom = feedback_view(app.screen)
        assert bottom <= end


@pytest.mark.parametrize("lang, said_twice", [("en", "Correct — Correct"), ("zh", "正确 — 正确")])
async def test_right_answer_says_correct_once(lang, said_twice, settings, storage, pool):
    app = build(settings, storage, pool, lang=lang)
    async with app.run_test(size=SMALL) as pilot:
        for question in (VECTOR, SYMBOLIC):   # the numeric and the symbolic checker both say "Correct."
            shown = await _answer(app, pilot, _item(question), right=True)
            header = shown.splitlines()[0]
            assert header == ("✓ Correct" if lang == "en" else "✓ 正确")
            assert said_twice not in shown
            await pilot.press("escape")       # results
            await pilot.press("escape")       # home
            await pilot.pause()


async def test_wrong_answer_keeps_the_checkers_message(settings, storage, pool):
    app = build(settings, storage, pool)
    async with app.run_test(size=SMALL) as pilot:
        shown = await _answer(app, pilot, _item(SYMBOLIC), right=False)
        header = shown.splitlines()[0]
        assert header.startswith("✗ Incorrect — Not equivalent")   # the counterexample says why


async def test_symbolic_right_answer_is_pretty_printed(settings, storage, pool):
    softmax = _q("nn-basics/softmax-jacobian", "nn-basics", "symbolic",
                 T("∂p₁/∂z₂ = ?", "∂p₁/∂z₂ = ?"),
                 SymbolicAnswer("-p1*p2", variables=("z1", "z2"),
                                aliases={"p1": "exp(z1)/(exp(z1) + exp(z2))",
                                         "p2": "exp(z2)/(exp(z1) + exp(z2))"}))
    app = build(settings, storage, pool, bank=small_bank(softmax, SYMBOLIC))
    async with app.run_test(size=SMALL) as pilot:
        app.start_session(QuizSession([Item(softmax)]))
        await pilot.pause()
        await act(pilot, [Typed("p1*p2"), "enter"])
        await settle(pilot)
        shown = feedback_text(app.screen)
        assert "The right answer: −p1·p2" in shown and "-p1*p2" not in shown
        await pilot.press("escape", "escape")
        await pilot.pause()
        shown = await _answer(app, pilot, _item(SYMBOLIC), right=False)
        assert "The right answer: σ(x)·(1 − σ(x))" in shown and "sigma(x)*" not in shown


def test_unreadable_expected_formula_is_shown_as_written():
    from quizapp.render import right_answer

    broken = _q("nn-basics/typo", "nn-basics", "symbolic", T("?", "?"), SymbolicAnswer("sigma(x)*(1 - "))
    assert right_answer(broken, "en") == "sigma(x)*(1 - "
