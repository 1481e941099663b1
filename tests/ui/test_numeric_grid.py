"""An empty number grid shows where to type: every cell stands out from the screen, a single cell
says "type here", and the cells of vectors and matrices a "?" (nothing that reads as a number)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from quizapp.session import Item, QuizSession

from ui_bank import GENERATED, NUMERIC, VECTOR
from ui_helpers import SMALL, build, settle, sigmoid_seed


def _contrast(cell: Input) -> float:
    """How far the cell's background is from what surrounds it (0 = invisible, 1 = black on white)."""
    around, own = cell.background_colors
    return abs(own.brightness - around.brightness) + sum(abs(a - b) for a, b in zip(own.rgb, around.rgb)) / 765


@pytest.mark.parametrize("question, placeholders", [
    (NUMERIC, ["type here"]),
    (VECTOR, ["?", "?"]),
], ids=["number", "vector"])
async def test_empty_cells_are_visible(question, placeholders, settings, storage, pool):
    app = build(settings, storage, pool)
    async with app.run_test(size=SMALL) as pilot:
        app.start_session(QuizSession([Item(question)]))
        await pilot.pause()
        cells = list(app.screen.answer_widget.cells)
        assert [c.placeholder for c in cells] == placeholders
        for c in cells:                           # nothing that could be taken for a typed value
            assert not any(ch.isdigit() for ch in c.placeholder)
        focused, *others = cells
        assert app.focused is focused and _contrast(focused) > 0.1
        await pilot.press("tab")                  # the first cell, no longer focused, still stands out
        await pilot.pause()
        assert _contrast(focused) > 0.1
        for c in others:
            assert _contrast(c) > 0.1


async def test_placeholder_follows_the_language(settings, storage, pool):
    app = build(settings, storage, pool)
    async with app.run_test(size=SMALL) as pilot:
        app.start_session(QuizSession([Item(NUMERIC), Item(GENERATED, sigmoid_seed())]))
        await pilot.pause()
        cell = app.screen.answer_widget.cell(0, 0)
        assert cell.placeholder == "type here"
        await pilot.press("f2")
        await pilot.pause()
        assert cell.placeholder == "在此输入"
        await pilot.press("f2")
        await pilot.pause()
        cell.value = "3/4"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen.answer_widget            # a generated exercise: a grid per asked part
        assert [g.cell(0, 0).placeholder for g in form.grids] == ["type here", "type here"]
