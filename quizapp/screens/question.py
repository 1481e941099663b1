"""The quiz / review session: one question at a time, graded off the UI thread, feedback, next.

Flow per item: show it (prompt, how to answer, the answer widget) → the widget posts
AnswerSubmitted / SelfRated → a thread worker grades with the checker pool and posts Graded →
the outcome is stored (answers table + FSRS card) at once → practice: feedback panel; exam: next.
"""

from __future__ import annotations

import time
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from quizapp.render import shown
from quizapp.grading import grade_item
from quizapp.i18n import t
from quizapp.messages import AnswerSubmitted, Graded, GradingFailed, SelfRated
from quizapp.scheduling import rating_for_status
from quizapp.screens.answer_widgets import (answer_hint, answer_widget_for, focus_answer, mark_answer_widget,
                                            relabel_answer_widget)
from quizapp.screens.base import BaseScreen
from quizapp.session import Item, Outcome, QuizSession, make_item
from quizapp.storage import AnswerRecord
from quizapp.widgets.feedback_panel import Feedback, FeedbackPanel
from quizapp.widgets.numeric_grid import NumericGrid
from quizapp.widgets.progress_header import ProgressHeader
from quizapp.widgets.key_footer import KeyFooter


class QuestionScreen(BaseScreen):
    """Runs a QuizSession. When it ends, the screen is replaced by the results."""

    CSS_PATH = "question.tcss"
    BINDINGS = [
        Binding("enter", "next", "key.next", show=False),
        Binding("n", "next", "key.next"),
        Binding("v", "variant", "key.variant"),
        Binding("w", "worked", "key.worked"),
        Binding("escape", "leave", "key.back"),
    ]

    def __init__(self, session: QuizSession) -> None:
        super().__init__()
        self.session = session
        self.serial = 0                  # increases with every item shown; stale gradings are dropped
        self.shown_at = time.monotonic()
        self.grading = False
        self.feedback: Feedback | None = None

    # -- layout -----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield ProgressHeader(id="progress")
        with VerticalScroll(id="question-body"):
            yield Static("", id="question-meta", markup=False)
            yield Static("", id="question-prompt", markup=False)
            yield Static("", id="answer-hint", markup=False)
            yield Vertical(id="answer-area")
            yield FeedbackPanel(id="feedback")
        yield KeyFooter()

    async def on_mount(self) -> None:
        if self.session.time_limit is not None:
            self.set_interval(1.0, self._tick)
        await self.show_item()

    @property
    def item(self) -> Item | None:
        return self.session.current

    @property
    def answer_widget(self) -> Widget | None:
        area = self.query_one("#answer-area")
        return area.children[0] if area.children else None

    async def show_item(self) -> None:
        item = self.item
        if item is None:
            self._finish()
            return
        self.serial += 1
        self.grading = False
        self.feedback = None
        self.shown_at = time.monotonic()
        area = self.query_one("#answer-area")
        await area.remove_children()
        try:
            widget = answer_widget_for(item, self.lang)
        except Exception as exc:  # a generator bug must not end the quiz: skip the item, say why
            self.notify(f"{item.question.id}: {exc}", severity="error", markup=False)
            await self._advance()
            return
        widget.add_class("answer-widget")
        await area.mount(widget)
        panel = self.query_one("#feedback", FeedbackPanel)
        panel.feedback = None
        panel.display = False
        self.relabel()
        self.query_one("#question-body").scroll_home(animate=False)
        self._focus_answer()

    def _focus_answer(self) -> None:
        focus_answer(self.answer_widget)

    # -- language ---------------------------------------------------------------------------------
    def relabel(self) -> None:
        if not self.ready:
            return
        lang = self.lang
        s = self.session
        header = self.query_one("#progress", ProgressHeader)
        header.lang = lang
        header.position, header.total = s.position, s.total
        header.score, header.answered = s.score, s.answered
        header.mode = "review" if s.context == "review" else s.mode
        header.remaining = s.remaining()
        item = self.item
        panel = self.query_one("#feedback", FeedbackPanel)
        panel.lang = lang
        if item is None:
            return
        q = item.question
        from engine.bank.topics import TOPICS

        topic = TOPICS[q.topic].title(lang) if q.topic in TOPICS else q.topic
        meta = f"{topic} · {t('type.' + q.type, lang)} · {t('q.difficulty', lang, d='★' * q.difficulty)}"
        self.query_one("#question-meta", Static).update(meta)
        self.query_one("#question-prompt", Static).update(shown(q.prompt(lang)))
        hint = self._hint(item)
        self.query_one("#answer-hint", Static).update(hint)
        self.query_one("#answer-hint", Static).display = bool(hint) and self.feedback is None
        relabel_answer_widget(self.answer_widget, q, lang)

    def _hint(self, item: Item) -> str:
        return answer_hint(item.question, self.lang)

    # -- answering --------------------------------------------------------------------------------
    @on(NumericGrid.Submitted, ".answer-widget")
    def _grid_submitted(self, event: NumericGrid.Submitted) -> None:
        event.stop()
        self._submit(event.values)

    def on_answer_submitted(self, message: AnswerSubmitted) -> None:
        message.stop()
        self._submit(message.response)

    def _submit(self, response: Any) -> None:
        if self.grading or self.feedback is not None or self.item is None:
            return
        if isinstance(response, set) and not response:
            self.notify(t("q.choose_one", self.lang), severity="warning")
            return
        self.grading = True
        self.query_one("#answer-hint", Static).update(t("q.grading", self.lang))
        self._grade(self.serial, self.item, response)

    @work(thread=True, exclusive=True, group="grade")
    def _grade(self, serial: int, item: Item, response: Any) -> None:
        try:
            verdict = grade_item(self.app.checker(), item, response)
        except Exception as exc:  # the checker must never take the app down
            self.post_message(GradingFailed(serial, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(Graded(serial, verdict, response))

    def on_grading_failed(self, message: GradingFailed) -> None:
        if message.serial != self.serial:
            return
        self.grading = False
        self.relabel()
        self.notify(t("q.grading_failed", self.lang, error=message.error), severity="error", timeout=10,
                    markup=False)

    async def on_graded(self, message: Graded) -> None:
        if message.serial != self.serial or self.item is None:
            return
        self.grading = False
        verdict = message.verdict
        item = self.item
        mark_answer_widget(self.answer_widget, item.question.answer, verdict, message.response)
        if verdict.status == "invalid":
            # Unreadable: nothing is recorded; the learner fixes it and submits again.
            self.relabel()
            self._show_feedback(Feedback(item, "invalid", verdict, message.response))
            self._focus_answer()
            return
        outcome = Outcome(item, verdict.status, rating_for_status(verdict.status),
                          time.monotonic() - self.shown_at, verdict, message.response)
        next_due = self._record(outcome)
        await self._after_answer(Feedback(item, verdict.status, verdict, message.response, next_due=next_due,
                                          answered_at=self.app.now()))

    async def on_self_rated(self, message: SelfRated) -> None:
        message.stop()
        item = self.item
        if item is None or self.feedback is not None:
            return
        outcome = Outcome(item, "rated", message.rating, time.monotonic() - self.shown_at)
        next_due = self._record(outcome)
        await self._after_answer(Feedback(item, "rated", None, None, rating=message.rating, next_due=next_due,
                                          answered_at=self.app.now()))

    def _record(self, outcome: Outcome):
        """Store the answer and update the FSRS card now, so nothing is lost if the app dies."""
        s = self.session
        s.record(outcome)
        q = outcome.item.question
        context = "exam" if s.mode == "exam" and s.context == "quiz" else s.context
        now = self.app.now()
        self.app.report_write(self.app.storage.record_answer(AnswerRecord(
            question_id=q.id, topic=q.topic, status=outcome.status, context=context, seed=outcome.item.seed,
            rating=outcome.rating, response=_jsonable(outcome.item.stored_response(outcome.response)), seconds=round(outcome.seconds, 2),
            session=s.session_id, answered_at=now)))
        if outcome.rating is None:
            return None
        card = self.app.reviewer.review(q.id, q.topic, outcome.rating, seed=outcome.item.seed,
                                        seconds=outcome.seconds, now=now)
        return card.due

    async def _after_answer(self, feedback: Feedback) -> None:
        self.relabel()
        if self.session.mode == "exam":
            await self._advance()
            return
        widget = self.answer_widget
        if widget is not None:
            widget.disabled = True
        self.query_one("#answer-hint", Static).display = False   # how to answer: no longer useful
        self._show_feedback(feedback)
        self.query_one("#question-body").focus()
        self.refresh_bindings()

    def _show_feedback(self, feedback: Feedback) -> None:
        panel = self.query_one("#feedback", FeedbackPanel)
        panel.feedback = feedback
        panel.display = True
        if feedback.status != "invalid":
            self.feedback = feedback
            self.call_after_refresh(self._reveal_feedback)

    def _reveal_feedback(self, tries: int = 5) -> None:
        """Scroll the feedback's first line to the top of the view (its explanation and source are
        then one PageDown away at most). Without animation: the focus change that follows an answer
        would cut an animated scroll short. The panel may need one more refresh to be laid out."""
        body = self.query_one("#question-body")
        panel = self.query_one("#feedback", FeedbackPanel)
        if not panel.display or self.feedback is None:
            return
        top = panel.virtual_region.y
        if (panel.size.height == 0 or body.max_scroll_y < min(top, body.virtual_size.height - body.size.height)) \
                and tries > 0:
            self.call_after_refresh(self._reveal_feedback, tries - 1)
            return
        body.scroll_to_widget(panel, top=True, animate=False, immediate=True)

    # -- keys -------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.feedback is not None
        if action in ("variant", "worked"):
            return self.feedback is not None and self.item is not None and self.item.generated
        return True

    async def action_next(self) -> None:
        if self.feedback is None:
            return
        await self._advance()

    async def _advance(self) -> None:
        if self.session.advance() is None:
            self._finish()
        else:
            await self.show_item()
            self.refresh_bindings()

    async def action_variant(self) -> None:
        item = self.item
        if self.feedback is None or item is None or not item.generated:
            return
        self.session.insert_next(make_item(item.question, seed_for=lambda q: self.app.reviewer.next_seed(q.id)))
        self.notify(t("q.variant_added", self.lang))
        await self._advance()

    def action_worked(self) -> None:
        item = self.item
        if item is None or not item.generated or self.feedback is None:
            return
        from quizapp.screens.worked import WorkedSolutionScreen

        self.app.push_screen(WorkedSolutionScreen(item.exercise))

    def action_leave(self) -> None:
        if self.session.answered:
            self.notify(t("q.leave", self.lang).format(saved=self.app.saved_note()))
            self._finish()
        else:
            self.dismiss(None)

    def _tick(self) -> None:
        s = self.session
        if s.finished:
            return
        self.query_one("#progress", ProgressHeader).remaining = s.remaining()
        if s.expired:
            self.notify(t("q.time_up", self.lang), severity="warning")
            self._finish()

    def _finish(self) -> None:
        self.session.finish()
        from quizapp.screens.results import ResultsScreen

        self.app.switch_screen(ResultsScreen(self.session))


def _jsonable(response: Any) -> Any:
    if isinstance(response, (set, frozenset)):
        return sorted(response)
    return response
