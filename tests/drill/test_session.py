"""DrillSession on mlp-backprop, checked against an independent from-scratch forward pass with
finite-difference gradients (drill_reference.py): right answers, carried grading, hints, the worked
solution, the score, new / same network."""

from __future__ import annotations


import numpy as np
import pytest

from drill_reference import act, as_shown, reference, typed
from quizapp.drill.session import label_text
from quizapp.drill import DrillSession

KIND = "mlp-backprop"


def close(a, b, tol=1e-4) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= tol * (1 + np.abs(b))))


@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
@pytest.mark.parametrize("seed", range(1, 16))
def test_typing_the_independent_values_gets_every_step_right(seed, difficulty):
    s = DrillSession(KIND, seed, difficulty)
    ref = reference(s.exercise.given)
    names = [st.name for st in s.steps]
    # The order a person computes them: forward, loss, then backward from the output, updates last.
    L = len(s.exercise.given["W"])
    assert names[:2 * L + 1] == [n for l in range(1, L + 1) for n in (f"z_{l}", f"a_{l}")] + ["loss"]
    assert names[2 * L + 1] == f"delta_{L}"
    assert set(names) == set(ref)
    while not s.finished:
        name = s.current.name
        fb = s.submit(typed(ref[name]))
        assert fb.status == "correct", (name, fb.verdict.message)
        assert fb.mistake is None and fb.carried_from == ()
    assert s.score == s.total == len(ref)
    assert all(r.status == "correct" and r.first_try and r.hints == 0 for r in s.results)
    assert s.passed


def test_arithmetic_is_accepted_and_vectors_may_be_typed_cell_by_cell():
    s = DrillSession(KIND, 5, "easy")
    ref = reference(s.exercise.given)
    z1 = ref["z_1"]
    W, b, x = s.exercise.given["W"][0], s.exercise.given["b"][0], s.exercise.given["x"]
    # each entry as the arithmetic a learner would type: w11*x1 + w12*x2 + b1
    cells = [f"({row[0]})*({x[0]}) + ({row[1]})*({x[1]}) + ({bi})" for row, bi in zip(W, b)]
    fb = s.submit(cells)
    assert fb.status == "correct" and fb.verdict.entries == [True] * len(z1)


def test_unreadable_answer_is_not_counted():
    s = DrillSession(KIND, 5, "easy")
    fb = s.submit(["0.5", "1/(2"] + ["0"] * (len(s.steps[0].value) - 2))
    assert fb.status == "invalid"
    assert s.results[0].attempts == 0 and s.index == 0
    assert "entry 2" in fb.message("en")


def test_wrong_entry_is_marked_and_the_step_waits_for_retry_or_go_on():
    s = DrillSession(KIND, 11, "easy")
    ref = reference(s.exercise.given)
    z1 = np.array(ref["z_1"], dtype=float)
    wrong = z1.copy()
    wrong[-1] += 1.0
    fb = s.submit(typed(wrong))
    assert fb.status == "incorrect"
    assert fb.verdict.entries == [True] * (len(z1) - 1) + [False]
    assert s.current.name == "z_1" and s.awaiting_go_on
    fb = s.submit(typed(z1))            # retry, right this time
    assert fb.status == "correct" and s.current.name == "a_1"
    assert not s.results[0].scored      # right, but not at the first try
    assert s.score == 0
    assert s.worked_solution("en")[0].startswith("◑ 1. z₁") and "(right at attempt 2)" in s.worked_solution("en")[0]


def test_later_steps_are_graded_against_the_learners_own_wrong_value():
    for seed in range(1, 40):
        s = DrillSession(KIND, seed, "easy")
        given = s.exercise.given
        ref = reference(given)
        wrong_z1 = np.array(ref["z_1"]) + 0.7
        assert s.submit(typed(wrong_z1)).status == "incorrect"
        s.go_on()
        # a_1 from the learner's own z_1, computed independently
        own_a1 = act(given["activations"][0], wrong_z1, given.get("leaky_slope", 0.01))
        if close(own_a1, ref["a_1"], 0.02):
            continue  # saturated: both agree, nothing to tell apart
        fb = s.submit(typed(own_a1))
        assert fb.status == "correct", fb.verdict.message
        assert fb.carried_from == ("z₁",)
        assert "your own earlier z₁" in fb.message("en")
        assert "按你自己前面的 z₁" in fb.message("zh")
        assert s.results[0].status == "incorrect" and s.results[1].status == "correct"
        # and the textbook a_1 (from the right z_1) is now the wrong answer for this learner
        s2 = DrillSession(KIND, seed, "easy")
        s2.submit(typed(wrong_z1))
        s2.go_on()
        assert s2.submit(typed(ref["a_1"])).status == "incorrect"
        return
    pytest.fail("no seed where the carried value mattered")


def test_hints_one_level_at_a_time_and_recorded():
    s = DrillSession(KIND, 21, "easy")
    given = s.exercise.given
    ref = reference(given)
    h1 = s.hint("en")
    assert h1.level == 1 and "z₁ = W₁ a₀ + b₁" in h1.text
    h2 = s.hint("en")
    assert h2.level == 2
    # every quantity the formula names, with this network's numbers
    W1 = np.array(given["W"][0])
    for row in W1:
        assert "  ".join(as_shown(v) for v in row) in h2.text.replace("   ", "  ") or all(as_shown(v) in h2.text for v in row)
    assert "W₁ =" in h2.text and "a₀ (x) =" in h2.text and "b₁ =" in h2.text
    assert all(as_shown(v) in h2.text for v in given["x"])
    h3 = s.hint("en")
    assert h3.level == 3
    assert all(as_shown(v) in h3.text for v in ref["z_1"])
    assert s.hint("en") is None            # no fourth level
    assert s.results[0].hints == 3
    assert s.submit(typed(ref["z_1"])).status == "correct"
    assert s.results[0].first_try and not s.results[0].scored   # the value was shown: no point
    assert "(value shown)" in s.worked_solution("en")[0]
    assert s.hints_used == 3
    assert s.hint("zh").text.startswith("公式：")                # next step starts at level 1 again


def test_hint_two_uses_the_learners_carried_value():
    s = DrillSession(KIND, 21, "easy")
    ref = reference(s.exercise.given)
    mine = np.array(ref["z_1"]) + np.array([0.25] + [0.0] * (len(ref["z_1"]) - 1))
    s.submit(typed(mine))
    s.go_on()
    s.hint("en")
    text = s.hint("en").text
    assert "z₁ = " in text and as_shown(mine[0]) in text


def test_worked_solution_has_every_formula_and_the_right_numbers():
    s = DrillSession(KIND, 8, "medium")
    ref = reference(s.exercise.given)
    lines = s.worked_solution("en")
    text = "\n".join(lines)
    for step in s.steps:
        assert label_text(step.label.en) in text
        for v in np.ravel(ref[step.name]):
            assert as_shown(v) in text, (step.name, v)
    assert "δ₁ = (W₂ᵀ δ₂) ⊙ σ'(z₁)" in text or "δ₁ = (W₂ᵀ δ₂) ⊙ σ′(z₁)" in text


def test_new_network_and_same_again():
    s = DrillSession(KIND, 8, "easy")
    same = s.same_again()
    assert same.exercise.given == s.exercise.given and same.seed == 8 and same.index == 0
    new = s.new_network()
    assert new.seed != 8 and new.difficulty == "easy"
    assert new.exercise.given != s.exercise.given


@pytest.mark.parametrize("kind", ["attention", "rnn-bptt", "lstm-step", "gru-step", "gcn-layer", "batchnorm",
                                  "adam-step", "grad-clip", "softmax-cross-entropy", "activation",
                                  "dueling-q", "vanishing-gradient", "mlp-forward"])
def test_every_kind_can_be_drilled_to_the_end(kind):
    """The drill is built on Exercise.steps, not on MLP specifics. (The kinds' values themselves are
    re-derived independently in tests/engine; here the walk, the hints and the worked solution.)"""
    s = DrillSession(kind, 4, "easy")
    assert s.total == len(s.exercise.steps) > 0
    while not s.finished:
        step = s.current
        for _ in range(3):
            assert s.hint("en") is not None
        assert s.submit(typed(step.value, 8)).status == "correct", step.name
    assert len(s.worked_solution("zh")) >= 3 * s.total


