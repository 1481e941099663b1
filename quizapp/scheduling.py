"""Spaced review with FSRS (the maintained ``fsrs`` package): one card per question.

A graded answer maps to a rating — correct → Good, wrong → Again — and an open question uses the
learner's own Again/Hard/Good/Easy. Generated questions are reviewed on a fresh variant each time
(``next_seed`` never repeats the last one), so the learner practises the method, not one set of
numbers.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, timezone

from typing import TYPE_CHECKING

from quizapp.storage import Storage, utcnow

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

# fsrs.Rating's values (checked in tests/ui/test_scheduling.py); fsrs itself is imported on first
# use so that it is not on the start-up path.
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATINGS: tuple[int, ...] = (AGAIN, HARD, GOOD, EASY)


def rating_for_status(status: str) -> int | None:
    """correct → Good, incorrect → Again; an unreadable answer (invalid) is not a review."""
    return {"correct": GOOD, "incorrect": AGAIN}.get(status)


class Reviewer:
    """Reads and updates FSRS cards in ``storage``."""

    def __init__(self, storage: Storage, scheduler: "Scheduler | None" = None) -> None:
        self.storage = storage
        self._scheduler = scheduler

    @property
    def scheduler(self) -> "Scheduler":
        if self._scheduler is None:
            from fsrs import Scheduler

            self._scheduler = Scheduler()
        return self._scheduler

    def card(self, question_id: str) -> "Card | None":
        from fsrs import Card

        found = self.storage.card_json(question_id)
        return Card.from_json(found[0]) if found else None

    def review(self, question_id: str, topic: str, rating: int, *, seed: int | None = None,
               now: datetime | None = None, seconds: float | None = None) -> "Card":
        """Apply one review and store the updated card. Returns it (``.due`` is the next review)."""
        from fsrs import Card, Rating

        now = now or utcnow()
        card = self.card(question_id) or Card(card_id=_card_id(question_id), due=now)
        duration = int(seconds * 1000) if seconds is not None else None
        card, _log = self.scheduler.review_card(card, Rating(rating), review_datetime=now.astimezone(timezone.utc),
                                                review_duration=duration)
        self.storage.save_card(question_id, topic, card.to_json(), card.due, seed)
        return card

    def due_ids(self, known: Iterable[str] | None = None, now: datetime | None = None) -> list[str]:
        return self.storage.due_ids(now, known)

    def retrievability(self, question_id: str, now: datetime | None = None) -> float:
        card = self.card(question_id)
        if card is None:
            return 0.0
        return float(self.scheduler.get_card_retrievability(card, now or utcnow()))

    def mastery(self, question_ids: Iterable[str], now: datetime | None = None) -> float:
        """The expected share of these questions recalled right now (FSRS retrievability; unseen = 0).

        A card still in its learning steps counts at most 0.5: one right answer is not mastery."""
        from fsrs import Card, State

        ids = list(question_ids)
        if not ids:
            return 0.0
        now = now or utcnow()
        cards = {qid: card for qid, _topic, card in self.storage.all_cards()}
        total = 0.0
        for qid in ids:
            if qid not in cards:
                continue
            card = Card.from_json(cards[qid])
            r = float(self.scheduler.get_card_retrievability(card, now))
            total += r if card.state == State.Review else min(r, 0.5)
        return total / len(ids)

    def next_seed(self, question_id: str, rng: random.Random | None = None) -> int:
        """A seed for a generated question's next variant, different from the last one reviewed."""
        rng = rng or random.Random()
        found = self.storage.card_json(question_id)
        last = found[1] if found else None
        while True:
            seed = rng.randrange(1, 1_000_000)
            if seed != last:
                return seed


def _card_id(question_id: str) -> int:
    # fsrs.Card picks an id from the clock (and sleeps 1 ms to keep it unique); a stable id from the
    # question id is both faster and meaningful.
    import zlib

    return zlib.crc32(question_id.encode("utf-8"))
