"""After an answer: the verdict and the checker's message, the right answer, explanation and source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text as RichText
from textual.reactive import reactive
from textual.widgets import Static

from quizapp.i18n import t
from quizapp.render import matrix_lines, response_text, right_answer, shown, step_name
from quizapp.session import Item


@dataclass(frozen=True)
class Feedback:
    item: Item
    status: str                      # correct | incorrect | invalid | rated
    verdict: Any = None              # engine.checking.Verdict (None for self-rated)
    response: Any = None
    rating: int | None = None
    next_due: datetime | None = None
    answered_at: datetime | None = None   # the app's clock when it was answered (for "in 10 min")


def next_review_text(due: datetime, now: datetime | None, lang: str) -> str:
    """Within the hour: "in 10 min (a learning step; then days)"; later: the date and time."""
    if now is not None:
        minutes = (due - now).total_seconds() / 60
        if 0 <= minutes < 60:
            return t("fb.next_review_step", lang, minutes=max(1, round(minutes)))
    return t("fb.next_review", lang, when=due.astimezone().strftime("%Y-%m-%d %H:%M"))


def _entry_marks(entries: Any) -> list[str]:
    """Nested booleans -> rows of ✓/✗."""
    if isinstance(entries, bool):
        return ["✓" if entries else "✗"]
    if entries and isinstance(entries[0], (list, tuple)):
        return ["  ".join("✓" if e else "✗" for e in row) for row in entries]
    return ["  ".join("✓" if e else "✗" for e in entries)]


_HEADERS = {
    "correct": ("fb.correct", "bold green"),
    "incorrect": ("fb.incorrect", "bold red"),
    "invalid": ("fb.invalid", "bold yellow"),
}


def _bare(text: str) -> str:
    """Only the words: no marks (✓ ✗ ⚠), punctuation or spaces, lower case."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def message_adds(header: str, message: str) -> bool:
    """Whether the checker's message says more than the header: "Correct." under "✓ Correct" does
    not (nor "正确。" under "✓ 正确"); "Not close enough: you gave 0.7, expected 0.75" does."""
    return bool(_bare(message)) and _bare(message) != _bare(header)


class FeedbackPanel(Static):
    """Set ``feedback`` (and ``lang``); the panel renders itself."""

    # layout=True: a new verdict (a corrected answer after an unreadable one) is taller than the old
    # box; without a relayout the panel kept the old height and cut off the explanation and keys.
    lang = reactive("en", layout=True)
    feedback: reactive[Feedback | None] = reactive(None, layout=True)

    def render(self) -> RichText:
        fb = self.feedback
        out = RichText()
        if fb is None:
            return out
        lang = self.lang
        q = fb.item.question
        v = fb.verdict
        if fb.status == "rated":
            out.append(t("fb.rated", lang, rating=t(f"rating.{fb.rating}", lang)) + "\n", style="bold")
        else:
            header, style = _HEADERS.get(fb.status, _HEADERS["invalid"])
            out.append(t(header, lang), style=style)
            message = v.text(lang) if v is not None else ""
            if message_adds(t(header, lang), message):
                out.append(" — " + message)
            out.append("\n")
        if fb.status == "invalid":
            out.append(t("fb.retype", lang) + "\n")
            return out
        typed = response_text(q, fb.response, lang) if fb.response is not None and not fb.item.generated else ""
        if typed and fb.status != "rated":
            out.append(f"{t('fb.your_answer', lang)}: {typed}\n")
        if v is not None and v.read_as and q.type in ("numeric", "symbolic") and v.read_as != typed:
            out.append(t("q.reads_as", lang), style="italic")
            out.append((" " if lang == "zh" else "") + v.read_as + "\n", style="bold")
        if v is not None and v.entries is not None and not isinstance(v.entries, bool):
            out.append(t("fb.wrong_entries", lang) + ":\n")
            for row in _entry_marks(v.entries):
                out.append("    " + row + "\n")
        if fb.item.generated and v is not None:
            for part, pv in v.extra.get("parts", []):
                mark, style = ("✓", "green") if pv.correct else ("✗", "red")
                name = step_name(part.name)
                out.append(f"{mark} {name} = ", style=style)
                lines = matrix_lines(part.expected)
                out.append(lines[0] + "\n")
                for line in lines[1:]:
                    out.append(" " * (len(name) + 5) + line + "\n")
                if pv.entries is not None and not pv.correct and not isinstance(pv.entries, bool):
                    for row in _entry_marks(pv.entries):
                        out.append(" " * (len(name) + 5) + row + "\n", style="dim")
        elif fb.status != "rated":
            out.append(f"{t('fb.answer', lang)}: ", style="bold")
            out.append(right_answer(q, lang) + "\n")
        explanation = shown(q.explanation(lang))
        if explanation.plain:
            out.append(f"\n{t('fb.explanation', lang)}\n", style="bold")
            out.append_text(explanation)
            out.append("\n")
        if q.source:
            out.append(f"{t('fb.source', lang)}: {q.source}\n", style="italic")
        if fb.next_due is not None:
            out.append(next_review_text(fb.next_due, fb.answered_at, lang) + "\n", style="dim")
        keys = "fb.keys_generated" if fb.item.generated else "fb.keys"
        out.append("\n" + t(keys, lang), style="bold")
        return out


__all__ = ["Feedback", "FeedbackPanel"]
