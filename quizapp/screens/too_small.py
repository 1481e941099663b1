"""Shown over everything while the terminal is smaller than 80×24."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from quizapp.i18n import t
from quizapp.screens.base import BaseModal

MIN_WIDTH, MIN_HEIGHT = 80, 24


class TooSmallScreen(BaseModal):
    def compose(self) -> ComposeResult:
        yield Static("", id="too-small", markup=False)

    def relabel(self) -> None:
        if self.ready:
            w, h = self.app.size
            self.query_one("#too-small", Static).update(t("too_small", self.lang, w=w, h=h))

    def on_resize(self) -> None:
        self.relabel()
