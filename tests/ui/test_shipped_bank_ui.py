"""The shipped bank in the app: home shows its counts; the questions most likely to trip the UI
(options with [brackets], every generated exercise) can be shown and answered."""

from __future__ import annotations

import io

import pytest

from engine.bank.loader import load_bank
from engine.bank.model import ChoiceAnswer, GeneratedAnswer, MultiAnswer
from engine.bank.topics import TOPICS
from quizapp.grading import grade_item, parts_for_item
from quizapp.screens.question import QuestionScreen
from quizapp.session import Item, QuizSession

from ui_helpers import build

BANK = load_bank(include_user=False)
pytestmark = pytest.mark.skipif(not BANK.questions, reason="no shipped bank in this checkout")


def _bracketed(q) -> bool:
    """Options with "[" in the language the app shows (English): Rich would read "[MASK]" as markup."""
    return isinstance(q.answer, (ChoiceAnswer, MultiAnswer)) and any("[" in o.en for o in q.answer.options)


def _as_text(renderable) -> str:
    """What an option's prompt shows, as plain text (it may be a Text or a grid with a tick box)."""
    from rich.console import Console

    console = Console(width=100, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def _cells(value):
    """The expected value typed as a learner would: numbers to 6 significant digits."""
    if isinstance(value, list):
        return [_cells(v) for v in value]
    return f"{float(value):.6g}"


async def test_shipped_bank_opens_and_bracketed_options_show(settings, storage, pool) -> None:
    app = build(settings, storage, pool, bank=BANK)
    tricky = [Item(q) for q in BANK.questions if _bracketed(q)]
    generated = [Item(q, 11) for q in BANK.questions if isinstance(q.answer, GeneratedAnswer)]
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#topics")
        for row, slug in enumerate(TOPICS):
            assert str(table.get_row_at(row)[2]) == str(len(BANK.by_topic(slug)))
        app.start_session(QuizSession(tricky + generated))
        await pilot.pause()
        screen = app.screen
        for item in tricky + generated:          # each one mounts and shows (no grading: fast)
            assert isinstance(screen, QuestionScreen) and screen.item is item, item.question.id
            if not item.generated:
                shown = [_as_text(screen.answer_widget.get_option_at_index(i).prompt)
                         for i in range(len(item.question.answer.options))]
                assert any("[" in text for text in shown), item.question.id      # not eaten as markup
            screen.session.advance()
            if screen.session.current is not None:
                await screen.show_item()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_shipped_generated_question_is_askable_and_gradable(pool, seed) -> None:
    """Each part is a number, vector or matrix; the right values typed to 6 digits grade as right."""
    for q in BANK.questions:
        if not isinstance(q.answer, GeneratedAnswer):
            continue
        item = Item(q, seed)
        parts = parts_for_item(item)
        assert parts and all(len(p.shape) <= 2 for p in parts), q.id
        verdict = grade_item(pool, item, {p.name: _cells(p.expected) for p in parts})
        assert verdict.status == "correct", (q.id, verdict.message)
