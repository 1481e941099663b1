"""The mock interview's questions other than open ones: graded by the checker exactly as in a quiz
(the same answer widgets, grade_item off the UI thread, the same feedback panel)."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.widgets import Static

from quizapp.grading import grade_item
from quizapp.i18n import t
from quizapp.interview_session import Step, StepAnswer
from quizapp.messages import AnswerSubmitted, Graded, GradingFailed
from quizapp.scheduling import rating_for_status
from quizapp.screens.answer_widgets import focus_answer, mark_answer_widget
from quizapp.widgets.feedback_panel import Feedback, FeedbackPanel
from quizapp.widgets.numeric_grid import NumericGrid


class GradedByChecker:
    """Mixin for InterviewScreen: answer submitted → grading → graded (feedback shown, Enter goes on).
    Uses the screen's ``step``, ``phase``, ``serial``, ``answer_widget``, ``session`` and ``_record``."""

    def on_numeric_grid_submitted(self, event: NumericGrid.Submitted) -> None:
        event.stop()
        self._submit(event.values)

    def on_answer_submitted(self, message: AnswerSubmitted) -> None:
        message.stop()
        self._submit(message.response)

    def _submit(self, response: Any) -> None:
        step = self.step
        if self.phase != "answer" or step is None or step.is_open:
            return
        if isinstance(response, set) and not response:
            self.notify(t("q.choose_one", self.lang), severity="warning")
            return
        self.phase = "grading"
        self.query_one("#iv-hint", Static).update(t("q.grading", self.lang))
        self._grade(self.serial, step, response)

    @work(thread=True, exclusive=True, group="grade")
    def _grade(self, serial: int, step: Step, response: Any) -> None:
        try:
            verdict = grade_item(self.app.checker(), step.item, response)
        except Exception as exc:  # the checker must never take the app down
            self.post_message(GradingFailed(serial, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(Graded(serial, verdict, response))

    def on_grading_failed(self, message: GradingFailed) -> None:
        if message.serial == self.serial:
            self.phase = "answer"
            self.relabel()
            self.notify(t("q.grading_failed", self.lang, error=message.error), severity="error", markup=False)

    def on_graded(self, message: Graded) -> None:
        step = self.step
        if message.serial != self.serial or step is None:
            return
        verdict = message.verdict
        mark_answer_widget(self.answer_widget, step.item.question.answer, verdict, message.response)
        panel = self.query_one("#feedback", FeedbackPanel)
        if verdict.status == "invalid":            # unreadable: fix it and submit again
            self.phase = "answer"
            self.relabel()
            panel.feedback = Feedback(step.item, "invalid", verdict, message.response)
            panel.display = True
            focus_answer(self.answer_widget)
            return
        seconds = self.session.question_elapsed()
        due = self._record(StepAnswer(step, verdict.status, rating_for_status(verdict.status), seconds,
                                      response=message.response))
        self.phase = "graded"
        self.feedback = Feedback(step.item, verdict.status, verdict, message.response, next_due=due)
        panel.feedback = self.feedback
        panel.display = True
        if self.answer_widget is not None:
            self.answer_widget.disabled = True
        self.relabel()
        self.refresh_bindings()
        body = self.query_one("#iv-body")
        body.focus()
        self.call_after_refresh(lambda: body.scroll_to_widget(panel, top=True, animate=False))
