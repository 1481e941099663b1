"""``quizapp interview`` in a pseudo-terminal at 80×24: the interview opens, an open answer is typed
and submitted with Ctrl+S (which a terminal's flow control must not swallow), its key points are
accepted, Ctrl+Q quits, and the report of what was answered is saved and named on the terminal."""

from __future__ import annotations

import os
import sqlite3
import sys

import pytest

pexpect = pytest.importorskip("pexpect")

from test_pty import ANSI, _expect  # noqa: E402


def test_interview_in_a_pty(tmp_path) -> None:
    report = tmp_path / "interview.md"
    env = dict(os.environ, QUIZAPP_DATA_DIR=str(tmp_path), TERM="xterm-256color", PYTHONUNBUFFERED="1")
    env.pop("QUIZAPP_DEBUG", None)
    child = pexpect.spawn(sys.executable, ["-m", "quizapp", "interview", "--focus", "map", "--lang", "en",
                                           "--report", str(report), "--seed", "3"],
                          env=env, dimensions=(24, 80), encoding="utf-8", codec_errors="replace")
    transcript = ""
    try:
        transcript += _expect(child, r"Enter starts")
        child.send("\r")
        transcript += _expect(child, r"Ctrl\+S when done")
        child.send("the variance grows")
        child.send("\x13")                                  # Ctrl+S
        transcript += _expect(child, r"key points ticked")
        child.send("\r")                                    # accept the suggested rating
        transcript += _expect(child, r"Q 2/")
        child.send("\x11")                                  # Ctrl+Q
        child.expect(pexpect.EOF, timeout=20)
        transcript += ANSI.sub("", child.before or "")
    finally:
        if child.isalive():
            child.terminate(force=True)
    child.close()
    assert child.exitstatus == 0, transcript[-2000:]
    assert "Traceback" not in transcript
    assert f"report saved to {report}" in " ".join(transcript.split())
    assert "Mock interview report" in report.read_text(encoding="utf-8")
    with sqlite3.connect(tmp_path / "progress.db") as db:
        rows = db.execute("SELECT context, status, response FROM answers").fetchall()
    assert len(rows) == 1 and rows[0][:2] == ("interview", "rated") and "the variance grows" in rows[0][2]
