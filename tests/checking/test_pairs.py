"""Equivalent and non-equivalent answer pairs from the notes' topics (section 1: activations and
their derivatives, the chain rule, softmax/cross-entropy gradients, update rules).

Every pair is a hand-checked mathematical fact; test_evaluate.py checks the evaluator's functions
against an independent implementation with Python's math module, and the counterexamples below are
re-computed with math as well.
"""

from __future__ import annotations

import math

import pytest

from engine.checking import check_symbolic

X = ("x",)
# (expected, answer, variables, domain or None)
EQUIVALENT = [
    # sigmoid' in many forms (notes 1.3: f'(x) = f(x)(1 − f(x)) = e^−x/(1 + e^−x)²)
    ("sigma(x)*(1 - sigma(x))", "σ(x)(1−σ(x))", X, None),
    ("sigma(x)*(1 - sigma(x))", "e^-x/(1+e^-x)^2", X, None),
    ("sigma(x)*(1 - sigma(x))", "exp(x)/(1 + exp(x))^2", X, None),
    ("sigma(x)*(1 - sigma(x))", "sigma(x) - sigma(x)^2", X, None),
    ("sigma(x)*(1 - sigma(x))", "1/(4cosh(x/2)^2)", X, None),
    ("sigma(x)*(1 - sigma(x))", "sigmoid(x)*sigmoid(-x)", X, None),
    ("sigma(x)*(1 - sigma(x))", "e⁻ˣ/(1 + e⁻ˣ)²", X, None),
    ("sigma(x)", "1/(1 + e^(-x))", X, None),
    ("sigma(x)", "(1 + tanh(x/2))/2", X, None),
    # tanh and its derivative (notes: tanh(x) = 2·sigmoid(2x) − 1, f' = 1 − f²)
    ("tanh(x)", "2σ(2x) − 1", X, None),
    ("tanh(x)", "(e^x - e^-x)/(e^x + e^-x)", X, None),
    ("tanh(x/2)", "(1 - e^-x)/(1 + e^-x)", X, None),
    ("1 - tanh(x)^2", "sech(x)^2", X, None),
    ("1 - tanh(x)^2", "1/cosh(x)^2", X, None),
    ("1 - tanh(x)^2", "4/(e^x + e^-x)^2", X, None),
    ("1 - tanh(x)^2", "1 − tanh²(x)", X, None),
    ("1 - tanh(x)^2", "(1 - tanh(x))(1 + tanh(x))", X, None),
    ("1 - tanh(x)^2", "4σ(2x)(1 − σ(2x))", X, None),
    # ReLU and its derivative: the value at 0 does not matter (compared almost everywhere)
    ("x > 0 ? 1 : 0", "step(x)", X, None),
    ("x > 0 ? 1 : 0", "1 if x > 0 else 0", X, None),
    ("x > 0 ? 1 : 0", "x >= 0 ? 1 : 0", X, None),
    ("x > 0 ? 1 : 0", "(sign(x) + 1)/2", X, None),
    ("x > 0 ? 1 : 0", "Heaviside(x)", X, None),
    ("relu(x)", "max(0, x)", X, None),
    ("relu(x)", "(x + |x|)/2", X, None),
    ("relu(x)", "x·step(x)", X, None),
    # leaky ReLU, ELU, SELU derivatives
    ("x > 0 ? 1 : alpha", "1 if x > 0 else α", ("x", "alpha"), None),
    ("leaky_relu(x, alpha)", "max(alpha*x, x)", ("x", "alpha"), {"alpha": (0.0, 1.0)}),
    ("leaky_relu(x)", "x > 0 ? x : 0.01x", X, None),
    ("x > 0 ? 1 : 0.01", "x <= 0 ? 0.01 : 1", X, None),
    ("x > 0 ? 1 : alpha*exp(x)", "x > 0 ? 1 : elu(x, alpha) + alpha", ("x", "alpha"), None),
    ("x > 0 ? 1 : alpha*exp(x)", "1 if x > 0 else α eˣ", ("x", "alpha"), None),
    ("x > 0 ? lambda : lambda*alpha*exp(x)", "λ (x > 0 ? 1 : α e^x)", ("x", "lambda", "alpha"), None),
    ("x > 0 ? lambda : lambda*alpha*exp(x)", "lambda*(1 if x > 0 else alpha*e^x)", ("x", "lambda", "alpha"), None),
    # softplus and its derivative
    ("sigma(x)", "e^x/(1 + e^x)", X, None),
    ("softplus(x)", "ln(1 + exp(x))", X, None),
    ("softplus(x)", "x + softplus(-x)", X, None),
    # chain rule
    ("w*sigma(w*x + b)*(1 - sigma(w*x + b))", "σ(w x + b)(1 − σ(w x + b)) w", ("x", "w", "b"), None),
    ("2*x*(1 - tanh(x^2)^2)", "2x sech(x²)²", X, None),
    ("exp(sigma(x))*sigma(x)*(1 - sigma(x))", "e^σ(x)·σ(x)·(1−σ(x))", X, None),
    ("1 - sigma(x)", "sigma(-x)", X, None),
    ("-sigma(x)", "-1/(1 + e^-x)", X, None),
    # softmax / cross-entropy gradients
    ("p - y", "-(y - p)", ("p", "y"), None),
    ("p - y", "p − y", ("p", "y"), None),
    ("sigma(z) - y", "1/(1 + e^-z) - y", ("z", "y"), None),
    ("-y/p + (1 - y)/(1 - p)", "(p - y)/(p(1 - p))", ("p", "y"), None),
    ("exp(a)/(exp(a) + exp(b))", "sigma(a - b)", ("a", "b"), None),
    ("exp(z1)/(exp(z1) + exp(z2)) - 1", "-e^z2/(e^z1 + e^z2)", ("z1", "z2"), None),
    # update rules with η, β, γ, λ
    ("w - eta*g", "w − η g", ("w", "eta", "g"), None),
    ("beta*v + (1 - beta)*g", "β v + g − β g", ("beta", "v", "g"), None),
    ("w - eta*(g + lambda*w)", "(1 − η λ) w − η g", ("w", "eta", "g", "lambda"), None),
    ("gamma*v + eta*g", "η g + γ v", ("gamma", "v", "eta", "g"), None),
    ("m/(1 - beta^t)", "m (1 − β^t)^−1", ("m", "beta", "t"), {"beta": (0.5, 0.999), "t": (1.0, 20.0)}),
    ("g + lambda*w", "λw + g", ("g", "lambda", "w"), None),
    # |x| and friends
    ("abs(x)", "|x|", X, None),
    ("abs(x)", "x > 0 ? x : -x", X, None),
    ("abs(x)", "sqrt(x^2)", X, None),
    ("abs(x)", "√(x²)", X, None),
    # a function of the domain: log(x) is only compared where it is defined
    ("log(x)", "log(|x|)", X, None),
]

NOT_EQUIVALENT = [
    ("sigma(x)*(1 - sigma(x))", "sigma(x)", X, None),
    ("sigma(x)*(1 - sigma(x))", "1 - sigma(x)^2", X, None),
    ("sigma(x)*(1 - sigma(x))", "e^-x/(1 + e^-x)", X, None),
    ("sigma(x)*(1 - sigma(x))", "sigma(x)*(1 + sigma(x))", X, None),
    ("sigma(x)*(1 - sigma(x))", "e^x/(1 + e^x)^3", X, None),
    ("1 - tanh(x)^2", "1 - tanh(x)", X, None),
    ("1 - tanh(x)^2", "1 - tanh(x^2)", X, None),
    ("1 - tanh(x)^2", "1 + tanh(x)^2", X, None),
    ("tanh(x)", "2sigma(x) - 1", X, None),
    ("x > 0 ? 1 : 0", "x > 0 ? x : 0", X, None),
    ("x > 0 ? 1 : 0", "1", X, None),
    ("x > 0 ? 1 : alpha", "x > 0 ? 1 : 0", ("x", "alpha"), None),
    ("x > 0 ? 1 : alpha*exp(x)", "x > 0 ? 1 : alpha*(exp(x) - 1)", ("x", "alpha"), None),
    ("lambda*(x > 0 ? 1 : alpha*exp(x))", "x > 0 ? 1 : lambda*alpha*exp(x)", ("x", "lambda", "alpha"), None),
    ("sigma(x)", "sigma(-x)", X, None),
    ("softplus(x)", "relu(x)", X, None),
    ("w*sigma(w*x + b)*(1 - sigma(w*x + b))", "sigma(w*x + b)*(1 - sigma(w*x + b))", ("x", "w", "b"), None),
    ("2*x*(1 - tanh(x^2)^2)", "1 - tanh(x^2)^2", X, None),
    ("p - y", "y - p", ("p", "y"), None),
    ("-y/p + (1 - y)/(1 - p)", "-y/p - (1 - y)/(1 - p)", ("p", "y"), None),
    ("w - eta*g", "w + eta*g", ("w", "eta", "g"), None),
    ("beta*v + (1 - beta)*g", "(1 - beta)*v + beta*g", ("beta", "v", "g"), None),
    ("w - eta*(g + lambda*w)", "w - eta*g - lambda*w", ("w", "eta", "g", "lambda"), None),
    ("m/(1 - beta^t)", "m/(1 - beta)^t", ("m", "beta", "t"), {"beta": (0.5, 0.999), "t": (1.0, 20.0)}),
    ("x", "sqrt(x^2)", X, None),
    ("softplus(x)", "log(e^x) + 1", X, None),
    ("1/(2x)", "1/2x", X, None),               # implicit multiplication binds like *: (1/2)·x
    ("x", "sqrt(x)^2", X, None),                # undefined for x < 0 where the expected is defined
    ("log(abs(x))", "log(x)", X, None),
]

# Python (math) versions of the wrong answers above, to re-compute each counterexample independently.
MATH = {
    "sigma(x)": lambda x: 1 / (1 + math.exp(-x)),
    "1 - sigma(x)^2": lambda x: 1 - (1 / (1 + math.exp(-x))) ** 2,
    "1 - tanh(x)": lambda x: 1 - math.tanh(x),
    "x > 0 ? x : 0": lambda x: x if x > 0 else 0.0,
    "2sigma(x) - 1": lambda x: 2 / (1 + math.exp(-x)) - 1,
    "1/2x": lambda x: x / 2,
}
MATH_EXPECTED = {
    "sigma(x)*(1 - sigma(x))": lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2,
    "1 - tanh(x)^2": lambda x: 1 / math.cosh(x) ** 2,
    "x > 0 ? 1 : 0": lambda x: 1.0 if x > 0 else 0.0,
    "tanh(x)": math.tanh,
    "1/(2x)": lambda x: 1 / (2 * x),
}


def test_enough_pairs():
    assert len(EQUIVALENT) >= 40 and len(NOT_EQUIVALENT) >= 25


@pytest.mark.parametrize("expected, answer, variables, domain", EQUIVALENT)
def test_equivalent_answers_are_correct(expected, answer, variables, domain):
    verdict = check_symbolic(expected, answer, variables=variables, domain=domain)
    assert verdict.status == "correct", verdict.message
    assert verdict.read_as


@pytest.mark.parametrize("expected, answer, variables, domain", NOT_EQUIVALENT)
def test_wrong_answers_are_incorrect_with_a_counterexample(expected, answer, variables, domain):
    verdict = check_symbolic(expected, answer, variables=variables, domain=domain)
    assert verdict.status == "incorrect", verdict.message
    cx = verdict.counterexample
    assert set(cx["point"]) == set(variables)
    assert "at " in verdict.message and "expected" in verdict.message
    if cx["got"] is not None:
        assert abs(cx["got"] - cx["expected"]) > 1e-9 + 1e-7 * abs(cx["expected"])
    if answer in MATH and expected in MATH_EXPECTED:
        x = cx["point"]["x"]
        assert cx["got"] == pytest.approx(MATH[answer](x), rel=1e-12, abs=1e-12)
        assert cx["expected"] == pytest.approx(MATH_EXPECTED[expected](x), rel=1e-12, abs=1e-12)


def test_answer_undefined_where_expected_is_defined_says_so():
    verdict = check_symbolic("x", "sqrt(x)^2")
    assert verdict.status == "incorrect"
    assert verdict.counterexample["got"] is None and verdict.counterexample["point"]["x"] < 0
    assert "undefined" in verdict.message


def test_counterexample_message_is_readable():
    verdict = check_symbolic("sigma(x)*(1 - sigma(x))", "sigma(x)")
    x = verdict.counterexample["point"]["x"]
    assert x == round(x, 2)                     # a round point the learner can check by hand
    got = 1 / (1 + math.exp(-x))
    want = got * (1 - got)
    assert verdict.message == f"Not equivalent: at x = {x:.3g} your answer gives {got:.3g}, expected {want:.3g}."
    assert f"x = {x:.3g}" in verdict.message_zh


def test_sampling_is_seeded():
    a = check_symbolic("p - y", "y - p", variables=("p", "y"), seed=7)
    b = check_symbolic("p - y", "y - p", variables=("p", "y"), seed=7)
    c = check_symbolic("p - y", "y - p", variables=("p", "y"), seed=8)
    assert a.counterexample == b.counterexample != c.counterexample


def test_domain_restricts_sampling():
    # |x| = x on a positive domain, not in general
    assert check_symbolic("x", "abs(x)", domain={"x": (0.1, 5.0)}).correct
    assert not check_symbolic("x", "abs(x)").correct


def test_a_difference_only_at_large_x_is_found():
    # the default points include a few in [-10, 10]
    assert not check_symbolic("x", "min(x, 5)").correct
