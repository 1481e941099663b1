"""`quizapp check`: one JSON object and an exit code; --batch JSON Lines in, JSON Lines out."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from quizapp.__main__ import main


def run(capsys, *argv) -> tuple[int, dict]:
    code = main(["check", *argv])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_correct_incorrect_invalid_exit_codes(capsys):
    code, out = run(capsys, "sigma(x)*(1 - sigma(x))", "σ(x)(1−σ(x))")
    assert code == 0 and out["verdict"] == "correct" and out["read_as"] == "σ(x)·(1 − σ(x))"
    code, out = run(capsys, "p - y", "y - p")
    assert code == 1 and out["verdict"] == "incorrect" and set(out["counterexample"]["point"]) == {"p", "y"}
    code, out = run(capsys, "x", "xy")
    assert code == 2 and out["verdict"] == "invalid" and out["position"] == 0 and "'xy'" in out["message"]


def test_variables_default_to_the_names_in_expected(capsys):
    code, out = run(capsys, "w - eta*g", "w − η g")
    assert code == 0
    code, out = run(capsys, "w - eta*g", "w − η g", "--var", "w", "--var", "g")
    assert code == 2 and "eta" in out["message"]


def test_forbid_require_alias_domain(capsys):
    code, out = run(capsys, "sigma(x)*(1-sigma(x))", "e^-x/(1+e^-x)^2", "--forbid", "exp")
    assert code == 1 and out["form"] is False
    code, out = run(capsys, "sigma(x)*(1-sigma(x))", "s(1-s)", "--alias", "s=sigma(x)", "--require", "sigma")
    assert code == 0
    code, out = run(capsys, "x", "abs(x)", "--domain", "x=0.1:5")
    assert code == 0


def test_numeric_mode(capsys):
    code, out = run(capsys, "--numeric", "[0.5, 0.2]", "0.5, 0.3")
    assert code == 1 and out["entries"] == [True, False]
    code, out = run(capsys, "--numeric", "0.25", "0.5*(1-0.5)")
    assert code == 0


@pytest.mark.parametrize("argv, words", [
    (["x"], "give EXPECTED and ANSWER"),
    (["x", "x", "--alias", "s"], "--alias expects NAME=VALUE"),
    (["x", "x", "--domain", "x=3:1"], "LO < HI"),
    (["--batch", "/nonexistent/file.jsonl"], "cannot read"),
    (["x", "x", "--batch", "-"], "do not give them as well"),
])
def test_usage_errors_are_one_line_exit_2(capsys, argv, words):
    assert main(["check", *argv]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def test_batch_in_order_with_bad_lines(capsys, monkeypatch):
    lines = [
        {"expected": "x^2", "answer": "x·x"},
        "this is not json",
        {"expected": "p - y", "answer": "y - p"},
        {"expected": "sigma(x)", "answer": "sigma(x"},
        {"expected": 0.25, "answer": "1/4"},
        {"expected": [[1, 2], [3, 4]], "answer": [["1", "2"], ["3", "5"]]},
        {"answer": "x"},
        {"expected": "x", "answer": 3},
        {"expected": "x", "answer": "x", "colour": "red"},
        [1, 2],
        {"expected": "sigma(x)*(1-sigma(x))", "answer": "s - s^2", "aliases": {"s": "sigma(x)"}, "forbid": ["exp"]},
        {"expected": "w - eta*g", "answer": "w - eta*g", "vars": ["w", "g"]},
    ]
    text = "\n".join(l if isinstance(l, str) else json.dumps(l) for l in lines) + "\n\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    assert main(["check", "--batch", "-"]) == 0
    out = [json.loads(l) for l in capsys.readouterr().out.splitlines()]
    assert [o["verdict"] for o in out] == ["correct", "invalid", "incorrect", "invalid", "correct", "incorrect",
                                           "invalid", "invalid", "invalid", "invalid", "correct", "invalid"]
    assert "line 2" in out[1]["message"]
    assert out[5]["entries"] == [[True, True], [True, False]]
    assert "colour" in out[8]["message"]
    assert "the expected answer cannot be read" in out[11]["message"]


def test_cold_subprocess(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "quizapp", "check", "1 - tanh(x)^2", "sech²(x)"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert json.loads(proc.stdout)["verdict"] == "correct"


def test_importing_the_checker_imports_neither_sympy_nor_textual():
    code = ("import sys, engine.checking as c; "
            "assert c.check_symbolic('sigma(x)*(1-sigma(x))', 'σ(x)(1−σ(x))').correct; "
            "assert c.check_numeric(0.25, '1/4').correct; c.preview('x'); "
            "bad = [m for m in ('sympy', 'textual') if m in sys.modules]; assert not bad, bad")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
