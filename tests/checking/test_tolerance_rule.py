"""The one numeric tolerance rule (engine/checking/tolerance.py), over every generator kind.

For 100 seeds of every kind, every answer entry: 0 (where the value is not 0), the sign-flipped value
and a value 10 % off are graded wrong; the exact value and the value rounded to 4 significant figures
are graded right — down to entries 1e-5 of the largest in their step (below that, a hand computation
gives 0 and the zero level accepts it: Adam's θ where θ − η·sign(g) cancels, leaving ε's −2e-9)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from engine.checking import check_numeric
from engine.checking.tolerance import Tolerance, exercise_scale
from engine.generators import KINDS

SEEDS = range(100)


def sig4(x: float) -> str:
    return f"{x:.4g}" if x else "0"


def cells(values: np.ndarray, replace_at: int | None = None, by: str = "") -> list:
    flat = [repr(float(v)) for v in values.ravel()]
    if replace_at is not None:
        flat[replace_at] = by
    return np.array(flat, dtype=object).reshape(values.shape).tolist() if values.ndim else flat[0]


def numeric_steps(ex):
    for step in ex.steps:
        try:
            value = np.asarray(step.value, dtype=float)
        except (TypeError, ValueError):
            continue
        if value.size and np.isfinite(value).all():
            yield step.name, value


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_small_wrong_numbers_are_caught_in_every_kind(kind):
    rng = random.Random(kind)
    checked = 0
    for seed in SEEDS:
        difficulty = ("easy", "medium", "hard")[seed % 3]
        ex = KINDS[kind].generate(seed, difficulty)
        scale = exercise_scale(ex)                 # as the drill and the quiz grade generated steps
        for name, value in numeric_steps(ex):
            zero = Tolerance().zero(value, scale)
            assert check_numeric(value, cells(value), scale=scale).status == "correct", (kind, seed, name)
            rounded = np.array([sig4(float(v)) for v in value.ravel()], dtype=object).reshape(value.shape)
            assert check_numeric(value, rounded.tolist() if value.ndim else str(rounded),
                                 scale=scale).status == "correct", \
                (kind, seed, name, rounded)
            flat = value.ravel()
            for i in rng.sample(range(flat.size), min(flat.size, 3)):
                e = float(flat[i])
                if abs(e) <= 10 * zero:
                    continue            # a zero, or under 1e-5 of the exercise's largest number: 0 by hand
                for wrong in ("0", repr(-e), repr(1.1 * e)):
                    verdict = check_numeric(value, cells(value, i, wrong), scale=scale)
                    assert verdict.status == "incorrect", (kind, seed, name, i, e, wrong)
                checked += 1
    assert checked >= 100


@pytest.mark.parametrize("expected, typed, status", [
    (0.00353, "0", "incorrect"),
    (0.0021, "-0.0021", "incorrect"),
    (0.00353, "0.00353", "correct"),
    (0.00353, "0.003530", "correct"),
    ([0.5, 3.768e-17], ["0.5", "0"], "correct"),     # float noise beside 0.5 is a zero
    ([0.5, 0.00012], ["0.5", "0"], "incorrect"),      # a small real value is not
    (1e-300, "0", "incorrect"),
    (0.0, "1e-13", "correct"),
    (0.0, "1e-6", "incorrect"),
])
def test_the_rule(expected, typed, status):
    assert check_numeric(expected, typed).status == status


def test_an_explicit_absolute_tolerance_still_widens():
    assert check_numeric(3.0, "3.4", rel=0.0, abs=0.5).status == "correct"
    assert check_numeric(3.0, "3.6", rel=0.0, abs=0.5).status == "incorrect"


@pytest.mark.parametrize("expected", [float("inf"), float("-inf"), float("nan"), [1.0, float("inf")]])
def test_an_infinite_expected_value_is_a_broken_question_not_a_free_pass(expected):
    verdict = check_numeric(expected, "123")
    assert verdict.status == "invalid" and "broken" in verdict.message


def test_bank_refuses_infinite_answers_and_wide_tolerances(tmp_path):
    from engine.bank.loader import load_file
    path = tmp_path / "b.toml"
    path.write_text('topic = "nn-basics"\n' + "".join(f'''
[[question]]
id = "nn-basics/{qid}"
type = "numeric"
difficulty = 1
tags = []
source = "s"
prompt = {{ zh = "问", en = "q" }}
answer = {answer}
{extra}
explanation = {{ zh = "因为", en = "because" }}
''' for qid, answer, extra in (("inf", "inf", ""), ("big", "1e999", ""), ("wide", "0.3", "tolerance = { rel = 0.6 }"))),
        encoding="utf-8")
    questions, problems = load_file(path, display="b.toml")
    assert questions == []
    text = "\n".join(map(str, problems))
    assert "nn-basics/inf: answer:" in text and "nn-basics/big: answer:" in text
    assert "nn-basics/wide: tolerance.rel: must be below 0.5" in text


def test_a_step_that_is_zero_on_paper_accepts_0_in_the_drill():
    """mlp-backprop easy, seed 93: z₂ = −0.26 + 0 + 0.56 − 0.3 = 0 on paper, 1.1e-16 in floats."""
    from quizapp.drill.session import DrillSession

    s = DrillSession("mlp-backprop", 93, "easy")
    z2 = next(st for st in s.exercise.steps if st.name == "z_2")
    assert 0 < abs(float(np.asarray(z2.value).ravel()[0])) < 1e-15
    while s.current.name != "z_2":
        s.submit(np.asarray(s.expected(), dtype=float).tolist())
    assert s.submit(["0"]).status == "correct"
