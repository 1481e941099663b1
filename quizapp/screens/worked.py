"""The worked solution of a generated exercise: every step with its formula and value."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from quizapp.render import plain
from quizapp.i18n import t
from quizapp.render import given_lines, worked_solution_lines
from quizapp.screens.base import BaseModal
from quizapp.widgets.key_footer import KeyFooter


class WorkedSolutionScreen(BaseModal):
    CSS_PATH = "dialog.tcss"
    BINDINGS = [Binding("escape,w", "close", "key.close")]

    def __init__(self, exercise) -> None:
        super().__init__()
        self.exercise = exercise

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="worked", classes="dialog"):
            yield Static("", id="worked-body", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#worked").focus()

    def relabel(self) -> None:
        if not self.ready:
            return
        lang = self.lang
        ex = self.exercise
        lines = [t("ws.title", lang), "", plain(ex.prompt(lang)), "", t("q.given", lang) + ":"]
        lines += ["  " + line for line in given_lines(ex.given)]
        lines += [""] + worked_solution_lines(ex, lang)
        self.query_one("#worked-body", Static).update("\n".join(lines))

    def action_close(self) -> None:
        self.dismiss(None)
