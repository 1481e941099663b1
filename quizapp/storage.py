"""Progress in SQLite (WAL): every answer as it is given, and one FSRS card per question.

Tables
    answers  one row per graded answer (or per drill step): when, which question, the seed of a
             generated variant, the verdict, the learner's own rating, what was typed, seconds taken,
             hints used, the session it belongs to. Written immediately, so a crash loses at most the
             answer being typed.
    cards    the FSRS card of each question (JSON from fsrs.Card.to_json) with its due time
             denormalised for fast "what is due" queries.

A database that cannot be read is moved aside (``progress.db.corrupt-<time>``) and a fresh one is
started; ``Storage.notice`` then holds the message to show the learner.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
    id          INTEGER PRIMARY KEY,
    answered_at TEXT NOT NULL,          -- ISO 8601, UTC
    question_id TEXT NOT NULL,
    topic       TEXT NOT NULL,
    context     TEXT NOT NULL,          -- quiz | exam | review | drill
    seed        INTEGER,                -- generated questions and drills: the variant's seed
    step        TEXT,                   -- drill: the step name; NULL for a whole question
    status      TEXT NOT NULL,          -- correct | incorrect | invalid | rated
    rating      INTEGER,                -- FSRS rating 1..4 (Again..Easy) used for the card
    response    TEXT,                   -- JSON of what the learner typed or chose
    seconds     REAL,
    hints       INTEGER NOT NULL DEFAULT 0,
    session     TEXT
);
CREATE INDEX IF NOT EXISTS answers_by_time ON answers (answered_at);
CREATE INDEX IF NOT EXISTS answers_by_question ON answers (question_id);
CREATE TABLE IF NOT EXISTS cards (
    question_id TEXT PRIMARY KEY,
    topic       TEXT NOT NULL,
    card        TEXT NOT NULL,          -- fsrs.Card JSON
    due         TEXT NOT NULL,          -- ISO 8601, UTC (copy of the card's due, indexed)
    last_seed   INTEGER,                -- the last variant reviewed, so the next one differs
    reps        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS cards_by_due ON cards (due);
"""


@dataclass(frozen=True)
class AnswerRecord:
    """One answer to store. ``status`` is a Verdict status, or "rated" for a self-rated open answer."""

    question_id: str
    topic: str
    status: str
    context: str = "quiz"
    seed: int | None = None
    step: str | None = None
    rating: int | None = None
    response: Any = None
    seconds: float | None = None
    hints: int = 0
    session: str | None = None
    answered_at: datetime | None = None


@dataclass(frozen=True)
class DayCount:
    day: date
    answers: int
    correct: int


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _iso(t: datetime) -> str:
    return t.astimezone(timezone.utc).isoformat(timespec="seconds")


class Storage:
    """The progress database. Thread-safe (one connection behind a lock); cheap calls."""

    def __init__(self, path: Path | str | None) -> None:
        """``path`` None keeps everything in memory (used when the data folder is unusable)."""
        self.path = Path(path) if path is not None else None
        self.notice: str | None = None
        self.notice_zh: str | None = None
        self._lock = threading.Lock()
        self._conn = self._open()

    # -- opening --------------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return self._connect(":memory:")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._say(f"Cannot create the data folder {self.path.parent} ({exc.strerror}); progress is kept "
                      f"only until you quit. Use --data-dir to choose another folder.",
                      f"无法创建数据文件夹 {self.path.parent}（{exc.strerror}）；本次进度只保存在内存中，退出即丢失。"
                      f"可用 --data-dir 指定其他文件夹。")
            return self._connect(":memory:")
        try:
            return self._connect(str(self.path))
        except sqlite3.DatabaseError as exc:
            moved = self._move_aside()
            self._say(f"The progress database {self.path} could not be read ({exc}); it was moved to {moved.name} "
                      f"and a fresh one was started.",
                      f"进度数据库 {self.path} 无法读取（{exc}），已移到 {moved.name}，并新建了一个数据库。")
            return self._connect(str(self.path))

    def _connect(self, target: str) -> sqlite3.Connection:
        conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            ok = conn.execute("PRAGMA quick_check").fetchone()
            if not ok or ok[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {ok[0] if ok else 'no answer'}")
            conn.executescript(SCHEMA)
            row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None:
                conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) > SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"written by a newer quizapp (schema {row[0]})")
        except (sqlite3.DatabaseError, ValueError):
            conn.close()
            raise
        return conn

    def _move_aside(self) -> Path:
        assert self.path is not None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            src = Path(str(self.path) + suffix)
            if src.exists():
                src.replace(Path(str(target) + suffix))
        return target

    def _say(self, en: str, zh: str) -> None:
        self.notice, self.notice_zh = en, zh

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- answers --------------------------------------------------------------------------------
    def record_answer(self, rec: AnswerRecord) -> int:
        import json  # not on the start-up path

        when = rec.answered_at or utcnow()
        with self._lock:
            cur = self._conn.execute(
                "INSERT INTO answers (answered_at, question_id, topic, context, seed, step, status, rating,"
                " response, seconds, hints, session) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (_iso(when), rec.question_id, rec.topic, rec.context, rec.seed, rec.step, rec.status, rec.rating,
                 None if rec.response is None else json.dumps(rec.response, ensure_ascii=False, default=str),
                 rec.seconds, rec.hints, rec.session),
            )
            return int(cur.lastrowid)

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
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM answers WHERE step IS NULL").fetchone()[0])

    def per_day(self, days: int = 14, today: date | None = None) -> list[DayCount]:
        """Answers and correct answers on each of the last ``days`` local days, oldest first (zeros included)."""
        today = today or datetime.now().astimezone().date()
        first = today - timedelta(days=days - 1)
        with self._lock:
            rows = self._conn.execute(
                "SELECT date(answered_at, 'localtime') AS d, COUNT(*),"
                " SUM(status='correct' OR (status='rated' AND rating>=3))"
                " FROM answers WHERE step IS NULL AND status != 'invalid' GROUP BY d").fetchall()
        counts = {r[0]: (int(r[1]), int(r[2] or 0)) for r in rows}
        out = []
        for i in range(days):
            d = first + timedelta(days=i)
            n, c = counts.get(d.isoformat(), (0, 0))
            out.append(DayCount(d, n, c))
        return out

    def per_question(self) -> dict[str, tuple[int, int]]:
        """question id -> (answers, correct ones); open questions count Good/Easy as correct."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT question_id, COUNT(*), SUM(status='correct' OR (status='rated' AND rating>=3))"
                " FROM answers WHERE step IS NULL AND status != 'invalid' GROUP BY question_id").fetchall()
        return {r[0]: (int(r[1]), int(r[2] or 0)) for r in rows}

    # -- cards ----------------------------------------------------------------------------------
    def card_json(self, question_id: str) -> tuple[str, int | None] | None:
        """(card JSON, last seed) or None when the question was never reviewed."""
        with self._lock:
            row = self._conn.execute("SELECT card, last_seed FROM cards WHERE question_id=?",
                                     (question_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def save_card(self, question_id: str, topic: str, card_json: str, due: datetime, seed: int | None) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT INTO cards (question_id, topic, card, due, last_seed, reps) VALUES (?,?,?,?,?,1)"
                " ON CONFLICT(question_id) DO UPDATE SET topic=excluded.topic, card=excluded.card,"
                " due=excluded.due, last_seed=excluded.last_seed, reps=reps+1",
                (question_id, topic, card_json, _iso(due), seed),
            )

    def all_cards(self) -> list[tuple[str, str, str]]:
        """(question id, topic, card JSON) for every card."""
        with self._lock:
            return [tuple(r) for r in self._conn.execute("SELECT question_id, topic, card FROM cards")]

    def due_ids(self, now: datetime | None = None, known: Iterable[str] | None = None) -> list[str]:
        """Questions due at ``now``, most overdue first; only those in ``known`` when given."""
        with self._lock:
            rows = self._conn.execute("SELECT question_id FROM cards WHERE due <= ? ORDER BY due",
                                      (_iso(now or utcnow()),)).fetchall()
        ids = [r[0] for r in rows]
        if known is not None:
            keep = set(known)
            ids = [i for i in ids if i in keep]
        return ids

    def upcoming(self, days: int = 7, now: datetime | None = None) -> list[tuple[date, int]]:
        """Reviews falling due on each of the next ``days`` local days (today includes overdue ones)."""
        now = now or utcnow()
        today = now.astimezone().date()
        with self._lock:
            rows = self._conn.execute("SELECT due FROM cards").fetchall()
        counts = [0] * days
        for (due,) in rows:
            d = datetime.fromisoformat(due).astimezone().date()
            index = max(0, (d - today).days)
            if index < days:
                counts[index] += 1
        return [(today + timedelta(days=i), counts[i]) for i in range(days)]
