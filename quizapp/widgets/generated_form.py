"""A generated exercise in a quiz: its given values, then one NumericGrid per asked quantity."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Static

from quizapp.grading import Part
from quizapp.i18n import t
from quizapp.messages import AnswerSubmitted
from quizapp.render import given_lines, plain, shown, step_name
from quizapp.widgets.numeric_grid import NumericGrid


class GeneratedForm(Vertical):
    """Posts AnswerSubmitted({part name: typed cells}) when Enter is pressed on the last cell."""

    lang = reactive("en")
    ready = False        # set on mount; watchers before that have nothing to update

    def __init__(self, exercise, parts: list[Part], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.exercise = exercise
        self.parts = parts

    def compose(self) -> ComposeResult:
        yield Static("", id="exercise-prompt", markup=False)
        yield Static("\n".join(given_lines(self.exercise.given)), id="given", markup=False)
        yield Static("", id="compute", markup=False)
        for i, part in enumerate(self.parts):
            yield Static("", id=f"part-label-{i}", classes="part-label", markup=False)
            yield NumericGrid(part.shape, placeholder=t("q.cell_placeholder", self.lang), id=f"part-{i}")

    def on_mount(self) -> None:
        self.ready = True
        self._relabel()

    def watch_lang(self) -> None:
        self._relabel()

    def _relabel(self) -> None:
        if not self.ready:
            return
        self.query_one("#exercise-prompt", Static).update(shown(self.exercise.prompt(self.lang)))
        self.query_one("#compute", Static).update(t("q.compute", self.lang))
        for i, part in enumerate(self.parts):
            label = step_name(part.name) + (f" — {plain(part.label(self.lang))}" if part.label else "")
            self.query_one(f"#part-label-{i}", Static).update(label)
            self.query_one(f"#part-{i}", NumericGrid).set_placeholder(t("q.cell_placeholder", self.lang))

    @property
    def grids(self) -> list[NumericGrid]:
        return [self.query_one(f"#part-{i}", NumericGrid) for i in range(len(self.parts))]

    @property
    def values(self) -> dict:
        return {part.name: grid.values for part, grid in zip(self.parts, self.grids)}

    def focus_first(self) -> None:
        self.grids[0].focus_first()

    @on(NumericGrid.Submitted)
    def _grid_done(self, event: NumericGrid.Submitted) -> None:
        event.stop()
        grids = self.grids
        index = grids.index(event.grid)
        # Enter always moves to the next cell in reading order (a correction never lands elsewhere);
        # only Enter on the very last cell submits.
        if index + 1 < len(grids):
            grids[index + 1].focus_first()
            return
        self.post_message(AnswerSubmitted(self.values))

    def mark(self, part_verdicts) -> None:
        """Colour each grid from its part's Verdict (entries for arrays, the status for numbers)."""
        for (part, verdict), grid in zip(part_verdicts, self.grids):
            if verdict.status == "invalid":
                continue
            if verdict.entries is not None:
                grid.mark(verdict.entries)
            else:
                grid.mark_all(verdict.correct)
