"""What the app reads from the progress database: answers and their counts, statistics by day, the
cards, and the per-topic figures home and statistics show. Each is an SQL aggregate over an index
(quizapp.storage_schema), never a pass over every card's JSON or every answer ever given.

``ProgressReads`` is the read half of ``quizapp.storage.Storage``: its methods use the storage's
connection and lock (``_conn``, ``_lock``) and write nothing but notes (caches, never progress).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from quizapp.storage_schema import RECALL_SQL, RECALLED_SQL, local_midnights, recall_params, iso, utcnow


@dataclass(frozen=True)
class DayCount:
    day: date
    answers: int
    correct: int


@dataclass(frozen=True)
class CardSums:
    """What home's figures are made from (``ProgressReads.card_sums``)."""

    by_topic: dict[str, tuple[float, int]]  # stored topic -> (sum of the cards' recall now, cards due now)
    card_moves: int                         # how many times a card moved to another topic
    last_card: int                          # the last card's rowid
    drills_due: int                         # drill cards due now
    answers: int                            # whole answers given (as ``answer_count``)
    odd_note: str | None                    # the kept list of odd cards (Reviewer.odd_cards), if any


def _split_ids(joined: str | None, n: int) -> list[str] | None:
    """``n`` ids that SQLite joined with char(31); None when they do not split back into ``n`` (an id
    holding that character: the caller then reads a row each)."""
    ids = joined.split("\x1f") if joined else []
    return ids if len(ids) == n else None


def _ints(joined: str | None, n: int) -> list[int]:
    return list(map(int, joined.split(","))) if n else []


class ProgressReads:
    """The read queries of ``Storage`` (a mixin: ``Storage`` sets ``_conn`` and ``_lock``)."""

    _conn: sqlite3.Connection
    _file: sqlite3.Connection | None

    # -- answers --------------------------------------------------------------------------------
    def answers(self, question_id: str | None = None) -> list[sqlite3.Row]:
        with self._lock:
            self._conn.row_factory = sqlite3.Row
            try:
                if question_id is None:
                    return self._conn.execute("SELECT * FROM answers ORDER BY id").fetchall()
                return self._conn.execute("SELECT * FROM answers WHERE question_id=? ORDER BY id",
                                          (question_id,)).fetchall()
            finally:
                self._conn.row_factory = None

    def answer_count(self) -> int:
        """Whole answers given (drill steps apart): a count kept as answers arrive, one row to read."""
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key='answer_total'").fetchone()
        return int(row[0]) if row else 0

    def last_change(self) -> tuple[int, int]:
        """(last answer id, number of cards): changes whenever an answer or a new card is written. One
        index lookup each: cheap enough for the UI thread to ask whether to redraw."""
        with self._lock:
            return tuple(self._conn.execute(
                "SELECT (SELECT coalesce(max(id), 0) FROM answers), (SELECT coalesce(max(rowid), 0) FROM cards)"
            ).fetchone())

    def answer_marks(self) -> tuple[int, int]:
        """(last answer id, whole answers given), read together."""
        with self._lock:
            last, total = self._conn.execute(
                "SELECT (SELECT coalesce(max(id), 0) FROM answers),"
                " (SELECT value FROM meta WHERE key='answer_total')").fetchone()
        return int(last), int(total or 0)

    def whole_answers_between(self, after: int, upto: int) -> list[tuple[str, int, int]]:
        """(question id, readable 0/1, recalled 0/1) of each whole answer with ``after < id <= upto``."""
        with self._lock:
            return self._conn.execute(
                f"SELECT question_id, status != 'invalid', {RECALLED_SQL} FROM answers"
                " WHERE id > ? AND id <= ? AND step IS NULL", (after, upto)).fetchall()

    def per_day(self, days: int = 14, today: date | None = None) -> list[DayCount]:
        """Answers and correct answers on each of the last ``days`` local days, oldest first (zeros included).

        Reads only those days' answers: an index range between the UTC times of the first day's local
        midnight and the next day's (each day's bounds computed here, so a DST day is 23 or 25 hours)."""
        from bisect import bisect_right

        today = today or datetime.now().astimezone().date()
        first = today - timedelta(days=days - 1)
        bounds = local_midnights(first, days)
        with self._lock:
            rows = self._conn.execute(
                f"SELECT answered_at, {RECALLED_SQL} FROM answers WHERE step IS NULL AND answered_at >= ?"
                " AND answered_at < ? AND status != 'invalid'", (bounds[0], bounds[-1])).fetchall()
        answers, correct = [0] * days, [0] * days
        for when, recalled in rows:
            i = bisect_right(bounds, when) - 1
            answers[i] += 1
            correct[i] += recalled
        return [DayCount(first + timedelta(days=i), answers[i], correct[i]) for i in range(days)]

    def interview_points(self) -> list[tuple[str, str]]:
        """(question id, response JSON) of every open answer given in a mock interview, oldest first:
        the response holds each key point's result ({"points": [true, false, ...], ...})."""
        with self._lock:
            return [tuple(r) for r in self._conn.execute(
                "SELECT question_id, response FROM answers WHERE context='interview' AND status='rated'"
                " AND response IS NOT NULL ORDER BY id").fetchall()]

    def per_question(self) -> dict[str, tuple[int, int]]:
        """question id -> (answers, correct ones); open questions count Hard/Good/Easy as recalled (as FSRS
        does); unreadable answers and drill steps are not counted. Kept per question as answers arrive."""
        qids, graded, recalled = self.per_question_columns()
        return dict(zip(qids, zip(graded, recalled)))

    def per_question_columns(self) -> tuple[list[str], list[int], list[int]]:
        """``per_question`` as three columns (ids, answers, correct ones) in the same order, read as one
        row (``_split_ids``): at 50,000 questions several times faster than a row each, and one wait
        for the GIL in a thread, not 50,000."""
        with self._lock:
            n, qids, graded, recalled = self._conn.execute(
                "SELECT count(*), group_concat(question_id, char(31)), group_concat(graded), group_concat(recalled)"
                " FROM (SELECT question_id, graded, recalled FROM totals WHERE graded > 0)").fetchone()
            ids = _split_ids(qids, n)
            if ids is None:
                rows = self._conn.execute("SELECT question_id, graded, recalled FROM totals WHERE graded > 0").fetchall()
                return [r[0] for r in rows], [int(r[1]) for r in rows], [int(r[2]) for r in rows]
        return ids, _ints(graded, n), _ints(recalled, n)

    # -- cards ----------------------------------------------------------------------------------
    def card_json(self, question_id: str) -> tuple[str, int | None] | None:
        """(card JSON, last seed) or None when the question was never reviewed."""
        with self._lock:
            row = self._conn.execute("SELECT card, last_seed FROM cards WHERE question_id=?",
                                     (question_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def all_cards(self) -> list[tuple[str, str, str]]:
        """(question id, topic, card JSON) for every card."""
        with self._lock:
            return [tuple(r) for r in self._conn.execute("SELECT question_id, topic, card FROM cards")]

    def card_marks(self) -> tuple[int, int]:
        """(how many times a card moved to another topic, the last card's rowid): what tells whether a
        list made from the cards' ids and topics still holds (only new cards need a look)."""
        with self._lock:
            moves, last = self._conn.execute(
                "SELECT (SELECT value FROM meta WHERE key='card_moves'), (SELECT coalesce(max(rowid), 0) FROM cards)"
            ).fetchone()
        return int(moves or 0), int(last)

    def cards_after(self, rowid: int) -> list[tuple[str, str]]:
        """(question id, topic) of the cards written first after card ``rowid``."""
        with self._lock:
            return self._conn.execute("SELECT question_id, topic FROM cards WHERE rowid > ?", (rowid,)).fetchall()

    def get_note(self, key: str) -> str | None:
        """A value kept in the database's meta table (caches, never progress itself)."""
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key=?", ("note:" + key,)).fetchone()
        return row[0] if row else None

    def put_note(self, key: str, value: str) -> None:
        """Keep ``value`` in the meta table when the file takes it at once; a cache, so a failure is silent
        and nothing is queued."""
        with self._lock:
            if self._conn is not self._file:
                return
            try:
                self._conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", ("note:" + key, value))
            except sqlite3.Error:
                pass

    def card_ids_by_topic(self) -> dict[str, list[str]]:
        """topic -> the ids of its cards, from an index (not the card JSON); one string per topic from
        SQLite, split here, is several times faster than a row per card."""
        with self._lock:
            rows = self._conn.execute("SELECT topic, count(*), group_concat(question_id, char(31)) FROM cards"
                                      " GROUP BY topic").fetchall()
            out = {}
            for topic, n, joined in rows:
                ids = _split_ids(joined, n)
                if ids is None:
                    ids = [r[0] for r in self._conn.execute("SELECT question_id FROM cards WHERE topic=?", (topic,))]
                out[topic] = ids
        return out

    def card_sums(self, now: datetime, decay: float, factor: float) -> CardSums:
        """Per topic the sum of the cards' recall now and the cards due now (one pass over an index), with
        the marks that tell whether the kept list of odd cards still holds, the drill cards due and the
        answer count: all of home's figures, in one statement that returns one row.

        One row because a thread reading SQLite waits for the interpreter lock after every step of a
        statement while the UI thread draws: one statement and one row is one wait, where a query per
        figure and a row per topic were twenty (half of home's fill at 50,000 cards). Sums come as text
        with 17 significant digits, which gives back the same float. A card's recall is FSRS's
        retrievability (1 + factor * elapsed days / stability) ** decay, at most 0.5 while it is in its
        learning steps (see ``Reviewer.mastery``)."""
        import json

        with self._lock:
            by_topic, moves, last, drills, answers, odd = self._conn.execute(
                "SELECT (SELECT json_group_array(json_array(topic, printf('%!.17g', coalesce(r, 0.0)), d)) FROM"
                f" (SELECT topic, SUM({RECALL_SQL}) AS r, SUM(due <= :due) AS d FROM cards GROUP BY topic)),"
                " (SELECT value FROM meta WHERE key='card_moves'),"
                " (SELECT coalesce(max(rowid), 0) FROM cards),"
                " (SELECT count(*) FROM cards WHERE question_id >= 'drill/' AND question_id < 'drill0'"
                " AND +due <= :due),"
                " (SELECT value FROM meta WHERE key='answer_total'),"
                " (SELECT value FROM meta WHERE key='note:odd-cards')",
                recall_params(now, decay, factor)).fetchone()
        return CardSums({topic: (float(r), int(d or 0)) for topic, r, d in json.loads(by_topic)},
                        int(moves or 0), int(last), int(drills), int(answers or 0), odd)

    def recall_of(self, question_ids: Iterable[str], now: datetime, decay: float,
                  factor: float) -> list[tuple[str, str, float, bool]]:
        """(question id, topic, recall now, due now) of the cards of these questions; one row from SQLite
        (see ``card_sums``)."""
        import json

        with self._lock:
            rows = self._conn.execute(
                "SELECT json_group_array(json_array(question_id, topic, printf('%!.17g', coalesce(r, 0.0)), d))"
                f" FROM (SELECT question_id, topic, {RECALL_SQL} AS r, due <= :due AS d FROM cards"
                " WHERE question_id IN (SELECT value FROM json_each(:ids)))",
                {**recall_params(now, decay, factor), "ids": json.dumps(list(question_ids))}).fetchone()[0]
        return [(q, topic, float(r), bool(d)) for q, topic, r, d in json.loads(rows)]

    def due_ids(self, now: datetime | None = None, known: Iterable[str] | None = None,
                prefix: str | None = None) -> list[str]:
        """Questions due at ``now``, most overdue first; only those in ``known`` when given, only ids
        starting with ``prefix`` (e.g. "drill/": an index range) when given."""
        when = iso(now or utcnow())
        with self._lock:
            if prefix:
                end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
                # "+due": not the due index (most cards may be due), the id range (a few drills)
                rows = self._conn.execute("SELECT question_id FROM cards WHERE question_id >= ? AND question_id < ?"
                                          " AND +due <= ? ORDER BY due", (prefix, end, when)).fetchall()
            else:
                rows = self._conn.execute("SELECT question_id FROM cards WHERE due <= ? ORDER BY due",
                                          (when,)).fetchall()
        ids = [r[0] for r in rows]
        if known is not None:
            keep = known if isinstance(known, (set, frozenset, dict)) else set(known)
            ids = [i for i in ids if i in keep]
        return ids

    def due_count(self, now: datetime | None = None) -> int:
        """How many cards are due at ``now`` (drills and questions no longer in the bank included)."""
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM cards WHERE due <= ?",
                                          (iso(now or utcnow()),)).fetchone()[0])

    def upcoming(self, days: int = 7, now: datetime | None = None) -> list[tuple[date, int]]:
        """Reviews falling due on each of the next ``days`` local days (today includes overdue ones):
        a count per day over an index range, never a read of every card."""
        now = now or utcnow()
        today = now.astimezone().date()
        bounds = local_midnights(today, days)
        with self._lock:
            counts = [int(self._conn.execute(
                "SELECT COUNT(*) FROM cards WHERE due < ? AND due >= ?",
                (bounds[i + 1], bounds[i] if i else "")).fetchone()[0]) for i in range(days)]
        return [(today + timedelta(days=i), counts[i]) for i in range(days)]
