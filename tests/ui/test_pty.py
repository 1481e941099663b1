"""The real ``quizapp`` in a pseudo-terminal: it opens on the home screen, a true/false question is
answered through the quiz setup, q quits cleanly, no traceback appears, and the answer was stored."""

from __future__ import annotations

import os
import re
import time
import sqlite3
import sys

import pytest

pexpect = pytest.importorskip("pexpect")

ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b[()][A-Z0-9]|\x1b[=>]|\x1b\][^\x07]*\x07")


def _expect(child, pattern: str, timeout: float = 30) -> str:
    """Wait until ``pattern`` appears in the screen text (escape codes removed)."""
    seen = ""
    regex = re.compile(pattern)
    while True:
        try:
            child.expect([r".+"], timeout=timeout)
        except pexpect.TIMEOUT:
            raise AssertionError(f"{pattern!r} did not appear; last screen text: {seen[-2000:]!r}") from None
        seen += ANSI.sub("", child.after if isinstance(child.after, str) else "")
        if regex.search(seen):
            return seen


def test_real_app_in_a_pty(tmp_path) -> None:
    env = dict(os.environ, QUIZAPP_DATA_DIR=str(tmp_path), TERM="xterm-256color", COLUMNS="100", LINES="32",
               PYTHONUNBUFFERED="1")
    env.pop("QUIZAPP_DEBUG", None)
    child = pexpect.spawn(sys.executable, ["-m", "quizapp", "--lang", "en"], env=env, dimensions=(32, 100),
                          encoding="utf-8", codec_errors="replace")
    transcript = ""
    try:
        transcript += _expect(child, r"deep-learning interview practice")
        transcript += _expect(child, r"answers so far")         # the bank is read after the first paint
        child.send("\r")                                  # quiz on the first topic → setup
        transcript += _expect(child, r"Quiz setup")
        # Keep only true/false: move to the type list and untick every other type.
        child.send("\t")
        for key in [" ", "\x1b[B", " ", "\x1b[B", "\x1b[B", " ", "\x1b[B", " ", "\x1b[B", " ", "\x1b[B", " "]:
            time.sleep(0.1)      # an escape sequence split from the next key must not merge with it
            child.send(key)
        transcript += _expect(child, r"\d+ questions match")
        child.send("s")
        transcript += _expect(child, r"T\. True")
        child.send("t")
        child.send("\r")
        transcript += _expect(child, r"(Correct|Incorrect)")
        child.send("q")
        child.expect(pexpect.EOF, timeout=20)
        transcript += ANSI.sub("", child.before or "")
    finally:
        if child.isalive():
            child.terminate(force=True)
    child.close()
    assert child.exitstatus == 0, transcript[-2000:]
    # an exception's name ("ValueError: ..."), not a question's words ("Gaussian Error Linear Units")
    assert "Traceback" not in transcript and not re.search(r"\b\w*Error: ", transcript)
    with sqlite3.connect(tmp_path / "progress.db") as db:
        rows = db.execute("SELECT status FROM answers").fetchall()
    assert len(rows) == 1 and rows[0][0] in ("correct", "incorrect")


def test_a_bug_ends_in_one_line_not_a_traceback(tmp_path) -> None:
    """An exception inside the app (simulated) leaves one line on the terminal, details in crash.log."""
    code = ("import quizapp.app as a; a.QuizApp.action_stats = lambda self: 1/0; import sys; "
            "sys.argv = ['quizapp', '--lang', 'en']; from quizapp.__main__ import main; sys.exit(main())")
    env = dict(os.environ, QUIZAPP_DATA_DIR=str(tmp_path), TERM="xterm-256color")
    env.pop("QUIZAPP_DEBUG", None)
    child = pexpect.spawn(sys.executable, ["-c", code], env=env, dimensions=(32, 100), encoding="utf-8",
                          codec_errors="replace")
    try:
        _expect(child, r"answers so far")
        child.send("s")
        child.expect(pexpect.EOF, timeout=20)
        tail = ANSI.sub("", child.before or "")
    finally:
        if child.isalive():
            child.terminate(force=True)
    child.close()
    assert child.exitstatus == 70
    assert "quizapp: internal error: ZeroDivisionError" in tail and "crash.log" in tail
    assert "Traceback" not in tail
    assert "Traceback" in (tmp_path / "crash.log").read_text()


def test_an_ascii_python_encoding_still_draws_unicode(tmp_path) -> None:
    """PYTHONIOENCODING=ascii (issue 13): the app starts, draws "·" as itself (not "\\xb7"), quits cleanly."""
    env = dict(os.environ, QUIZAPP_DATA_DIR=str(tmp_path), TERM="xterm-256color", PYTHONIOENCODING="ascii",
               PYTHONUNBUFFERED="1")
    env.pop("QUIZAPP_DEBUG", None)
    child = pexpect.spawn(sys.executable, ["-m", "quizapp", "--lang", "en"], env=env, dimensions=(32, 100),
                          encoding="utf-8", codec_errors="replace")
    try:
        screen = _expect(child, r"answers so far")
        assert "·" in screen and "\\xb7" not in screen and "Traceback" not in screen
        child.send("q")
        child.expect(pexpect.EOF, timeout=20)
    finally:
        if child.isalive():
            child.terminate(force=True)
    child.close()
    assert child.exitstatus == 0
