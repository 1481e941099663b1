"""FSRS through the fsrs package: right → Good, wrong → Again, due dates, mastery, fresh variants."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from fsrs import Scheduler

from quizapp.scheduling import AGAIN, EASY, GOOD, HARD, Reviewer, rating_for_status
from quizapp.storage import Storage

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


def test_ratings_are_fsrs_ratings() -> None:
    from fsrs import Rating

    assert (AGAIN, HARD, GOOD, EASY) == (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)


def test_rating_for_status() -> None:
    assert rating_for_status("correct") == GOOD
    assert rating_for_status("incorrect") == AGAIN
    assert rating_for_status("invalid") is None


def test_wrong_comes_back_sooner_than_right(tmp_path) -> None:
    r = Reviewer(Storage(tmp_path / "p.db"), Scheduler(enable_fuzzing=False))
    wrong = r.review("q1", "nn-basics", AGAIN, now=NOW)
    right = r.review("q2", "nn-basics", GOOD, now=NOW)
    easy = r.review("q3", "nn-basics", EASY, now=NOW)
    assert NOW < wrong.due < right.due < easy.due
    assert wrong.due - NOW <= timedelta(minutes=10)
    assert easy.due - NOW >= timedelta(days=1)


def test_due_after_time_passes_and_review_moves_it(tmp_path) -> None:
    r = Reviewer(Storage(tmp_path / "p.db"), Scheduler(enable_fuzzing=False))
    card = r.review("q", "rnn", GOOD, now=NOW)
    assert r.due_ids(now=NOW) == []
    later = card.due + timedelta(seconds=1)
    assert r.due_ids(now=later) == ["q"]
    r.review("q", "rnn", GOOD, now=later)
    assert r.due_ids(now=later) == []


def test_mastery_grows_with_reviews(tmp_path) -> None:
    r = Reviewer(Storage(tmp_path / "p.db"), Scheduler(enable_fuzzing=False))
    assert r.mastery(["a", "b"], NOW) == 0.0
    t = NOW
    for _ in range(3):
        card = r.review("a", "nn-basics", GOOD, now=t)
        t = card.due
    m = r.mastery(["a", "b"], t)
    assert 0.4 < m <= 0.5          # "a" well known, "b" never seen
    assert r.mastery([], t) == 0.0


def test_next_seed_never_repeats_the_last_variant(tmp_path) -> None:
    r = Reviewer(Storage(tmp_path / "p.db"))
    r.review("gen", "nn-basics", GOOD, seed=42, now=NOW)

    class Stubborn(random.Random):
        calls = 0

        def randrange(self, *a):  # first proposes the last seed again, then something new
            self.calls += 1
            return 42 if self.calls == 1 else 43

    assert r.next_seed("gen", Stubborn()) == 43
