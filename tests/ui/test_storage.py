"""Progress storage: answers are on disk as soon as they are recorded; a broken database is moved
aside with a message and a fresh one started; per-day and per-question figures add up."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta, timezone

from quizapp.storage import AnswerRecord, Storage


def test_answers_survive_a_killed_process(tmp_path) -> None:
    """An answer recorded by a process killed right after (no close, no exit handlers) is kept."""
    db = tmp_path / "progress.db"
    script = textwrap.dedent(f"""
        import os, signal
        from quizapp.storage import Storage, AnswerRecord
        s = Storage({str(db)!r})
        s.record_answer(AnswerRecord("nn-basics/x", "nn-basics", "correct", seed=17, seconds=3.5, hints=1))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert proc.returncode == -9
    rows = Storage(db).answers()
    assert [(r["question_id"], r["status"], r["seed"], r["seconds"], r["hints"]) for r in rows] == [
        ("nn-basics/x", "correct", 17, 3.5, 1)]


def test_wal_mode(tmp_path) -> None:
    s = Storage(tmp_path / "p.db")
    mode = sqlite3.connect(tmp_path / "p.db").execute("PRAGMA journal_mode").fetchone()[0]
    s.close()
    assert mode == "wal"


def test_corrupt_database_is_moved_aside(tmp_path) -> None:
    db = tmp_path / "progress.db"
    db.write_bytes(b"this is not an sqlite database, just some bytes" * 100)
    s = Storage(db)
    assert s.notice and "moved" in s.notice and str(db) in s.notice
    assert s.notice_zh and "已移到" in s.notice_zh
    moved = [p for p in tmp_path.iterdir() if p.name.startswith("progress.db.corrupt-")]
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not")
    s.record_answer(AnswerRecord("q", "nn-basics", "correct"))
    assert len(s.answers()) == 1


def test_unusable_data_folder_falls_back_to_memory(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    s = Storage(blocker / "sub" / "progress.db")
    assert s.notice and "--data-dir" in s.notice
    s.record_answer(AnswerRecord("q", "nn-basics", "incorrect"))
    assert s.answer_count() == 1


def test_per_day_and_per_question(tmp_path) -> None:
    s = Storage(tmp_path / "p.db")
    noon = datetime(2026, 3, 10, 12, 0).astimezone()   # local noon: the local date is unambiguous
    for days_ago, status in [(0, "correct"), (0, "incorrect"), (2, "correct"), (2, "invalid")]:
        s.record_answer(AnswerRecord("a" if days_ago else "b", "nn-basics", status,
                                     answered_at=noon - timedelta(days=days_ago)))
    s.record_answer(AnswerRecord("c", "llm", "rated", rating=4, answered_at=noon))
    s.record_answer(AnswerRecord("c", "llm", "rated", rating=1, answered_at=noon))
    s.record_answer(AnswerRecord("drill", "nn-basics", "correct", step="z_1", answered_at=noon))  # a drill step
    days = s.per_day(3, today=date(2026, 3, 10))
    assert [(d.day.day, d.answers, d.correct) for d in days] == [(8, 1, 1), (9, 0, 0), (10, 4, 2)]
    assert s.per_question() == {"a": (1, 1), "b": (2, 1), "c": (2, 1)}
    assert s.answer_count() == 6   # drill steps are not whole answers


def test_due_and_upcoming(tmp_path) -> None:
    s = Storage(tmp_path / "p.db")
    now = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
    s.save_card("late", "nn-basics", "{}", now - timedelta(days=1), None)
    s.save_card("now", "nn-basics", "{}", now, None)
    s.save_card("later", "rnn", "{}", now + timedelta(days=2), 5)
    assert s.due_ids(now) == ["late", "now"]
    assert s.due_ids(now, known=["now", "later"]) == ["now"]
    counts = [n for _d, n in s.upcoming(4, now=now)]
    assert sum(counts) == 3 and counts[0] == 2
    assert s.card_json("later") == ("{}", 5)
