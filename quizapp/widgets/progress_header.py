"""The line above a question: position, score, mode and (in an exam) the time left."""

from __future__ import annotations

from rich.text import Text as RichText
from textual.reactive import reactive
from textual.widget import Widget

from quizapp.i18n import t


def clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:d}:{seconds % 60:02d}"


class ProgressHeader(Widget):
    DEFAULT_CSS = """
    ProgressHeader { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    lang = reactive("en")
    position = reactive(1)
    total = reactive(1)
    score = reactive(0)
    answered = reactive(0)
    mode = reactive("practice")
    remaining: reactive[float | None] = reactive(None)
    topic = reactive("")

    def render(self) -> RichText:
        lang = self.lang
        out = RichText()
        out.append(t("q.header", lang, pos=min(self.position, self.total), total=self.total), style="bold")
        width = 20
        done = int(width * (self.position - 1) / max(1, self.total))
        out.append("  ")
        out.append("━" * done, style="green")
        out.append("━" * (width - done), style="grey37")
        if self.mode == "exam":
            # an exam shows nothing about right or wrong until the end
            out.append("  " + t("q.answered", lang, answered=self.answered))
        else:
            out.append("  " + t("q.score", lang, score=self.score, answered=self.answered))
        out.append("  · " + t(f"q.{self.mode}", lang))
        if self.remaining is not None:
            style = "bold red" if self.remaining < 60 else ""
            out.append("  · ⏱ " + t("q.time_left", lang, time=clock(self.remaining)), style=style)
        if self.topic:
            out.append("  · " + self.topic, style="italic")
        return out
