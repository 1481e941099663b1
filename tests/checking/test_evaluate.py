"""The numpy evaluator against a second, straightforward implementation with Python's math."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.checking import parse
from engine.checking.evaluate import evaluate


def _sigma(x):
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


REFERENCE = {
    "sigma(x)": _sigma,
    "tanh(x)": math.tanh,
    "sinh(x)": math.sinh,
    "cosh(x)": math.cosh,
    "sech(x)": lambda x: 1 / math.cosh(x),
    "exp(x)": math.exp,
    "e^x": math.exp,
    "log(x)": lambda x: math.log(x) if x > 0 else math.nan,
    "sqrt(x)": lambda x: math.sqrt(x) if x >= 0 else math.nan,
    "abs(x)": abs,
    "relu(x)": lambda x: max(0.0, x),
    "leaky_relu(x)": lambda x: x if x > 0 else 0.01 * x,
    "leaky_relu(x, 0.2)": lambda x: x if x > 0 else 0.2 * x,
    "elu(x)": lambda x: x if x > 0 else math.exp(x) - 1,
    "elu(x, 1.5)": lambda x: x if x > 0 else 1.5 * (math.exp(x) - 1),
    "softplus(x)": lambda x: math.log1p(math.exp(x)) if x < 30 else x + math.log1p(math.exp(-x)),
    "step(x)": lambda x: 1.0 if x > 0 else 0.0,
    "sign(x)": lambda x: math.copysign(1.0, x) if x else 0.0,
    "max(x, 1, -x)": lambda x: max(x, 1.0, -x),
    "min(x, 1)": lambda x: min(x, 1.0),
    "x > 1 ? x^2 : 1 - x": lambda x: x * x if x > 1 else 1 - x,
    "0 < x and x < 2 ? 1 : 0": lambda x: 1.0 if 0 < x < 2 else 0.0,
    "x < -1 or not x < 1 ? 1 : 0": lambda x: 1.0 if (x < -1 or x >= 1) else 0.0,
}
POINTS = [-7.3, -2.5, -0.61, 0.37, 1.5, 2.0001, 6.2]


@pytest.mark.parametrize("text", sorted(REFERENCE))
def test_functions_match_math(text):
    got = evaluate(parse(text), {"x": np.array(POINTS)}, len(POINTS))
    for x, g in zip(POINTS, got):
        want = REFERENCE[text](x)
        if math.isnan(want):
            assert not np.isfinite(g)
        else:
            assert g == pytest.approx(want, rel=1e-13, abs=1e-15), x


def test_sigmoid_is_stable_far_from_zero():
    got = evaluate(parse("sigma(x)"), {"x": np.array([-700.0, -40.0, 40.0, 700.0])}, 4)
    assert got[0] == pytest.approx(math.exp(-700), rel=1e-12)      # 1/(1+e^700) would overflow
    assert got[1] == pytest.approx(math.exp(-40) / (1 + math.exp(-40)), rel=1e-12)
    assert got[2] == 1.0 and got[3] == 1.0
    # so a ratio stays defined where the naive formula gives 0/0
    ratio = evaluate(parse("sigma(x)*(1 - sigma(x))/sigma(x)"), {"x": np.array([-40.0])}, 1)
    assert ratio[0] == pytest.approx(1.0)


def test_softplus_is_stable():
    got = evaluate(parse("softplus(x)"), {"x": np.array([800.0, -800.0])}, 2)
    assert got[0] == 800.0 and got[1] == 0.0


def test_undefined_values_are_not_finite():
    got = evaluate(parse("1/x + log(x) + sqrt(x)"), {"x": np.array([0.0, -1.0])}, 2)
    assert not np.isfinite(got).any()


def test_huge_powers_overflow_to_inf_not_an_exception():
    got = evaluate(parse("x^x^x"), {"x": np.array([9.0])}, 1)
    assert got[0] == math.inf
