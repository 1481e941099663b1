"""Evaluate a syntax tree with numpy at many points at once (no sympy on the grading path).

Numerically stable formulas where the naive one overflows or cancels: σ via exp(−|x|), softplus via
logaddexp. Undefined results (log of a negative, 0/0, overflow) come out as nan or ±inf; callers
treat every non-finite value as "undefined here".
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from engine.checking.tree import Expr

_CMP = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
        "==": np.equal, "!=": np.not_equal}


def _sigma(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def _step(x):
    return np.where(x > 0, 1.0, np.where(x < 0, 0.0, 0.5))


def _leaky_relu(x, alpha=0.01):
    return np.where(x > 0, x, alpha * x)


def _elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


_ERF = np.frompyfunc(math.erf, 1, 1)
_ERFC = np.frompyfunc(math.erfc, 1, 1)


def _erf(x):
    return np.asarray(_ERF(x), dtype=np.float64)       # numpy has no erf; math.erf is exact to 1 ulp


def _erfc(x):
    return np.asarray(_ERFC(x), dtype=np.float64)


# Outside their domain (arcsin(2), arcosh(0.5)) numpy gives nan, artanh(1) gives inf: "undefined here",
# like log of a negative.
_FUNCS = {
    "sigma": _sigma,
    "tanh": np.tanh,
    "sinh": np.sinh,
    "cosh": np.cosh,
    "sech": lambda x: 1.0 / np.cosh(x),
    "sin": np.sin,
    "cos": np.cos,
    "tan": np.tan,
    "sec": lambda x: 1.0 / np.cos(x),
    "csc": lambda x: 1.0 / np.sin(x),
    "cot": lambda x: 1.0 / np.tan(x),
    "asin": np.arcsin,
    "acos": np.arccos,
    "atan": np.arctan,
    "atan2": np.arctan2,
    "asinh": np.arcsinh,
    "acosh": np.arccosh,
    "atanh": np.arctanh,
    "erf": _erf,
    "erfc": _erfc,
    "exp": np.exp,
    "log": np.log,
    "sqrt": np.sqrt,
    "abs": np.abs,
    "relu": lambda x: np.maximum(x, 0.0),
    "leaky_relu": _leaky_relu,
    "elu": _elu,
    "softplus": lambda x: np.logaddexp(0.0, x),
    "step": _step,
    "sign": np.sign,
    "max": lambda *a: np.maximum.reduce(np.broadcast_arrays(*a)),
    "min": lambda *a: np.minimum.reduce(np.broadcast_arrays(*a)),
}


def _eval(node: Expr, env: Mapping[str, np.ndarray]):
    kind = node.kind
    if kind == "num":
        return np.float64(node.value[0])
    if kind == "var":
        return env[node.value]
    if kind == "const":
        return np.float64(np.e if node.value == "e" else np.pi)
    if kind == "alias":
        return _eval(node.args[0], env)
    if kind == "neg":
        return -_eval(node.args[0], env)
    if kind == "add":
        total = np.float64(0.0)
        for sign, term in zip(node.value, node.args):
            value = _eval(term, env)
            total = total + value if sign > 0 else total - value
        return total
    if kind == "mul":
        total = np.float64(1.0)
        for op, factor in zip(node.value, node.args):
            value = _eval(factor, env)
            total = total * value if op > 0 else total / value
        return total
    if kind == "pow":
        base, exponent = node.args
        if base.kind == "const" and base.value == "e":
            return np.exp(_eval(exponent, env))
        return np.power(np.float64(1.0) * _eval(base, env), _eval(exponent, env))
    if kind == "call":
        return _FUNCS[node.value](*(_eval(a, env) for a in node.args))
    if kind == "if":
        cond, then, other = node.args
        return np.where(_eval(cond, env), _eval(then, env), _eval(other, env))
    if kind == "cmp":
        values = [_eval(a, env) for a in node.args]
        result = np.bool_(True)
        for op, left, right in zip(node.value, values, values[1:]):
            result = np.logical_and(result, _CMP[op](left, right))
        return result
    if kind == "and":
        return np.logical_and.reduce(np.broadcast_arrays(*(_eval(a, env) for a in node.args)))
    if kind == "or":
        return np.logical_or.reduce(np.broadcast_arrays(*(_eval(a, env) for a in node.args)))
    if kind == "not":
        return np.logical_not(_eval(node.args[0], env))
    raise AssertionError(f"unknown node kind {kind!r}")


def evaluate(node: Expr, env: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    """Values of ``node`` at n points. env maps each variable to an array of shape (n,); returns
    float64 of shape (n,); non-finite entries mean undefined there."""
    with np.errstate(all="ignore"):
        result = _eval(node, env)
    return np.broadcast_to(np.asarray(result, dtype=np.float64), (n,))


def constant_value(node: Expr) -> float | None:
    """The value of a subtree without variables (nan/inf if undefined), or None if it has any."""
    if any(k.kind == "var" for k in node.walk()):
        return None
    return float(evaluate(node, {}, 1)[0])
