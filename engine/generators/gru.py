"""Kind ``gru-step``: one step of a GRU cell, in the convention of Cho et al. (2014).

    z  = σ(W_z x + U_z h_prev + b_z)             update gate        W_*: H×d, U_*: H×H, b_*: H
    r  = σ(W_r x + U_r h_prev + b_r)             reset gate
    h̃  = tanh(W_h x + U_h (r ⊙ h_prev) + b_h)    candidate state
    h  = z ⊙ h_prev + (1 − z) ⊙ h̃

Two conventions differ between texts, and the exercise says so: some (e.g. Chung et al. 2014) write
h = (1 − z) ⊙ h_prev + z ⊙ h̃, i.e. z and 1 − z swapped; PyTorch's nn.GRU keeps z on h_prev as here but
applies the reset gate after the matrix product: h̃ = tanh(W_h x + b_ih + r ⊙ (U_h h_prev + b_hh)).
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

GATES: tuple[str, ...] = ("z", "r", "h")

SIZES: dict[str, dict[str, int]] = {
    "easy": {"d": 1, "H": 1},
    "medium": {"d": 2, "H": 2},
    "hard": {"d": 3, "H": 3},
}

CONVENTION = Text(
    "约定：这里 h = z⊙h_(t−1) + (1−z)⊙h̃（Cho 等 2014，PyTorch 相同），z 越大越保留旧状态。"
    "有的教材（如 Chung 等 2014）把 z 与 1−z 对调：h = (1−z)⊙h_(t−1) + z⊙h̃。"
    "另外 PyTorch 的 nn.GRU 把 r 作用在 U_h h_(t−1) 之后：h̃ = tanh(W_h x + b_ih + r⊙(U_h h_(t−1) + b_hh))，"
    "与这里的 U_h(r⊙h_(t−1)) 结果不同。",
    "Convention: here h = z⊙h_(t−1) + (1−z)⊙h̃ (Cho et al. 2014; PyTorch agrees), so a large z keeps the old "
    "state. Other texts (e.g. Chung et al. 2014) swap z and 1−z: h = (1−z)⊙h_(t−1) + z⊙h̃. PyTorch's nn.GRU "
    "also applies r after U_h h_(t−1): h̃ = tanh(W_h x + b_ih + r⊙(U_h h_(t−1) + b_hh)), which differs from "
    "U_h(r⊙h_(t−1)) used here.",
)


def make_given(rng: np.random.Generator, difficulty: str) -> dict[str, Any]:
    s = SIZES[difficulty]
    d, H = s["d"], s["H"]
    return {
        **gate_params(rng, GATES, d, H, difficulty),
        "x": draw(rng, d, difficulty),
        "h_prev": draw(rng, H, difficulty),
    }


def solve(given: dict[str, Any], steps: Steps) -> dict[str, Any]:
    W, U, b = gate_arrays(given)
    x, h_prev = array(given, "x"), array(given, "h_prev")

    a_z = steps.add("a_z", r"a_z = W_z x + U_z h_{t-1} + b_z", W["z"] @ x + U["z"] @ h_prev + b["z"],
                    label=Text("更新门的预激活", "Pre-activation of the update gate"))
    z = steps.add("z", r"z = \sigma(a_z)", sigmoid(a_z), answer=("z",),
                  label=Text("更新门（sigmoid）", "Update gate (sigmoid)"))
    a_r = steps.add("a_r", r"a_r = W_r x + U_r h_{t-1} + b_r", W["r"] @ x + U["r"] @ h_prev + b["r"],
                    label=Text("重置门的预激活", "Pre-activation of the reset gate"))
    r = steps.add("r", r"r = \sigma(a_r)", sigmoid(a_r), answer=("r",),
                  label=Text("重置门（sigmoid）", "Reset gate (sigmoid)"))
    r_h = steps.add("r_h_prev", r"r \odot h_{t-1}", r * h_prev,
                    label=Text("重置后的旧状态", "The old state after the reset gate"))
    a_h = steps.add("a_h", r"a_h = W_h x + U_h (r \odot h_{t-1}) + b_h", W["h"] @ x + U["h"] @ r_h + b["h"],
                    label=Text("候选状态的预激活", "Pre-activation of the candidate state"))
    h_tilde = steps.add("h_tilde", r"\tilde h_t = \tanh(a_h)", np.tanh(a_h), answer=("h_tilde",),
                        label=Text("候选状态（tanh）", "Candidate state (tanh)"))
    h = steps.add("h", r"h_t = z \odot h_{t-1} + (1 - z) \odot \tilde h_t", z * h_prev + (1.0 - z) * h_tilde,
                  answer=("h",),
                  label=Text("新的隐藏状态。" + CONVENTION.zh, "New hidden state. " + CONVENTION.en))
    return {"z": z, "r": r, "h_tilde": h_tilde, "h": h}


def prompt(given: dict[str, Any], difficulty: str) -> Text:
    d = len(given["x"])
    H = len(given["h_prev"])
    zh = (f"GRU 单步（输入 {d} 维、隐藏 {H} 维）：给定 W、U、b（键 z、r、h）以及 x、h_(t−1)，"
          f"求 z = σ(W_z x + U_z h_(t−1) + b_z)、r = σ(W_r x + U_r h_(t−1) + b_r)、"
          f"h̃ = tanh(W_h x + U_h(r⊙h_(t−1)) + b_h) 和 h_t = z⊙h_(t−1) + (1−z)⊙h̃。" + CONVENTION.zh)
    en = (f"One GRU step ({plural(d, 'input')}, {plural(H, 'hidden unit')}): given W, U, b (keys z, r, h) and x, h_(t−1), compute "
          f"z = σ(W_z x + U_z h_(t−1) + b_z), r = σ(W_r x + U_r h_(t−1) + b_r), "
          f"h̃ = tanh(W_h x + U_h(r⊙h_(t−1)) + b_h) and h_t = z⊙h_(t−1) + (1−z)⊙h̃. " + CONVENTION.en)
    return Text(zh, en)


TITLES: dict[str, Text] = {
    "reset-after-product": Text("把 r 乘在 U_h h_{t−1} 之后（PyTorch 的写法）",
                                "Applied r after U_h h_{t−1} (PyTorch's variant)"),
    "swapped-update-gate": Text("z 与 1 − z 用反了（另一种教材的约定）", "Swapped z and 1 − z (the other texts' convention)"),
}
FIXES: dict[str, Text] = {
    "reset-after-product": Text("本题按 Cho 等 2014：h̃ = tanh(W_h x + U_h(r ⊙ h_{t−1}) + b_h)，先重置再乘矩阵",
                                "This exercise follows Cho et al. 2014: h̃ = tanh(W_h x + U_h(r ⊙ h_{t−1}) + b_h), "
                                "reset first, then the matrix product"),
    "swapped-update-gate": Text("本题约定 h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃_t：z 大时保留旧状态",
                                "Here h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃_t: a large z keeps the old state"),
}


def mistakes(given: dict[str, Any], carry: Mapping[str, Any] | None = None) -> list[Mistake]:
    right, used = inputs(solve, given, carry)
    W, U, b = (np.asarray(given[key]["h"], dtype=float) for key in ("W", "U", "b"))
    x, h_prev = array(given, "x"), array(given, "h_prev")
    z = used["z"]
    found = [
        ("reset-after-product", "h_tilde", np.tanh(W @ x + used["r"] * (U @ h_prev) + b)),
        ("swapped-update-gate", "h", (1.0 - z) * h_prev + z * used["h_tilde"]),
    ]
    return collect(found, right, TITLES, FIXES)


KINDS: list[Kind] = [
    Kind(
        name="gru-step",
        topic="rnn",
        title=Text("GRU 单步计算", "One GRU step"),
        make_given=make_given,
        solve=solve,
        prompt=prompt,
        mistakes=mistakes,
    )
]
