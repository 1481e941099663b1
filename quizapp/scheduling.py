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

    from quizapp.storage_reads import CardSums

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

    def curve(self) -> tuple[float, float]:
        """(decay, factor) of the forgetting curve R = (1 + factor * t / S) ** decay, derived from the
        scheduler's parameters exactly as fsrs.Scheduler does (decay = -w20, factor = 0.9 ** (1/decay) - 1)."""
        decay = -float(self.scheduler.parameters[20])
        return decay, 0.9 ** (1 / decay) - 1

    def mastery(self, question_ids: Iterable[str], now: datetime | None = None) -> float:
        """The expected share of these questions recalled right now (FSRS retrievability; unseen = 0).

        A card still in its learning steps counts at most 0.5: one right answer is not mastery."""
        ids = list(question_ids)
        if not ids:
            return 0.0
        decay, factor = self.curve()
        rows = self.storage.recall_of(set(ids), now or utcnow(), decay, factor)
        return sum(r for _q, _t, r, _d in rows) / len(ids)

    def progress(self, known: "KnownQuestions", now: datetime | None = None,
                 sums: "CardSums | None" = None) -> dict[str, tuple[float, int]]:
        """topic -> (sum of recall now, questions due now) over the cards of the bank's questions, by the
        bank's topic (drills and questions no longer in the bank are not counted).

        SQL sums every card per topic in one pass over an index (``Storage.card_sums``, at ``now``: pass
        them when already read); the few cards not counted there as the bank says (drills, questions
        gone from the bank or moved to another topic: ``odd_cards``) are then taken out of their stored
        topic and, when the bank has them, put into the bank's."""
        now = now or utcnow()
        decay, factor = self.curve()
        if sums is None:
            sums = self.storage.card_sums(now, decay, factor)
        totals = {topic: list(v) for topic, v in sums.by_topic.items()}
        odd = self.odd_cards(known, sums)
        if odd:
            for qid, topic, recall, due in self.storage.recall_of(odd, now, decay, factor):
                totals[topic][0] -= recall
                totals[topic][1] -= due
                moved = known.topic_of(qid)
                if moved is not None:
                    into = totals.setdefault(moved, [0.0, 0])
                    into[0] += recall
                    into[1] += due
        return {topic: (max(0.0, r), d) for topic, (r, d) in totals.items()}

    def odd_cards(self, known: "KnownQuestions", sums: "CardSums | None" = None) -> list[str]:
        """The ids of the cards that are not in the bank under their stored topic.

        Finding them reads every card's id, so the list is kept in the database with what it was made
        from — the bank's fingerprint, how often a card moved topic, the last card — and is reused while
        those hold, looking only at the cards written since. ``sums`` (``Storage.card_sums``) carries
        those marks and the kept list when already read."""
        import json

        if sums is None:
            moves, last = self.storage.card_marks()
            note = self.storage.get_note("odd-cards")
        else:
            moves, last, note = sums.card_moves, sums.last_card, sums.odd_note
        try:
            kept = json.loads(note or "null")
            if (isinstance(kept, dict) and kept.get("bank") == known.fingerprint and kept.get("moves") == moves
                    and isinstance(kept.get("last"), int) and kept["last"] <= last and isinstance(kept.get("odd"), list)):
                odd = [str(q) for q in kept["odd"]]
                if kept["last"] == last:
                    return odd
                new = [qid for qid, topic in self.storage.cards_after(kept["last"]) if known.topic_of(qid) != topic]
                odd += new
                if new or last - kept["last"] > 500:
                    self._keep_odd(known, moves, last, odd)
                return odd
        except ValueError:
            pass
        odd = [qid for topic, ids in self.storage.card_ids_by_topic().items() for qid in known.not_under(topic, ids)]
        self._keep_odd(known, moves, last, odd)
        return odd

    def _keep_odd(self, known: "KnownQuestions", moves: int, last: int, odd: list[str]) -> None:
        import json

        self.storage.put_note("odd-cards", json.dumps({"bank": known.fingerprint, "moves": moves, "last": last,
                                                       "odd": odd}, ensure_ascii=False))

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


class KnownQuestions:
    """What the progress figures need from a bank, worked out once per bank: each topic's question
    count, each question's topic, and a fingerprint of both (for the cached ``Reviewer.odd_cards``)."""

    def __init__(self, bank) -> None:
        import zlib
        from collections import Counter

        self.bank = bank
        topics = bank.topics        # ids, topics and tags come without reading a (cached) bank's questions
        self.counts: dict[str, int] = dict(Counter(topics))
        crc = zlib.crc32("\x1f".join(bank.ids).encode("utf-8", "surrogatepass"))
        crc = zlib.crc32("\x1f".join(topics).encode("utf-8", "surrogatepass"), crc)
        self.fingerprint = f"{len(topics)}:{crc:08x}"
        self.total = len(topics)
        self._tags_fingerprint: str | None = None

    @property
    def tags_fingerprint(self) -> str:
        """The fingerprint with every question's tags too (for figures per tag), worked out on first use."""
        if self._tags_fingerprint is None:
            import zlib

            tags = "\x1f".join([",".join(t) for t in self.bank.tags])
            self._tags_fingerprint = f"{self.fingerprint}:{zlib.crc32(tags.encode('utf-8', 'surrogatepass')):08x}"
        return self._tags_fingerprint

    def topic_of(self, question_id: str) -> str | None:
        return self.bank.topic_of(question_id)

    def not_under(self, topic: str, question_ids: Iterable[str]) -> list[str]:
        """Those of ``question_ids`` the bank does not have under ``topic`` (gone, or in another)."""
        return self.bank.not_under(topic, question_ids)

    @classmethod
    def cached(cls, bank) -> "KnownQuestions | None":
        known = _KNOWN.get(id(bank))
        return known if known is not None and known.bank is bank else None

    @classmethod
    def of(cls, bank) -> "KnownQuestions":
        """The one for ``bank``, made on first use (kept while the bank is the app's)."""
        known = _KNOWN.get(id(bank))
        if known is None or known.bank is not bank:
            known = cls(bank)
            _KNOWN.clear()          # one bank at a time: the previous one is no longer shown
            _KNOWN[id(bank)] = known
        return known


_KNOWN: dict[int, KnownQuestions] = {}


def prepare_progress(bank, storage: Storage | None = None) -> None:
    """Work out what home's figures need besides SQLite's sums, where the bank is loaded and off the UI
    thread (at launch, while Textual is imported), so that home's first fill only queries SQLite:

    - from ``bank``: each topic's count and the fingerprint (one pass over its ids, ~12 ms at 100,000);
    - when ``storage`` has cards: fsrs imported (its forgetting curve), and the kept list of odd cards
      brought up to date (after the bank changed, a pass over every card's id, ~25 ms at 50,000).

    Only a head start: a fault here is left for home's fill to meet and report."""
    if bank is None:
        return
    known = KnownQuestions.of(bank)
    if storage is None:
        return
    import sqlite3

    try:
        if storage.last_change()[1]:
            reviewer = Reviewer(storage)
            reviewer.odd_cards(known)
            reviewer.curve()
    except (sqlite3.Error, OSError, ValueError, ImportError):
        pass
