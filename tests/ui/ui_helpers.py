"""Helpers for driving the app with Pilot: build it, wait for grading, read what is on screen."""

from __future__ import annotations

import math
from datetime import datetime, timezone

from textual.widgets import Static

from quizapp.app import make_app
from quizapp.session import Item
from quizapp.settings import Settings

from ui_bank import CHOICE, GENERATED, MULTI, NUMERIC, OPEN, SYMBOLIC, TRUEFALSE, VECTOR, small_bank

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
SIZE = (100, 32)


def build(settings: Settings, storage, pool, bank=None, lang: str | None = None, **kwargs):
    s = Settings(lang or settings.lang, settings.data_dir)
    return make_app(bank if bank is not None else small_bank(), s, storage, pool=pool, warm_checker=False, **kwargs)


async def settle(pilot, rounds: int = 3) -> None:
    """Let workers (grading, previews) finish and their messages be handled."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def text_of(screen, selector: str) -> str:
    """The plain text a Static shows (a grid or group of renderables is rendered to text, wide enough
    that no line is wrapped)."""
    widget = screen.query_one(selector, Static)
    shown = widget.render()
    visual = widget.content
    if type(visual).__module__.startswith("rich.") and type(visual).__name__ in ("Group", "Table"):
        import io

        from rich.console import Console

        console = Console(width=400, record=True, file=io.StringIO())
        console.print(visual)
        return console.export_text()
    return str(shown)


def feedback_text(screen) -> str:
    return str(screen.query_one("#feedback").render())


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def sigmoid_seed() -> int:
    """A seed at which the 'activation' generator asks about the sigmoid at x = -2 (σ(-2) = 0.1192;
    picked by what it draws, so the screens and snapshots stay the same whatever the seeding)."""
    from engine.generators import get_kind

    kind = get_kind("activation")
    return next(s for s in range(5000) if kind.generate(s, "easy").given == {"function": "sigmoid", "x": -2.0})


class Typed(str):
    """Text typed into the focused input in one go (as a paste would): far fewer events than keys."""


async def act(pilot, steps: list[str]) -> None:
    """Press keys; a ``Typed`` step inserts its text into the focused input."""
    keys: list[str] = []
    for step in steps:
        if isinstance(step, Typed):
            if keys:
                await pilot.press(*keys)
                keys = []
            pilot.app.focused.insert_text_at_cursor(str(step))
            await pilot.pause()
        else:
            keys.append(step)
    if keys:
        await pilot.press(*keys)


def keys_for(item: Item, right: bool) -> list[str]:
    """The key presses a learner makes to answer ``item`` right or wrong (answers worked out by hand)."""
    q = item.question

    def key(bank_letter: str) -> str:
        """The key of a bank option where the learner sees it (options are shuffled on display)."""
        bank_index = "abcdef".index(bank_letter)
        return "abcdef"[item.order.index(bank_index)] if item.order else bank_letter

    if q.id == CHOICE.id:
        return [key("a"), "enter"] if right else [key("b"), "enter"]
    if q.id == MULTI.id:
        return [key("a"), key("c"), "enter"] if right else [key("a"), "enter"]
    if q.id == TRUEFALSE.id:
        return ["t", "enter"] if right else ["f", "enter"]
    if q.id == NUMERIC.id:              # softmax([0, ln 3])_2 = 3 / (1 + 3)
        return [Typed("3/4"), "enter"] if right else [Typed("0.7"), "enter"]
    if q.id == VECTOR.id:               # softmax([0, 0]) = [1/2, 1/2]
        return ([Typed("0.5"), "enter", Typed("1/2"), "enter"] if right
                else [Typed("0.5"), "enter", Typed("0.4"), "enter"])
    if q.id == SYMBOLIC.id:
        return [Typed("sigma(x)(1 - sigma(x))"), "enter"] if right else [Typed("sigma(x)^2"), "enter"]
    if q.id == OPEN.id:
        return ["space", "3"] if right else ["space", "1"]
    if q.id == GENERATED.id:
        x = float(item.exercise.given["x"])
        assert item.exercise.given["function"] == "sigmoid", "use sigmoid_seed() for generated items"
        value, slope = sigmoid(x), sigmoid(x) * (1 - sigmoid(x))
        if not right:
            value, slope = value + 0.3, slope
        return [Typed(f"{value:.5f}"), "enter", Typed(f"{slope:.5f}"), "enter"]
    raise AssertionError(f"no keys for {q.id}")


SMALL = (80, 24)   # the smallest size the app supports


def feedback_view(screen) -> tuple[int, int, int, int]:
    """(first and one-past-last line of the question body in view, the feedback panel's first line
    and one past its last), all in the body's scrollable coordinates."""
    body = screen.query_one("#question-body")
    panel = screen.query_one("#feedback")
    top = round(body.scroll_y)
    region = panel.virtual_region
    return top, top + body.scrollable_content_region.height, region.y, region.bottom


def assert_feedback_in_view(screen) -> None:
    """The panel's first line is on screen (its top margin may sit just above), and the panel fits
    or starts at the top of the view."""
    first, end, top, bottom = feedback_view(screen)
    assert first <= top < end, f"the feedback starts at line {top}; lines {first}..{end - 1} are in view"
    assert bottom <= end or top <= first + 1, "the feedback is cut off while lines above it take the room"
