"""The mock interview's report: time per question, key points missed, weak tags, what to do next.
Shown on screen and saved as Markdown (``--report FILE.md``, else in the data folder's interviews/)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from quizapp.i18n import t
from quizapp.interview_session import (InterviewSession, Report, build_report, report_markdown, report_sections,
                                       report_text, write_report)
from quizapp.screens.base import BaseScreen
from quizapp.widgets.key_footer import KeyFooter

REPORTS_DIR = "interviews"


def default_report_path(data_dir: Path, profile: str, when) -> Path:
    """Where a report goes without --report: <data dir>/interviews/<date>-<time>-<focus>.md."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in profile)[:40] or "focus"
    return data_dir / REPORTS_DIR / f"{when.astimezone():%Y-%m-%d-%H%M%S}-{safe}.md"


def save_report(app, report: Report, path: Path | None) -> tuple[str | None, str | None]:
    """Write ``report`` as Markdown (in the app's language) to ``path``, or by default into the data
    folder's interviews/. Returns (the path written, None) or (None, one line saying why not)."""
    now = app.now()
    if path is None:
        path = default_report_path(app.settings.data_dir, report.profile.name, now)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return None, f"{path.parent}: {exc.strerror or exc}"
    error = write_report(report_markdown(report, app.lang, when=f"{now.astimezone():%Y-%m-%d %H:%M}"), path)
    return (None, error) if error else (str(path), None)


def report_renderable(report: Report, lang: str):
    """The report for the screen (the same sections as report_text): headings in bold, and wrapped
    bullets and numbered lines indented under their own text rather than at the left edge."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text as RichText

    def item(prefix: str, body: str) -> Table:
        grid = Table.grid()
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(prefix, body)
        return grid

    parts: list = [RichText(t("iv.rep_title", lang), style="bold"), RichText("")]
    for key, heading, lines in report_sections(report, lang):
        indent = "  " if heading else ""
        if heading:
            parts.append(RichText(heading, style="bold"))
        for line in lines:
            if line.startswith("    - "):
                parts.append(item(indent + "    · ", line[6:]))
            elif line.startswith("- "):
                parts.append(item(indent + "• ", line[2:]))
            elif key == "questions" and ". " in line:
                number, rest = line.split(". ", 1)
                parts.append(item(f"{indent}{number}. ", "\n".join(x.strip() for x in rest.split("\n"))))
            else:
                parts.append(RichText(indent + line))
        parts.append(RichText(""))
    return Group(*parts)


class InterviewReportScreen(BaseScreen):
    CSS_PATH = "interview.tcss"
    BINDINGS = [
        Binding("r", "review", "key.review_these"),
        Binding("enter", "home", "key.home", show=False),
        Binding("escape", "home", "key.home"),
    ]

    def __init__(self, session: InterviewSession, report_path: Path | None = None,
                 on_saved: Callable[[str | None, str | None], None] | None = None) -> None:
        super().__init__()
        self.session = session
        self.report = build_report(session)
        self.report_path = report_path
        self.on_saved = on_saved
        self.saved_to: str | None = None
        self.shown_text = ""
        self.save_error: str | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="iv-report"):
            yield Static("", id="iv-report-body", markup=False)
            yield Static("", id="iv-report-saved", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._save()
        self.query_one("#iv-report").focus()

    def _save(self) -> None:
        self.saved_to, self.save_error = save_report(self.app, self.report, self.report_path)
        if self.save_error is not None:
            self.notify(t("iv.save_failed", self.app.lang, error=self.save_error), severity="error", timeout=12,
                        markup=False)
        else:   # also at the end of the report, which may be a few pages down
            self.notify(t("iv.saved", self.app.lang, path=self.saved_to), timeout=8, markup=False)
        if self.on_saved is not None:
            self.on_saved(self.saved_to, self.save_error)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "review":
            return bool(self.report.review)
        return True

    def relabel(self) -> None:
        if not self.ready:
            return
        lang = self.lang
        self.shown_text = report_text(self.report, lang)        # the same words, as plain text
        self.query_one("#iv-report-body", Static).update(report_renderable(self.report, lang))
        if self.saved_to:
            saved = t("iv.saved", lang, path=self.saved_to)
        elif self.save_error:
            saved = t("iv.save_failed", lang, error=self.save_error)
        else:
            saved = ""
        keys = t("iv.report_keys_review" if self.report.review else "iv.report_keys", lang)
        self.query_one("#iv-report-saved", Static).update(f"{saved}\n\n{keys}".strip())

    def action_review(self) -> None:
        """Review the weak questions now, as a review session (they are already scheduled)."""
        if not self.report.review:
            return
        from quizapp.screens.question import QuestionScreen
        from quizapp.session import QuizSession, make_item

        items = [make_item(q, seed_for=lambda q: self.app.reviewer.next_seed(q.id)) for q in self.report.review]
        self.app.switch_screen(QuestionScreen(QuizSession(items, mode="practice", context="review")))

    def action_home(self) -> None:
        self.dismiss(None)
