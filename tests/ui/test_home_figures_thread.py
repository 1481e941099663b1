"""A large history fills home and statistics from a worker thread (issue 16): the screen shows "…"
until the figures arrive, then exactly what the at-once fill of a small history shows."""

from __future__ import annotations

import threading
from datetime import timedelta

import quizapp.screens.home as home
import quizapp.screens.stats as stats
from quizapp.storage import AnswerRecord
from ui_bank import CHOICE, MULTI, NUMERIC, VECTOR
from ui_helpers import NOW, SIZE, build, settle, text_of


def seed(app, storage) -> None:
    for q, status, rating, days in [(CHOICE, "correct", 3, 3), (MULTI, "incorrect", 1, 2), (NUMERIC, "correct", 3, 9),
                                    (VECTOR, "correct", 3, 0), (CHOICE, "incorrect", 1, 1)]:
        when = NOW - timedelta(days=days, hours=1)
        storage.record_answer(AnswerRecord(q.id, q.topic, status, answered_at=when))
        app.reviewer.review(q.id, q.topic, rating, now=when)
    app.reviewer.review("drill/mlp-backprop", "nn-basics", 1, now=NOW - timedelta(days=2))


async def shown(app, pilot) -> dict:
    table = app.screen.query_one("#topics")
    out = {"rows": [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)],
           "summary": text_of(app.screen, "#home-summary")}
    await pilot.press("s")
    await settle(pilot)
    out["stats"] = [text_of(app.screen, f"#{name}") for name in ("stats-title", "accuracy-day", "stats-body")]
    return out


async def test_figures_from_a_thread_equal_the_figures_at_once(settings, storage, pool, monkeypatch) -> None:
    app = build(settings, storage, pool, now=lambda: NOW)
    seed(app, storage)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        at_once = await shown(app, pilot)
    assert "5 answers so far · 5 due for review" in at_once["summary"] and "Drills due" in at_once["summary"]

    threads: list[bool] = []
    go = threading.Event()

    def on_thread(fn):
        def run(*args):
            threads.append(threading.current_thread() is threading.main_thread())
            go.wait(10)                                  # held until the test has seen the first frame
            return fn(*args)
        return run

    monkeypatch.setattr(home, "SYNC_CARDS", -1)
    monkeypatch.setattr(stats, "SYNC_ANSWERS", -1)
    monkeypatch.setattr(home, "figures", on_thread(home.figures))
    monkeypatch.setattr(stats, "stats_data", on_thread(stats.stats_data))
    app = build(settings, storage, pool, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.query_one("#topics").get_row_at(0)
        assert [str(c) for c in first[2:]] == ["…", "…", "…"]      # figures still on their way
        assert "Counting your progress" in text_of(app.screen, "#home-summary")
        go.set()
        await settle(pilot)
        threaded = await shown(app, pilot)
    assert threaded == at_once
    assert threads and not any(threads)                  # never on the UI thread
