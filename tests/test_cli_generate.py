"""``quizapp generate``: JSON on stdout, seeds N+i, --list, and one-line errors with exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from engine.generators import KINDS, get_kind
from quizapp.__main__ import main


def run(capfd, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:      # argparse's own usage errors exit from parse_args
        code = exc.code
    out, err = capfd.readouterr()
    return code, out, err


def test_exercises_use_consecutive_seeds_and_match_the_generator(capfd):
    code, out, err = run(capfd, "generate", "mlp-backprop", "--seed", "7", "--count", "3", "--difficulty", "medium")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert [e["seed"] for e in data["exercises"]] == [7, 8, 9]
    assert all(e["difficulty"] == "medium" and e["kind"] == "mlp-backprop" for e in data["exercises"])
    exercises = [get_kind("mlp-backprop").generate(s, "medium") for s in (7, 8, 9)]
    assert data["exercises"] == [e.to_json() for e in exercises]
    assert out == '{"exercises": [' + ", ".join(e.dumps() for e in exercises) + "]}\n"


def test_defaults_are_seed_0_one_easy_exercise(capfd):
    code, out, _ = run(capfd, "generate", "activation")
    (exercise,) = json.loads(out)["exercises"]
    assert code == 0 and exercise["seed"] == 0 and exercise["difficulty"] == "easy"
    assert set(exercise) == {"kind", "seed", "difficulty", "prompt", "given", "answers", "steps"}
    assert set(exercise["prompt"]) == {"zh", "en"}


def test_same_command_twice_prints_the_same_bytes(capfd):
    first = run(capfd, "generate", "softmax-cross-entropy", "--seed", "3", "--count", "4", "--difficulty", "hard")[1]
    second = run(capfd, "generate", "softmax-cross-entropy", "--seed", "3", "--count", "4", "--difficulty", "hard")[1]
    assert first == second


def test_list_shows_every_kind_with_topic_and_title(capfd):
    code, out, _ = run(capfd, "generate", "--list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == len(KINDS)
    for line in lines:
        name, topic = line.split()[:2]
        assert KINDS[name].topic == topic
        assert KINDS[name].title.en in line and KINDS[name].title.zh in line
    code, out, _ = run(capfd, "generate", "--list", "--lang", "en")
    assert "Backpropagation by hand" in out and "手推" not in out


@pytest.mark.parametrize(("argv", "needle"), [
    (["generate", "no-such-kind"], "unknown kind 'no-such-kind'"),
    (["generate"], "which kind?"),
    (["generate", "mlp-backprop", "--count", "0"], "--count"),
    (["generate", "mlp-backprop", "--count", "many"], "--count"),
    (["generate", "mlp-backprop", "--seed", "-3"], "--seed"),
    (["generate", "mlp-backprop", "--seed", "1.5"], "--seed"),
    (["generate", "mlp-backprop", "--difficulty", "extreme"], "--difficulty"),
    (["generate", "mlp-backprop", "--bogus"], "--bogus"),
    (["generate", "--list", "mlp-backprop"], "--list"),
])
def test_bad_input_is_one_line_on_stderr_and_exit_2(capfd, argv, needle):
    code, out, err = run(capfd, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and needle in err and "Traceback" not in err


def test_the_installed_command_reports_bad_input_without_a_traceback():
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": ""}
    bad = subprocess.run([sys.executable, "-m", "quizapp", "generate", "mlp-backprop", "--difficulty", "x"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert bad.returncode == 2 and bad.stdout == "" and len(bad.stderr.strip().splitlines()) == 1
    good = subprocess.run([sys.executable, "-m", "quizapp", "generate", "mlp-backprop"],
                          capture_output=True, env=env, timeout=60)
    assert good.returncode == 0, good.stderr
    # UTF-8 JSON even under the C locale (the prompts are Chinese and English)
    assert json.loads(good.stdout.decode("utf-8"))["exercises"][0]["prompt"]["zh"]
