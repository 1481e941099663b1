"""Numeric answers: safe arithmetic, tolerance, vectors and matrices with per-entry verdicts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.checking import ParseError, check_numeric, evaluate_number


@pytest.mark.parametrize("text, value", [
    ("1/(1+e^-0.5)", 1 / (1 + math.exp(-0.5))),
    ("0.5*(1-0.5)", 0.25),
    ("σ(0.5)(1 − σ(0.5))", math.exp(-0.5) / (1 + math.exp(-0.5)) ** 2),
    ("tanh(1)", math.tanh(1)),
    ("2π", 2 * math.pi),
    ("√2/2", math.sqrt(2) / 2),
    ("-3.5e-2", -0.035),
    ("ln(2)", math.log(2)),
    ("max(0, -1.5) + relu(2)", 2.0),
    ("１／４", 0.25),
])
def test_safe_arithmetic(text, value):
    assert evaluate_number(text) == pytest.approx(value, rel=1e-14)


@pytest.mark.parametrize("text, words", [
    ("x", "only numbers, e and π"),
    ("1/0", "no finite value"),
    ("log(-1)", "no finite value"),
    ("9^9^9^9", "too large"),
    ("2**2**2**2**2**2", "too large"),
    ("1" * 50, "too long"),
    ("1e400", "too large"),
    ("3!", "factorial"),
])
def test_bad_numbers_raise_parse_error(text, words):
    with pytest.raises(ParseError) as info:
        evaluate_number(text)
    assert words in info.value.message


@pytest.mark.parametrize("expected, answer, status", [
    (0.25, "0.25", "correct"),
    (0.25, "0.2524", "correct"),         # within 1 % of the value
    (0.25, "0.254", "incorrect"),        # 1.6 % off (the old absolute 0.005 accepted it)
    (100.0, "100.9", "correct"),         # within the relative 1%
    (100.0, "101.5", "incorrect"),
    (0.00353, "0.003534", "correct"),    # small values are graded relatively too
    (0.00353, "0", "incorrect"),         # the old absolute 0.005 accepted 0 for 0.00353
    (0.0021, "-0.0021", "incorrect"),    # and a sign flip
    (0.00353, "0.003883", "incorrect"),  # 10 % off
    (0.0, "0", "correct"),
    (0.0, "0.004", "incorrect"),         # a zero is typed as zero
    (9.156101700337763e-09, "1.1*(5*sqrt(2)-7)^7", "incorrect"),   # a tiny constant is graded relatively
    (9.156101700337763e-09, "(5*sqrt(2)-7)^7", "correct"),
    (0.2689, "1/(1+e^1)", "correct"),
    (0.25, "1/4", "correct"),
    (0.25, "abc", "invalid"),
    (0.25, "", "invalid"),
])
def test_scalar_tolerance(expected, answer, status):
    assert check_numeric(expected, answer).status == status


def test_custom_tolerance():
    assert check_numeric(1.0, "1.04", rel=0.05).correct
    assert not check_numeric(1.0, "1.04", rel=0.0, abs=0.01).correct
    assert check_numeric(1.0, "1.009", rel=0.0, abs=0.01).correct


def test_incorrect_scalar_message_gives_both_values():
    verdict = check_numeric(0.25, "0.3")
    assert "you gave 0.3, expected 0.25" in verdict.message and "0.3" in verdict.message_zh


@pytest.mark.parametrize("answer", ["[0.5, 0.2]", "0.5, 0.2", "[1/2, 0.2]", "（0.5）, 0.2", "0.5，0.2"])
def test_vector_forms(answer):
    verdict = check_numeric([0.5, 0.2], answer)
    assert verdict.correct and verdict.entries == [True, True]


def test_vector_per_entry_verdicts():
    verdict = check_numeric([0.5, 0.2, -1.0], "[0.5, 0.3, -1]")
    assert verdict.status == "incorrect" and verdict.entries == [True, False, True]
    assert "1 of 3 entries wrong: 2" in verdict.message


@pytest.mark.parametrize("answer", ["[[1, 2], [3, 4]]", "1, 2; 3, 4", [["1", "2"], ["3", "2*2"]]])
def test_matrix_forms(answer):
    verdict = check_numeric(np.array([[1.0, 2.0], [3.0, 4.0]]), answer)
    assert verdict.correct and verdict.entries == [[True, True], [True, True]]


def test_matrix_per_entry_verdicts_from_grid_cells():
    verdict = check_numeric([[1, 2], [3, 4]], [["1", "2.5"], ["3", "4"]])
    assert verdict.entries == [[True, False], [True, True]]
    assert "(1, 2)" in verdict.message


@pytest.mark.parametrize("expected, answer, words", [
    ([0.5, 0.2], "0.5", "expected 2 numbers, got a single number"),
    ([0.5, 0.2], "[0.5, 0.2, 0.1]", "expected 2 numbers, got 3 numbers"),
    ([[1, 2], [3, 4]], "[1, 2, 3, 4]", "expected a 2×2 matrix, got 4 numbers"),
    ([[1, 2], [3, 4]], "1, 2; 3", "rows of different lengths"),
    (0.5, "[0.5", "unbalanced"),
    ([0.5, 0.2], "0.5, x", "entry 2: unknown name 'x'"),
    ([[1, 2], [3, 4]], [["1", "2"], ["3", "y"]], "entry (2, 2)"),
])
def test_bad_shapes_and_entries_are_invalid(expected, answer, words):
    verdict = check_numeric(expected, answer)
    assert verdict.status == "invalid" and words in verdict.message


def test_position_of_a_bad_entry_points_into_the_typed_text():
    verdict = check_numeric([0.5, 0.2], "[0.5, 2 + x]")
    assert verdict.status == "invalid" and verdict.position == "[0.5, 2 + x]".index("x")
