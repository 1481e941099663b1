"""Progress survives faults (issue 13): a locked database is waited for and never moved aside; a write
that fails (disk full, locked, read-only) keeps the answer in memory, says so, and writes it once the
database accepts writes (or to progress.db.unsaved.jsonl at quit, replayed at the next start); a
read-only file or folder, a damaged table or an unknown schema version still start."""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import subprocess
import threading

import pytest

import quizapp.storage as storage_module
from quizapp.storage import AnswerRecord, Storage


@pytest.fixture(autouse=True)
def quick_open(monkeypatch):
    monkeypatch.setattr(storage_module, "OPEN_TIMEOUT", 0.2)
    monkeypatch.setattr(storage_module, "CLOSE_TIMEOUT", 0.2)


def answer(i: int, status: str = "correct") -> AnswerRecord:
    return AnswerRecord(f"nn-basics/q{i}", "nn-basics", status, response={"answer": str(i)})


def ids_in(path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT question_id FROM answers ORDER BY id")]
    finally:
        conn.close()


def seeded_db(path, n: int = 3, journal: str = "WAL") -> None:
    s = Storage(path)
    for i in range(n):
        s.record_answer(answer(i))
    s.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode={journal}")
    conn.close()


@contextlib.contextmanager
def exclusive_lock(path):
    """Another program holding BEGIN EXCLUSIVE on the file."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


@contextlib.contextmanager
def read_only_folder(folder):
    """Make ``folder`` read-only for real: a read-only bind mount as root (chmod does not stop root),
    permissions otherwise."""
    if os.geteuid() == 0:
        view = folder.parent / (folder.name + "-ro")
        view.mkdir()
        ok = subprocess.run(["mount", "--bind", str(folder), str(view)], capture_output=True).returncode == 0
        ok = ok and subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], capture_output=True).returncode == 0
        if ok:
            try:
                yield view
            finally:
                subprocess.run(["umount", str(view)], capture_output=True)
            return
        subprocess.run(["umount", str(view)], capture_output=True)
        view.rmdir()
    modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
    for p in modes:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        yield folder
    finally:
        for p, mode in modes.items():
            p.chmod(mode)


# ---------------------------------------------------------------- opening

def test_a_locked_database_is_waited_for_not_moved_aside(tmp_path):
    db = tmp_path / "progress.db"
    seeded_db(db, 3, journal="DELETE")          # rollback journal: EXCLUSIVE blocks readers too
    with exclusive_lock(db):
        s = Storage(db)
        assert "in use by another program" in s.notice and "moved" not in s.notice
        status = s.record_answer(answer(9))
        assert not status.saved and status.reason == "locked" and status.waiting == 1
        assert "another program is holding" in status.message("en")
    assert not list(tmp_path.glob("*.corrupt-*"))
    status = s.retry()                           # the lock is gone: the queued answer is written
    assert status.saved and status.flushed == 1
    assert ids_in(db) == ["nn-basics/q0", "nn-basics/q1", "nn-basics/q2", "nn-basics/q9"]
    assert s.answer_count() == 4                 # and the app now reads the whole history again
    s.close()


def test_real_corruption_is_still_moved_aside(tmp_path):
    db = tmp_path / "progress.db"
    db.write_bytes(b"this is not a database" * 100)
    s = Storage(db)
    assert "moved to progress.db.corrupt-" in s.notice
    assert s.record_answer(answer(1)).saved
    s.close()
    assert ids_in(db) == ["nn-basics/q1"]


@pytest.mark.parametrize("version", ["abc", "99"])
def test_unknown_or_newer_schema_starts_and_leaves_the_file_untouched(tmp_path, version):
    db = tmp_path / "progress.db"
    seeded_db(db, 2)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value=? WHERE key='schema_version'", (version,))
    conn.commit()
    conn.close()
    before = db.read_bytes()
    s = Storage(db)
    assert ("unknown schema version" if version == "abc" else "newer quizapp") in s.notice
    assert s.answer_count() == 2                 # progress is shown
    status = s.record_answer(answer(5))
    assert not status.saved and status.reason == "schema"
    message = s.close()
    assert "unsaved.jsonl" in message
    assert db.read_bytes() == before and not list(tmp_path.glob("*.corrupt-*"))
    assert (tmp_path / "progress.db.unsaved.jsonl").read_text(encoding="utf-8").count("nn-basics/q5") == 1


def test_a_missing_column_is_repaired(tmp_path):
    db = tmp_path / "progress.db"
    conn = sqlite3.connect(db)
    conn.executescript("CREATE TABLE cards (question_id TEXT PRIMARY KEY, topic TEXT NOT NULL, card TEXT NOT NULL,"
                       " due TEXT NOT NULL);")
    conn.close()
    s = Storage(db)
    assert s.save_card("q", "nn-basics", "{}", storage_module.utcnow(), 3).saved
    assert s.card_json("q") == ("{}", 3)
    s.close()


def test_read_only_folder_starts_shows_progress_and_says_answers_are_not_saved(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    seeded_db(folder / "progress.db", 4)
    with read_only_folder(folder) as view:
        s = Storage(view / "progress.db")
        assert "cannot be written" in s.notice and "progress is shown" in s.notice
        assert s.answer_count() == 4
        status = s.record_answer(answer(7))
        assert not status.saved and status.reason == "readonly"
        assert s.answer_count() == 5             # the answer counts in this session
        message = s.close()
        assert "could not be saved" in message and "read-only" in message
    assert ids_in(folder / "progress.db") == [f"nn-basics/q{i}" for i in range(4)]


def test_empty_read_only_folder_starts_in_memory(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    with read_only_folder(folder) as view:
        s = Storage(view / "progress.db")
        assert "cannot be written" in s.notice
        assert not s.record_answer(answer(1)).saved
        s.close()


def test_answers_kept_at_quit_are_replayed_at_the_next_start(tmp_path):
    db = tmp_path / "progress.db"
    seeded_db(db, 1)
    s = Storage(db)
    with exclusive_lock(db):
        assert not s.record_answer(answer(2)).saved
        assert not s.record_answer(answer(3)).saved
        message = s.close()
    assert "2 answers could not be written" in message and "progress.db.unsaved.jsonl" in message
    again = Storage(db)
    assert "Saved 2 answers" in again.notice
    assert not (tmp_path / "progress.db.unsaved.jsonl").exists()
    again.close()
    assert ids_in(db) == ["nn-basics/q0", "nn-basics/q2", "nn-basics/q3"]


# ---------------------------------------------------------------- writing

def fill_up(s: Storage) -> None:
    """Make the file refuse to grow: SQLite's own "database or disk is full" through the storage layer.
    The file is capped at its size, then its free space is filled, so even a small answer finds no room."""
    conn = s._file
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count={pages + 2}")
    conn.execute("CREATE TABLE IF NOT EXISTS filler (b BLOB)")
    for size in (4000, 500, 50, 1):
        try:
            while True:
                conn.execute("INSERT INTO filler VALUES (zeroblob(?))", (size,))
        except sqlite3.OperationalError:
            pass


def test_disk_full_keeps_the_answer_and_writes_it_when_space_frees(tmp_path):
    db = tmp_path / "progress.db"
    s = Storage(db)
    for i in range(4):
        assert s.record_answer(answer(i)).saved
    file_conn = s._file
    fill_up(s)
    big = AnswerRecord("nn-basics/q4", "nn-basics", "correct", response={"answer": "x" * 200_000})
    status = s.record_answer(big)
    assert not status.saved and status.reason == "full" and "disk is full" in status.message("en")
    assert "磁盘已满" in status.message("zh")
    assert s.answer_count() == 5
    file_conn.execute("PRAGMA max_page_count=1073741823")
    status = s.record_answer(answer(5))
    assert status.saved and status.flushed == 1
    s.close()
    assert ids_in(db) == [f"nn-basics/q{i}" for i in range(6)]


def test_disk_full_on_a_real_small_filesystem(tmp_path):
    """The 200 KB tmpfs of the report, where the machine lets us mount one; else the same SQLite error
    from a capped file (fill_up)."""
    mount = tmp_path / "small"
    mount.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)], capture_output=True).returncode == 0
    try:
        s = Storage(mount / "progress.db")
        if not mounted:
            fill_up(s)
        results = [s.record_answer(AnswerRecord(f"nn-basics/q{i}", "nn-basics", "correct",
                                                response={"answer": "y" * 20_000})) for i in range(30)]
        failed = [r for r in results if not r.saved]
        assert failed and all(r.reason == "full" for r in failed)
        assert s.answer_count() == 30            # nothing lost in the session
        message = s.close()
        assert message is not None and "disk is full" in message
    finally:
        if mounted:
            subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_write_behind_a_long_lock_returns_at_once_and_is_retried(tmp_path):
    """Another writer holds the lock for seconds (9 s in the report): the write gives up after its short
    timeout instead of freezing the UI, the answer is kept, and it is written once the lock frees."""
    db = tmp_path / "progress.db"
    s = Storage(db)
    locked, released = threading.Event(), threading.Event()

    def hold() -> None:
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        locked.set()
        released.wait(10)                         # until the test has seen the write come back
        holder.execute("ROLLBACK")
        holder.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(5)
    status = s.record_answer(answer(1))
    came_back_while_locked = thread.is_alive()
    released.set()
    thread.join()
    assert came_back_while_locked
    assert not status.saved and status.reason == "locked" and status.waiting == 1
    assert s.retry().saved
    s.close()
    assert ids_in(db) == ["nn-basics/q1"]


def test_fault_injection_every_answer_is_saved_or_reported_not_saved(tmp_path):
    """50 answers while writes randomly fail (disk full, another program's lock, a read-only file);
    every answer reported saved is in the database, every other one was reported not saved, and at
    quit nothing is lost (database + unsaved file)."""
    rng = random.Random(20261203)
    db = tmp_path / "progress.db"
    s = Storage(db)
    reported_saved: set[str] = set()
    reported_not_saved: set[str] = set()
    holder = None
    failures = 0
    for i in range(50):
        fault = rng.choice(["none", "none", "full", "locked", "readonly"])
        file_conn = s._file
        if file_conn is not None:
            file_conn.execute("PRAGMA max_page_count=1073741823")
            file_conn.execute("PRAGMA query_only=0")
        if fault == "full" and file_conn is not None:
            fill_up(s)
        elif fault == "readonly" and file_conn is not None:
            file_conn.execute("PRAGMA query_only=1")
        elif fault == "locked":
            holder = sqlite3.connect(db, isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
        rec = AnswerRecord(f"nn-basics/q{i}", "nn-basics", "correct", response={"answer": "z" * 3000})
        status = s.record_answer(rec)
        if status.saved:
            reported_saved.add(rec.question_id)
        else:
            failures += 1
            reported_not_saved.add(rec.question_id)
            assert status.message("en").startswith("Not saved:")
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()
            holder = None
        if status.saved and status.flushed:       # earlier answers reported as saved now
            in_db = set(ids_in(db))
            reported_saved |= reported_not_saved & in_db
            reported_not_saved -= in_db
    in_db = set(ids_in(db))
    assert reported_saved <= in_db
    assert {f"nn-basics/q{i}" for i in range(50)} - in_db <= reported_not_saved
    assert failures >= 10 and len(reported_saved) >= 25   # the faults really happened, and writes resumed
    if s._file is not None:
        s._file.execute("PRAGMA max_page_count=1073741823")
        s._file.execute("PRAGMA query_only=0")
    assert s.close() is None                        # the queue is written at quit
    assert set(ids_in(db)) == {f"nn-basics/q{i}" for i in range(50)}


async def test_the_quiz_says_not_saved_and_keeps_going(tmp_path) -> None:
    """In the app: a database that refuses writes mid-quiz (here SQLite's own read-only error) shows
    "Not saved: ...", the quiz goes on, the answer counts in the session, and it reaches the file once
    the database accepts writes again."""
    from engine.checking import CheckerPool
    from quizapp.session import Item, QuizSession
    from quizapp.settings import Settings
    from ui_bank import CHOICE, TRUEFALSE, small_bank
    from ui_helpers import build, keys_for, settle

    storage = Storage(tmp_path / "progress.db")
    pool = CheckerPool()
    try:
        app = build(Settings("en", tmp_path), storage, pool, bank=small_bank())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.start_session(QuizSession([Item(CHOICE), Item(TRUEFALSE)]))
            await settle(pilot)
            file_conn = storage._file
            file_conn.execute("PRAGMA query_only=1")
            for key in keys_for(app.screen.item, right=True):
                await pilot.press(key)
            await settle(pilot)
            messages = [n.message for n in app._notifications]
            assert any(m.startswith("Not saved: the progress database or its folder is read-only") for m in messages), messages
            assert app.screen.feedback is not None and app.screen.feedback.status == "correct"
            assert storage.answer_count() == 1 and storage.waiting == 1
            file_conn.execute("PRAGMA query_only=0")
            await pilot.press("n")
            await pilot.pause()
            for key in keys_for(app.screen.item, right=True):
                await pilot.press(key)
            await settle(pilot)
            assert storage.waiting == 0
            assert any("Saved 1 earlier answer" in n.message for n in app._notifications)
    finally:
        pool.close()
    storage.close()
    assert ids_in(tmp_path / "progress.db") == [CHOICE.id, TRUEFALSE.id]
