"""Home: the six topics with question counts, mastery and reviews due; the way into everything."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.cells import cell_len
from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from engine.bank.topics import TOPICS
from quizapp.i18n import t
from quizapp.screens.base import BaseScreen
from quizapp.widgets.topic_table import TopicTable
from quizapp.widgets.key_footer import KeyFooter

MIX = "__mix__"

# Above this many cards the figures are worked out in a thread (they take ~1 ms per 1,000 cards); a
# smaller history is filled in at once, so the first frame shows them (benchmarks/scale_history.py).
SYNC_CARDS = 5000


@dataclass(frozen=True)
class Figures:
    """What home shows, worked out from the bank and the progress database (in a thread when large)."""

    questions: dict[str, int]           # topic -> questions in the bank
    total: int
    mastery: dict[str, float]           # topic (and MIX) -> expected share recalled now
    due: dict[str, int]                 # topic (and MIX) -> reviews due now, drills included
    drills: tuple[str, ...]             # generator kinds whose drill is due
    answers: int


def figures(app, bank) -> Figures:
    """Home's figures: per topic by SQL aggregates over indexes (Reviewer.progress), not per question.
    Safe to call from a thread (storage is locked; nothing here touches a widget)."""
    from quizapp.scheduling import KnownQuestions

    now = app.now()
    known = KnownQuestions.cached(bank)
    if not app.storage.last_change()[1]:
        # no card yet (a new learner): nothing recalled, nothing due, and fsrs is not needed to say so
        known = known or KnownQuestions.of(bank)
        progress: dict = {}
        n_drills, answers = 0, app.storage.answer_count()
    else:
        # Everything from SQLite in one statement (Storage.card_sums): a thread waits for the GIL after
        # each statement step while the UI thread draws.
        if known is None:
            # The first time for this bank: its one pass over the questions (Python) runs while another
            # thread imports fsrs and SQLite sums the cards (letting go of the GIL).
            import threading

            out: dict = {}

            def sum_cards() -> None:
                out["sums"] = app.storage.card_sums(now, *app.reviewer.curve())   # imports fsrs the first time

            summing = threading.Thread(target=sum_cards, name="home-sums")
            summing.start()
            known = KnownQuestions.of(bank)
            summing.join()
            sums = out.get("sums")      # None if it failed: read again here, where a fault is reported
        else:
            sums = None
        if sums is None:
            sums = app.storage.card_sums(now, *app.reviewer.curve())
        progress = app.reviewer.progress(known, now, sums=sums)
        n_drills, answers = sums.drills_due, sums.answers
    # Due drills count with their topic's reviews ("r" runs them after); the drill module (and numpy
    # behind it) is only needed when a drill card is due at all.
    drills = tuple(app.due_drills()) if n_drills else ()
    if drills:
        from engine.generators import KINDS

        drill_topics = [KINDS[kind].topic for kind in drills]
    else:
        drill_topics = []
    mastery: dict[str, float] = {}
    due: dict[str, int] = {}
    for slug in TOPICS:
        recall, n_due = progress.get(slug, (0.0, 0))
        n = known.counts.get(slug, 0)
        mastery[slug] = min(1.0, recall / n) if n else 0.0
        due[slug] = n_due + drill_topics.count(slug)
    recall_all = sum(r for r, _d in progress.values())
    mastery[MIX] = min(1.0, recall_all / known.total) if known.total else 0.0
    due[MIX] = sum(d for _r, d in progress.values()) + len(drills)
    return Figures(dict(known.counts), known.total, mastery, due, drills, answers)


def mastery_bar(share: float, width: int = 10) -> RichText:
    filled = round(share * width)
    out = RichText()
    out.append("█" * filled, style="green")
    out.append("░" * (width - filled), style="grey37")
    out.append(f" {share * 100:3.0f}%")
    return out


class HomeScreen(BaseScreen):
    BINDINGS = [
        Binding("enter", "open_topic", "key.quiz", show=False),
        Binding("m", "app.quiz_setup", "key.mix"),
        Binding("r", "app.review", "key.review"),
        Binding("d", "app.drill", "key.drill"),
        Binding("f", "app.derive", "key.derive"),
        Binding("i", "app.interview", "key.interview"),
        Binding("s", "app.stats", "key.stats"),
    ]

    AUTO_FOCUS = "#topics"
    _drawn: tuple = ()
    _figures: tuple | None = None       # (what they were worked out from, Figures)
    _pending: tuple | None = None       # the key of the figures a thread is working out

    def compose(self) -> ComposeResult:
        # Built complete here (not on mount) so that the very first frame shows the whole screen.
        lang = self.app.lang
        table = TopicTable(id="topics")
        summary, hint = self._fill(table, lang)
        with Vertical(id="home"):
            yield Static(t("app.title", lang), id="home-title", markup=False)
            yield table
            yield Static(summary, id="home-summary", markup=False)
            yield Static(hint, id="home-hint", markup=False)
        # Nine keys fit in 80 columns when the palette hint (^p, listed in help) makes room.
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_screen_resume(self) -> None:
        self.lang = self.app.lang
        self.relabel()  # counts, mastery and due change after every quiz

    def _signature(self, lang: str) -> tuple:
        """What the screen shows depends on: redraw only when one of these changed."""
        app = self.app
        minute = app.now().replace(second=0, microsecond=0)
        return (lang, app.bank is None, app.storage.last_change(), minute)

    def relabel(self, force: bool = False) -> None:
        if not self.ready:
            return
        lang = self.lang
        if self._signature(lang) == self._drawn and not force:
            return
        summary, hint = self._fill(self.query_one("#topics", TopicTable), lang)
        self.query_one("#home-title", Static).update(t("app.title", lang))
        self.query_one("#home-summary", Static).update(summary)
        self.query_one("#home-hint", Static).update(hint)

    def _loading_line(self, lang: str) -> str:
        progress = self.app.bank_progress
        if progress is None:
            return t("home.loading", lang)
        return t("home.loading_files", lang, done=progress[0], total=progress[1])

    def show_loading(self) -> None:
        """The bank is still loading: how many of its files are read (the app calls this per file)."""
        if self.app.bank is None:   # (before this screen is mounted too: compose reads the same line)
            for summary in self.query("#home-summary").results(Static):
                summary.update(self._loading_line(self.app.lang))

    def _fill(self, table: TopicTable, lang: str) -> tuple[str, str]:
        """(Re)build the topic table; returns the summary and hint lines."""
        app = self.app
        self._drawn = self._signature(lang)
        titles = [topic.title(lang) for topic in TOPICS.values()] + [t("home.mix", lang)]
        columns = [("#", 1), (t("home.topic", lang), max(cell_len(x) for x in titles)),
                   (t("home.questions", lang), max(9, cell_len(t("home.questions", lang)))),
                   (t("home.mastery", lang), 15), (t("home.due", lang), max(5, cell_len(t("home.due", lang))))]
        rows: list = []
        bank = app.bank
        if bank is None:  # still loading (in a worker, after this first paint)
            for topic in TOPICS.values():
                rows.append((topic.slug, [str(topic.number), topic.title(lang), "…", "", ""]))
            rows.append((MIX, ["∗", t("home.mix", lang), "…", "", ""]))
            table.set_rows(columns, rows)
            return self._loading_line(lang), t("home.hint", lang)
        key = (id(bank), *self._drawn[2:])
        shown = self._figures[1] if self._figures is not None and self._figures[0] == key else None
        if shown is None:
            if app.storage.last_change()[1] <= SYNC_CARDS:
                shown = figures(app, bank)
                self._figures = (key, shown)
            else:
                self._work_out(key, bank)
                if self._figures is not None and self._figures[0][0] == id(bank):
                    shown = self._figures[1]      # the last figures, until the new ones arrive
        for topic in TOPICS.values():
            if shown is None:
                rows.append((topic.slug, [str(topic.number), topic.title(lang), "…", "…", "…"]))
                continue
            n_due = shown.due[topic.slug]
            rows.append((topic.slug, [str(topic.number), topic.title(lang), str(shown.questions.get(topic.slug, 0)),
                                      mastery_bar(shown.mastery[topic.slug]), str(n_due) if n_due else "·"]))
        if shown is None:
            rows.append((MIX, ["∗", t("home.mix", lang), "…", "…", "…"]))
            table.set_rows(columns, rows)
            return t("home.counting", lang), t("home.hint", lang)
        n_due = shown.due[MIX]
        rows.append((MIX, ["∗", t("home.mix", lang), str(shown.total), mastery_bar(shown.mastery[MIX]),
                           str(n_due) if n_due else "·"]))
        table.set_rows(columns, rows)
        summary = t("home.summary", lang, questions=shown.total, answers=shown.answers, due=n_due)
        if shown.drills:
            summary += "\n" + t("home.drills_due", lang, names=app.drill_names(shown.drills))
        return summary, t("home.hint", lang)

    def _work_out(self, key: tuple, bank) -> None:
        """Work the figures out in a thread; the screen redraws when they arrive."""
        if not self.ready:
            self._drawn = ()        # composing: on_mount's relabel starts the thread
            return
        if self._pending == key:
            return
        self._pending = key
        # a description of our own: Textual's default is the callable's repr, which for a partial holding
        # the bank is the repr of every question (seconds at 100,000)
        self.run_worker(partial(self._figures_in_thread, key, bank), thread=True, exclusive=True,
                        group="home-figures", description="home figures", exit_on_error=False)

    def _figures_in_thread(self, key: tuple, bank) -> None:
        try:
            result = figures(self.app, bank)
        except Exception as exc:  # noqa: BLE001  a bug guard: say it, keep the screen usable
            self.app.call_from_thread(self.app.notify, f"{type(exc).__name__}: {exc}", severity="error",
                                      markup=False)
            result = None
        self.app.call_from_thread(self._figures_arrived, key, result)
        if result is not None:
            # A large history: bring the statistics screen's kept sums up to date now, in this thread,
            # once home is filled (for a new bank: a count over every question answered, ~60 ms).
            from quizapp.statistics import warm_up

            warm_up(self.app.storage, bank)

    def _figures_arrived(self, key: tuple, result: Figures | None) -> None:
        if self._pending == key:
            self._pending = None
        if result is None:
            return
        self._figures = (key, result)
        self.relabel(force=True)

    def on_topic_table_row_selected(self, event: TopicTable.RowSelected) -> None:
        event.stop()
        self._open(event.key)

    def action_open_topic(self) -> None:
        table = self.query_one("#topics", TopicTable)
        self._open(table.row_key(table.cursor_row))

    def _open(self, key: str | None) -> None:
        topics = () if key in (None, MIX) else (key,)
        self.app.action_quiz_setup(topics)
