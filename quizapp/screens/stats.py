"""Stats: answers and accuracy per day (sparklines), accuracy per topic, weakest tags, upcoming reviews."""

from __future__ import annotations

from functools import partial

from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Sparkline, Static

from engine.bank.topics import TOPICS
from engine.mathtext import render as math
from quizapp.i18n import t
from quizapp.screens.base import BaseScreen
from quizapp.statistics import DAYS, SYNC_ANSWERS, StatsData, stats_data
from quizapp.widgets.key_footer import KeyFooter



def accuracy_bars(days, lang: str) -> RichText:
    """One bar per day on a fixed 0-100 % scale (a day at 0 % is an empty bar, never a full one); days
    without answers say so instead of drawing anything."""
    out = RichText()
    for d in days:
        out.append(f"  {d.day:%m-%d} ")
        if not d.answers:
            out.append(t("st.no_answers", lang) + "\n", style="dim")
            continue
        share = d.correct / d.answers
        filled = round(share * 20)
        out.append("█" * filled, style="green")
        out.append("░" * (20 - filled), style="grey37")
        out.append(f" {100 * share:3.0f}%  ({d.correct}/{d.answers})\n")
    return out


class StatsScreen(BaseScreen):
    CSS_PATH = "stats.tcss"
    BINDINGS = [Binding("escape", "back", "key.back")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats"):
            yield Static("", id="stats-title", markup=False)
            yield Static("", id="per-day-label", markup=False)
            yield Sparkline([], id="per-day", summary_function=max)
            yield Static("", id="per-day-axis", markup=False)
            yield Static("", id="accuracy-label", markup=False)
            yield Static("", id="accuracy-day", markup=False)
            yield Static("", id="stats-body", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#stats").focus()

    _data: tuple | None = None         # (what it was worked out from, StatsData)
    _pending: tuple | None = None

    def relabel(self) -> None:
        if not self.ready:
            return
        app = self.app
        now = app.now()
        key = (id(app.bank), app.storage.last_change(), now.replace(second=0, microsecond=0))
        if self._data is not None and self._data[0] == key:
            self._show(self._data[1], now)
        elif app.storage.last_change()[0] <= SYNC_ANSWERS:
            self._data = (key, stats_data(app, app.bank, now))
            self._show(self._data[1], now)
        else:
            self.query_one("#stats-title", Static).update(RichText(t("st.title", self.lang) + "\n", style="bold")
                                                          + RichText(t("home.counting", self.lang)))
            if self._pending != key:
                self._pending = key
                self.run_worker(partial(self._data_in_thread, key, now), thread=True, exclusive=True,
                                group="stats-data", description="statistics", exit_on_error=False)

    def _data_in_thread(self, key: tuple, now) -> None:
        try:
            data = stats_data(self.app, self.app.bank, now)
        except Exception as exc:  # noqa: BLE001  a bug guard: say it, keep the screen usable
            self.app.call_from_thread(self.app.notify, f"{type(exc).__name__}: {exc}", severity="error",
                                      markup=False)
            data = None
        self.app.call_from_thread(self._data_arrived, key, data, now)

    def _data_arrived(self, key: tuple, data: StatsData | None, now) -> None:
        if self._pending == key:
            self._pending = None
        if data is not None:
            self._data = (key, data)
            self._show(data, now)

    def _show(self, data: StatsData, now) -> None:
        lang = self.lang
        days = data.days
        title = RichText(t("st.title", lang) + "\n", style="bold")
        if data.total or data.drills:
            title.append(t("st.total", lang, n=data.total, acc=100 * data.right / data.total if data.total else 0))
            if data.drills:
                title.append(" · " + t("st.drills", lang, n=data.drills))
        else:
            title.append(t("st.none", lang))
        self.query_one("#stats-title", Static).update(title)
        self.query_one("#per-day-label", Static).update(
            f"{t('st.per_day', lang, days=DAYS)}   ({t('st.today', lang)}: {days[-1].answers})")
        self.query_one("#per-day", Sparkline).data = [d.answers for d in days]
        self.query_one("#per-day-axis", Static).update(f"{days[0].day:%m-%d}{' ' * 50}{days[-1].day:%m-%d}")
        self.query_one("#accuracy-label", Static).update(t("st.accuracy_day", lang))
        self.query_one("#accuracy-day", Static).update(accuracy_bars(days[-7:], lang))
        self.query_one("#stats-body", Static).update(self._body(data))

    def _body(self, data: StatsData) -> RichText:
        lang = self.lang
        out = RichText()
        out.append("\n" + t("st.per_topic", lang) + "\n", style="bold")
        for topic in TOPICS.values():
            n, c = data.per_topic.get(topic.slug, (0, 0))
            share = c / n if n else 0.0
            bar = "█" * round(share * 10) + "░" * (10 - round(share * 10))
            figure = f"{share * 100:3.0f}%  ({t('st.answers_short', lang, correct=c, n=n)})" if n else "  —"
            out.append(f"  {bar} {figure:<22} {topic.title(lang)}\n")
        out.append("\n" + t("st.weakest", lang) + "\n", style="bold")
        weakest = data.weakest[:5]
        if not weakest:
            out.append("  —\n")
        for tag, n, c in weakest:
            out.append(f"  {100 * c / n:3.0f}%  {tag}  ({t('st.answers_short', lang, correct=c, n=n)})\n")
        if data.missed:
            from quizapp.interview_session import short

            out.append("\n" + t("st.missed_points", lang) + "\n", style="bold")
            for q, i, n, asked in data.missed:
                point = math(q.answer.key_points[i](lang))
                out.append(f"  {t('st.missed_times', lang, n=n, asked=asked)}  {point}\n")
                out.append(f"      {short(q.prompt(lang), 66)}\n", style="dim")
        out.append("\n" + t("st.upcoming", lang) + "\n", style="bold")
        upcoming = data.upcoming
        later_today = max(0, upcoming[0][1] - data.due_now)
        out.append("  " + t("st.due_now", lang, now=data.due_now, later=later_today))
        out.append("   " + "   ".join(f"{d:%m-%d}: {n}" for d, n in upcoming[1:]) + "\n")
        out.append("  " + t("st.learning_steps", lang) + "\n", style="dim")
        return out

    def action_back(self) -> None:
        self.dismiss(None)
