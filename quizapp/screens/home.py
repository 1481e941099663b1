"""Home: the six topics with question counts, mastery and reviews due; the way into everything."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static

from engine.bank.topics import TOPICS
from quizapp.i18n import t
from quizapp.screens.base import BaseScreen

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
        Binding("s", "app.stats", "key.stats"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Static("", id="home-title", markup=False)
            yield DataTable(id="topics", cursor_type="row", zebra_stripes=True)
            yield Static("", id="home-summary", markup=False)
            yield Static("", id="home-hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#topics", DataTable).focus()

    def on_screen_resume(self) -> None:
        self.lang = self.app.lang
        self.relabel()  # counts, mastery and due change after every quiz

    def relabel(self) -> None:
        if not self.ready:
            return
        lang = self.lang
        app = self.app
        self.query_one("#home-title", Static).update(t("app.title", lang))
        table = self.query_one("#topics", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        # Explicit widths: auto-sizing races with the rows being replaced on every relabel.
        titles = [topic.title(lang) for topic in TOPICS.values()] + [t("home.mix", lang)]
        table.add_column("#", key="n", width=1)
        table.add_column(t("home.topic", lang), key="topic", width=max(cell_len(x) for x in titles))
        table.add_column(t("home.questions", lang), key="count", width=max(9, cell_len(t("home.questions", lang))))
        table.add_column(t("home.mastery", lang), key="mastery", width=15)
        table.add_column(t("home.due", lang), key="due", width=max(5, cell_len(t("home.due", lang))))
        ids_all = [q.id for q in app.bank.questions]
        now = app.now()
        due = set(app.reviewer.due_ids(ids_all, now=now))
        for topic in TOPICS.values():
            ids = [q.id for q in app.bank.by_topic(topic.slug)]
            n_due = sum(1 for i in ids if i in due)
            table.add_row(str(topic.number), topic.title(lang), str(len(ids)),
                          mastery_bar(app.reviewer.mastery(ids, now)), str(n_due) if n_due else "·", key=topic.slug)
        table.add_row("∗", t("home.mix", lang), str(len(ids_all)), mastery_bar(app.reviewer.mastery(ids_all, now)),
                      str(len(due)) if due else "·", key=MIX)
        if row is not None and 0 <= row < table.row_count:
            table.move_cursor(row=row)
        summary = t("home.summary", lang, questions=len(ids_all), answers=app.storage.answer_count(), due=len(due))
        self.query_one("#home-summary", Static).update(summary)
        self.query_one("#home-hint", Static).update(t("home.hint", lang))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open(event.row_key.value)

    def action_open_topic(self) -> None:
        table = self.query_one("#topics", DataTable)
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self._open(key)

    def _open(self, key: str | None) -> None:
        topics = () if key in (None, MIX) else (key,)
        self.app.action_quiz_setup(topics)
