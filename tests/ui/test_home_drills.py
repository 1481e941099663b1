"""The drills from the home screen: the derivation drill has its own key (footer, help, command
palette), and drills due for review are counted on home and run by "review due"."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from quizapp.scheduling import AGAIN
from quizapp.screens.drill import DrillScreen
from quizapp.screens.help import HelpScreen
from quizapp.screens.home import HomeScreen
from quizapp.screens.question import QuestionScreen
from quizapp.screens.results import ResultsScreen

from ui_bank import CHOICE, NUMERIC, SYMBOLIC, small_bank
from ui_helpers import NOW, SMALL, Typed, act, build, keys_for, settle, text_of

DERIVATION = dataclasses.replace(SYMBOLIC, id="nn-basics/derive-sigmoid", tags=("derivation",))


def _footer_keys(app) -> dict[str, str]:
    return {key: active.binding.description for key, active in app.screen.active_bindings.items()
            if active.binding.show}


async def test_derivation_drill_from_home_key(settings, storage, pool):
    app = build(settings, storage, pool, bank=small_bank(CHOICE, DERIVATION, NUMERIC))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert _footer_keys(app).get("f") == "derive"
        assert "f derivations" in text_of(app.screen, "#home-hint")
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.session.context == "drill"
        assert [i.question.id for i in screen.session.items] == [DERIVATION.id]   # only the derivations
        await act(pilot, [Typed("sigma(x)(1 - sigma(x))"), "enter"])
        await settle(pilot)
        assert screen.feedback.status == "correct"
    assert [r["context"] for r in storage.answers(DERIVATION.id)] == ["drill"]


async def test_derivation_drill_in_help_and_command_palette(settings, storage, pool):
    app = build(settings, storage, pool, bank=small_bank(DERIVATION))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Derivation drill" in titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Derivation drill")
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.session.items[0].question is DERIVATION
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = text_of(app.screen, "#help-body")
        assert "derivation drill" in shown
        assert any(line.split()[:1] == ["f"] for line in shown.splitlines())


async def test_no_derivations_says_so(settings, storage, pool):
    app = build(settings, storage, pool, bank=small_bank(CHOICE))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("no derivation questions" in n.message for n in app._notifications)


async def test_due_drill_counted_on_home_and_offered_after_the_review(settings, storage, pool):
    app = build(settings, storage, pool, bank=small_bank(CHOICE, NUMERIC), now=lambda: NOW)
    app.reviewer.review(CHOICE.id, CHOICE.topic, AGAIN, now=NOW - timedelta(days=2))
    app.reviewer.review("drill/attention", "attention", AGAIN, now=NOW - timedelta(days=3))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        summary = text_of(app.screen, "#home-summary")
        assert "2 due for review" in summary                              # the question and the drill
        assert "Drills due: Scaled dot-product attention" in summary
        table = app.screen.query_one("#topics")
        due_column = {table.get_row_at(i)[1]: str(table.get_row_at(i)[4]) for i in range(table.row_count)}
        assert due_column["Neural-network basics"] == "1"
        assert due_column["Attention and Transformers"] == "1"             # the attention drill
        assert due_column["All topics (mixed)"] == "2"
        await pilot.press("r")                                             # the due question first
        await pilot.pause()
        review = app.screen
        assert isinstance(review, QuestionScreen) and [i.question.id for i in review.session.items] == [CHOICE.id]
        await act(pilot, keys_for(review.item, right=True))
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert "Drills due too: Scaled dot-product attention" in text_of(results, "#results-body")
        assert _footer_keys(app).get("d") == "due drill"
        await pilot.press("d")                                             # then the drill
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen) and app.screen.session.kind.name == "attention"


async def test_review_with_only_a_drill_due_opens_it(settings, storage, pool):
    app = build(settings, storage, pool, bank=small_bank(CHOICE), now=lambda: NOW)
    app.reviewer.review("drill/mlp-backprop", "nn-basics", AGAIN, now=NOW - timedelta(days=1))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert "1 due for review" in text_of(app.screen, "#home-summary")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen) and app.screen.session.kind.name == "mlp-backprop"


async def test_results_of_a_quiz_offer_no_drill(settings, storage, pool):
    app = build(settings, storage, pool, bank=small_bank(CHOICE), now=lambda: NOW)
    app.reviewer.review("drill/attention", "attention", AGAIN, now=NOW - timedelta(days=3))
    async with app.run_test(size=SMALL) as pilot:
        from quizapp.session import Item, QuizSession

        app.start_session(QuizSession([Item(CHOICE)]))
        await pilot.pause()
        await act(pilot, keys_for(app.screen.item, right=False))
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "d" not in _footer_keys(app)
        assert "Drills due" not in text_of(app.screen, "#results-body")
