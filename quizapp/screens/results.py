"""Results: score, time, per-topic breakdown, the missed questions, and "retry the missed ones"."""

from __future__ import annotations

from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from engine.bank.topics import TOPICS
from quizapp.i18n import t
from quizapp.render import plain, response_text, right_answer, shown
from quizapp.screens.base import BaseScreen
from quizapp.session import QuizSession
from quizapp.widgets.progress_header import clock
from quizapp.widgets.key_footer import KeyFooter


class ResultsScreen(BaseScreen):
    CSS_PATH = "results.tcss"
    BINDINGS = [
        Binding("r", "retry", "key.retry"),
        Binding("d", "due_drill", "key.due_drill"),
        Binding("enter", "home", "key.home", show=False),
        Binding("escape", "home", "key.home"),
    ]

    def __init__(self, session: QuizSession) -> None:
        super().__init__()
        self.session = session
        self.results = session.results()
        self.drills: list[str] = []       # after a review: the drills due too (offered with "d")

    def on_screen_resume(self) -> None:
        # Back from a drill: it may no longer be due.
        self._find_due_drills()
        self.refresh_bindings()
        self.relabel()

    def _find_due_drills(self) -> None:
        self.drills = self.app.due_drills() if self.session.context == "review" else []

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "due_drill":
            return bool(self.drills)
        return True

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="results"):
            yield Static("", id="results-body", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._find_due_drills()
        self.refresh_bindings()
        self.query_one("#results").focus()

    def relabel(self) -> None:
        if not self.ready:
            return
        self.query_one("#results-body", Static).update(self.render_results())

    def render_results(self) -> RichText:
        lang = self.lang
        r = self.results
        out = RichText()
        out.append(t("res.title", lang) + "\n\n", style="bold")
        style = "bold green" if r.percent >= 80 else "bold yellow" if r.percent >= 50 else "bold red"
        out.append(t("res.score", lang, correct=r.correct, answered=r.answered, percent=r.percent), style=style)
        if r.unanswered:
            out.append("  " + t("res.not_reached", lang, n=len(r.unanswered)), style="yellow")
        out.append("   " + t("res.time", lang, time=clock(r.seconds)) + "\n\n")
        out.append(t("res.per_topic", lang) + "\n", style="bold")
        for slug, score in sorted(r.per_topic.items(), key=lambda kv: TOPICS[kv[0]].number if kv[0] in TOPICS else 99):
            title = TOPICS[slug].title(lang) if slug in TOPICS else slug
            if score.answered:
                share = score.correct / score.answered
                bar = "█" * round(share * 10) + "░" * (10 - round(share * 10))
                out.append(f"  {bar} {score.correct}/{score.answered}  {title}")
            else:
                out.append(f"  {'·' * 10} –    {title}")
            if score.unanswered:
                out.append("  " + t("res.topic_unanswered", lang, n=score.unanswered), style="yellow")
            out.append("\n")
        if self.session.mode == "exam":
            self._render_exam_review(out)
        else:
            self._render_missed(out)
        if self.drills:
            out.append("\n" + t("res.drills_due", lang, names=self.app.drill_names(self.drills)) + "\n",
                       style="bold yellow")
        out.append("\n" + t("res.keys", lang), style="bold")
        return out

    def _render_missed(self, out: RichText) -> None:
        lang = self.lang
        r = self.results
        out.append("\n" + t("res.missed", lang) + "\n", style="bold")
        if not r.missed and not r.unanswered:
            out.append("  " + t("res.none_missed", lang) + "\n", style="green")
        for o in r.missed:
            out.append(f"  ✗ {_short(plain(o.item.question.prompt(lang)))}\n", style="red")
            self._render_answers(out, o)
        self._render_unanswered(out)

    def _render_exam_review(self, out: RichText) -> None:
        """An exam gives no feedback until the end; then every question, with its explanation."""
        lang = self.lang
        out.append("\n" + t("res.review", lang) + "\n", style="bold")
        for n, o in enumerate(self.results.outcomes, 1):
            q = o.item.question
            mark, style = ("✓", "green") if o.correct else ("✗", "red")
            out.append(f"\n {n}. {mark} ", style=f"bold {style}")
            prompt = shown(q.prompt(lang))
            prompt.stylize("bold")
            out.append_text(prompt)
            out.append("\n")
            self._render_answers(out, o)
            explanation = shown(q.explanation(lang))
            if explanation.plain:
                out.append(f"      {t('fb.explanation', lang)}: ", style="bold")
                out.append_text(explanation)
                out.append("\n")
        self._render_unanswered(out)

    def _render_answers(self, out: RichText, o) -> None:
        lang = self.lang
        q = o.item.question
        if o.status == "rated":
            out.append(f"      {t('fb.self_rating', lang)}: {t('rating.' + str(o.rating), lang)}\n", style="dim")
            return
        if o.response is not None and not o.item.generated:
            out.append(f"      {t('fb.your_answer', lang)}: {response_text(q, o.response, lang)}\n", style="dim")
        answer = right_answer(q, lang)
        if answer:
            out.append(f"      {t('fb.answer', lang)}: {_short(answer, 200)}\n")
        if o.verdict is not None and not o.correct and o.verdict.text(lang):
            out.append(f"      {o.verdict.text(lang)}\n", style="dim")

    def _render_unanswered(self, out: RichText) -> None:
        lang = self.lang
        for item in self.results.unanswered:
            out.append(f"  ○ {_short(plain(item.question.prompt(lang)))} {t('res.unanswered', lang)}\n", style="yellow")

    def action_retry(self) -> None:
        if not self.results.missed and not self.results.unanswered:
            self.notify(t("res.no_missed", self.lang))
            return
        from quizapp.screens.question import QuestionScreen

        self.app.switch_screen(QuestionScreen(self.session.retry_missed()))

    def action_due_drill(self) -> None:
        if self.drills:
            self.app.action_drill()   # opens the most overdue drill; Esc there comes back here

    def action_home(self) -> None:
        self.dismiss(None)


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
