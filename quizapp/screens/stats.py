"""Stats: answers and accuracy per day (sparklines), accuracy per topic, weakest tags, upcoming reviews."""

from __future__ import annotations

from collections import defaultdict

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


def tag_accuracy(bank, per_question: dict[str, tuple[int, int]]) -> list[tuple[str, int, int]]:
    """(tag, answers, correct) for every tag answered at least MIN_ANSWERS_FOR_TAG times, weakest first."""
    by_tag: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for qid, (n, correct) in per_question.items():
        if qid not in bank:
            continue
        for tag in bank.by_id(qid).tags:
            by_tag[tag][0] += n
            by_tag[tag][1] += correct
    rows = [(tag, n, c) for tag, (n, c) in by_tag.items() if n >= MIN_ANSWERS_FOR_TAG]
    return sorted(rows, key=lambda r: (r[2] / r[1], -r[1], r[0]))


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

    def relabel(self) -> None:
        if not self.ready:
            return
        lang = self.lang
        storage = self.app.storage
        bank = self.app.bank
        now = self.app.now()
        days = storage.per_day(DAYS, today=now.astimezone().date())
        per_q = storage.per_question()
        in_bank = {qid: v for qid, v in per_q.items() if qid in bank}
        total = sum(n for n, _ in in_bank.values())
        right = sum(c for _, c in in_bank.values())
        drills = sum(n for qid, (n, _) in per_q.items() if qid.startswith("drill/"))
        title = RichText(t("st.title", lang) + "\n", style="bold")
        if total or drills:
            title.append(t("st.total", lang, n=total, acc=100 * right / total if total else 0))
            if drills:
                title.append(" · " + t("st.drills", lang, n=drills))
        else:
            title.append(t("st.none", lang))
        self.query_one("#stats-title", Static).update(title)
        self.query_one("#per-day-label", Static).update(
            f"{t('st.per_day', lang, days=DAYS)}   ({t('st.today', lang)}: {days[-1].answers})")
        self.query_one("#per-day", Sparkline).data = [d.answers for d in days]
        self.query_one("#per-day-axis", Static).update(f"{days[0].day:%m-%d}{' ' * 50}{days[-1].day:%m-%d}")
        self.query_one("#accuracy-label", Static).update(t("st.accuracy_day", lang))
        self.query_one("#accuracy-day", Static).update(accuracy_bars(days[-7:], lang))
        self.query_one("#stats-body", Static).update(self._body(per_q, now))

    def _body(self, per_q: dict[str, tuple[int, int]], now) -> RichText:
        lang = self.lang
        bank = self.app.bank
        out = RichText()
        out.append("\n" + t("st.per_topic", lang) + "\n", style="bold")
        for topic in TOPICS.values():
            n = c = 0
            for q in bank.by_topic(topic.slug):
                qn, qc = per_q.get(q.id, (0, 0))
                n, c = n + qn, c + qc
            share = c / n if n else 0.0
            bar = "█" * round(share * 10) + "░" * (10 - round(share * 10))
            figure = f"{share * 100:3.0f}%  ({t('st.answers_short', lang, correct=c, n=n)})" if n else "  —"
            out.append(f"  {bar} {figure:<22} {topic.title(lang)}\n")
        out.append("\n" + t("st.weakest", lang) + "\n", style="bold")
        weakest = tag_accuracy(bank, per_q)[:5]
        if not weakest:
            out.append("  —\n")
        for tag, n, c in weakest:
            out.append(f"  {100 * c / n:3.0f}%  {tag}  ({t('st.answers_short', lang, correct=c, n=n)})\n")
        missed = self._usually_missed()
        if missed:
            from quizapp.interview_session import short

            out.append("\n" + t("st.missed_points", lang) + "\n", style="bold")
            for q, i, n, asked in missed:
                point = math(q.answer.key_points[i](lang))
                out.append(f"  {t('st.missed_times', lang, n=n, asked=asked)}  {point}\n")
                out.append(f"      {short(q.prompt(lang), 66)}\n", style="dim")
        out.append("\n" + t("st.upcoming", lang) + "\n", style="bold")
        upcoming = self.app.storage.upcoming(7, now=now)
        due_now = len(self.app.storage.due_ids(now))
        later_today = max(0, upcoming[0][1] - due_now)
        out.append("  " + t("st.due_now", lang, now=due_now, later=later_today))
        out.append("   " + "   ".join(f"{d:%m-%d}: {n}" for d, n in upcoming[1:]) + "\n")
        out.append("  " + t("st.learning_steps", lang) + "\n", style="dim")
        return out

    def _usually_missed(self):
        """Key points missed in mock interviews at least twice (none before the first interviews)."""
        rows = self.app.storage.interview_points()
        if not rows:
            return []
        from quizapp.interview_session import usually_missed

        return usually_missed(self.app.bank, rows)

    def action_back(self) -> None:
        self.dismiss(None)
