"""Kinds ``mlp-forward`` and ``mlp-backprop``: one example through a small fully connected net,
z_l = W_l a_{l-1} + b_l with W_l of shape n_l × n_{l-1} (the worked solution: mlp_solve.py).

Difficulty: easy 2-2-1 / 2-3-1 with half_sse, hand-friendly weights; medium 2-3-2 softmax +
cross-entropy; hard 3-4-3-2 with mixed activations and any of the four losses.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from engine.generators.base import Kind, Steps
from engine.generators.mlp_solve import (LOSS_WORDS, Network, Record, read_floats, solve, step_texts,
                                         work, write_down)
from engine.nn.activations import KINKED, LEAKY_SLOPE
from engine.text import Text

HIDDEN = {"easy": ("sigmoid", "relu", "identity"), "medium": ("sigmoid", "tanh", "relu"),
          "hard": ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu")}
# (output activation, loss) pairs for hard; easy is half_sse, medium softmax + cross-entropy.
HARD_OUTPUTS = (("softmax", "cross_entropy"), ("sigmoid", "bce"), ("identity", "mse"),
                ("sigmoid", "half_sse"), ("tanh", "half_sse"))
KINK_MARGIN = 0.05   # |z| below this at a kinked activation is redrawn: σ'(0) would be ambiguous


def _decimals(lo: int, hi: int) -> tuple[float, ...]:
    """lo/10, (lo+1)/10, …, hi/10: the values one decimal shows exactly."""
    return tuple(k / 10 for k in range(lo, hi + 1))


# What a given value may be: every one is picked from such a tuple, so it is rounded by construction.
WEIGHTS, BIASES = _decimals(-10, 10), _decimals(-5, 5)          # one decimal in [-1, 1], [-0.5, 0.5]
EASY_WEIGHTS, EASY_BIASES = (-1.0, -0.5, 0.5, 1.0), (-0.5, 0.0, 0.5)   # the "simple" half of easy
EASY_INPUTS = (-2.0, -1.0, -0.5, 0.5, 1.0, 2.0)
TARGETS = {"sigmoid": _decimals(0, 10), "bce": (0.0, 1.0), "other": WEIGHTS}   # y: in a sigmoid's range

# Every choice and value of one draw comes from ONE rng.random call (a NumPy call costs more than
# turning a uniform into a choice): u[0] the hidden width (easy) or the output and loss (hard),
# u[1] and u[2] activations, u[3] the weight style (easy), u[4] the class (cross-entropy), u[5] the
# leaky_relu slope, u[6] η, then one uniform per value of W, b, x, y (as many as the biggest net has).
CHOICES = 7
UNIFORMS = {"easy": CHOICES + 9 + 4 + 2 + 1, "medium": CHOICES + 12 + 5 + 2 + 2, "hard": CHOICES + 30 + 9 + 3 + 2}


def _pick(options: tuple, u: float) -> Any:
    """options[k] for a uniform u in [0, 1): each equally likely (int(u·n) < n for every u < 1)."""
    return options[int(u * len(options))]


@lru_cache(maxsize=64)
def _layout(sizes: tuple[int, ...], easy: bool, simple: bool, target: str | None) -> tuple[tuple[tuple, int], ...]:
    """(options, how many) for each value of W_1…W_L (row by row), b_1…b_L, x and y (unless one-hot)."""
    weights, biases = (EASY_WEIGHTS, EASY_BIASES) if simple else (WEIGHTS, BIASES)
    n_w = sum(n_out * n_in for n_out, n_in in zip(sizes[1:], sizes[:-1]))
    layout = [weights] * n_w + [biases] * sum(sizes[1:]) + [EASY_INPUTS if easy else WEIGHTS] * sizes[0]
    if target is not None:
        layout += [TARGETS[target]] * sizes[-1]
    return tuple((options, len(options)) for options in layout)


def _draw_once(rng: np.random.Generator, difficulty: str, backprop: bool) -> tuple[dict[str, Any], Network]:
    """One draw: the given (plain lists of floats, what the JSON shows) and the same lists as the
    network ``work`` takes."""
    u = rng.random(UNIFORMS[difficulty]).tolist()
    if difficulty == "easy":
        sizes = [2, _pick((2, 3), u[0]), 1]
        acts, loss = [_pick(HIDDEN["easy"], u[1]), _pick(("sigmoid", "identity"), u[2])], "half_sse"
    elif difficulty == "medium":
        sizes, loss = [2, 3, 2], "cross_entropy"
        acts = [_pick(HIDDEN["medium"], u[1]), "softmax"]
    else:
        sizes = [3, 4, 3, 2]
        out_act, loss = _pick(HARD_OUTPUTS, u[0])
        acts = [_pick(HIDDEN["hard"], u[1]), _pick(HIDDEN["hard"], u[2]), out_act]
    target = None if loss == "cross_entropy" else "bce" if loss == "bce" else "sigmoid" if acts[-1] == "sigmoid" else "other"
    layout = _layout(tuple(sizes), difficulty == "easy", difficulty == "easy" and u[3] < 0.5, target)
    values = [options[int(v * n)] for v, (options, n) in zip(u[CHOICES:], layout)]
    W: list[list[list[float]]] = []
    i = 0
    for n_out, n_in in zip(sizes[1:], sizes[:-1]):   # W_l: n_l rows of n_{l-1}
        W.append([values[i + r * n_in:i + (r + 1) * n_in] for r in range(n_out)])
        i += n_out * n_in
    b = []
    for n_out in sizes[1:]:
        b.append(values[i:i + n_out])
        i += n_out
    x = values[i:i + sizes[0]]
    if target is None:                  # one-hot
        y = [0.0] * sizes[-1]
        y[_pick(range(sizes[-1]), u[4])] = 1.0
    else:
        y = values[i + sizes[0]:]
    given: dict[str, Any] = {"layer_sizes": sizes, "activations": acts, "loss": loss, "W": W, "b": b, "x": x, "y": y}
    if "leaky_relu" in acts:
        given["leaky_slope"] = _pick((0.01, 0.1, 0.2), u[5])
    if backprop:
        given["learning_rate"] = _pick((0.1, 0.5) if difficulty == "easy" else (0.1, 0.2, 0.5), u[6])
    return given, (W, b, x, y)


def _acceptable_records(acts: list[str], records: list[Record]) -> bool:
    """No pre-activation sits on (or next to) a kink, and every layer gets a gradient: a ReLU layer
    switched off entirely, an output that already equals its target or zero weights behind the only
    live units would make every δ of a layer 0 (a dull exercise)."""
    for key, l, values, _rows in records:
        if key == "z" and acts[l] in KINKED and min(map(abs, values)) < KINK_MARGIN:
            return False
        if key == "delta" and max(map(abs, values)) < 1e-3:
            return False
    return True


def _acceptable(given: dict[str, Any], network: Network | None = None) -> bool:
    """``_acceptable_records`` of the given's forward and backward pass."""
    acts = given["activations"]
    slope = float(given.get("leaky_slope", LEAKY_SLOPE))
    records, _loss = work(network or read_floats(given), acts, given["loss"], slope, None, {})
    return _acceptable_records(acts, records)


def make_given(rng: np.random.Generator, difficulty: str, backprop: bool = True) -> dict[str, Any]:
    """Draw a network with rounded givens (plain lists: exactly what the JSON shows)."""
    while True:  # redraws are rare; the stream stays deterministic
        given, network = _draw_once(rng, difficulty, backprop)
        if _acceptable(given, network):
            return given


def _make_given_forward(rng: np.random.Generator, difficulty: str) -> dict[str, Any]:
    return make_given(rng, difficulty, backprop=False)


def read_network(given: dict[str, Any]) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray, np.ndarray]:
    """W_l (n_l × n_{l-1}), b_l, x, y as float64 arrays."""
    W = [np.asarray(w, dtype=float) for w in given["W"]]
    b = [np.asarray(v, dtype=float) for v in given["b"]]
    return W, b, np.asarray(given["x"], dtype=float), np.asarray(given["y"], dtype=float)


def draw_solved(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], dict[str, Any], list]:
    """make_given + solve for mlp-backprop with one forward/backward pass per draw instead of two:
    the same givens (the same draws, the same redraw rule) and the same answers and steps."""
    while True:
        given, network = _draw_once(rng, difficulty, backprop=True)
        acts, loss, eta = given["activations"], given["loss"], given["learning_rate"]
        slope = given.get("leaky_slope", LEAKY_SLOPE)
        records, loss_val = work(network, acts, loss, slope, eta, {})
        if _acceptable_records(acts, records):
            steps = Steps()
            answers = write_down(records, loss_val, step_texts(tuple(acts), loss, slope, eta), steps)
            return given, answers, steps.items


def prompt(given: dict[str, Any], difficulty: str, backprop: bool = True) -> Text:
    return _prompt(tuple(given["layer_sizes"]), tuple(given["activations"]), given["loss"],
                   given.get("leaky_slope"), given.get("learning_rate") if backprop else None)


@lru_cache(maxsize=512)
def _prompt(layer_sizes: tuple[int, ...], activations: tuple[str, ...], loss_name: str,
            leaky_slope: float | None, learning_rate: float | None) -> Text:
    """The prompt depends only on the net's shape, activations, loss, slope and η: built once each."""
    sizes = "-".join(str(n) for n in layer_sizes)
    acts = ", ".join(activations)
    loss = LOSS_WORDS[loss_name]
    slope = f"; leaky_relu slope {leaky_slope:g}" if leaky_slope is not None else ""
    slope_zh = f"；leaky_relu 负半轴斜率 {leaky_slope:g}" if leaky_slope is not None else ""
    if learning_rate is not None:
        eta = f"{learning_rate:g}"
        return Text(
            f"一个 {sizes} 的全连接网络（各层激活：{acts}；损失：{loss.zh}{slope_zh}），$z_l = W_l a_{{l-1}} + b_l$。"
            f"已知输入 x、目标 y、各层 W_l 与 b_l，学习率 η = {eta}。请先做前向传播（各层 z_l、a_l 与损失 L），"
            f"再做反向传播（各层 δ_l = ∂L/∂z_l、∂L/∂W_l、∂L/∂b_l），最后给出一步梯度下降后的 W_l 与 b_l。",
            f"A {sizes} fully connected network (activations by layer: {acts}; loss: {loss.en}{slope}), "
            f"$z_l = W_l a_{{l-1}} + b_l$. Given the input x, the target y, every W_l and b_l, and the learning "
            f"rate η = {eta}: do the forward pass (z_l and a_l for every layer, then the loss L), the backward pass "
            f"(δ_l = ∂L/∂z_l, ∂L/∂W_l and ∂L/∂b_l for every layer), and give W_l and b_l after one gradient-descent step.")
    return Text(
        f"一个 {sizes} 的全连接网络（各层激活：{acts}；损失：{loss.zh}{slope_zh}），$z_l = W_l a_{{l-1}} + b_l$。"
        f"已知输入 x、目标 y、各层 W_l 与 b_l，请做前向传播：求各层 z_l、a_l 与损失 L。",
        f"A {sizes} fully connected network (activations by layer: {acts}; loss: {loss.en}{slope}), "
        f"$z_l = W_l a_{{l-1}} + b_l$. Given the input x, the target y and every W_l and b_l, do the forward pass: "
        f"z_l and a_l for every layer, then the loss L.")


def _mistakes(given: dict[str, Any], carry) -> list:
    from engine.generators.mistakes_mlp import backprop_mistakes  # only the drill needs it

    return backprop_mistakes(given, carry)


KINDS = [
    Kind(name="mlp-forward", topic="nn-basics",
         title=Text("全连接网络前向传播", "MLP forward pass"),
         make_given=_make_given_forward,
         solve=lambda given, steps: solve(given, steps, backprop=False),
         prompt=lambda given, difficulty: prompt(given, difficulty, backprop=False)),
    Kind(name="mlp-backprop", topic="nn-basics",
         title=Text("手推反向传播", "Backpropagation by hand"),
         make_given=make_given,
         solve=solve,
         prompt=prompt,
         mistakes=_mistakes,
         draw_solved=draw_solved),
]
