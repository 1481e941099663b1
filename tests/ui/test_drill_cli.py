"""``quizapp drill``: usage errors are one line with exit 2; the real program opens on the drill in a
pseudo-terminal, grades an answer and quits cleanly (no traceback)."""

from __future__ import annotations

import os
import sys
import time

import pexpect
import pytest

from engine.generators import get_kind
from quizapp.__main__ import main


@pytest.mark.parametrize("argv, words", [
    (["drill", "nope"], "unknown drill 'nope'; choose one of: backprop, derive,"),
    (["drill", "derive", "--seed", "3"], "--seed applies to generated drills"),
    (["drill", "backprop", "--difficulty", "extreme"], "invalid choice: 'extreme'"),
    (["drill", "backprop", "--seed", "-4"], "must be 0 or more"),
])
def test_usage_errors_are_one_line_and_exit_2(argv, words, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path))
    try:
        code = main(argv)
    except SystemExit as exc:      # argparse's own errors
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def _spawn(args: list[str], tmp_path) -> pexpect.spawn:
    env = dict(os.environ, QUIZAPP_DATA_DIR=str(tmp_path), TERM="xterm-256color", COLUMNS="80", LINES="24")
    return pexpect.spawn(sys.executable, ["-m", "quizapp", *args], env=env, dimensions=(24, 80),
                         encoding="utf-8", timeout=30)


def test_real_program_opens_on_the_drill_grades_and_quits(tmp_path):
    given = get_kind("mlp-backprop").generate(3, "easy").given     # the network the drill shows
    z1 = [sum(w * x for w, x in zip(row, given["x"])) + b for row, b in zip(given["W"][0], given["b"][0])]
    child = _spawn(["drill", "backprop", "--seed", "3", "--lang", "en"], tmp_path)
    out = ""
    try:
        child.expect("Step 1 of 15")
        # z₁ = W₁x + b₁, computed here from the given
        for cell in (f"{v:.6g}" for v in z1):   # one cell at a time, as a person types
            time.sleep(0.5)
            child.send(cell + "\r")
        child.expect("Correct")                             # the verdict of z₁, shown above step 2
        child.sendcontrol("q")
        child.expect(pexpect.EOF)
        out = child.before or ""
    finally:
        child.close(force=True)
    assert "Traceback" not in out
    assert child.exitstatus == 0


def test_real_program_opens_the_derivation_drill(tmp_path):
    child = _spawn(["drill", "derive", "--lang", "en"], tmp_path)
    try:
        child.expect("differentiate directly")
        child.sendcontrol("q")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
