"""The progress database's schema: its tables, indexes and triggers, and bringing an older or damaged
file up to it (quizapp.storage opens the file and calls ``upgrade``).

Schema 2 keeps, beside each card's fsrs JSON, the fields mastery needs (state, stability, last review)
in indexed columns, and per-question answer totals kept by triggers: home and statistics are SQL
aggregates over indexes, never a pass over every card's JSON or every answer ever given.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone
from typing import Any

SCHEMA_VERSION = 2

TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
    id          INTEGER PRIMARY KEY,
    answered_at TEXT NOT NULL,          -- ISO 8601, UTC
    question_id TEXT NOT NULL,
    topic       TEXT NOT NULL,
    context     TEXT NOT NULL,          -- quiz | exam | review | drill | interview
    seed        INTEGER,                -- generated questions and drills: the variant's seed
    step        TEXT,                   -- drill: the step name; NULL for a whole question
    status      TEXT NOT NULL,          -- correct | incorrect | invalid | rated
    rating      INTEGER,                -- FSRS rating 1..4 (Again..Easy) used for the card
    response    TEXT,                   -- JSON of what the learner typed or chose
    seconds     REAL,
    hints       INTEGER NOT NULL DEFAULT 0,
    session     TEXT
);
CREATE TABLE IF NOT EXISTS cards (
    question_id TEXT PRIMARY KEY,
    topic       TEXT NOT NULL,
    card        TEXT NOT NULL,          -- fsrs.Card JSON (what fsrs reads back)
    due         TEXT NOT NULL,          -- ISO 8601, UTC (copy of the card's due, indexed)
    last_seed   INTEGER,                -- the last variant reviewed, so the next one differs
    reps        INTEGER NOT NULL DEFAULT 0,
    state       INTEGER,                -- copies of the card's fields that mastery needs (schema 2):
    stability   REAL,                   --   fsrs State, stability in days,
    last_review INTEGER                 --   last review in microseconds since 1970 (UTC); NULL if none
);
CREATE TABLE IF NOT EXISTS totals (     -- per question, kept by the triggers below (schema 2)
    question_id TEXT PRIMARY KEY,
    answers     INTEGER NOT NULL DEFAULT 0,   -- whole answers (not drill steps), unreadable ones too
    graded      INTEGER NOT NULL DEFAULT 0,   -- of those, the readable ones (status != 'invalid')
    recalled    INTEGER NOT NULL DEFAULT 0    -- of those, right, or rated Hard/Good/Easy
) WITHOUT ROWID;
"""

# SQL true for an answer that counts as recalled (FSRS counts Hard/Good/Easy as recalled).
RECALLED_SQL = "(status='correct' OR (status='rated' AND coalesce(rating, 0) >= 2))"

# A card's recall now (FSRS retrievability, learning steps capped at 0.5), as Reviewer.mastery defines
# it: elapsed whole days by integer division of microseconds, exactly as fsrs's timedelta.days.
# A card never reviewed (no stability or last review) gives NULL, which SUM skips: 0, as in fsrs.
RECALL_SQL = ("min(iif(state = 2, 1.0, 0.5),"
           " pow(1.0 + :factor * max(0, (:now - last_review) / 86400000000) / stability, :decay))")


def recall_params(now: datetime, decay: float, factor: float) -> dict[str, Any]:
    return {"now": micros(now), "decay": decay, "factor": factor, "due": iso(now)}


# Indexes the queries use (tests/ui/test_storage_scale.py checks the plans) and the triggers that keep
# ``totals``. Run one by one, so that a migration does them inside its transaction.
INDEXES: tuple[str, ...] = (
    "CREATE INDEX IF NOT EXISTS answers_by_question ON answers (question_id)",
    # per_day: the whole answers of a time range, read from the index alone
    "CREATE INDEX IF NOT EXISTS answers_whole_by_time ON answers (answered_at, status, rating) WHERE step IS NULL",
    "CREATE INDEX IF NOT EXISTS answers_by_context ON answers (context, status)",
    # due_ids / due counts / upcoming: a range on due, ids from the index alone
    "CREATE INDEX IF NOT EXISTS cards_due ON cards (due, question_id)",
    # mastery and due per topic: one pass over this index, never over the card JSON
    "CREATE INDEX IF NOT EXISTS cards_recall ON cards (topic, state, stability, last_review, due, question_id)",
    "CREATE TRIGGER IF NOT EXISTS totals_add AFTER INSERT ON answers WHEN NEW.step IS NULL BEGIN"
    " INSERT INTO totals (question_id, answers, graded, recalled) VALUES (NEW.question_id, 1,"
    " NEW.status != 'invalid', NEW.status='correct' OR (NEW.status='rated' AND coalesce(NEW.rating, 0) >= 2))"
    " ON CONFLICT(question_id) DO UPDATE SET answers=answers+1, graded=graded+excluded.graded,"
    " recalled=recalled+excluded.recalled;"
    " INSERT INTO meta VALUES ('answer_total', '1') ON CONFLICT(key) DO UPDATE SET value=CAST(value AS INTEGER) + 1;"
    " END",
    "CREATE TRIGGER IF NOT EXISTS totals_remove AFTER DELETE ON answers WHEN OLD.step IS NULL BEGIN"
    " UPDATE totals SET answers=answers-1, graded=graded-(OLD.status != 'invalid'),"
    " recalled=recalled-(OLD.status='correct' OR (OLD.status='rated' AND coalesce(OLD.rating, 0) >= 2))"
    " WHERE question_id=OLD.question_id;"
    " UPDATE meta SET value=CAST(value AS INTEGER) - 1 WHERE key='answer_total'; END",
    # a card stored under another topic than before: the cached list of cards home must recount
    # (see Reviewer.progress) is stale
    "CREATE TRIGGER IF NOT EXISTS cards_moved AFTER UPDATE OF topic ON cards WHEN OLD.topic IS NOT NEW.topic BEGIN"
    " INSERT INTO meta VALUES ('card_moves', '1') ON CONFLICT(key) DO UPDATE SET value=CAST(value AS INTEGER) + 1;"
    " END",
)

# Schema 1's indexes, replaced by the covering ones above.
_OLD_INDEXES = ("answers_by_time", "cards_by_due")

_REBUILD_TOTALS = (
    "INSERT INTO totals (question_id, answers, graded, recalled) SELECT question_id, COUNT(*),"
    f" SUM(status != 'invalid'), SUM({RECALLED_SQL}) FROM answers WHERE step IS NULL GROUP BY question_id")

SCHEMA = TABLES + "".join(sql + ";\n" for sql in INDEXES)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def iso(t: datetime) -> str:
    return t.astimezone(timezone.utc).isoformat(timespec="seconds")


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
DAY_MICROS = 86_400_000_000


def micros(t: datetime) -> int:
    """Microseconds since 1970 (UTC), exact: whole days between two of them are timedelta.days."""
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return (t - _EPOCH) // timedelta(microseconds=1)


def card_columns(card_json: str) -> tuple[int | None, float | None, int | None]:
    """(state, stability, last review in microseconds) of an fsrs.Card JSON; Nones when it lacks them."""
    import json

    try:
        card = json.loads(card_json)
        last = card.get("last_review")
        stability = card.get("stability")
        state = card.get("state")
        return (int(state) if state is not None else None,
                float(stability) if stability is not None else None,
                micros(datetime.fromisoformat(last)) if last else None)
    except (ValueError, TypeError, AttributeError):
        return None, None, None


def local_midnights(first: date, days: int) -> list[str]:
    """The UTC ISO times at which each of the local days ``first`` .. ``first + days`` begins (days + 1
    bounds: day i is [bounds[i], bounds[i + 1])). A day across a DST change is 23 or 25 hours long."""
    out = []
    for i in range(days + 1):
        d = first + timedelta(days=i)
        out.append(iso(datetime(d.year, d.month, d.day).astimezone()))
    return out


# Columns each table must have; an older or damaged file missing one gets it added (with the default
# shown) instead of failing every write with "table cards has no column named ...".
COLUMNS: dict[str, dict[str, str]] = {
    "answers": {"answered_at": "TEXT NOT NULL DEFAULT ''", "question_id": "TEXT NOT NULL DEFAULT ''",
                "topic": "TEXT NOT NULL DEFAULT ''", "context": "TEXT NOT NULL DEFAULT 'quiz'",
                "seed": "INTEGER", "step": "TEXT", "status": "TEXT NOT NULL DEFAULT 'invalid'",
                "rating": "INTEGER", "response": "TEXT", "seconds": "REAL", "hints": "INTEGER NOT NULL DEFAULT 0",
                "session": "TEXT"},
    "cards": {"topic": "TEXT NOT NULL DEFAULT ''", "card": "TEXT NOT NULL DEFAULT '{}'",
              "due": "TEXT NOT NULL DEFAULT ''", "last_seed": "INTEGER", "reps": "INTEGER NOT NULL DEFAULT 0",
              "state": "INTEGER", "stability": "REAL", "last_review": "INTEGER"},
    "totals": {"answers": "INTEGER NOT NULL DEFAULT 0", "graded": "INTEGER NOT NULL DEFAULT 0",
               "recalled": "INTEGER NOT NULL DEFAULT 0"},
}


def repair_columns(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    """Add the columns a table lacks (an older or damaged file); returns those added."""
    added = set()
    for table, columns in COLUMNS.items():
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        for name, decl in columns.items():
            if name not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")
                added.add((table, name))
    return added


def upgrade(conn: sqlite3.Connection, version: int | None) -> None:
    """Bring a database to this schema: create what is missing and, from schema 1 (or a file without
    its version, or one whose copied card columns were missing), migrate in one transaction — copy
    each card's state, stability and last review out of its JSON, count the answers per question into
    ``totals``, swap the schema-1 indexes for covering ones — then ANALYZE, so that the planner knows
    the tables' sizes from the first query on."""
    conn.executescript(TABLES)
    added = repair_columns(conn)
    if version == SCHEMA_VERSION and not added:
        for sql in INDEXES:
            conn.execute(sql)
        return
    rebuild(conn, only_missing=True)


def rebuild(conn: sqlite3.Connection, only_missing: bool) -> None:
    """In one transaction: copy the cards' fields out of their JSON (those lacking them, or all), count
    the answers per question again, create the indexes; then ANALYZE a database that holds answers."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for name in _OLD_INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")
        rows = conn.execute("SELECT rowid, card FROM cards" + (" WHERE state IS NULL" if only_missing else "")).fetchall()
        conn.executemany("UPDATE cards SET state=?, stability=?, last_review=? WHERE rowid=?",
                         [(*card_columns(card), rowid) for rowid, card in rows])
        conn.execute("DELETE FROM totals")
        conn.execute(_REBUILD_TOTALS)
        conn.execute("INSERT OR REPLACE INTO meta SELECT 'answer_total', coalesce(SUM(answers), 0) FROM totals")
        for sql in INDEXES:
            conn.execute(sql)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    if conn.execute("SELECT EXISTS (SELECT 1 FROM answers)").fetchone()[0]:
        conn.execute("ANALYZE")


def add_math(conn: sqlite3.Connection) -> None:
    """pow() for the retrievability in SQL: SQLite's own where it is built in, else Python's."""
    try:
        conn.execute("SELECT pow(2.0, 0.5)").fetchone()
    except sqlite3.OperationalError:
        import math

        conn.create_function("pow", 2, math.pow, deterministic=True)
