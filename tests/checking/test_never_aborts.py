"""The checker never aborts or hangs: every batch line gets its own verdict, the same inputs as single
checks get one clear line and exit 2, hints are linear, and a domain that validates can be graded."""

from __future__ import annotations

import io
import json
import sys
import time

import pytest

from engine.bank.loader import load_file
from engine.checking import check_numeric, check_symbolic, preview
from quizapp.__main__ import main

BIG_INT = int("9" * 400)
HOSTILE_LINES = [
    ('{"expected": %s, "answer": "1"}' % ("9" * 400), "not a finite number"),
    (json.dumps({"expected": "x^2", "answer": "x*x", "domain": {"x": [-1e308, 1e308]}}), "between -1e+12 and 1e+12"),
    (json.dumps({"expected": "x^2", "answer": "x*x", "domain": {"x": [float("-inf"), 1]}}), "finite"),
    (json.dumps({"expected": "x^2", "answer": "x*x", "domain": [[-1, 1]]}), "must map names to [low, high]"),
    (json.dumps({"expected": "x^2", "answer": "x*x", "domain": {"x": [1, 2, 3]}}), "must be [low, high]"),
    (json.dumps({"expected": [[1, 2], [3]], "answer": "[[1, 2], [3]]"}), "rows of different lengths"),
    ("[" * 100_000, "nested too deeply"),
    (json.dumps({"expected": "x", "answer": "[" * 100_000}), "too long"),
    (json.dumps({"expected": 1, "answer": "[" * 100_000}), "too long (100000 characters"),
    (json.dumps({"expected": 1, "answer": "[" * 5_000}), "unbalanced '[ ]'"),
    ('{"expected": %s, "answer": "1"}' % ("9" * 5000), "too many digits"),
    (json.dumps({"expected": 1, "answer": "9" * 5000}), "too long"),
    (json.dumps({"expected": 1, "answer": "9" * 300}), "too long (at most 40 digits)"),
    (json.dumps({"expected": [1], "answer": "1," * 50_000}), "too long (100000 characters"),
    (json.dumps({"expected": [1], "answer": "1," * 1_500}), "at most 1000 numbers"),
    (json.dumps({"expected": [1], "answer": [["1"] * 2000]}), "at most 1000 numbers"),
]


def test_every_hostile_batch_line_gets_its_own_invalid_verdict_and_the_batch_goes_on(capsys, monkeypatch):
    good = json.dumps({"expected": "x^2", "answer": "x·x"})
    text = "\n".join(line + "\n" + good for line, _ in HOSTILE_LINES) + "\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    assert main(["check", "--batch", "-"]) == 0
    out = [json.loads(l) for l in capsys.readouterr().out.splitlines()]
    assert len(out) == 2 * len(HOSTILE_LINES)
    for k, (_, words) in enumerate(HOSTILE_LINES):
        bad, after = out[2 * k], out[2 * k + 1]
        assert bad["verdict"] == "invalid" and words in bad["message"], (k, bad)
        assert after["verdict"] == "correct"


@pytest.mark.parametrize("argv, words", [
    (["9" * 400, "1"], "not a finite number"),
    (["[[1, 2], [3]]", "[[1, 2], [3]]"], "rows of different lengths"),
    (["[" * 100_000, "1"], "too long"),
    (["1", "[" * 100_000], "too long"),
    (["9" * 5000, "1"], "too long"),
    (["x", "9" * 5000], "too long"),
])
def test_the_same_inputs_as_single_checks_are_one_verdict_line_exit_2(capsys, argv, words):
    assert main(["check", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.err == ""
    verdict = json.loads(captured.out)
    assert verdict["verdict"] == "invalid" and words in verdict["message"]


@pytest.mark.parametrize("box", ["-1e308:1e308", "-inf:inf", "0:1e13"])
def test_a_domain_too_wide_to_sample_is_a_usage_error_exit_2(capsys, box):
    assert main(["check", "x^2", "x*x", "--domain", f"x={box}"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "between -1e+12 and 1e+12" in err


def test_the_library_refuses_such_a_domain_as_a_question_error_not_an_overflow():
    v = check_symbolic("x^2", "x*x", domain={"x": (-1e308, 1e308)})
    assert v.status == "invalid" and v.extra["where"] == "expected" and "1e+12" in v.message
    # the widest box allowed is sampled without overflow
    assert check_symbolic("x", "x", domain={"x": (-1e12, 1e12)}).correct


def test_check_numeric_refuses_ragged_and_huge_expected_values():
    assert "rows of different lengths" in check_numeric([[1, 2], [3]], "[[1, 2], [3]]").message
    assert "not a finite number" in check_numeric(BIG_INT, "1").message


def _bank_file(tmp_path, extra: str):
    path = tmp_path / "nn-basics.toml"
    path.write_text('topic = "nn-basics"\n\n[[question]]\nid = "nn-basics/q"\ntype = "symbolic"\ndifficulty = 1\n'
                    'tags = ["t"]\nsource = "s"\nprompt.zh = "题"\nprompt.en = "Q"\nexplanation.zh = "因"\n'
                    'explanation.en = "Because"\n' + extra, encoding="utf-8")
    return path


def test_bank_validation_refuses_the_domain_the_checker_could_not_sample(tmp_path):
    questions, problems = load_file(_bank_file(tmp_path, 'answer = "x^2"\nvariables = ["x"]\n'
                                               'domain = { x = [-1e308, 1e308] }\n'))
    assert questions == [] and len(problems) == 1
    assert problems[0].field == "domain.x" and "between -1e+12 and 1e+12" in problems[0].message
    questions, problems = load_file(_bank_file(tmp_path, 'answer = "x^2"\nvariables = ["x"]\n'
                                               'domain = { x = [-1e6, 1e6] }\n'))
    assert problems == [] and check_symbolic("x^2", "x*x", domain=questions[0].answer.domain).correct


def test_name_splitting_hint_is_fast_for_many_ways_to_split(tmp_path):
    text = "x" * 60 + "y"
    start = time.perf_counter()
    _, error = preview(text, variables=("x", "xx"))
    assert time.perf_counter() - start < 0.1
    assert "unknown name" in error
    _, error = preview("x" * 60 + "xx", variables=("x", "xx"))
    assert "did you mean " + "xx*" * 30 + "xx?" in error          # the longest names first
    start = time.perf_counter()
    questions, problems = load_file(_bank_file(tmp_path, f'answer = "{text}"\nvariables = ["x", "xx"]\n'))
    assert time.perf_counter() - start < 1.0
    assert problems and "checker cannot read" in problems[0].message


def test_worst_case_preview_stays_fast():
    start = time.perf_counter()
    for text in ("x" * 399 + "y", "(" * 400, "-" * 400, "2^" * 200, "|" * 400, "x" * 200 + "(" * 200):
        preview(text, variables=("x", "xx", "xxx", "xxxx"))
    assert time.perf_counter() - start < 0.5
