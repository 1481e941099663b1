"""The functions interview formulas use: trigonometric, inverse, hyperbolic, erf — read, evaluated,
proved and shown like the others; outside their domain they are undefined there, like log of a negative."""

from __future__ import annotations

import math

import pytest

from engine.checking import check_symbolic, evaluate_number, parse, preview
from engine.checking.build import prove_equal


@pytest.mark.parametrize("typed, value", [
    ("sin(pi/6)", 0.5), ("cos(pi)", -1.0), ("tan(pi/4)", 1.0), ("sec(0)", 1.0), ("csc(pi/2)", 1.0),
    ("cot(pi/4)", 1.0), ("asin(1)", math.pi / 2), ("arcsin(0.5)", math.pi / 6), ("acos(0)", math.pi / 2),
    ("arccos(-1)", math.pi), ("atan(1)", math.pi / 4), ("arctan(1)", math.pi / 4), ("sinh(1)", math.sinh(1)),
    ("cosh(1)", math.cosh(1)), ("asinh(1)", math.asinh(1)), ("arcsinh(1)", math.asinh(1)),
    ("arsinh(1)", math.asinh(1)), ("acosh(2)", math.acosh(2)), ("arccosh(2)", math.acosh(2)),
    ("atanh(0.5)", math.atanh(0.5)), ("arctanh(0.5)", math.atanh(0.5)), ("erf(1)", math.erf(1)),
    ("erfc(1)", math.erfc(1)), ("atan2(1, -1)", 3 * math.pi / 4), ("arctan2(-1, 1)", -math.pi / 4), ("sin²(1) + cos²(1)", 1.0),
])
def test_each_function_has_its_value(typed, value):
    assert evaluate_number(typed) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("typed", ["asin(2)", "acos(-1.5)", "acosh(0.5)", "atanh(1)", "log(-1)"])
def test_outside_the_domain_is_undefined(typed):
    with pytest.raises(ValueError, match="no finite value"):
        evaluate_number(typed)


def test_an_answer_undefined_where_expected_is_defined_is_wrong():
    v = check_symbolic("x", "sin(asin(x))", domain={"x": (-3, 3)})
    assert v.status == "incorrect" and "undefined" in v.message
    # where the answer's own domain is where the question samples, it is right
    assert check_symbolic("x", "sin(asin(x))", domain={"x": (-1, 1)}).correct


@pytest.mark.parametrize("expected, answer", [
    ("0.5*x*(1+erf(x/sqrt(2)))", "x/2*(1 + erf(x/√2))"),                      # exact GELU
    ("0.5*x*(1+erf(x/sqrt(2)))", "x*(1 - erfc(x/sqrt(2))/2)"),
    ("0.5*x*(1+erf(x/sqrt(2)))", "x - 0.5*x*erfc(x/sqrt(2))"),
    ("sin(x)", "cos(x - pi/2)"),
    ("tan(x)", "sin(x)/cos(x)"),
    ("sec(x)^2", "1 + tan(x)^2"),
    ("cot(x)", "cos(x)/sin(x)"),
    ("atanh(x)", "0.5*ln((1+x)/(1-x))"),
    ("asinh(x)", "log(x + sqrt(x^2 + 1))"),
    ("2*sin(x)*cos(x)", "sin(2x)"),
])
def test_equivalent_forms_are_right(expected, answer):
    assert check_symbolic(expected, answer).correct


def test_cosine_annealing_equivalent_forms_and_a_wrong_one():
    kw = dict(variables=("t", "T"), domain={"t": (0, 100), "T": (1, 100)})
    assert check_symbolic("0.5*(1+cos(pi*t/T))", "cos(pi*t/(2T))^2", **kw).correct
    assert check_symbolic("0.5*(1+cos(pi*t/T))", "(1 + cos(π t/T))/2", **kw).correct
    wrong = check_symbolic("0.5*(1+cos(pi*t/T))", "0.5*(1+cos(t/T))", **kw)
    assert wrong.status == "incorrect" and wrong.counterexample is not None


def test_sinusoidal_positional_encoding():
    kw = dict(variables=("pos", "i", "d"), domain={"pos": (0, 50), "i": (0, 16), "d": (32, 512)})
    assert check_symbolic("sin(pos/10000^(2i/d))", "sin(pos*exp(-2i*ln(10000)/d))", **kw).correct
    assert check_symbolic("sin(pos/10000^(2i/d))", "cos(pos/10000^(2i/d))", **kw).status == "incorrect"


def test_the_sympy_proof_knows_the_new_functions():
    assert prove_equal(parse("sin(x)^2 + cos(x)^2"), parse("1"))
    assert prove_equal(parse("0.5*x*(1+erf(x/sqrt(2)))"), parse("x - x*erfc(x/sqrt(2))/2"))
    assert prove_equal(parse("atan(x)"), parse("arctan(x)"))


def test_preview_shows_the_functions_by_their_usual_names():
    assert preview("arcsin(x) + acosh(x) + atanh(x) + sec(x)^2")[0] == "arcsin(x) + arcosh(x) + artanh(x) + sec(x)²"
    assert preview("sin²(x)+cos(x)")[0] == "sin(x)² + cos(x)"
    assert preview("0.5x(1+erf(x/√2))")[0] == "0.5x·(1 + erf(x/√(2)))"


def test_cos_is_not_a_missing_multiplication():
    read_as, error = preview("cos(x)")
    assert error is None and read_as == "cos(x)"
    _, error = preview("cosx")
    assert "did you mean cos(x)?" in error and "missing *" not in error
    _, error = preview("sinxx")
    assert "did you mean sin(x*x)?" in error


def test_a_variable_of_the_same_name_wins_over_the_function():
    assert check_symbolic("sec + 1", "1 + sec", variables=("sec",)).correct
