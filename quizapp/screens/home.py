"""Home: the six topics with question counts, mastery and reviews due; the way into everything."""

from __future__ import annotations

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
        return (lang, app.bank is None, app.storage.answer_count(), minute)

    def relabel(self) -> None:
        if not self.ready:
            return
        lang = self.lang
        if self._signature(lang) == self._drawn:
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
        ids_all = bank.ids
        now = app.now()
        due = set(app.reviewer.due_ids(ids_all, now=now))
        # Due drills count with their topic's reviews: "r" runs them after the due questions.
        drills = app.due_drills()
        drill_topics = []
        if drills:  # engine.generators (NumPy) only when a drill is due
            from engine.generators import KINDS

            drill_topics = [KINDS[kind].topic for kind in drills]
        for topic in TOPICS.values():
            ids = bank.topic_ids(topic.slug)
            n_due = sum(1 for i in ids if i in due) + drill_topics.count(topic.slug)
            rows.append((topic.slug, [str(topic.number), topic.title(lang), str(len(ids)),
                                      mastery_bar(app.reviewer.mastery(ids, now)), str(n_due) if n_due else "·"]))
        n_due = len(due) + len(drills)
        rows.append((MIX, ["∗", t("home.mix", lang), str(len(ids_all)), mastery_bar(app.reviewer.mastery(ids_all, now)),
                           str(n_due) if n_due else "·"]))
        table.set_rows(columns, rows)
        summary = t("home.summary", lang, questions=len(ids_all), answers=app.storage.answer_count(), due=n_due)
        if drills:
            summary += "\n" + t("home.drills_due", lang, names=app.drill_names(drills))
        return summary, t("home.hint", lang)

    def on_topic_table_row_selected(self, event: TopicTable.RowSelected) -> None:
        event.stop()
        self._open(event.key)

    def action_open_topic(self) -> None:
        table = self.query_one("#topics", TopicTable)
        self._open(table.row_key(table.cursor_row))

    def _open(self, key: str | None) -> None:
        topics = () if key in (None, MIX) else (key,)
        self.app.action_quiz_setup(topics)
