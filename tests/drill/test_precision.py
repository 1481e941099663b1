"""Steps whose typical wrong value lies within the default tolerance are graded tighter.

At easy, η·∂L/∂W is often below the default absolute tolerance (0.005): without this, typing W_l
unchanged, or the sign-error value W_l + η ∂L/∂W_l, was graded right. Expected values come from the
independent reference (drill_reference.py: scalar loops and finite differences)."""

from __future__ import annotations

import numpy as np
import pytest

from drill_reference import reference, typed
from engine.bank.model import Tolerance
from engine.generators import Step
from quizapp.drill import DrillSession
from quizapp.drill.precision import digit_floor, is_descent, previous_value, separate

KIND = "mlp-backprop"


def rounded(value, digits: int = 4):
    """The value rounded to ``digits`` significant digits (what a careful learner types)."""
    return typed(value, digits)


def exact(value):
    return typed(value, 12)


def walk_to(s: DrillSession, ref: dict, name: str) -> None:
    """Answer every step before ``name`` right (4 significant digits), as a learner would."""
    while s.current.name != name:
        fb = s.submit(rounded(ref[s.current.name]))
        assert fb.status == "correct", (s.current.name, fb.verdict.message)


def test_over_100_seeds_an_unchanged_update_is_never_right_and_4_digits_always_are():
    tightened = sign_diagnosed = invisible = 0
    for seed in range(1, 101):
        s = DrillSession(KIND, seed, "easy")
        given, ref = s.exercise.given, reference(s.exercise.given)
        eta = given["learning_rate"]
        while not s.finished:
            name = s.current.name
            if "_new_" not in name:
                assert s.submit(rounded(ref[name])).status == "correct", (seed, name)
                continue
            param, _, layer = name.partition("_new_")
            before = np.asarray(given[param][int(layer) - 1], dtype=float)
            right = np.asarray(ref[name], dtype=float)
            # An update below half a unit in the 4th significant digit of every entry (about one
            # update step in 500 at easy) is under the drill's floor: unchanged reads as right there.
            half_unit = 0.5 * 10.0 ** (np.floor(np.log10(np.maximum(np.abs(right), 1e-12))) - 3)
            if not np.any(np.abs(right - before) > half_unit):
                invisible += 1
                assert s.submit(rounded(right)).status == "correct", (seed, name)
                continue
            tightened += s.decimals is not None
            fb = s.submit(exact(before))
            assert fb.status == "incorrect", (seed, name, "unchanged value graded right")
            assert fb.mistake is not None and fb.mistake.id == "not-updated"
            sign = before + eta * np.asarray(ref[f"d{param}_{layer}"])
            fb = s.submit(exact(sign))
            assert fb.status == "incorrect", (seed, name, "sign error graded right")
            assert fb.mistake is not None and fb.mistake.id == "update-sign", (seed, name)
            sign_diagnosed += 1
            fb = s.submit(rounded(right))
            assert fb.status == "correct", (seed, name, fb.verdict.message)
    assert sign_diagnosed + invisible == 400 and invisible <= 4
    assert tightened >= 50        # a quarter of the update steps at easy need the tighter grading


def test_a_tight_step_says_how_many_decimals_and_that_many_are_enough():
    for seed in range(1, 60):
        s = DrillSession(KIND, seed, "easy")
        ref = reference(s.exercise.given)
        for name in ("W_new_1", "b_new_1", "W_new_2", "b_new_2"):
            walk_to(s, ref, name)
            k = s.decimals
            if k is None:
                continue
            assert k >= 3
            right = np.asarray(ref[name], dtype=float)
            cells = np.vectorize(lambda v: f"{v:.{k}f}")(right).tolist()
            assert s.submit(cells).status == "correct", (seed, name, k)
            return
    pytest.fail("no tight update step in 59 seeds")


def test_only_steps_with_a_close_wrong_value_are_tightened():
    s = DrillSession(KIND, 3, "easy")
    ref = reference(s.exercise.given)
    while not s.finished:
        name = s.current.name
        tol = s.step_tolerance
        if "_new_" not in name:
            assert s.decimals is None and not tol.tight, name
        s.submit(rounded(ref[name]))


@pytest.mark.parametrize("kind", [KIND, "adam-step"])
def test_the_value_hint_shows_enough_decimals_to_be_typed_back(kind):
    """Hint 3 shows the value; copied as shown it must be graded right, however tight the step and
    however small the value (Adam's v at t = 1 is ~1e-5: graded relatively, it must be shown with its
    significant digits, not 4 decimals)."""
    most = 0
    for seed in range(1, 60):
        s = DrillSession(kind, seed, "easy")
        while not s.finished:
            step, k = s.current, s.decimals
            if k is None and kind != "adam-step":
                assert s.submit(exact(s.expected())).status == "correct"   # (after the carried hint values)
                continue
            for _ in range(3):
                hint = s.hint("en")
            shown = " ".join(hint.text.splitlines()[1:]).split("=", 1)[1]
            numbers = shown.replace("[", " ").replace("]", " ").split()
            cells = np.array(numbers, dtype=object).reshape(np.shape(step.value)).tolist()
            assert s.submit(cells).status == "correct", (seed, step.name, hint.text)
            most = max(most, k or 0)
        if kind != "adam-step" and most > 0:
            return
    if kind == "adam-step":
        return                      # every hint of 59 drills typed back and graded right
    pytest.fail(f"no step needing the decimals looked for in 59 seeds (at most {most})")


def test_adam_typing_the_old_moment_or_parameter_is_wrong():
    """Generic, not an MLP case: Adam's v_t = β₂ v + (1 − β₂) g² at t = 1 is ~1e-4, so v = 0 typed
    unchanged was within 0.005 of it."""
    caught = 0
    for seed in range(1, 30):
        s = DrillSession("adam-step", seed, "easy")
        given = s.exercise.given
        while not s.finished:
            step = s.current
            if step.name in ("m", "v", "theta"):
                before = np.asarray(given[step.name], dtype=float)
                if np.any(np.abs(before - np.asarray(step.value)) > 1e-3 * np.abs(step.value)):
                    fb = s.submit(exact(before))
                    assert fb.status == "incorrect", (seed, step.name)
                    assert fb.mistake is not None and fb.mistake.id == "not-updated"
                    caught += 1
            assert s.submit(rounded(step.value)).status == "correct", (seed, step.name)
    assert caught >= 29 * 2


# -- the tolerance itself ----------------------------------------------------------------------------

def test_separate_tightens_only_entries_a_close_wrong_value_shares():
    right = np.array([0.5012, 0.3, -2.0])
    wrong = np.array([0.5, 0.3, -2.0])             # unchanged except in the first entry
    tol = separate(right, [wrong])
    assert tol.tightened.tolist() == [True, False, False]
    assert tol.abs[0] == pytest.approx(0.4 * 0.0012)
    assert tol.matches(right.round(4), right) and not tol.matches(wrong, right)
    assert tol.decimals == 4
    # a wrong value already far in one entry changes nothing
    far = separate(right, [np.array([0.5, 0.3, -1.0])])
    assert not far.tight and far.decimals is None
    assert far.matches([0.505, 0.3, -2.0], right)    # the default 1 % / 0.005 still applies


def test_the_floor_accepts_4_significant_digits_even_when_the_wrong_value_is_closer():
    right = np.array([1.23456])
    tol = separate(right, [right + 1e-6])
    assert tol.abs[0] == pytest.approx(0.6 * 1e-3)
    assert tol.matches([1.235], right)               # 4 significant digits
    assert digit_floor(np.array([0.0, 0.04321, 123.4])).tolist() == pytest.approx([0.0, 0.6e-5, 0.06])


def test_previous_value_and_descent_follow_the_generators_naming():
    given = {"W": [[[1.0, 2.0]], [[3.0]]], "theta": [0.5, 0.25], "loss": "half_sse"}
    w2 = Step("W_new_2", r"W_{2} \leftarrow W_{2} - \eta \frac{\partial L}{\partial W_{2}}", [[2.9]])
    theta = Step("theta", r"\theta_t = \theta_{t-1} - \Delta\theta", [0.4, 0.2])
    m = Step("m", r"m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g", [0.1, 0.1])
    loss = Step("loss", r"L = \frac{1}{2} \sum_i (a_{L,i} - y_i)^2", 0.3)
    assert previous_value(w2, given).tolist() == [[3.0]]
    assert previous_value(theta, given).tolist() == [0.5, 0.25]
    assert previous_value(m, given) is None and previous_value(loss, given) is None
    assert is_descent(w2) and is_descent(theta) and not is_descent(m) and not is_descent(loss)


def test_default_tolerance_is_respected_when_nothing_is_close():
    tol = separate(0.3, [], Tolerance(rel=0.01, abs=0.005))
    assert not tol.tight and tol.matches(0.304, 0.3) and not tol.matches(0.31, 0.3)
