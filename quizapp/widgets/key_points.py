"""The mock interview's check of an open answer: the learner's text beside the model answer, the key
points as a checklist (those the matcher found pre-ticked), and the rating the ticks suggest."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from engine.bank.model import OpenAnswer
from engine.interview.matching import rating_for
from engine.mathtext import render as math
from quizapp.i18n import t
from quizapp.widgets.check_list import CheckList


SIDE_BY_SIDE = 110      # terminal columns from which the two answers stand side by side


class PointList(CheckList[int]):
    """Space (or a click) ticks or unticks a point; Enter accepts the ticks (posts Accepted)."""

    BINDINGS = [Binding("enter", "accept", "key.accept"),
                # the list is short: PageUp/PageDown scroll the screen to the texts below it
                Binding("pagedown", "page_body(1)", show=False), Binding("pageup", "page_body(-1)", show=False)]

    class Accepted(Message):
        """The learner confirmed the ticks."""

    def action_accept(self) -> None:
        self.post_message(self.Accepted())

    def action_page_body(self, direction: int) -> None:
        from textual.containers import ScrollableContainer

        for node in self.ancestors:
            if isinstance(node, ScrollableContainer):
                (node.scroll_page_down if direction > 0 else node.scroll_page_up)(animate=False)
                return


class KeyPointCheck(Vertical):
    """``made`` is the confirmed ticks, one per key point; ``rating`` the rating they suggest."""

    lang = reactive("en")

    def __init__(self, answer: OpenAnswer, typed: str, suggested: tuple[bool, ...], *, aloud: bool = False,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.answer = answer
        self.typed = typed
        self.suggested = suggested
        self.aloud = aloud

    def compose(self) -> ComposeResult:
        # The checklist first: it is what the learner acts on; the two texts follow below it.
        yield Static("", id="iv-points-title", markup=False)
        yield PointList([(math(p(self.lang)), i, on) for i, (p, on) in
                         enumerate(zip(self.answer.key_points, self.suggested))], id="iv-points")
        yield Static("", id="iv-rating", markup=False)
        with Horizontal(id="iv-compare"):
            with Vertical(classes="iv-column"):
                yield Static("", id="iv-typed-title", classes="iv-column-title", markup=False)
                yield Static("", id="iv-typed", markup=False)
            with Vertical(classes="iv-column"):
                yield Static("", id="iv-model-title", classes="iv-column-title", markup=False)
                yield Static("", id="iv-model", markup=False)

    def on_mount(self) -> None:
        self.relabel()
        self.on_resize()

    def on_resize(self, event=None) -> None:
        # Side by side where each text gets a readable width; one above the other on a narrow terminal.
        self.query_one("#iv-compare").set_class(self.app.size.width < SIDE_BY_SIDE, "-stacked")

    def watch_lang(self) -> None:
        if self.is_mounted:
            self.relabel()

    @property
    def points(self) -> PointList:
        return self.query_one("#iv-points", PointList)

    @property
    def made(self) -> tuple[bool, ...]:
        ticked = set(self.points.selected)
        return tuple(i in ticked for i in range(len(self.answer.key_points)))

    @property
    def rating(self) -> int:
        return rating_for(self.made)

    def on_check_list_changed(self, event: CheckList.Changed) -> None:
        self._rating_line()

    def relabel(self) -> None:
        lang = self.lang
        self.query_one("#iv-typed-title", Static).update(t("iv.your_answer", lang))
        typed = self.typed.strip()
        self.query_one("#iv-typed", Static).update(
            typed or t("iv.said_aloud" if self.aloud else "iv.nothing_typed", lang))
        self.query_one("#iv-model-title", Static).update(t("q.model_answer", lang))
        self.query_one("#iv-model", Static).update(math(self.answer.model_answer(lang)))
        self.query_one("#iv-points-title", Static).update(
            t("iv.points_aloud" if self.aloud or not typed else "iv.points_title", lang))
        points = self.points
        for i, p in enumerate(self.answer.key_points):
            points.set_label(i, math(p(lang)))
        self._rating_line()

    def _rating_line(self) -> None:
        made = self.made
        self.query_one("#iv-rating", Static).update(
            t("iv.suggested", self.lang, made=sum(made), total=len(made), rating=t(f"rating.{self.rating}", self.lang)))
