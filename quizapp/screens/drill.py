"""The step-by-step drill: the network (or any kind's givens) on the left, one quantity at a time on
the right, typed into a NumericGrid, graded off the UI thread, with per-entry marks, diagnosis,
hints, and the worked solution and score at the end.

Built on quizapp.drill.DrillSession (no UI there). Each finished step is stored at once; the drill
as a whole is stored and reviewed (FSRS card ``drill/<kind>``) when it ends.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Static

from quizapp.render import plain
from quizapp.drill.network import given_text, is_mlp
from quizapp.drill.record import due_drill_kinds, last_difficulty, record_drill, record_step
from quizapp.drill.session import DrillSession, StepFeedback, describe_value, label_text, symbol
from quizapp.drill.text import t
from quizapp.screens.base import BaseScreen
from quizapp.widgets.numeric_grid import NumericGrid

GIVEN_MIN_WIDTH = 34    # the givens pane: an easy network's tables fit in this
RIGHT_PANE_WIDTH = 40   # columns the grid may use at 80×24 (the givens, padding and scrollbar take the rest)


@dataclass
class StepGraded(Message):
    serial: int
    feedback: StepFeedback | None
    error: str = ""


class DrillScreen(BaseScreen):
    """``DrillScreen(kind=None, seed=None, difficulty=None)``; reads ``app.lang``, ``app.storage``,
    ``app.reviewer`` and ``app.checker()``. With no kind (the home screen's "d"), a drill that is due
    for review comes first (at its last difficulty), else mlp-backprop at easy."""

    CSS_PATH = "drill.tcss"
    BINDINGS = [
        Binding("ctrl+g,f3", "hint", "key.hint", key_display="^G", priority=True),
        Binding("ctrl+o", "go_on", "key.go_on", key_display="^O", priority=True),
        Binding("ctrl+n", "new_network", "key.new_network", key_display="^N", priority=True),
        Binding("ctrl+r", "same_again", "key.same_again", key_display="^R", priority=True, show=False),
        # plain letters only once the drill is over (while typing they are just letters)
        Binding("n", "after('new')", "key.new_network"),
        Binding("a", "after('same')", "key.same_again"),
        Binding("escape", "leave", "key.back"),
    ]

    def __init__(self, kind: str | None = None, seed: int | None = None, difficulty: str | None = None,
                 *, session: DrillSession | None = None) -> None:
        super().__init__()
        self._asked = (kind, seed, difficulty)
        self.session = session
        self.session_id = f"drill-{int(time.time() * 1000)}"
        self.serial = 0
        self.grading = False
        self.feedback: StepFeedback | None = None
        self.hints: list[str] = []           # hint texts shown for the current step
        self.last_wrong: Any = None          # the cells of the last wrong answer (Enter unchanged = go on)
        self.next_due = None

    def _check(self, expected: Any, answer: Any, **kw: Any):
        return self.app.checker().check_numeric(expected, answer, **kw)

    # -- layout -----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="drill"):
            with VerticalScroll(id="drill-given"):
                yield Static("", id="drill-title", markup=False)
                yield Static("", id="drill-givens", markup=False)
                yield Static("", id="drill-progress")
            with VerticalScroll(id="drill-work"):
                yield Static("", id="drill-step", markup=False)
                yield Static("", id="drill-formula-hint", markup=False)
                yield Vertical(id="drill-answer")
                yield Static("", id="drill-feedback", markup=False)
                yield Static("", id="drill-hints", markup=False)
                yield Static("", id="drill-end", markup=False)
        yield Footer()

    async def on_mount(self) -> None:
        if self.session is None:
            kind, seed, difficulty = self._asked
            if kind is None:
                due = due_drill_kinds(self.app.storage, getattr(self.app, "now", lambda: None)())
                kind = due[0] if due else "mlp-backprop"
                difficulty = difficulty or last_difficulty(self.app.storage, kind)
            self.session = DrillSession(kind, seed, difficulty or "easy")
        self.session.check = self._check
        await self._show_step()

    # -- one step ---------------------------------------------------------------------------------
    @property
    def grid(self) -> NumericGrid | None:
        found = self.query("#drill-answer NumericGrid")
        return found.first(NumericGrid) if found else None

    async def _show_step(self) -> None:
        self.serial += 1
        self.grading = False
        self.feedback = None
        self.hints = []
        self.last_wrong = None
        area = self.query_one("#drill-answer")
        await area.remove_children()
        self.query_one("#drill-feedback", Static).update("")
        step = self.session.current
        if step is not None:
            shape = self.session.shape(step)
            cols = shape[-1] if shape else 1
            width = max(7, min(12, (RIGHT_PANE_WIDTH - 4) // cols - 1))
            await area.mount(NumericGrid(shape, cell_width=width, placeholder=t("q.cell_placeholder", self.lang),
                                         id="drill-grid"))
            self.call_after_refresh(self._focus_grid)
        else:
            self._finish()
        self.relabel()
        self.refresh_bindings()

    def _focus_grid(self) -> None:
        grid = self.grid
        if grid is not None:
            grid.focus_first()

    @on(NumericGrid.Submitted, "#drill-grid")
    def _grid_submitted(self, event: NumericGrid.Submitted) -> None:
        event.stop()
        self._submit(event.values)

    def _submit(self, cells: Any) -> None:
        if self.grading or self.session.finished:
            return
        grid = self.grid
        if grid is not None and not grid.complete:
            self.notify(t("drill.fill_all", self.lang), severity="warning")
            grid.focus_first(empty_only=True)
            return
        if self.session.awaiting_go_on and cells == self.last_wrong:
            self.call_later(self.action_go_on)   # Enter on an unchanged wrong answer: go on with it
            return
        self.grading = True
        self.query_one("#drill-feedback", Static).update(t("drill.checking", self.lang))
        self._grade(self.serial, cells)

    @work(thread=True, exclusive=True, group="drill-grade")
    def _grade(self, serial: int, cells: Any) -> None:
        try:
            feedback = self.session.submit(cells)
            self.session.step_tolerance    # prepare the next step here, off the UI thread
        except Exception as exc:   # the checker must never take the app down
            self.post_message(StepGraded(serial, None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(StepGraded(serial, feedback))

    async def on_step_graded(self, message: StepGraded) -> None:
        if message.serial != self.serial:
            return
        self.grading = False
        if message.feedback is None:
            self.query_one("#drill-feedback", Static).update("")
            self.notify(t("drill.failed", self.lang, error=message.error), severity="error", timeout=10)
            return
        fb = message.feedback
        grid = self.grid
        if grid is not None and fb.status != "invalid":
            entries = fb.verdict.entries
            if entries is not None and not isinstance(entries, bool):
                grid.mark(entries)
            else:
                grid.mark_all(fb.verdict.correct)
        if fb.status == "correct":
            self._store_closed_step(self.session.index - 1)
            done = fb.message(self.lang)
            await self._show_step()
            # the verdict of the step just done stays visible above the next one
            previous = f"{symbol(fb.step)}: {done}"
            self.query_one("#drill-feedback", Static).update(previous)
            return
        self.feedback = fb
        if fb.status == "incorrect":
            self.last_wrong = grid.values if grid is not None else None
        self.relabel()
        self.refresh_bindings()
        if grid is not None:
            self._focus_first_wrong(grid)

    @staticmethod
    def _focus_first_wrong(grid: NumericGrid) -> None:
        for cell in grid.cells:
            if cell.has_class("-wrong"):
                cell.focus()
                return
        grid.focus_first()

    def _store_closed_step(self, index: int) -> None:
        s = self.session
        report = getattr(self.app, "report_write", None)
        status = record_step(self.app.storage, s, s.results[index], self.session_id)
        if report is not None:
            report(status)

    # -- keys -------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.session is None:
            return True
        finished = self.session.finished
        if action == "hint":
            return not finished
        if action == "go_on":
            return self.session.awaiting_go_on and not self.grading
        if action == "after":
            return finished
        if action == "new_network":
            return not finished    # when finished, the plain "n" is shown instead
        return True

    async def action_after(self, what: str) -> None:
        if not self.session.finished:
            return
        await (self.action_new_network() if what == "new" else self.action_same_again())

    def action_hint(self) -> None:
        if self.session.finished or self.grading:
            return
        hint = self.session.hint(self.lang)
        if hint is None:
            self.notify(t("drill.no_hint", self.lang))
            return
        self.hints.append(hint.text)
        self.relabel()
        self.call_after_refresh(lambda: self.query_one("#drill-work").scroll_to_widget(
            self.query_one("#drill-hints"), animate=False))

    async def action_go_on(self) -> None:
        if not self.session.awaiting_go_on or self.grading:
            return
        step = self.session.current
        self.session.go_on()
        self._store_closed_step(self.session.index - 1)
        await self._show_step()
        kept = self.session.results[self.session.index - 1]
        self.query_one("#drill-feedback", Static).update(
            t("drill.kept", self.lang, name=symbol(step), value=describe_value(kept.value)))

    async def action_new_network(self) -> None:
        await self._restart(self.session.new_network())

    async def action_same_again(self) -> None:
        await self._restart(self.session.same_again())

    async def _restart(self, session: DrillSession) -> None:
        session.check = self._check
        self.session = session
        self.session_id = f"drill-{int(time.time() * 1000)}"
        self.next_due = None
        self.query_one("#drill-end", Static).update("")
        self.query_one("#drill-feedback", Static).update("")
        await self._show_step()
        self.query_one("#drill-work").scroll_home(animate=False)

    def action_leave(self) -> None:
        if any(r.status != "pending" for r in self.session.results) and not self.session.finished:
            self.notify(t("drill.left", self.lang))
        self.dismiss(None)

    # -- the end ----------------------------------------------------------------------------------
    def _finish(self) -> None:
        if self.next_due is None:
            self.next_due = record_drill(self.app.storage, getattr(self.app, "reviewer", None), self.session,
                                         self.session_id) or False
        self.query_one("#drill-work").focus()

    # -- words ------------------------------------------------------------------------------------
    def relabel(self) -> None:
        if not self.ready:
            return
        lang = self.lang
        s = self.session
        ex = s.exercise
        title = t("drill.title", lang, title=s.kind.title(lang), difficulty=t(f"drill.{s.difficulty}", lang),
                  seed=s.seed)
        self.query_one("#drill-title", Static).update(title)
        givens = given_text(ex.given)
        if not is_mlp(ex.given):
            givens = [plain(ex.prompt(lang)), ""] + givens
        self.query_one("#drill-givens", Static).update("\n".join(givens))
        # Wide enough for the widest table row (a 3×4 W at hard), never more than half the screen.
        widest = max((cell_len(line) for line in given_text(ex.given)), default=0)
        self.query_one("#drill-given").styles.width = max(GIVEN_MIN_WIDTH, min(widest + 5, self.app.size.width // 2))
        self.query_one("#drill-progress", Static).update(self._progress_markup())
        step = s.current
        if step is None:
            self.query_one("#drill-step", Static).update(t("drill.done", lang) + "  " + s.summary(lang))
            self.query_one("#drill-formula-hint", Static).update("")
            self.query_one("#drill-hints", Static).update("")
            end = [t("drill.after", lang)]
            if self.next_due:
                end.append(t("drill.next_review", lang, when=self.next_due.astimezone().strftime("%Y-%m-%d %H:%M")))
            end += ["", t("drill.worked", lang)] + s.worked_solution(lang)
            self.query_one("#drill-end", Static).update("\n".join(end))
            return
        label = label_text(step.label(lang)) if step.label else step.name
        head = t("drill.step", lang, pos=s.index + 1, total=s.total, score=s.score)
        self.query_one("#drill-step", Static).update(f"{head}\n{symbol(step)} — {label}")
        prompt = t("drill.type", lang, name=symbol(step), shape=self._shape_words(s.shape(step)))
        if s.decimals is not None:    # a typical wrong value is close: the step is graded tighter
            prompt += "\n" + t("drill.precision", lang, k=s.decimals)
        self.query_one("#drill-formula-hint", Static).update(prompt)
        if self.feedback is not None:
            text = self.feedback.message(lang)
            if self.feedback.status == "incorrect":
                text += "\n" + t("drill.retry", lang)
            self.query_one("#drill-feedback", Static).update(text)
        self.query_one("#drill-hints", Static).update("\n".join(
            f"{t('drill.hint_level', lang, level=i)}: {text}" for i, text in enumerate(self.hints, start=1)))

    def _shape_words(self, shape: tuple[int, ...]) -> str:
        if not shape:
            return t("drill.shape0", self.lang)
        if shape == (1,):
            return t("drill.shape1_1", self.lang)
        if len(shape) == 1:
            return t("drill.shape1", self.lang, n=shape[0])
        return t("drill.shape2", self.lang, r=shape[0], c=shape[1])

    def _progress_markup(self) -> str:
        parts = []
        for i, (step, res) in enumerate(zip(self.session.steps, self.session.results)):
            name = symbol(step).replace("[", r"\[")
            if res.status == "correct" and res.scored:
                parts.append(f"[green]{name}✓[/]")
            elif res.status == "correct":
                parts.append(f"[yellow]{name}◑[/]")
            elif res.status == "incorrect":
                parts.append(f"[red]{name}✗[/]")
            elif i == self.session.index:
                parts.append(f"[reverse]{name}[/]")
            else:
                parts.append(f"[dim]{name}[/]")
        return " ".join(parts)
