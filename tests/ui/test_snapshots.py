"""How the app looks (pytest-textual-snapshot): home, a question of each type, feedback right and
wrong, results and stats. Everything that varies (clock, seeds, order) is pinned. Accept changes
with ``pytest tests/ui/test_snapshots.py --snapshot-update`` only after looking at the SVGs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Input

from quizapp.session import Item, QuizSession
from quizapp.storage import AnswerRecord

from ui_bank import ALL, CHOICE, GENERATED, MULTI, NUMERIC, VECTOR
from ui_helpers import NOW, SIZE, act, build, keys_for, sigmoid_seed


def _still_clock() -> float:
    return 0.0


def _no_blink(app) -> None:
    for widget in app.screen.query(Input):
        widget.cursor_blink = False


async def _settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    _no_blink(pilot.app)


def _session(*items: Item) -> QuizSession:
    return QuizSession(list(items), clock=_still_clock, session_id="snap")


def _item(q) -> Item:
    return Item(q, sigmoid_seed() if q is GENERATED else None)


@pytest.fixture
def app(settings, storage, pool):
    return build(settings, storage, pool, now=lambda: NOW)


def test_home(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=SIZE)


@pytest.mark.parametrize("question", ALL, ids=[q.type + ("-vector" if q is VECTOR else "") for q in ALL])
def test_question(snap_compare, app, question) -> None:
    async def start(pilot) -> None:
        app.start_session(_session(_item(question)))
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=start)


@pytest.mark.parametrize("question, right", [(CHOICE, False), (VECTOR, False), (GENERATED, True)],
                         ids=["choice-wrong", "vector-wrong", "generated-right"])
def test_feedback(snap_compare, app, question, right) -> None:
    async def answer(pilot) -> None:
        item = _item(question)
        app.start_session(_session(item))
        await _settle(pilot)
        await act(pilot, keys_for(item, right))
        await _settle(pilot)
        app.screen.query_one("#question-body").scroll_home(animate=False)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=answer)


def test_results(snap_compare, app) -> None:
    async def quiz(pilot) -> None:
        app.start_session(_session(Item(CHOICE), Item(MULTI), Item(NUMERIC)))
        await _settle(pilot)
        for item, right in zip(app.screen.session.items, (True, False, True)):
            await act(pilot, keys_for(item, right))
            await _settle(pilot)
            await pilot.press("n")
            await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=quiz)


def test_stats(snap_compare, app, storage) -> None:
    answers = [(CHOICE, "correct", 0), (CHOICE, "incorrect", 1), (MULTI, "incorrect", 1), (NUMERIC, "correct", 3),
               (VECTOR, "correct", 3), (NUMERIC, "correct", 6), (MULTI, "correct", 0), (VECTOR, "incorrect", 0)]
    for q, status, days_ago in answers:
        storage.record_answer(AnswerRecord(q.id, q.topic, status, answered_at=NOW - timedelta(days=days_ago, hours=1)))
    for q, rating, days_ago in [(CHOICE, 3, 0), (MULTI, 1, 0), (NUMERIC, 3, 6)]:
        app.reviewer.review(q.id, q.topic, rating, now=NOW - timedelta(days=days_ago))

    async def open_stats(pilot) -> None:
        await pilot.press("s")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_stats)
