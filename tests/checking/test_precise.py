"""Constant answers whose float64 value cancels are re-checked in 60 digits, never marked wrong
because of rounding — and a constant that is really off stays wrong."""

from __future__ import annotations

import pytest

from engine.checking import check_symbolic, parse
from engine.checking.precise import constant_precise


@pytest.mark.parametrize("expected, answer", [
    ("(5*sqrt(2)-7)^7", "(19601-13860*sqrt(2))^(7/4)"),          # STACK's surd: float64 keeps ~7 digits
    ("sqrt(2) - 1", "1/(sqrt(2) + 1)"),
    ("1e-20", "(1 + 1e-20) - 1"),
])
def test_cancelling_constants_are_right(expected, answer):
    assert check_symbolic(expected, answer, variables=()).correct


@pytest.mark.parametrize("expected, answer", [
    ("(5*sqrt(2)-7)^7", "(19601-13861*sqrt(2))^(7/4)"),
    ("(5*sqrt(2)-7)^7", "1.1*(5*sqrt(2)-7)^7"),
    ("1e-20", "2e-20"),
])
def test_constants_that_differ_stay_wrong(expected, answer):
    assert check_symbolic(expected, answer, variables=()).status == "incorrect"


@pytest.mark.parametrize("text", ["log(-1)", "sqrt(-2)", "1/(1-1)", "asin(2)", "acosh(0)", "atanh(1)",
                                  "(-8)^(1/3)", "cot(0)"])
def test_undefined_constants_have_no_precise_value(text):
    assert constant_precise(parse(text, variables=())) is None


def test_precise_values_of_the_functions():
    assert abs(float(constant_precise(parse("erf(1) + erfc(1) + sigma(0) + softplus(0)", variables=()))) -
               (1 + 0.5 + 0.6931471805599453)) < 1e-15
