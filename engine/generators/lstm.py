"""Kind ``lstm-step``: one step of an LSTM cell.

    i = σ(W_i x + U_i h_prev + b_i)      input gate          W_*: H×d, U_*: H×H, b_*: H
    f = σ(W_f x + U_f h_prev + b_f)      forget gate
    o = σ(W_o x + U_o h_prev + b_o)      output gate
    g = tanh(W_g x + U_g h_prev + b_g)   candidate cell
    c = f ⊙ c_prev + i ⊙ g
    h = o ⊙ tanh(c)
"""

from __future__ import annotations

from engine.text import plural

from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.generators.base import Kind, Mistake, Steps
from engine.generators.diagnosis import collect, inputs
from engine.generators.values import array, draw, gate_arrays, gate_params, sigmoid
from engine.text import Text

GATES: tuple[str, ...] = ("i", "f", "o", "g")

SIZES: dict[str, dict[str, int]] = {
    "easy": {"d": 1, "H": 1},
    "medium": {"d": 2, "H": 2},
    "hard": {"d": 3, "H": 3},
}

_GATE_NAMES: dict[str, Text] = {
    "i": Text("输入门", "input gate"),
    "f": Text("遗忘门", "forget gate"),
    "o": Text("输出门", "output gate"),
    "g": Text("候选记忆", "candidate cell"),
}


def make_given(rng: np.random.Generator, difficulty: str) -> dict[str, Any]:
    s = SIZES[difficulty]
    d, H = s["d"], s["H"]
    return {
        **gate_params(rng, GATES, d, H, difficulty),
        "x": draw(rng, d, difficulty),
        "h_prev": draw(rng, H, difficulty),
        "c_prev": draw(rng, H, difficulty),
    }


def solve(given: dict[str, Any], steps: Steps) -> dict[str, Any]:
    W, U, b = gate_arrays(given)
    x, h_prev, c_prev = array(given, "x"), array(given, "h_prev"), array(given, "c_prev")

    gates: dict[str, np.ndarray] = {}
    for k in GATES:
        name = _GATE_NAMES[k]
        pre = steps.add(f"a_{k}", rf"a_{k} = W_{k} x + U_{k} h_{{t-1}} + b_{k}", W[k] @ x + U[k] @ h_prev + b[k],
                        label=Text(f"{name.zh}的预激活", f"Pre-activation of the {name.en}"))
        if k == "g":
            gates[k] = steps.add("g", r"g = \tanh(a_g)", np.tanh(pre), answer=("g",),
                                 label=Text("候选记忆（tanh）", "Candidate cell (tanh)"))
        else:
            gates[k] = steps.add(k, rf"{k} = \sigma(a_{k})", sigmoid(pre), answer=(k,),
                                 label=Text(f"{name.zh}（sigmoid）", f"{name.en.capitalize()} (sigmoid)"))
    c = steps.add("c", r"c_t = f \odot c_{t-1} + i \odot g", gates["f"] * c_prev + gates["i"] * gates["g"],
                  answer=("c",), label=Text("新的细胞状态：保留的旧记忆加上写入的新记忆",
                                            "New cell state: the kept old memory plus the written new memory"))
    tanh_c = steps.add("tanh_c", r"\tanh(c_t)", np.tanh(c), label=Text("细胞状态过 tanh", "tanh of the cell state"))
    h = steps.add("h", r"h_t = o \odot \tanh(c_t)", gates["o"] * tanh_c, answer=("h",),
                  label=Text("新的隐藏状态", "New hidden state"))
    return {"i": gates["i"], "f": gates["f"], "o": gates["o"], "g": gates["g"], "c": c, "h": h}


def prompt(given: dict[str, Any], difficulty: str) -> Text:
    d = len(given["x"])
    H = len(given["h_prev"])
    zh = (f"LSTM 单步（输入 {d} 维、隐藏 {H} 维）：给定各门的 W、U、b 以及 x、h_(t−1)、c_(t−1)，"
          f"求 i、f、o = σ(W x + U h_(t−1) + b)，g = tanh(W_g x + U_g h_(t−1) + b_g)，"
          f"c_t = f⊙c_(t−1) + i⊙g，h_t = o⊙tanh(c_t)（⊙ 为逐元素乘）。")
    en = (f"One LSTM step ({plural(d, 'input')}, {plural(H, 'hidden unit')}): given each gate's W, U, b and x, h_(t−1), c_(t−1), "
          f"compute i, f, o = σ(W x + U h_(t−1) + b), g = tanh(W_g x + U_g h_(t−1) + b_g), "
          f"c_t = f⊙c_(t−1) + i⊙g and h_t = o⊙tanh(c_t) (⊙ is the element-wise product).")
    return Text(zh, en)


TITLES: dict[str, Text] = {
    "sigmoid-for-candidate": Text("候选记忆 g 用了 sigmoid 而不是 tanh", "Used a sigmoid for the candidate g instead of tanh"),
    "forget-input-swapped": Text("遗忘门和输入门用反了", "Swapped the forget and input gates"),
    "cell-without-tanh": Text("h 直接用了 c，漏了 tanh", "Used c itself in h, without the tanh"),
}
FIXES: dict[str, Text] = {
    "sigmoid-for-candidate": Text("三个门用 sigmoid（0 到 1 的开关），候选值用 tanh（−1 到 1）：g = tanh(W_g x + U_g h_{t−1} + b_g)",
                                  "The three gates use sigmoid (switches in 0..1), the candidate uses tanh (−1..1): "
                                  "g = tanh(W_g x + U_g h_{t−1} + b_g)"),
    "forget-input-swapped": Text("c_t = f ⊙ c_{t−1} + i ⊙ g：遗忘门管旧记忆，输入门管新内容",
                                 "c_t = f ⊙ c_{t−1} + i ⊙ g: the forget gate scales the old memory, the input gate the new"),
    "cell-without-tanh": Text("h_t = o ⊙ tanh(c_t)", "h_t = o ⊙ tanh(c_t)"),
}


def mistakes(given: dict[str, Any], carry: Mapping[str, Any] | None = None) -> list[Mistake]:
    right, used = inputs(solve, given, carry)
    c_prev = array(given, "c_prev")
    found = [
        ("sigmoid-for-candidate", "g", sigmoid(used["a_g"])),
        ("forget-input-swapped", "c", used["i"] * c_prev + used["f"] * used["g"]),
        ("cell-without-tanh", "h", used["o"] * used["c"]),
    ]
    return collect(found, right, TITLES, FIXES)


KINDS: list[Kind] = [
    Kind(
        name="lstm-step",
        topic="rnn",
        title=Text("LSTM 单步计算", "One LSTM step"),
        make_given=make_given,
        solve=solve,
        prompt=prompt,
        mistakes=mistakes,
    )
]
