"""An open question: think, reveal the model answer and key points, then rate yourself 1-4."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Button, Static

from engine.bank.model import OpenAnswer
from rich.text import Text as RichText

from quizapp.render import shown
from quizapp.i18n import t
from quizapp.messages import SelfRated


class OpenAnswerWidget(Vertical, can_focus=True):
    """Space/Enter reveals; then 1 Again, 2 Hard, 3 Good, 4 Easy posts SelfRated(rating)."""

    lang = reactive("en")
    ready = False        # set on mount; watchers before that have nothing to update
    revealed = reactive(False)

    def __init__(self, answer: OpenAnswer, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.answer = answer

    def compose(self) -> ComposeResult:
        yield Static("", id="open-hint", markup=False)
        yield Static("", id="model-answer", markup=False)
        with Horizontal(id="ratings"):
            for rating in (1, 2, 3, 4):
                yield Button("", id=f"rate-{rating}", classes=f"rating rating-{rating}")

    def on_mount(self) -> None:
        self.ready = True
        self._refresh_text()

    def watch_lang(self) -> None:
        self._refresh_text()

    def watch_revealed(self) -> None:
        self._refresh_text()

    def _refresh_text(self) -> None:
        if not self.ready:
            return
        lang = self.lang
        hint = self.query_one("#open-hint", Static)
        body = self.query_one("#model-answer", Static)
        ratings = self.query_one("#ratings")
        if not self.revealed:
            hint.update(t("q.open_hint", lang))
            body.display = False
            ratings.display = False
            return
        hint.update(t("q.rate", lang))
        from rich.console import Group
        from rich.table import Table

        text = RichText(t("q.model_answer", lang) + "\n", style="bold")
        text.append_text(shown(self.answer.model_answer(lang)))
        parts: list = [text]
        if self.answer.key_points:
            parts.append(RichText("\n" + t("q.key_points", lang), style="bold"))
            points = Table.grid(padding=(0, 1, 0, 0))      # a wrapped point hangs under its text
            points.add_column(no_wrap=True)
            points.add_column(ratio=1)
            for p in self.answer.key_points:
                points.add_row("  •", shown(p(lang)))
            parts.append(points)
        body.update(Group(*parts))
        body.display = True
        ratings.display = True
        for rating in (1, 2, 3, 4):
            self.query_one(f"#rate-{rating}", Button).label = f"{rating} {t(f'rating.{rating}', lang)}"

    def on_key(self, event: events.Key) -> None:
        if not self.revealed and event.key in ("space", "enter"):
            event.stop()
            self.revealed = True
        elif self.revealed and event.character in ("1", "2", "3", "4"):
            event.stop()
            self.post_message(SelfRated(int(event.character)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(SelfRated(int((event.button.id or "rate-3").split("-")[1])))
