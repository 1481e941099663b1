"""Stats: answers and accuracy per day (sparklines), accuracy per topic, weakest tags, upcoming reviews."""

from __future__ import annotations

from dataclasses import dataclass
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
from quizapp.widgets.key_footer import KeyFooter

DAYS = 14
MIN_ANSWERS_FOR_TAG = 2
# Above this many answers the figures are worked out in a thread; below, at once (the first frame has them).
SYNC_ANSWERS = 10_000


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


@dataclass(frozen=True)
class StatsData:
    """Everything the statistics screen shows, worked out in one pass (in a thread when large)."""

    days: list                                  # DayCount per local day, oldest first
    total: int                                  # answers to bank questions
    right: int
    drills: int                                 # whole drills answered
    per_topic: dict[str, tuple[int, int]]       # topic -> (answers, right ones)
    weakest: list[tuple[str, int, int]]         # (tag, answers, right ones), weakest first
    missed: list                                # key points usually missed in mock interviews
    upcoming: list                              # (local day, reviews due that day), today first
    due_now: int


def stats_data(app, bank, now) -> StatsData:
    """The figures, from indexed queries: per_day reads only the days shown, per-question totals are kept
    as answers arrive. Safe to call from a thread (nothing here touches a widget)."""
    storage = app.storage
    days = storage.per_day(DAYS, today=now.astimezone().date())
    sums = answer_sums(storage, bank)
    weakest = sorted(((tag, n, c) for tag, (n, c) in sums["tags"].items() if n >= MIN_ANSWERS_FOR_TAG),
                     key=lambda r: (r[2] / r[1], -r[1], r[0]))
    return StatsData(days, sums["total"], sums["right"], sums["drills"],
                     {k: (v[0], v[1]) for k, v in sums["topics"].items()}, weakest,
                     _usually_missed(storage, bank), storage.upcoming(7, now=now), storage.due_count(now))


def answer_sums(storage, bank) -> dict:
    """Answers and right ones: to bank questions in all, per topic, per tag; drills apart.

    These are sums over answers, so they are kept in the database (with the bank's fingerprint and the
    last answer counted) and brought up to date from the answers given since — a few rows — instead of
    going through every question answered (~150 ms at 50,000) each time the screen opens."""
    import json

    from quizapp.scheduling import KnownQuestions

    fingerprint = KnownQuestions.of(bank).tags_fingerprint
    last, count = storage.answer_marks()
    try:
        kept = json.loads(storage.get_note("stats-sums") or "null")
        if (isinstance(kept, dict) and kept.get("bank") == fingerprint and isinstance(kept.get("last"), int)
                and kept["last"] <= last):
            new = storage.whole_answers_between(kept["last"], last) if kept["last"] < last else []
            if kept.get("count") == count - len(new):
                for qid, graded, recalled in new:
                    _add(kept, bank, qid, graded, recalled)
                if new:
                    kept.update(last=last, count=count)
                    storage.put_note("stats-sums", json.dumps(kept, ensure_ascii=False))
                return kept
    except (ValueError, TypeError, KeyError, AttributeError):
        pass
    sums = {"bank": fingerprint, "last": last, "count": count, "total": 0, "right": 0, "drills": 0,
            "topics": {}, "tags": {}}
    qids, graded, recalled = storage.per_question_columns()
    if storage.answer_marks() != (last, count):      # answers arrived meanwhile: count them next time
        sums["last"], sums["count"] = -1, -1
    _add_all(sums, bank, qids, graded, recalled)
    storage.put_note("stats-sums", json.dumps(sums, ensure_ascii=False))
    return sums


def _add_all(sums: dict, bank, qids: list[str], graded: list[int], recalled: list[int]) -> None:
    """``_add`` for every question at once (the first time for a bank): summed first per (topic, tags)
    -- questions share them, a few hundred in a bank of 100,000 -- then spread over topics and tags
    (50,000 questions answered: ~25 ms)."""
    topics, tags = bank.topics, bank.tags
    groups: dict[tuple, list[int]] = {}
    for i, qid, n, c in zip(bank.positions(qids), qids, graded, recalled):
        if not n:
            continue
        if i is None:
            if qid.startswith("drill/"):
                sums["drills"] += n
            continue
        key = (topics[i], tags[i])
        counts = groups.get(key)
        if counts is None:
            groups[key] = [n, c]
        else:
            counts[0] += n
            counts[1] += c
    for (topic, its_tags), (n, c) in groups.items():
        sums["total"] += n
        sums["right"] += c
        for name, kind in ((topic, "topics"), *((tag, "tags") for tag in its_tags)):
            counts = sums[kind].setdefault(name, [0, 0])
            counts[0] += n
            counts[1] += c


def _add(sums: dict, bank, qid: str, n: int, c: int) -> None:
    if not n:
        return
    topic = bank.topic_of(qid)      # topic and tags without reading the question (a cached bank)
    if topic is not None:
        sums["total"] += n
        sums["right"] += c
        counts = sums["topics"].setdefault(topic, [0, 0])
        counts[0] += n
        counts[1] += c
        for tag in bank.tags_of(qid):
            counts = sums["tags"].setdefault(tag, [0, 0])
            counts[0] += n
            counts[1] += c
    elif qid.startswith("drill/"):
        sums["drills"] += n


def _usually_missed(storage, bank):
    """Key points missed in mock interviews at least twice (none before the first interviews)."""
    rows = storage.interview_points()
    if not rows:
        return []
    from quizapp.interview_session import usually_missed

    return usually_missed(bank, rows)


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
