"""A quiz or review session without any UI: which item comes next, the score, the exam clock, results.

The screens drive a ``QuizSession``: ``current`` is the item on screen; ``record(outcome)`` stores
how it went; ``advance()`` moves on. ``results()`` summarises a finished session and
``retry_missed()`` starts a new one from the items that went wrong.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from engine.bank.model import ChoiceAnswer, GeneratedAnswer, MultiAnswer, Question

MODES = ("practice", "exam")
SECONDS_PER_QUESTION_IN_EXAM = 90


@dataclass(eq=False)
class Item:
    """One question as asked: a bank question, plus the seed of the variant for generated ones."""

    question: Question              # as shown: a choice question's options in the presented order
    seed: int | None = None
    order: tuple[int, ...] = ()     # choice/multi: the bank index of the option shown at each position
    original: Question | None = None  # the bank's question when ``question`` is a reordered copy

    @property
    def bank_question(self) -> Question:
        return self.original or self.question

    def stored_response(self, response: Any) -> Any:
        """What goes into the history: for reordered options, the chosen options by their bank letter,
        the letters as the learner saw them, and the order shown, so the history says what was seen."""
        if not self.order or response is None:
            return response
        from engine.bank.shuffle import letters

        shown = [response] if isinstance(response, int) else sorted(response)
        return {"answer": letters(sorted(self.order[i] for i in shown)), "shown_as": letters(shown),
                "order": letters(self.order)}

    @property
    def generated(self) -> bool:
        return isinstance(self.question.answer, GeneratedAnswer)

    @cached_property
    def exercise(self):
        """The concrete Exercise of a generated question (None otherwise). Generated on first use."""
        if not self.generated:
            return None
        from engine.generators import get_kind

        answer: GeneratedAnswer = self.question.answer  # type: ignore[assignment]
        return get_kind(answer.kind).generate(self.seed or 0, answer.difficulty)


@dataclass
class Outcome:
    """How one item went. ``status`` is a Verdict status or "rated" (open questions)."""

    item: Item
    status: str
    rating: int | None = None
    seconds: float = 0.0
    verdict: Any = None             # engine.checking.Verdict, None for self-rated answers
    response: Any = None

    @property
    def correct(self) -> bool:
        # A self-rated open answer counts as right when the scheduler treats it as recalled: Hard,
        # Good or Easy (FSRS: only Again is a lapse).
        if self.status == "rated":
            return (self.rating or 0) >= 2
        return self.status == "correct"


@dataclass
class TopicScore:
    correct: int = 0
    answered: int = 0
    unanswered: int = 0


@dataclass
class Results:
    """Right out of *answered*; questions never reached are counted apart, never as wrong."""

    correct: int
    answered: int
    seconds: float
    per_topic: dict[str, TopicScore]
    missed: list[Outcome]
    unanswered: list[Item] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.answered if self.answered else 0.0


class QuizSession:
    """The items of one quiz or review, in order, and what happened to each."""

    def __init__(self, items: Sequence[Item], *, mode: str = "practice", context: str = "quiz",
                 time_limit: float | None = None, clock: Callable[[], float] = time.monotonic,
                 session_id: str | None = None) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self.items: list[Item] = list(items)
        self.mode = mode
        self.context = context
        self.clock = clock
        self.started = clock()
        self.finished_at: float | None = None
        if time_limit is None and mode == "exam":
            time_limit = SECONDS_PER_QUESTION_IN_EXAM * len(self.items)
        self.time_limit = time_limit
        self.outcomes: list[Outcome] = []
        self.index = 0
        self.session_id = session_id or f"{context}-{int(time.time() * 1000)}"

    # -- position ---------------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def position(self) -> int:
        """1-based position of the current item (total + 1 once finished)."""
        return self.index + 1

    @property
    def current(self) -> Item | None:
        return self.items[self.index] if self.index < len(self.items) and not self.finished else None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None or self.index >= len(self.items)

    @property
    def score(self) -> int:
        return sum(o.correct for o in self.outcomes)

    @property
    def answered(self) -> int:
        return len(self.outcomes)

    def record(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)

    def advance(self) -> Item | None:
        """Move to the next item; returns it, or None when the session is over."""
        self.index += 1
        if self.index >= len(self.items):
            self.finish()
            return None
        return self.items[self.index]

    def insert_next(self, item: Item) -> None:
        """Ask ``item`` right after the current one (a new variant the learner asked for)."""
        self.items.insert(self.index + 1, item)

    def finish(self) -> None:
        if self.finished_at is None:
            self.finished_at = self.clock()

    # -- exam clock -------------------------------------------------------------------------------
    def elapsed(self) -> float:
        end = self.finished_at if self.finished_at is not None else self.clock()
        return end - self.started

    def remaining(self) -> float | None:
        if self.time_limit is None:
            return None
        return max(0.0, self.time_limit - self.elapsed())

    @property
    def expired(self) -> bool:
        remaining = self.remaining()
        return remaining is not None and remaining <= 0

    # -- summary ----------------------------------------------------------------------------------
    def results(self) -> Results:
        per_topic: dict[str, TopicScore] = defaultdict(TopicScore)
        answered_items = {id(o.item) for o in self.outcomes}
        for o in self.outcomes:
            score = per_topic[o.item.question.topic]
            score.answered += 1
            score.correct += o.correct
        unanswered = [it for it in self.items if id(it) not in answered_items]
        for it in unanswered:
            per_topic[it.question.topic].unanswered += 1
        return Results(
            correct=self.score,
            answered=len(self.outcomes),
            seconds=self.elapsed(),
            per_topic=dict(per_topic),
            missed=[o for o in self.outcomes if not o.correct],
            unanswered=unanswered,
            outcomes=list(self.outcomes),
        )

    def retry_missed(self) -> "QuizSession":
        """A new session (same mode) of the items answered wrong or left unanswered, same variants."""
        res = self.results()
        items = [present(o.item.bank_question, o.item.seed) for o in res.missed]
        items += [present(it.bank_question, it.seed) for it in res.unanswered]
        return QuizSession(items, mode=self.mode, context=self.context, clock=self.clock)


def pick_items(questions: Sequence[Question], count: int, rng: random.Random | None = None,
               seed_for: Callable[[Question], int] | None = None) -> list[Item]:
    """``count`` questions drawn without repetition, spread evenly over their topics, shuffled.

    Generated questions get a seed (``seed_for(question)`` or a random one)."""
    rng = rng or random.Random()
    by_topic: dict[str, list[Question]] = defaultdict(list)
    for q in questions:
        by_topic[q.topic].append(q)
    for qs in by_topic.values():
        rng.shuffle(qs)
    chosen: list[Question] = []
    topics = sorted(by_topic)
    rng.shuffle(topics)
    while len(chosen) < count and any(by_topic.values()):
        for t in topics:
            if by_topic[t] and len(chosen) < count:
                chosen.append(by_topic[t].pop())
    rng.shuffle(chosen)
    return [make_item(q, rng, seed_for) for q in chosen]


def make_item(question: Question, rng: random.Random | None = None,
              seed_for: Callable[[Question], int] | None = None) -> Item:
    if not isinstance(question.answer, GeneratedAnswer):
        return present(question, shuffle_seed=(rng or random.Random()).randrange(1, 2**31))
    seed = seed_for(question) if seed_for else (rng or random.Random()).randrange(1, 1_000_000)
    return Item(question, seed)


def present(question: Question, seed: int | None = None, *, shuffle_seed: int | None = None) -> Item:
    """An item for ``question``; choice and multi questions get their options in the order drawn from
    ``shuffle_seed`` (a fresh one when None), so each presentation may differ from the last."""
    if not isinstance(question.answer, (ChoiceAnswer, MultiAnswer)):
        return Item(question, seed)
    from engine.bank.shuffle import shuffled

    if shuffle_seed is None:
        shuffle_seed = random.randrange(1, 2**31)
    shown, order = shuffled(question, shuffle_seed)
    return Item(shown, seed, order=order, original=question)
