"""How the mock interview looks at 80×24 (pytest-textual-snapshot): a typed open answer being checked
(key points first, then the two answers one above the other). The clock, seed and bank are pinned.
Accept changes with ``--snapshot-update`` only after looking at the SVG."""

from __future__ import annotations

from textual.widgets import TextArea

from test_interview import Clock, _bank
from ui_helpers import NOW, SMALL, build
from engine.interview.plan import Profile
from engine.text import Text
from quizapp.screens.interview import InterviewScreen

PROFILE = Profile("test", Text("测试方向", "Test focus"), {"attention": 1.0})


def test_checking_a_typed_answer(snap_compare, settings, storage, pool) -> None:
    clock = Clock()
    app = build(settings, storage, pool, bank=_bank(), now=lambda: NOW,
                start=lambda: InterviewScreen(PROFILE, 20, seed=1, clock=clock))

    async def answer(pilot) -> None:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        screen.query_one(TextArea).insert("The variance of q·k grows with d_k, so softmax saturates.")
        clock.t += 83
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=answer)
