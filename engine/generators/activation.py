"""Kind ``activation``: a named activation's value and derivative at one point (notes 1.3).

given {function, x}; answers {value, derivative}. leaky_relu uses the notes' slope 0.01, elu
α = 1, selu the fixed constants λ ≈ 1.0507, α ≈ 1.6733 (not learned: ERRATA.md).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.generators.base import Kind, Steps
from engine.nn import activations as act
from engine.text import Text

FUNCTIONS = {"easy": ("sigmoid", "tanh", "relu"),
             "medium": ("sigmoid", "tanh", "relu", "leaky_relu", "elu"),
             "hard": ("sigmoid", "tanh", "leaky_relu", "elu", "selu")}

VALUE_FORMULA = {
    "sigmoid": r"\sigma(x) = \frac{1}{1 + e^{-x}}",
    "tanh": r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
    "relu": r"\operatorname{ReLU}(x) = \max(0, x)",
    "leaky_relu": r"\operatorname{LeakyReLU}(x) = \max(0.01 x, x)",
    "elu": r"\operatorname{ELU}(x) = \begin{cases} x & x > 0 \\ e^{x} - 1 & x \le 0 \end{cases}",
    "selu": r"\operatorname{SELU}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases},"
            r" \lambda \approx 1.0507, \alpha \approx 1.6733",
}
DERIVATIVE_FORMULA = {
    "sigmoid": r"\sigma'(x) = \sigma(x)(1 - \sigma(x))",
    "tanh": r"\tanh'(x) = 1 - \tanh^2(x)",
    "relu": r"\operatorname{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}",
    "leaky_relu": r"\operatorname{LeakyReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0.01 & x < 0 \end{cases}",
    "elu": r"\operatorname{ELU}'(x) = \begin{cases} 1 & x > 0 \\ e^{x} = \operatorname{ELU}(x) + 1 & x \le 0 \end{cases}",
    "selu": r"\operatorname{SELU}'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
}


def make_given(rng: np.random.Generator, difficulty: str) -> dict[str, Any]:
    function = str(rng.choice(FUNCTIONS[difficulty]))
    if difficulty == "easy":
        x = float(rng.choice([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0]))
    else:
        decimals = 1 if difficulty == "medium" else 2
        scale = 10 ** decimals
        k = 0
        while k == 0:  # x = 0 is a kink for the ReLU family
            k = int(rng.integers(-3 * scale, 3 * scale + 1))
        x = round(k / scale, decimals)
    return {"function": function, "x": x}


def solve(given: dict[str, Any], steps: Steps) -> dict[str, Any]:
    f, x = given["function"], float(given["x"])
    value = float(act.value(f, np.float64(x)))
    steps.add("value", VALUE_FORMULA[f], value, answer=("value",),
              label=Text(f"{f} 在 x = {x:g} 处的值", f"{f} at x = {x:g}"))
    derivative = float(act.derivative(f, np.float64(x)))
    steps.add("derivative", DERIVATIVE_FORMULA[f], derivative, answer=("derivative",),
              label=Text(f"{f} 在 x = {x:g} 处的导数", f"the derivative of {f} at x = {x:g}"))
    return {"value": value, "derivative": derivative}


def prompt(given: dict[str, Any], difficulty: str) -> Text:
    f, x = given["function"], given["x"]
    return Text(f"求激活函数 {f} 在 x = {x:g} 处的函数值与导数。",
                f"Compute the activation {f} and its derivative at x = {x:g}.")


KINDS = [Kind(name="activation", topic="nn-basics", title=Text("激活函数的值与导数", "Activation value and derivative"),
              make_given=make_given, solve=solve, prompt=prompt)]
