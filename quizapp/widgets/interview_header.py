"""The line above a mock interview question: position, this question's clock, the time left in all."""

from __future__ import annotations

from rich.text import Text as RichText
from textual.widgets import Static

from quizapp.i18n import t
from quizapp.widgets.progress_header import clock as mmss

WARN_QUESTION = 30      # seconds left on a question's clock when it turns red
WARN_TOTAL = 60


class InterviewHeader(Static):
    DEFAULT_CSS = """
    InterviewHeader { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def show(self, session, profile, lang: str, phase: str, frozen: float | None = None) -> None:
        """Redraw for ``session`` (quizapp.interview_session.InterviewSession); ``frozen``: the seconds
        to show for the question instead of its running clock (it stopped when the answer was given)."""
        out = RichText()
        out.append(t("iv.title", lang), style="bold")
        step = None if session is None or phase == "intro" else session.current
        if step is None:
            out.append(f" · {profile.name}")
        else:
            out.append(" · " + t("iv.position", lang, pos=session.position, total=session.total))
            used = session.question_elapsed() if frozen is None else frozen
            style = "bold red" if phase == "answer" and session.question_remaining() <= WARN_QUESTION else ""
            out.append(" · ⏱ " + t("iv.clock_q", lang, used=mmss(used), budget=mmss(step.budget)), style=style)
            left = session.remaining()
            out.append(" · " + t("iv.clock_total", lang, left=mmss(left)), style="bold red" if left <= WARN_TOTAL else "")
        self.update(out)
