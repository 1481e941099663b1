"""The Textual app: screens, app-wide keys, language switching, command palette.

Build it with ``make_app(bank, settings, storage=...)`` — the CLI and the tests use the same
factory, so tests never touch the real home folder. The app receives domain objects (a Bank, a
Storage); it never parses bank files itself. ``bank`` may also be a function that returns the Bank
(taking an optional ``progress(done, total)`` keyword): the CLI passes one when some bank file must
be parsed (first start, an edited file), and the app calls it in a worker at once while the home
screen shows how many files are read. With every file in the bank cache the CLI passes the Bank
itself, read before the first frame, so the home screen's counts are there when it is first drawn.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen

from quizapp import cjk_wrap
from quizapp.i18n import t
from quizapp.scheduling import Reviewer, prepare_progress
from quizapp.screens import load_optional
from quizapp.screens.home import HomeScreen
from quizapp.settings import Settings
from quizapp.storage import Storage, utcnow

if TYPE_CHECKING:
    from engine.bank.loader import Bank

cjk_wrap.install()   # Chinese text breaks between characters, not only at its few spaces

REVIEW_BATCH = 20   # at most this many due questions per review session


class QuizApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("ctrl+q", "quit", "key.quit", priority=True, show=False),
        Binding("q", "quit", "key.quit"),
        Binding("question_mark,f1", "help", "key.help", key_display="?"),
        Binding("f2,ctrl+t", "switch_language", "key.lang", key_display="F2"),
    ]

    lang = reactive("en")
    bank_progress: tuple[int, int] | None = None    # (files read, files) while the bank loads

    class BankProgress(Message):
        """Posted from the loading thread after each bank file."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done, self.total = done, total

    def __init__(self, bank, settings: Settings, storage: Storage, *, pool: Any = None,
                 reviewer: Reviewer | None = None, warm_checker: bool = True,
                 now: Callable[[], datetime] = utcnow, start: Callable[[], Screen] | None = None) -> None:
        super().__init__()
        import sys

        # A worker thread that waited in SQLite (or for a file) gets the interpreter back within 1 ms
        # instead of Python's default 5 ms while the UI thread draws: home's and stats' figures, read
        # in a few short queries, arrive sooner.
        sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
        self._start = start     # a screen to open over home at start-up (quizapp drill KIND)
        self.now = now          # the wall clock (UTC) for due dates and stats; fixed in snapshot tests
        self.bank = None if callable(bank) else bank
        self._bank_loader = bank if callable(bank) else None
        self.settings = settings
        self.storage = storage
        self.reviewer = reviewer or Reviewer(storage)
        self._pool = pool
        self._warm = warm_checker
        self.set_reactive(QuizApp.lang, settings.lang)
        self._too_small_shown = False
        self._started = False    # Resize can arrive before the home screen is pushed

    # -- start-up ---------------------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        # Home is the app's first screen itself (not pushed over an empty default screen): one
        # screen fewer to build and paint before the first frame.
        return HomeScreen()

    async def on_mount(self) -> None:
        self._started = True
        if self.storage.notice:
            self.notify(self.storage.notice_zh if self.lang == "zh" else self.storage.notice,
                        severity="error", timeout=20, markup=False)
        self.check_size()   # a terminal already too small at start-up
        self.set_interval(5.0, self._retry_writes)   # answers kept in memory go to the file once it accepts them
        if self._start is not None:
            # Over home, so that leaving it (Esc) lands on the home screen.
            await self.push_screen(self._start())
        if self.bank is None:
            # Once the first frame is out (no fixed delay): a parsing thread started earlier would
            # compete with that frame for the interpreter. The home shows "… n/N files" meanwhile.
            self.call_after_refresh(self._load_bank)
        else:
            self._bank_ready(self.bank)

    # -- progress writes ------------------------------------------------------------------------------
    def report_write(self, status) -> None:
        """Tell the learner when an answer was not saved (kept in memory) or when waiting ones were."""
        message = status.message(self.lang)
        if message:
            self.notify(message, severity="information" if status.saved else "warning",
                        timeout=4 if status.saved else 8, markup=False)

    def _retry_writes(self) -> None:
        if self.storage.waiting:
            self.run_worker(self._retry_in_thread, thread=True, exclusive=True, group="storage-retry",
                            exit_on_error=False)

    def _retry_in_thread(self) -> None:
        status = self.storage.retry()
        if status.saved and status.flushed:
            self.call_from_thread(self.report_write, status)

    def saved_note(self) -> str:
        """"saved" — or, when writes wait in memory, how many (for the leave and crash messages)."""
        n = self.storage.waiting
        if not n:
            return t("saved.all", self.lang)
        return t("saved.waiting", self.lang, n=n)

    def _load_bank(self) -> None:
        self.run_worker(self._read_bank, thread=True, exclusive=True, group="bank", exit_on_error=False)

    def _read_bank(self) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(self.BankProgress(done, total))   # thread-safe; the parse does not wait

        import inspect

        takes_progress = "progress" in inspect.signature(self._bank_loader).parameters
        try:
            bank = self._bank_loader(progress=progress) if takes_progress else self._bank_loader()
        except Exception as exc:  # the loader reports problems instead of raising; this is a bug guard
            from engine.bank.loader import Bank

            self.call_from_thread(self.notify, f"{type(exc).__name__}: {exc}", severity="error", markup=False)
            bank = Bank(())
        import quizapp.drill.record  # noqa: F401  (due drills are counted on home: import it here, off the UI thread)

        prepare_progress(bank, self.storage)
        self.call_from_thread(self._bank_ready, bank)

    def on_quiz_app_bank_progress(self, message: BankProgress) -> None:
        if self.bank is not None:
            return
        self.bank_progress = (message.done, message.total)
        for screen in self.screen_stack:
            if hasattr(screen, "show_loading"):
                screen.show_loading()

    def _bank_ready(self, bank) -> None:
        """The bank is loaded: report its problems, refresh the screens, then warm the checker."""
        self.bank = bank
        problems = getattr(bank, "problems", ())
        if problems:
            shown = "\n".join(str(p) for p in problems[:6])
            more = f"\n… +{len(problems) - 6}" if len(problems) > 6 else ""
            self.notify(shown + more, title=t("bank.problems", self.lang, n=len(problems)),
                        severity="warning", timeout=20, markup=False)
        if not len(bank.questions):
            self.notify(t("home.empty_bank", self.lang), severity="error", timeout=20)
        for screen in self.screen_stack:
            if hasattr(screen, "relabel"):
                screen.relabel()
        if self._warm:
            # The checker (a worker process, numpy, the parser) starts once the home screen is up.
            self.call_after_refresh(self._warm_checker)

    def _bank_pending(self) -> bool:
        if self.bank is None:
            self.notify(t("home.loading", self.lang), timeout=2)
            return True
        return False

    def _warm_checker(self) -> None:
        self.run_worker(self._start_pool, thread=True, exclusive=True, group="warm", exit_on_error=False)

    def _start_pool(self) -> None:
        self.checker().check_numeric(1.0, "1")

    def checker(self):
        """The checker pool (engine.checking.CheckerPool), created on first use."""
        if self._pool is None:
            from engine.checking import default_pool

            self._pool = default_pool()
        return self._pool

    # -- a bug must not end in a traceback on the learner's terminal -------------------------------
    crash_message: str | None = None

    def _handle_exception(self, error: Exception) -> None:
        self._crash = error
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """Instead of Textual's traceback: the details go to crash.log in the data folder, and
        quizapp.launch prints one line. QUIZAPP_DEBUG=1 keeps Textual's behaviour."""
        import os

        error = getattr(self, "_crash", None)
        if os.environ.get("QUIZAPP_DEBUG") or error is None:
            super()._fatal_error()
            return
        import traceback

        log = self.settings.data_dir / "crash.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as f:
                f.write("".join(traceback.format_exception(error)) + "\n")
            where = f"details in {log}"
        except OSError:
            where = "set QUIZAPP_DEBUG=1 to see the details"
        from engine.text import plural

        waiting = self.storage.waiting
        saved = ("the answers given so far are saved" if not waiting else
                 f"{plural(waiting, 'answer')} could not reach the database and are handled below")
        self.crash_message = f"internal error: {type(error).__name__}: {error} ({where}); {saved}"
        self.bell()
        self._close_messages_no_wait()

    # -- language ---------------------------------------------------------------------------------
    def watch_lang(self, lang: str) -> None:
        for screen in self.screen_stack:
            if hasattr(screen, "relabel"):
                screen.lang = lang
        self.refresh_bindings()

    def action_switch_language(self) -> None:
        self.lang = "en" if self.lang == "zh" else "zh"
        self.notify(t("lang.switched", self.lang), timeout=2)

    # -- size -------------------------------------------------------------------------------------
    def check_size(self) -> None:
        """Cover everything with a "too small" notice below 80×24; remove it once big enough.
        Called by every screen when it is resized (screens receive Resize after the app's debounce)."""
        from quizapp.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen

        if not self._started:
            return
        small = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        if small and not self._too_small_shown:
            self._too_small_shown = True
            self.push_screen(TooSmallScreen())
        elif not small and self._too_small_shown:
            self._too_small_shown = False
            if isinstance(self.screen, TooSmallScreen):
                self.pop_screen()

    # -- flows ------------------------------------------------------------------------------------
    def action_help(self) -> None:
        from quizapp.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_stats(self) -> None:
        from quizapp.screens.stats import StatsScreen

        if self._bank_pending():
            return
        self.push_screen(StatsScreen())

    def action_quiz_setup(self, topics: Iterable[str] = ()) -> None:
        from quizapp.screens.quiz_setup import QuizSetupScreen

        if self._bank_pending():
            return
        self.push_screen(QuizSetupScreen(tuple(topics)), self._start_quiz)

    def _start_quiz(self, config) -> None:
        if config is None:
            return
        from quizapp.session import QuizSession, pick_items

        rng = random.Random()
        # pick_items takes at most ``count`` of a topic: only those are read from a large bank
        questions = self.bank.sample(config.count, rng, topics=config.topics, types=config.types)
        items = pick_items(questions, config.count, rng,
                           seed_for=lambda q: self.reviewer.next_seed(q.id))
        self.start_session(QuizSession(items, mode=config.mode, context="quiz"))

    def start_session(self, session) -> None:
        from quizapp.screens.question import QuestionScreen

        if not session.items:
            self.notify(t("setup.none", self.lang), severity="warning")
            return
        self.push_screen(QuestionScreen(session))

    def due_drills(self) -> list[str]:
        """Generator kinds whose drill (FSRS card ``drill/<kind>``) is due now, most overdue first."""
        if not any(qid.startswith("drill/") for qid in self.storage.due_ids(self.now())):
            return []   # the home asks at its first frame: no drill module (NumPy, ~100 ms) for nothing
        from quizapp.drill.record import due_drill_kinds

        return due_drill_kinds(self.storage, self.now())

    def drill_names(self, kinds: Iterable[str]) -> str:
        """The drills' titles in the current language, e.g. "Backprop through an MLP, Adam step"."""
        from engine.generators import KINDS

        return ", ".join(KINDS[k].title(self.lang) for k in kinds)

    def action_review(self) -> None:
        """Review what is due: the bank questions first (a session), then the drills — the results
        screen offers them ("d"); with only drills due, the most overdue one opens at once."""
        from quizapp.session import QuizSession, make_item

        if self._bank_pending():
            return
        due = self.reviewer.due_ids(list(self.bank.ids), now=self.now())
        drills = self.due_drills()
        if not due:
            if drills:
                self.action_drill()   # the drill screen opens the most overdue drill
            else:
                self.notify(t("home.no_due", self.lang))
            return
        items = [make_item(self.bank.by_id(qid), seed_for=lambda q: self.reviewer.next_seed(q.id))
                 for qid in due[:REVIEW_BATCH]]
        self.start_session(QuizSession(items, mode="practice", context="review"))
        if drills:
            self.notify(t("review.drills_after", self.lang, names=self.drill_names(drills)), timeout=6)

    def action_drill(self) -> None:
        drill = load_optional("drill")
        if drill is None:
            self.notify(t("home.no_drill", self.lang), severity="warning")
            return
        self.push_screen(drill())

    def action_derive(self) -> None:
        """The derivation drill (``quizapp drill derive``): the notes' derivations as formula
        questions, in file order, with the worked derivation after each answer."""
        from quizapp.screens.derive import open_derive_drill

        open_derive_drill(self)

    def action_interview(self) -> None:
        """The mock interview: pick a focus (built-in or the user's focus.toml), then the interview."""
        from quizapp.interview_session import focus_profiles
        from quizapp.screens.interview_focus import FocusPicker

        if self._bank_pending():
            return
        profiles, error = focus_profiles(self.settings.data_dir)
        if error:
            self.notify(t("iv.profiles_bad", self.lang, error=error), severity="warning", timeout=12, markup=False)
        self.push_screen(FocusPicker(profiles), self._start_interview)

    def _start_interview(self, profile) -> None:
        if profile is None:
            return
        from quizapp.screens.interview import InterviewScreen

        self.push_screen(InterviewScreen(profile))

    # -- command palette --------------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        lang = self.lang
        yield SystemCommand(t("cmd.quiz", lang), t("cmd.quiz_help", lang), self.action_quiz_setup)
        yield SystemCommand(t("cmd.review", lang), t("cmd.review_help", lang), self.action_review)
        yield SystemCommand(t("cmd.drill", lang), t("cmd.drill_help", lang), self.action_drill)
        yield SystemCommand(t("cmd.derive", lang), t("cmd.derive_help", lang), self.action_derive)
        yield SystemCommand(t("cmd.interview", lang), t("cmd.interview_help", lang), self.action_interview)
        yield SystemCommand(t("cmd.stats", lang), t("cmd.stats_help", lang), self.action_stats)
        yield SystemCommand(t("cmd.help", lang), t("cmd.help_help", lang), self.action_help)
        yield SystemCommand(t("cmd.lang", lang), t("cmd.lang_help", lang), self.action_switch_language)
        yield from super().get_system_commands(screen)


def make_app(bank: Bank | Callable[[], Bank], settings: Settings, storage: Storage | None = None, *, pool: Any = None,
             reviewer: Reviewer | None = None, warm_checker: bool = True,
             now: Callable[[], datetime] = utcnow, start: Callable[[], Screen] | None = None) -> QuizApp:
    """The app over ``bank`` (a Bank, or a function loading it after the first paint). ``storage`` defaults to the database in ``settings.data_dir``;
    ``pool`` (a CheckerPool) defaults to engine.checking.default_pool(), started after the first paint;
    ``now`` is the clock for due dates and stats; ``start`` makes the screen opened over home at start-up."""
    storage = storage or Storage(settings.db_path)
    return QuizApp(bank, settings, storage, pool=pool, reviewer=reviewer, warm_checker=warm_checker, now=now,
                   start=start)
