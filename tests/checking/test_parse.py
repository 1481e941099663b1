"""Reading answers: Unicode variants, implicit multiplication, names, errors with positions."""

from __future__ import annotations

import pytest

from engine.checking import ParseError, check_symbolic, parse, preview


@pytest.mark.parametrize("typed, canonical", [
    ("σ(x)(1−σ(x))", "sigma(x)*(1-sigma(x))"),
    ("x²", "x^2"),
    ("x³ − 2x", "x^3 - 2*x"),
    ("tanh²(x)", "tanh(x)^2"),
    ("tanh^2(x)", "tanh(x)^2"),
    ("e⁻ˣ", "exp(-x)"),
    ("2×x", "2*x"),
    ("2·x", "2*x"),
    ("2⋅x", "2*x"),
    ("2∗x", "2*x"),
    ("x – 1", "x - 1"),
    ("x — 1", "x - 1"),
    ("（ｘ＋１）²", "(x+1)^2"),
    ("２ｘ", "2*x"),
    ("√x", "sqrt(x)"),
    ("√(x+1)", "sqrt(x+1)"),
    ("|x|", "abs(x)"),
    ("x ÷ 2", "x/2"),
    ("x**2", "x^2"),
    ("x\u00a0+\u00a01", "x + 1"),               # no-break spaces are spaces
    ("x ≥ 0 ? 1 : 0", "x >= 0 ? 1 : 0"),
    ("ReLU(x)", "relu(x)"),
    ("Sigmoid(x)", "sigma(x)"),
    ("ln(x)", "log(x)"),
])
def test_unicode_and_spelling_variants_mean_the_same(typed, canonical):
    assert check_symbolic(canonical, typed, domain={"x": (0.1, 3.0)}).correct


@pytest.mark.parametrize("typed, shown", [
    ("σ(x)(1−σ(x))", "σ(x)·(1 − σ(x))"),
    ("sigma(x)*(1 - sigma(x))", "σ(x)·(1 − σ(x))"),
    ("2x", "2x"),
    ("1/2x", "(1/2)·x"),                        # shows that implicit multiplication binds like *
    ("1/(2x)", "1/(2x)"),
    ("-x^2", "−x²"),
    ("e^-x", "e^(−x)"),
    ("x > 0 ? 1 : 0.01", "1 if x > 0 else 0.01"),
    ("|x - 1|", "|x − 1|"),
    ("tanh²(x)", "tanh(x)²"),
    ("2^3^2", "2^(3²)"),              # right-associative, and shown so
])
def test_pretty_shows_how_the_answer_was_read(typed, shown):
    assert parse(typed).pretty() == shown


def test_greek_variables_print_as_greek():
    assert parse("w - eta*g", variables=("w", "eta", "g")).pretty() == "w − η·g"
    assert parse("α λ e^x", variables=("x", "alpha", "lambda")).pretty() == "α·λ·e^x"


@pytest.mark.parametrize("text, value", [
    ("2x", 6.0), ("x(1-x)", -6.0), ("2(x+1)", 8.0), ("(x)(x)", 9.0), ("|x||x|", 9.0),
    ("2^3^2", 512.0), ("-x^2", -9.0), ("2x^2", 18.0), ("1/2x", 1.5), ("e^x", 20.085536923187668),
    ("0.5", 0.5), (".5", 0.5), ("1e-3", 0.001), ("2e", 5.43656365691809),
])
def test_precedence_and_implicit_multiplication(text, value):
    from engine.checking.evaluate import evaluate
    import numpy as np

    got = evaluate(parse(text), {"x": np.array([3.0])}, 1)[0]
    assert got == pytest.approx(value, rel=1e-12)


def test_floats_are_exact_rationals():
    tree = parse("0.1")
    assert tree.value[0].numerator == 1 and tree.value[0].denominator == 10
    assert check_symbolic("x/2", "0.5x").correct


@pytest.mark.parametrize("text, variables, words, position", [
    ("xy", ("x", "y"), "unknown name 'xy'", 0),
    ("2 + xy", ("x", "y"), "did you mean x*y", 4),
    ("beta*x", ("x",), "unknown name 'beta' (β)", 0),
    ("x + E", ("x",), "unknown name 'E'", 4),
    ("I", ("x",), "unknown name 'I'", 0),
    ("sigma x", ("x",), "needs parentheses", 0),
    ("x +", ("x",), "ends too early", 3),
    ("(x + 1", ("x",), "missing ')'", 0),
    ("x 2", ("x",), "missing operator before the number", 2),
    ("3!", ("x",), "factorial", 1),
    ("x > 0", ("x",), "not a value", 0),
    ("x ? 1 : 0", ("x",), "must be a comparison", 0),
    ("tanh(x, x)", ("x",), "takes 1 argument", 0),
    ("x $ 1", ("x",), "unexpected character '$'", 2),
    ("", ("x",), "empty", 0),
    ("x\u200b+1", ("x",), "invisible character U+200B", 1),
    ("x\x07", ("x",), "control character U+0007", 1),
    ("1 if x > 0", ("x",), "without 'else'", 10),
])
def test_errors_name_the_problem_and_where(text, variables, words, position):
    with pytest.raises(ParseError) as info:
        parse(text, variables=variables)
    assert words in info.value.message
    assert info.value.position == position
    assert info.value.message_zh and info.value.message_zh != info.value.message


def test_invalid_verdict_carries_message_and_position():
    verdict = check_symbolic("x", "2 + xy", variables=("x", "y"))
    assert verdict.status == "invalid"
    assert verdict.position == 4 and "xy" in verdict.message and "xy" in verdict.message_zh


def test_beta_gamma_lambda_are_plain_names_when_declared():
    v = ("beta", "gamma", "lambda", "E", "I", "N", "S")
    assert parse("beta + gamma + lambda + E + I + N + S", variables=v).pretty() == "β + γ + λ + E + I + N + S"


def test_aliases():
    aliases = {"s": "sigma(x)"}
    assert check_symbolic("sigma(x)*(1 - sigma(x))", "s(1 - s)", aliases=aliases).correct
    assert check_symbolic("sigma(x)*(1 - sigma(x))", "s - s^2", aliases=aliases).correct
    assert not check_symbolic("sigma(x)*(1 - sigma(x))", "s(1 + s)", aliases=aliases).correct
    assert parse("s(1 - s)", aliases=aliases).pretty() == "s·(1 − s)"


def test_preview_never_raises():
    assert preview("σ(x)(1−σ(x))") == ("σ(x)·(1 − σ(x))", None)
    shown, error = preview("sigma(x")
    assert shown == "" and "missing ')'" in error
    assert preview("x" * 10_000)[1].startswith("the answer is too long")


def test_expected_answer_errors_are_reported_as_such():
    verdict = check_symbolic("sigma(x", "x")
    assert verdict.status == "invalid" and verdict.extra["where"] == "expected"
    assert verdict.message.startswith("the expected answer cannot be read")
