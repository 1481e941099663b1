"""``quizapp doctor``: one block about the progress database; exit 0 when in order (or no database yet),
1 when damaged or out of step; the file is never changed without --fix."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from quizapp.storage import AnswerRecord, Storage


def doctor(data_dir, *extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quizapp", "doctor", "--data-dir", str(data_dir), *extra],
                          capture_output=True, text=True, timeout=60)


def test_a_good_database(tmp_path):
    s = Storage(tmp_path / "progress.db")
    for status in ("correct", "incorrect", "invalid"):
        s.record_answer(AnswerRecord("nn-basics/q", "nn-basics", status))
    s.close()
    out = doctor(tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.splitlines()[0] == f"quizapp doctor: {tmp_path / 'progress.db'}"
    assert "integrity     ok" in out.stdout and "2 (this quizapp's)" in out.stdout
    assert "3 answers to 1 question; kept totals agree" in out.stdout
    assert "closed cleanly" in out.stdout and out.stdout.rstrip().endswith("result: ok")
    assert not out.stderr


def test_a_corrupt_database_is_reported_and_left_as_it_is(tmp_path):
    db = tmp_path / "progress.db"
    db.write_bytes(b"not a database at all " * 200)
    out = doctor(tmp_path)
    assert out.returncode == 1
    assert "FAILED: file is not a database" in out.stdout and "moves the file aside" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr
    assert db.read_bytes() == b"not a database at all " * 200 and not list(tmp_path.glob("*.corrupt-*"))
    fix = doctor(tmp_path, "--fix")                  # not even --fix touches a damaged file
    assert fix.returncode == 1 and "not done" in fix.stdout
    assert db.read_bytes() == b"not a database at all " * 200 and not list(tmp_path.glob("*.corrupt-*"))


def test_a_damaged_page_fails_the_integrity_check(tmp_path):
    db = tmp_path / "progress.db"
    s = Storage(db)
    for i in range(400):
        s.record_answer(AnswerRecord(f"q{i}", "rnn", "correct", response={"answer": "x" * 300}))
    s.close()
    conn = sqlite3.connect(db)
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='answers_by_question'").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    data[(root - 1) * page + 8: (root - 1) * page + 400] = b"\x07" * 392     # scribble over an index page
    db.write_bytes(bytes(data))
    out = doctor(tmp_path)
    assert out.returncode == 1 and "FAILED" in out.stdout, out.stdout


def test_no_database_yet(tmp_path):
    out = doctor(tmp_path / "fresh")
    assert out.returncode == 0
    assert "none yet" in out.stdout and "result: ok" in out.stdout
    assert not (tmp_path / "fresh" / "progress.db").exists()


def test_totals_out_of_step_are_found_and_fixed(tmp_path):
    db = tmp_path / "progress.db"
    s = Storage(db)
    s.record_answer(AnswerRecord("q", "rnn", "correct"))
    s.close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE totals SET recalled = 0")
    conn.commit()
    conn.close()
    out = doctor(tmp_path)
    assert out.returncode == 1 and "disagree for 1 question" in out.stdout and "--fix" in out.stdout
    fixed = doctor(tmp_path, "--fix")
    assert fixed.returncode == 0 and "recounted" in fixed.stdout, fixed.stdout
    assert Storage(db).per_question() == {"q": (1, 1)}
