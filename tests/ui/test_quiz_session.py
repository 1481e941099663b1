"""The session logic without UI: order, score, exam clock, results, retry."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from quizapp.session import Item, Outcome, QuizSession, pick_items

from ui_bank import ALL, CHOICE, GENERATED, MULTI, NUMERIC, OPEN, TRUEFALSE


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_score_results_and_retry() -> None:
    clock = Clock()
    items = [Item(CHOICE), Item(NUMERIC), Item(OPEN), Item(TRUEFALSE)]
    s = QuizSession(items, clock=clock)
    assert (s.position, s.total, s.current) == (1, 4, items[0])
    s.record(Outcome(items[0], "correct"))
    s.advance()
    s.record(Outcome(items[1], "incorrect", response="0.7"))
    s.advance()
    s.record(Outcome(items[2], "rated", rating=2))     # Hard: recalled, as FSRS treats it
    s.advance()
    clock.t += 65
    s.finish()                                        # the last one left unanswered
    r = s.results()
    assert (r.correct, r.answered, r.seconds) == (2, 3, 65)      # right out of answered
    assert r.percent == pytest.approx(200 / 3)
    assert {k: (v.correct, v.answered, v.unanswered) for k, v in r.per_topic.items()} == {
        "nn-basics": (1, 1, 1), "attention": (0, 1, 0), "training": (1, 1, 0)}
    assert [o.item.question.id for o in r.missed] == [NUMERIC.id]
    assert [i.question.id for i in r.unanswered] == [TRUEFALSE.id]
    retry = s.retry_missed()
    assert [i.question.id for i in retry.items] == [NUMERIC.id, TRUEFALSE.id]


def test_rated_again_is_missed_hard_is_not() -> None:
    from quizapp.scheduling import AGAIN, HARD

    again, hard = Outcome(Item(OPEN), "rated", rating=AGAIN), Outcome(Item(OPEN), "rated", rating=HARD)
    assert not again.correct and hard.correct


def test_exam_clock_expires() -> None:
    clock = Clock()
    s = QuizSession([Item(CHOICE), Item(MULTI)], mode="exam", clock=clock)
    assert s.time_limit == 180
    clock.t += 179
    assert not s.expired and s.remaining() == pytest.approx(1)
    clock.t += 1
    assert s.expired


def test_generated_items_get_a_seed_and_an_exercise() -> None:
    item = pick_items([GENERATED], 1, random.Random(3))[0]
    assert item.seed is not None
    assert item.exercise.kind == "activation" and item.exercise.seed == item.seed


def test_pick_items_spreads_over_topics_without_repeats() -> None:
    items = pick_items(list(ALL), 6, random.Random(1))
    ids = [i.question.id for i in items]
    assert len(set(ids)) == 6
    topics = Counter(i.question.topic for i in items)
    assert set(topics) == {"nn-basics", "attention", "training"}   # every topic represented
    assert len(pick_items(list(ALL), 50, random.Random(1))) == len(ALL)


def test_insert_variant_next() -> None:
    s = QuizSession([Item(GENERATED, 1), Item(CHOICE)])
    s.insert_next(Item(GENERATED, 2))
    assert [i.seed for i in s.items] == [1, 2, None]
