"""The mock interview: chains of questions against the clock, open answers typed (or said aloud) and
checked point by point, the other types graded as in a quiz, then the report.

Phases: intro (what will happen; a / + / - change the mode and length) → per question: answer →
check (open: the key points, Enter accepts the suggested rating, 1-4 picks another) or graded (the
checker's feedback, Enter goes on) → the report screen. Every answer is stored (context "interview")
and reviewed in FSRS at once, like a quiz answer.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static, TextArea

from engine.bank.topics import TOPICS
from engine.interview.matching import points_made
from engine.interview.plan import Profile, plan, plan_candidates
from engine.mathtext import render as math
from quizapp.i18n import t
from quizapp.interview_session import InterviewSession, Step, StepAnswer, build_steps, short, store_answer
from quizapp.screens.answer_widgets import answer_hint, answer_widget_for, focus_answer
from quizapp.screens.base import BaseScreen
from quizapp.screens.interview_graded import GradedByChecker
from quizapp.widgets.feedback_panel import Feedback, FeedbackPanel
from quizapp.widgets.interview_header import InterviewHeader
from quizapp.widgets.key_footer import KeyFooter
from quizapp.widgets.key_points import KeyPointCheck, PointList

MINUTES_STEP = 5
MINUTES_RANGE = (5, 120)
ESC_AGAIN = 3.0      # seconds in which a second Esc ends the interview
TYPING_GRACE = 1.5   # seconds after the clock ran out before keys reach the key points


class InterviewScreen(GradedByChecker, BaseScreen):
    CSS_PATH = ["question.tcss", "interview.tcss"]
    BINDINGS = [
        # Enter does what the phase needs; one binding each so that the footer names it.
        Binding("enter", "begin", "key.start"),
        Binding("enter", "done", "key.done"),
        Binding("enter", "accept", "key.accept"),
        Binding("enter", "next", "key.next"),
        Binding("ctrl+s", "submit", "key.submit", key_display="Ctrl+S"),
        Binding("a", "toggle_aloud", "key.aloud"),
        Binding("ctrl+o", "switch_aloud", "key.aloud", key_display="Ctrl+O"),
        # + / - are named in the intro's own hint line: the footer has no room left for them in Chinese
        Binding("plus,equals_sign", "minutes(1)", "key.length", key_display="+/-", show=False),
        Binding("minus", "minutes(-1)", "key.length", show=False),
        Binding("1", "rate(1)", "key.rate", key_display="1-4"), Binding("2", "rate(2)", show=False),
        Binding("3", "rate(3)", show=False), Binding("4", "rate(4)", show=False),
        Binding("escape", "back", "key.back"),
        Binding("escape", "leave", "key.end"),
    ]

    def __init__(self, profile: Profile, minutes: float = 20, *, aloud: bool = False, report_path: Path | None = None,
                 seed: int | None = None, clock: Callable[[], float] = time.monotonic,
                 on_saved: Callable[[str | None, str | None], None] | None = None) -> None:
        super().__init__()
        self.profile = profile
        self.minutes = minutes
        self.aloud = aloud
        self.report_path = report_path
        self.seed = seed
        self.clock = clock
        self.on_saved = on_saved          # (path written, error) once the report is saved or not
        self.session: InterviewSession | None = None
        self.phase = "intro"              # intro | answer | grading | check | graded
        self.serial = 0
        self.feedback: Feedback | None = None
        self._esc_at = -1e9
        self._warned_total = False
        self._guard = False                # just after a time-out: keys still meant for the box are ignored
        self._pending: tuple[str, float, bool] = ("", 0.0, False)

    # -- layout -----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield InterviewHeader(id="iv-header")
        with VerticalScroll(id="iv-body"):
            yield Static("", id="iv-meta", markup=False)
            yield Static("", id="iv-prompt", markup=False)
            yield Static("", id="iv-hint", markup=False)
            # One box for every open question (cleared for each): removing a TextArea while its
            # next frame is pending breaks Textual's rendering of it.
            yield TextArea(id="iv-text", soft_wrap=True)
            yield Vertical(id="answer-area")
            yield FeedbackPanel(id="feedback")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._plan()
        self.query_one("#feedback").display = False
        self.box.display = False
        self.set_interval(1.0, self._tick)
        self.query_one("#iv-body").focus()

    def _plan(self) -> None:
        rng = random.Random(self.seed)
        chains = plan(plan_candidates(self.app.bank), self.profile, self.minutes, rng)
        steps = build_steps(chains, rng, seed_for=lambda q: self.app.reviewer.next_seed(q.id))
        self.session = InterviewSession(steps, self.profile, self.minutes, clock=self.clock)

    @property
    def step(self) -> Step | None:
        return self.session.current if self.session and self.phase != "intro" else None

    @property
    def box(self) -> TextArea:
        return self.query_one("#iv-text", TextArea)

    @property
    def answer_widget(self):
        area = self.query_one("#answer-area")
        return area.children[0] if area.children else None

    # -- drawing ----------------------------------------------------------------------------------
    def relabel(self) -> None:
        if not self.ready or self.session is None:
            return
        lang = self.lang
        self._header()
        self.query_one("#feedback", FeedbackPanel).lang = lang
        meta, prompt, hint = (self.query_one(f"#iv-{n}", Static) for n in ("meta", "prompt", "hint"))
        if self.phase == "intro":
            s = self.session
            meta.update(t("iv.title", lang) + " · " + self.profile.title(lang))
            if not s.total:
                prompt.update(t("iv.empty", lang))
                hint.update("")
            else:
                prompt.update(t("iv.intro", lang, minutes=f"{self.minutes:g}", chains=s.chains, n=s.total))
                hint.update(t("iv.intro_keys", lang, mode=t("iv.mode_aloud" if self.aloud else "iv.mode_typed", lang)))
            return
        step = self.step
        if step is None:
            return
        q = step.question
        topic = TOPICS[q.topic].title(lang) if q.topic in TOPICS else q.topic
        parent = self.session.parent_of(step)
        where = (t("iv.follow_up", lang, prompt=short(parent.question.prompt(lang), 40)) if parent
                 else t("iv.opening", lang))
        meta.update(f"{where}\n{topic} · {t('type.' + q.type, lang)}")
        prompt.update(math(q.prompt(lang)))
        hint.update(self._hint(step))
        hint.display = bool(self._hint(step))
        widget = self.answer_widget
        if isinstance(widget, KeyPointCheck):
            widget.lang = lang
        elif widget is not None:
            from quizapp.screens.answer_widgets import relabel_answer_widget

            relabel_answer_widget(widget, step.item.question, lang)

    def _hint(self, step: Step) -> str:
        lang = self.lang
        if self.phase in ("check", "graded"):
            return ""
        if step.is_open:
            return t("iv.aloud_hint" if self.aloud else "iv.type_hint", lang)
        return answer_hint(step.item.question, lang)

    def _header(self) -> None:
        s = self.session
        frozen = self._pending[1] if self.phase == "check" else None     # the clock stopped at submit
        self.query_one("#iv-header", InterviewHeader).show(s, self.profile, self.lang, self.phase, frozen)

    # -- the clock --------------------------------------------------------------------------------
    async def _tick(self) -> None:
        s = self.session
        if s is None or self.phase == "intro" or s.finished:
            return
        self._header()
        step = s.current
        if s.expired and not self._warned_total:
            self._warned_total = True
            self.notify(t("iv.time_up_all", self.lang), severity="warning", timeout=6)
        if step is not None and step.is_open and self.phase == "answer" and s.question_remaining() <= 0:
            self.notify(t("iv.time_up_q", self.lang), severity="warning", timeout=5)
            await self._check_open(timed_out=True)

    # -- showing a question -----------------------------------------------------------------------
    async def _show_step(self) -> None:
        self.phase = "answer"
        step = self.step
        if step is None:
            self._finish()
            return
        self.serial += 1
        self._guard = False
        self.feedback = None
        panel = self.query_one("#feedback", FeedbackPanel)
        panel.feedback = None
        panel.display = False
        area = self.query_one("#answer-area")
        await area.remove_children()
        box = self.box
        box.load_text("")
        box.display = step.is_open and not self.aloud
        if not step.is_open:
            try:
                widget = answer_widget_for(step.item, self.lang)
            except Exception as exc:  # a generator bug must not end the interview: skip, say why
                self.notify(f"{step.question.id}: {exc}", severity="error", markup=False)
                await self._next()
                return
            widget.add_class("answer-widget")
            await area.mount(widget)
        self.relabel()
        self.refresh_bindings()
        self.query_one("#iv-body").scroll_home(animate=False)
        widget = self.answer_widget
        if box.display:
            box.focus()
        elif widget is None:
            self.query_one("#iv-body").focus()
        else:
            focus_answer(widget)

    # -- open questions ---------------------------------------------------------------------------
    def _typed(self) -> str:
        return self.box.text     # kept when the learner switched to answering aloud

    async def _check_open(self, timed_out: bool = False) -> None:
        step = self.step
        if step is None or self.phase != "answer" or not step.is_open:
            return
        typed = self._typed()
        self._pending = (typed, self.session.question_elapsed(), timed_out)
        suggested = points_made(step.question.answer, typed)
        self.phase = "check"
        self.box.display = False
        area = self.query_one("#answer-area")
        await area.remove_children()
        check = KeyPointCheck(step.question.answer, typed, suggested, aloud=self.aloud and not typed)
        check.lang = self.lang
        await area.mount(check)
        self.relabel()
        self.refresh_bindings()
        if timed_out:
            # The learner may still be typing: keys meant for the box must not tick points or accept
            # the rating, so the list takes keys only after a short pause.
            self._guard = True
            check.points.disabled = True
            self.query_one("#iv-body").focus()
            self.set_timer(TYPING_GRACE, self._end_guard)
        else:
            check.points.focus()
        self.call_after_refresh(lambda: self.query_one("#iv-body").scroll_to_widget(
            self.query_one("#iv-prompt"), top=True, animate=False))

    @on(PointList.Accepted)
    async def _accepted(self, event: PointList.Accepted) -> None:
        event.stop()
        await self.action_rate(None)

    def _end_guard(self) -> None:
        self._guard = False
        check = self.answer_widget
        if self.phase == "check" and isinstance(check, KeyPointCheck):
            check.points.disabled = False
            check.points.focus()

    async def action_rate(self, rating: int | None) -> None:
        step = self.step
        check = self.answer_widget
        if self.phase != "check" or step is None or not isinstance(check, KeyPointCheck) or self._guard:
            return
        typed, seconds, timed_out = self._pending
        self._record(StepAnswer(step, "rated", rating or check.rating, seconds, typed=typed, points=check.made,
                                suggested=check.suggested, timed_out=timed_out, aloud=self.aloud and not typed))
        await self._next()

    # -- recording --------------------------------------------------------------------------------
    def _record(self, answer: StepAnswer):
        """Store the answer (with each key point's result) and review its FSRS card now; the next due."""
        status, due = store_answer(self.app.storage, self.app.reviewer, self.session, answer, self.app.now())
        self.app.report_write(status)
        return due

    async def _next(self) -> None:
        if self.session.advance() is None:
            self._finish()
        else:
            await self._show_step()

    def _finish(self) -> None:
        from quizapp.screens.interview_report import InterviewReportScreen

        self.session.finish()
        self.app.switch_screen(InterviewReportScreen(self.session, self.report_path, self.on_saved))

    def on_unmount(self) -> None:
        """Quitting the app mid-interview (q, Ctrl+Q) still saves the report of what was answered."""
        s = self.session
        if s is None or s.finished or not s.answers:
            return
        from quizapp.interview_session import build_report
        from quizapp.screens.interview_report import save_report

        s.finish()
        saved = save_report(self.app, build_report(s), self.report_path)
        if self.on_saved is not None:
            self.on_saved(*saved)

    # -- keys -------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        step = self.step
        phase = self.phase
        if action == "begin":
            return phase == "intro" and bool(self.session and self.session.total)
        if action == "done":
            return phase == "answer" and step is not None and step.is_open and self.aloud
        if action == "accept":
            return phase == "check"
        if action == "next":
            return phase == "graded"
        if action == "submit":
            return phase == "answer" and step is not None and step.is_open and not self.aloud
        if action == "toggle_aloud":
            return phase == "intro"
        if action == "switch_aloud":
            return phase == "answer" and step is not None and step.is_open
        if action in ("minutes", "back"):
            return phase == "intro"
        if action == "leave":
            return phase != "intro"
        if action == "rate":
            return phase == "check"
        return True

    async def action_begin(self) -> None:
        if self.phase == "intro" and self.session and self.session.total:
            self.session.start()
            await self._show_step()

    async def action_done(self) -> None:
        await self._check_open()

    async def action_accept(self) -> None:
        await self.action_rate(None)

    async def action_next(self) -> None:
        if self.phase == "graded":
            await self._next()

    async def action_submit(self) -> None:
        await self._check_open()

    def action_toggle_aloud(self) -> None:
        if self.phase == "intro":
            self.aloud = not self.aloud
            self.relabel()

    async def action_switch_aloud(self) -> None:
        """During an open question: from typing to answering aloud (the text is kept) and back."""
        step = self.step
        if self.phase == "answer" and step is not None and step.is_open:
            self.aloud = not self.aloud
            box = self.box
            box.display = not self.aloud
            if box.display:
                box.focus()
            else:
                self.query_one("#iv-body").focus()
            self.relabel()
            self.refresh_bindings()

    def action_minutes(self, sign: int) -> None:
        if self.phase != "intro":
            return
        low, high = MINUTES_RANGE
        self.minutes = max(low, min(high, self.minutes + sign * MINUTES_STEP))
        self._plan()
        self.relabel()
        self.refresh_bindings()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_leave(self) -> None:
        s = self.session
        if self.phase == "intro" or s is None or not s.answers and self.phase not in ("answer", "check"):
            self.dismiss(None)
            return
        now = time.monotonic()
        if now - self._esc_at > ESC_AGAIN:
            self._esc_at = now
            self.notify(t("iv.esc_again", self.lang), timeout=ESC_AGAIN)
            return
        if not s.answers:
            self.dismiss(None)
            return
        self.notify(t("q.leave", self.lang).format(saved=self.app.saved_note()))
        self._finish()
