"""Kind ``vanishing-gradient``: the product of activation derivatives along one path through L
layers (notes 1.5). With σ' <= 0.25 the product of L sigmoid derivatives is at most 0.25^L; tanh's
derivative is at most 1 and ReLU's is exactly 1 on the active side.

given {activation, z: [z_1 .. z_L]} (the pre-activations met along the path);
answers {derivatives: [σ'(z_1) .. σ'(z_L)], product: Π σ'(z_l), bound: the largest the product can
be for this activation and depth (0.25^L for sigmoid, 1 for tanh and relu)}.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.generators.base import Kind, Steps
from engine.nn import activations as act
from engine.text import Text

DEPTH = {"easy": 3, "medium": 5, "hard": 8}
CHOICES = {"easy": ("sigmoid", "relu"), "medium": ("sigmoid", "tanh", "relu"), "hard": ("sigmoid", "tanh", "relu")}
MAX_DERIVATIVE = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0}
DERIVATIVE_FORMULA = {"sigmoid": r"\sigma'(z_{l}) = \sigma(z_{l})(1 - \sigma(z_{l}))",
                      "tanh": r"\tanh'(z_{l}) = 1 - \tanh^2(z_{l})",
                      "relu": r"\operatorname{ReLU}'(z_{l}) = 1 \text{ if } z_{l} > 0 \text{ else } 0"}


def make_given(rng: np.random.Generator, difficulty: str) -> dict[str, Any]:
    activation = str(rng.choice(CHOICES[difficulty]))
    depth = DEPTH[difficulty]
    k = rng.integers(-20, 21, depth)
    if activation == "relu":
        k = np.where(k == 0, 1, np.abs(k) if difficulty == "easy" else k)  # no kink; easy stays active
    return {"activation": activation, "z": (np.round(k / 10, 1) + 0.0).tolist()}


def solve(given: dict[str, Any], steps: Steps) -> dict[str, Any]:
    f = given["activation"]
    z = np.asarray(given["z"], dtype=float)
    derivatives: list[float] = []      # the right values, for the answers
    carried: list[float] = []          # what later steps build on (the learner's, when carried)
    for l, z_l in enumerate(z, start=1):
        value = float(act.derivative(f, np.float64(z_l)))
        derivatives.append(value)
        carried.append(steps.add(f"derivative_{l}", DERIVATIVE_FORMULA[f].replace("{l}", f"{{{l}}}"), value,
                                 answer=("derivatives", l - 1),
                                 label=Text(f"第 {l} 层的激活导数", f"activation derivative at layer {l}")))
    product = float(np.prod(carried))
    steps.add("product", r"\prod_{l=1}^{L} \sigma'(z_l)", product, answer=("product",),
              label=Text("沿路径的导数连乘（梯度被缩放的倍数）", "the product along the path (the factor the gradient is scaled by)"))
    bound = MAX_DERIVATIVE[f] ** len(z)
    steps.add("bound", rf"\left(\max \sigma'\right)^{{L}} = {MAX_DERIVATIVE[f]:g}^{{{len(z)}}}", bound,
              answer=("bound",), label=Text("该激活函数在这个深度下连乘的上界", "the largest this product can be for this activation and depth"))
    return {"derivatives": derivatives, "product": product, "bound": bound}


def prompt(given: dict[str, Any], difficulty: str) -> Text:
    f, L = given["activation"], len(given["z"])
    return Text(f"一条穿过 {L} 层的路径上，各层净输入为 z_1..z_{L}，激活函数均为 {f}。求每层的导数 σ′(z_l)、它们的连乘积，"
                f"以及 {f} 在 {L} 层时连乘积可能取到的最大值。",
                f"A path through {L} layers meets the pre-activations z_1..z_{L}, every layer using {f}. Compute each "
                f"σ′(z_l), their product, and the largest that product can be for {f} over {L} layers.")


KINDS = [Kind(name="vanishing-gradient", topic="nn-basics", title=Text("梯度消失：导数连乘", "Vanishing gradients: the product of derivatives"),
              make_given=make_given, solve=solve, prompt=prompt)]
