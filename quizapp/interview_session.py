"""A mock interview without any UI: the questions in the order asked, the clocks, what each answer
made, and the closing report (as text for the screen and as Markdown for ``--report``).

The screen (quizapp.screens.interview) drives an ``InterviewSession``: ``current`` is the step on
screen; ``record(answer)`` stores how it went; ``advance()`` moves on. A chain is asked whole — a
follow-up comes after its parent whatever the parent's result, as an interviewer drills down — and a
question two chains share is asked once. ``build_report(session)`` summarises a finished one.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.bank.model import GeneratedAnswer, OpenAnswer, Question
from engine.interview.matching import GOOD, HARD
from engine.interview.plan import Profile, minutes_for
from engine.mathtext import render as math
from engine.text import Text
from quizapp.i18n import t
from quizapp.session import Item, make_item

MAX_REVIEW = 8       # questions listed under "what to do next"
MAX_DRILLS = 3
MAX_TAGS = 5


@dataclass
class Step:
    """One question as the interview asks it."""

    item: Item
    chain: int                       # 0-based index of its chain
    depth: int                       # 0 for the opening question, 1.. for follow-ups
    budget: float                    # seconds an interviewer would give it

    @property
    def question(self) -> Question:
        return self.item.bank_question

    @property
    def is_open(self) -> bool:
        return isinstance(self.question.answer, OpenAnswer)


@dataclass
class StepAnswer:
    """How one step went. Open questions: ``points`` (confirmed by the learner), ``suggested`` (what
    the matcher pre-ticked), ``typed``; other types: the checker's ``status`` and the ``response``."""

    step: Step
    status: str                      # correct | incorrect | rated
    rating: int
    seconds: float
    typed: str = ""
    points: tuple[bool, ...] = ()
    suggested: tuple[bool, ...] = ()
    timed_out: bool = False
    aloud: bool = False
    response: Any = None

    @property
    def good(self) -> bool:
        return self.rating >= GOOD

    def stored_response(self) -> Any:
        """What goes into the answers table's response column (JSON)."""
        if self.step.is_open:
            return {"typed": self.typed, "points": list(self.points), "suggested": list(self.suggested),
                    "aloud": self.aloud, "timed_out": self.timed_out}
        response = self.step.item.stored_response(self.response)
        if isinstance(response, (set, frozenset)):
            response = sorted(response)
        return response


def store_answer(storage, reviewer, session: "InterviewSession", answer: StepAnswer, now):
    """Record ``answer`` in ``session``, store it (context "interview"; an open question's response
    holds each key point's result) through ``storage`` (quizapp.storage.Storage) and review its FSRS
    card with ``reviewer``. Returns (the write's WriteStatus, the card's next due time)."""
    from quizapp.storage import AnswerRecord

    session.record(answer)
    q, item = answer.step.question, answer.step.item
    status = storage.record_answer(AnswerRecord(
        question_id=q.id, topic=q.topic, status=answer.status, context="interview", seed=item.seed,
        rating=answer.rating, response=answer.stored_response(), seconds=round(answer.seconds, 2),
        session=session.session_id, answered_at=now))
    card = reviewer.review(q.id, q.topic, answer.rating, seed=item.seed, seconds=answer.seconds, now=now)
    return status, card.due


def build_steps(chains: Sequence[Sequence[Question]], rng: random.Random,
                seed_for: Callable[[Question], int] | None = None) -> list[Step]:
    """The chains' questions in order, each asked once (a question two chains share comes with the
    first)."""
    steps: list[Step] = []
    seen: set[str] = set()
    for n, chain in enumerate(chains):
        for depth, q in enumerate(chain):
            if q.id in seen:
                continue
            seen.add(q.id)
            steps.append(Step(make_item(q, rng, seed_for), n, depth, minutes_for(q) * 60.0))
    return steps


class InterviewSession:
    """The steps of one interview, the clocks, and the answers given."""

    def __init__(self, steps: Sequence[Step], profile: Profile, minutes: float, *,
                 clock: Callable[[], float] = time.monotonic, session_id: str | None = None) -> None:
        self.steps = list(steps)
        self.profile = profile
        self.minutes = minutes
        self.clock = clock
        self.started: float | None = None
        self.shown_at = 0.0
        self.finished_at: float | None = None
        self.index = 0
        self.answers: list[StepAnswer] = []
        self.session_id = session_id or f"interview-{int(time.time() * 1000)}"

    # -- position ---------------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def position(self) -> int:
        return self.index + 1

    @property
    def chains(self) -> int:
        return len({s.chain for s in self.steps})

    @property
    def current(self) -> Step | None:
        if self.finished or self.index >= len(self.steps):
            return None
        return self.steps[self.index]

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    def parent_of(self, step: Step) -> Step | None:
        """The question whose follow-up ``step`` is (asked earlier in its chain), None for an opening."""
        if step.depth == 0:
            return None
        i = self.steps.index(step)
        for earlier in reversed(self.steps[:i]):
            if earlier.chain == step.chain and step.question.id in earlier.question.follow_ups:
                return earlier
        return None

    def start(self) -> None:
        if self.started is None:
            self.started = self.clock()
            self.shown_at = self.started

    def record(self, answer: StepAnswer) -> None:
        self.answers.append(answer)

    def advance(self) -> Step | None:
        """The next step (its clock starts now), or None when the interview is over: all asked, or
        the time is up (the question on screen when it ran out was still answered)."""
        self.index += 1
        if self.index >= len(self.steps) or self.expired:
            self.finish()
            return None
        self.shown_at = self.clock()
        return self.steps[self.index]

    def finish(self) -> None:
        if self.finished_at is None:
            self.finished_at = self.clock()

    # -- clocks -----------------------------------------------------------------------------------
    def elapsed(self) -> float:
        if self.started is None:
            return 0.0
        end = self.finished_at if self.finished_at is not None else self.clock()
        return end - self.started

    def remaining(self) -> float:
        return max(0.0, self.minutes * 60.0 - self.elapsed())

    @property
    def expired(self) -> bool:
        return self.started is not None and self.remaining() <= 0

    def question_elapsed(self) -> float:
        return 0.0 if self.started is None else self.clock() - self.shown_at

    def question_remaining(self) -> float:
        step = self.current
        return 0.0 if step is None else max(0.0, step.budget - self.question_elapsed())

    def planned_minutes(self) -> float:
        return sum(s.budget for s in self.steps) / 60.0


# -- the report -------------------------------------------------------------------------------------
@dataclass
class Report:
    profile: Profile
    minutes: float
    seconds: float
    answers: list[StepAnswer]
    not_reached: list[Step]
    missed_points: list[tuple[Question, list[Text]]]
    weak_tags: list[tuple[str, int, int]]            # tag, answers below Good, answers with the tag
    review: list[Question]
    drills: list[str]                                # generator kinds
    score: tuple[int, int] = (0, 0)                   # answers rated Good or better, answers
    points: tuple[int, int] = (0, 0)                  # key points made, key points asked
    saved_to: str | None = field(default=None)


def _drill_kinds(weak: Sequence[StepAnswer], tag_counts: Counter) -> list[str]:
    """Generator kinds worth practising after these weak answers: a generated question's own kind
    first, then kinds named by a weak tag ("lstm" → lstm-step), then kinds of the weakest topics."""
    from engine.generators import KINDS

    out: list[str] = []

    def add(kind: str) -> None:
        if kind in KINDS and kind not in out:
            out.append(kind)

    for a in weak:
        if isinstance(a.step.question.answer, GeneratedAnswer):
            add(a.step.question.answer.kind)
    for tag, _n in tag_counts.most_common():
        for kind in KINDS:
            if tag == kind or tag in kind.split("-"):
                add(kind)
    topics = Counter(a.step.question.topic for a in weak)
    for topic, _n in topics.most_common():
        for name, kind in KINDS.items():
            if kind.topic == topic:
                add(name)
    return out[:MAX_DRILLS]


def build_report(session: InterviewSession) -> Report:
    answers = list(session.answers)
    answered = {id(a.step) for a in answers}
    not_reached = [s for s in session.steps if id(s) not in answered]
    missed: list[tuple[Question, list[Text]]] = []
    made = asked = 0
    for a in answers:
        if a.step.is_open and a.points:
            oa: OpenAnswer = a.step.question.answer  # type: ignore[assignment]
            gone = [oa.key_points[i] for i, ok in enumerate(a.points) if not ok]
            made += sum(a.points)
            asked += len(a.points)
            if gone:
                missed.append((a.step.question, gone))
    weak = [a for a in answers if not a.good]
    tag_total: Counter = Counter(tag for a in answers for tag in a.step.question.tags)
    tag_weak: Counter = Counter(tag for a in weak for tag in a.step.question.tags)
    weak_tags = sorted(((tag, n, tag_total[tag]) for tag, n in tag_weak.items()),
                       key=lambda x: (-x[1], -x[1] / x[2], x[0]))[:MAX_TAGS]
    review = [a.step.question for a in sorted(weak, key=lambda a: a.rating) if a.rating <= HARD][:MAX_REVIEW]
    return Report(session.profile, session.minutes, session.elapsed(), answers, not_reached, missed, weak_tags,
                  review, _drill_kinds(weak, tag_weak), (sum(a.good for a in answers), len(answers)),
                  (made, asked))


def _clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60:d}:{seconds % 60:02d}"


def short(text: str, limit: int = 60) -> str:
    """A prompt on one line: math rendered, whitespace squeezed, cut to ``limit`` terminal cells
    (a Chinese character takes two)."""
    from rich.cells import cell_len

    one = " ".join(math(text).split())
    if cell_len(one) <= limit:
        return one
    out, width = [], 0
    for ch in one:
        width += cell_len(ch)
        if width > limit - 1:
            break
        out.append(ch)
    return "".join(out).rstrip() + "…"


def result_text(a: StepAnswer, lang: str) -> str:
    """✓/✗ and, for an open question, the points made: "2/3 points · Good"."""
    rating = t(f"rating.{a.rating}", lang)
    if a.step.is_open:
        got = t("iv.points_made", lang, made=sum(a.points), total=len(a.points))
        extra = (" · " + t("iv.timed_out", lang)) if a.timed_out else ""
        return f"{got} · {rating}{extra}"
    mark = "✓" if a.status == "correct" else "✗"
    return f"{mark} · {rating}"


def report_sections(report: Report, lang: str) -> list[tuple[str, str, list[str]]]:
    """The report as (key, heading, lines) sections; lines starting "- " are bullets, "    - " their
    sub-bullets; the "questions" section's lines are the rows of a table (see report_markdown)."""
    r = report
    summary = [t("iv.rep_focus", lang, focus=r.profile.title(lang)),
               t("iv.rep_time", lang, used=_clock(r.seconds), minutes=f"{r.minutes:g}"),
               t("iv.rep_score", lang, good=r.score[0], total=r.score[1])]
    if r.points[1]:
        summary.append(t("iv.rep_points", lang, made=r.points[0], total=r.points[1]))
    if r.not_reached:
        summary.append(t("iv.rep_not_reached", lang, n=len(r.not_reached)))
    sections: list[tuple[str, str, list[str]]] = [("summary", "", summary)]
    rows = [f"{n}. {'↳ ' if a.step.depth else ''}{short(a.step.question.prompt(lang), 66)}\n"
            f"     {t('iv.rep_took', lang, used=_clock(a.seconds), budget=_clock(a.step.budget))} · "
            f"{result_text(a, lang)}"
            for n, a in enumerate(r.answers, 1)]
    sections.append(("questions", t("iv.rep_per_question", lang), rows or [t("iv.rep_nothing", lang)]))
    if r.missed_points:
        lines = []
        for q, points in r.missed_points:
            lines.append(f"- {short(q.prompt(lang), 68)}")
            lines += [f"    - {' '.join(math(p(lang)).split())}" for p in points]
        sections.append(("missed", t("iv.rep_missed", lang), lines))
    if r.weak_tags:
        sections.append(("tags", t("iv.rep_weak_tags", lang),
                         [f"- {tag} ({t('iv.rep_tag_count', lang, weak=n, total=total)})"
                          for tag, n, total in r.weak_tags]))
    todo = []
    if r.review:
        todo.append("- " + t("iv.rep_review", lang))
        todo += [f"    - {short(q.prompt(lang), 50)} ({q.id})" for q in r.review]
    if r.drills:
        from engine.generators import KINDS

        todo.append("- " + t("iv.rep_drills", lang))
        todo += [f"    - quizapp drill {k} ({KINDS[k].title(lang)})" for k in r.drills]
    if r.not_reached:
        todo.append("- " + t("iv.rep_again", lang))
    if not todo:
        todo.append("- " + t("iv.rep_all_good", lang))
    sections.append(("next", t("iv.rep_next", lang), todo))
    return sections


def report_text(report: Report, lang: str) -> str:
    """The report for the screen: headings, then their lines indented, bullets as • and ·."""
    out = [t("iv.rep_title", lang), ""]
    for _key, heading, lines in report_sections(report, lang):
        indent = "  " if heading else ""
        if heading:
            out.append(heading)
        for line in lines:
            if line.startswith("    - "):
                line = "    · " + line[6:]
            elif line.startswith("- "):
                line = "• " + line[2:]
            out += [indent + part for part in line.split("\n")]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def report_markdown(report: Report, lang: str, when: str = "") -> str:
    """The report as Markdown (``--report FILE.md``): the time per question as a table."""
    title = t("iv.rep_title", lang) + (f" · {when}" if when else "")
    out = [f"# {_md(title)}", ""]
    for key, heading, lines in report_sections(report, lang):
        if heading:
            out += [f"## {_md(heading)}", ""]
        if key == "questions" and report.answers:
            out += [t("iv.md_table_head", lang), "|---|---|---|---|---|"]
            for n, a in enumerate(report.answers, 1):
                q = a.step.question
                out.append(f"| {n} | {'↳ ' if a.step.depth else ''}{_md(short(q.prompt(lang), 80))} (`{q.id}`) | "
                           f"{_clock(a.seconds)} | {_clock(a.step.budget)} | {_md(result_text(a, lang))} |")
        else:
            for line in lines:
                if line.startswith("    - quizapp drill "):
                    command, _, rest = line[6:].partition(" (")
                    out.append(f"  - `{command}` ({_md(rest)}")
                elif line.startswith("    - "):
                    out.append("  - " + _md(line[6:]))
                elif line.startswith("- "):
                    out.append("- " + _md(line[2:]))
                else:
                    out.append(_md(line) + "  ")     # two spaces: a line break in Markdown
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _md(text: str) -> str:
    """Text with the characters Markdown would read as formatting escaped."""
    for ch in ("\\", "*", "_", "`", "[", "]", "<", ">", "|"):
        text = text.replace(ch, "\\" + ch)
    return text


def write_report(text: str, path) -> str | None:
    """Write ``text`` to ``path`` atomically; None when it worked, else one line saying why not."""
    from pathlib import Path

    from engine.export.atomic import atomic_open

    target = Path(path)
    try:
        with atomic_open(target) as f:
            f.write(text)
    except OSError as exc:
        return f"{target}: {exc.strerror or exc}"
    return None


def user_focus_file(data_dir) -> Path:
    """The user's own focus profiles: focus.toml beside the user bank folder (in the data folder, not
    inside bank/, where every *.toml is read as questions)."""
    from engine.bank.paths import user_bank_dir

    return user_bank_dir(data_dir).parent / "focus.toml"


def focus_profiles(data_dir) -> tuple[dict[str, Profile], str | None]:
    """The built-in profiles and the user's; with a broken user file, the built-in ones and why."""
    from engine.interview.plan import ProfileError, load_profiles

    try:
        return load_profiles(user_focus_file(data_dir)), None
    except (ProfileError, OSError, UnicodeDecodeError) as exc:
        return load_profiles(None), str(exc)


def usually_missed(bank, rows, limit: int = 5, at_least: int = 2) -> list[tuple[Question, int, int, int]]:
    """The key points most often missed in mock interviews: (question, point index, times missed,
    times asked), from Storage.interview_points() rows; points missed fewer than ``at_least`` times
    are left out; most missed first."""
    import json

    asked: Counter = Counter()
    missed: Counter = Counter()
    for qid, response in rows:
        if qid not in bank:
            continue
        try:
            points = json.loads(response).get("points")
        except (ValueError, AttributeError):
            continue
        if not isinstance(points, list):
            continue
        n_points = len(getattr(bank.by_id(qid).answer, "key_points", ()))
        for i, made in enumerate(points[:n_points]):
            asked[(qid, i)] += 1
            missed[(qid, i)] += not made
    out = [(bank.by_id(qid), i, n, asked[(qid, i)]) for (qid, i), n in missed.items() if n >= at_least]
    return sorted(out, key=lambda x: (-x[2], -x[2] / x[3], x[0].id, x[1]))[:limit]
