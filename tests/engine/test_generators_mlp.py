"""mlp-forward / mlp-backprop re-derived independently: a from-scratch forward pass in plain Python
(written here, not the engine's), finite differences on it for every gradient, over 200 seeds per
difficulty."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from engine.generators import DIFFICULTIES, get_kind

SEEDS = range(200)
H = 1e-6


def act(name: str, z: float, slope: float) -> float:
    if name == "identity":
        return z
    if name == "sigmoid":
        return 1 / (1 + math.exp(-z))
    if name == "tanh":
        return math.tanh(z)
    if name == "relu":
        return z if z > 0 else 0.0
    if name == "leaky_relu":
        return z if z > 0 else slope * z
    if name == "elu":
        return z if z > 0 else math.exp(z) - 1
    if name == "selu":
        return 1.0507009873554805 * (z if z > 0 else 1.6732632423543772 * (math.exp(z) - 1))
    raise AssertionError(name)


def forward(g: dict, W=None, b=None):
    """z_l and a_l per layer and the loss, in loops over plain floats."""
    W = g["W"] if W is None else W
    b = g["b"] if b is None else b
    slope = g.get("leaky_slope", 0.01)
    a, zs, as_ = list(g["x"]), [], []
    for l, name in enumerate(g["activations"]):
        z = [sum(W[l][i][j] * a[j] for j in range(len(a))) + b[l][i] for i in range(len(b[l]))]
        if name == "softmax":
            m = max(z)
            e = [math.exp(v - m) for v in z]
            a = [v / sum(e) for v in e]
        else:
            a = [act(name, v, slope) for v in z]
        zs.append(z)
        as_.append(a)
    y, loss = g["y"], g["loss"]
    if loss == "half_sse":
        L = 0.5 * sum((p - t) ** 2 for p, t in zip(a, y))
    elif loss == "mse":
        L = sum((p - t) ** 2 for p, t in zip(a, y)) / len(y)
    elif loss == "bce":
        L = -sum(t * math.log(p) + (1 - t) * math.log(1 - p) for p, t in zip(a, y))
    else:
        L = -sum(t * math.log(p) for p, t in zip(a, y))
    return zs, as_, L


def fd_gradients(g: dict):
    """∂L/∂W_l and ∂L/∂b_l by centred differences on the scratch forward."""
    W = [np.array(w, dtype=float) for w in g["W"]]
    b = [np.array(v, dtype=float) for v in g["b"]]
    loss = lambda: forward(g, [w.tolist() for w in W], [v.tolist() for v in b])[2]  # noqa: E731
    dW, db = [], []
    for arrays, out in ((W, dW), (b, db)):
        for arr in arrays:
            grad = np.zeros_like(arr)
            for idx in np.ndindex(arr.shape):
                old = arr[idx]
                arr[idx] = old + H
                up = loss()
                arr[idx] = old - H
                down = loss()
                arr[idx] = old
                grad[idx] = (up - down) / (2 * H)
            out.append(grad)
    return dW, db


def close(a, b, tol=1e-6):
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=tol, atol=tol)


def check_shape_and_rounding(g: dict, difficulty: str) -> None:
    sizes = g["layer_sizes"]
    if difficulty == "easy":
        assert sizes in ([2, 2, 1], [2, 3, 1]) and g["loss"] == "half_sse"
        assert g["activations"][0] in ("sigmoid", "relu", "identity")
    elif difficulty == "medium":
        assert sizes == [2, 3, 2] and g["activations"][-1] == "softmax" and g["loss"] == "cross_entropy"
    else:
        assert sizes == [3, 4, 3, 2]
    for l, (w, v) in enumerate(zip(g["W"], g["b"])):
        assert np.shape(w) == (sizes[l + 1], sizes[l]) and np.shape(v) == (sizes[l + 1],)   # W_l: n_l × n_{l-1}
    for key in ("W", "b", "x", "y"):
        flat = np.concatenate([np.ravel(v) for v in g[key]]) if key in ("W", "b") else np.asarray(g[key])
        np.testing.assert_array_equal(flat, np.round(flat, 1))   # shown with one decimal: nothing hidden
    if g["loss"] == "cross_entropy":
        assert sorted(g["y"]) == [0.0] * (len(g["y"]) - 1) + [1.0]
    assert ("leaky_slope" in g) == ("leaky_relu" in g["activations"])


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_mlp_backprop_answers_rederived_independently(difficulty):
    kind = get_kind("mlp-backprop")
    seen_acts = set()
    for seed in SEEDS:
        ex = kind.generate(seed, difficulty)
        g = json.loads(json.dumps(ex.given))      # the learner's view: exactly the JSON
        check_shape_and_rounding(g, difficulty)
        seen_acts.update(g["activations"])
        zs, as_, L = forward(g)
        ans = ex.answers
        for l in range(len(zs)):
            close(ans["z"][l], zs[l])
            close(ans["a"][l], as_[l])
        assert ans["loss"] == pytest.approx(L, rel=1e-9)
        dW, db = fd_gradients(g)
        eta = g["learning_rate"]
        for l in range(len(dW)):
            close(ans["dW"][l], dW[l])
            close(ans["db"][l], db[l])
            close(ans["delta"][l], db[l])          # δ_l = ∂L/∂z_l = ∂L/∂b_l
            close(ans["W_new"][l], np.array(g["W"][l]) - eta * dW[l])
            close(ans["b_new"][l], np.array(g["b"][l]) - eta * db[l])
        # every layer's gradient is alive (no ReLU layer switched off entirely)
        assert all(np.abs(d).max() > 0 for d in db)
    expected = {"easy": {"sigmoid", "relu", "identity"}, "medium": {"sigmoid", "tanh", "relu", "softmax"},
                "hard": {"sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "softmax", "identity"}}[difficulty]
    assert expected <= seen_acts


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_mlp_forward_answers_rederived_independently(difficulty):
    kind = get_kind("mlp-forward")
    for seed in SEEDS:
        ex = kind.generate(seed, difficulty)
        zs, as_, L = forward(ex.given)
        for l in range(len(zs)):
            close(ex.answers["z"][l], zs[l])
            close(ex.answers["a"][l], as_[l])
        assert ex.answers["loss"] == pytest.approx(L, rel=1e-9)
        assert set(ex.answers) == {"z", "a", "loss"}
        assert [s.name for s in ex.steps][-1] == "loss"


def expected_order(L: int) -> list[str]:
    names = [n for l in range(1, L + 1) for n in (f"z_{l}", f"a_{l}")] + ["loss"]
    for l in range(L, 0, -1):
        names += [f"delta_{l}", f"dW_{l}", f"db_{l}"] if l == L else [f"dW_{l}", f"db_{l}"]
        if l > 1:
            names.append(f"delta_{l - 1}")
    return names + [n for l in range(1, L + 1) for n in (f"W_new_{l}", f"b_new_{l}")]


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_steps_come_in_the_order_a_person_computes_them_and_match_the_answers(difficulty):
    ex = get_kind("mlp-backprop").generate(11, difficulty)
    L = len(ex.given["W"])
    assert [s.name for s in ex.steps] == expected_order(L)
    for step in ex.steps:
        value = ex.answers
        for key in step.answer:
            value = value[key]
        close(step.value, value, 0)
        assert step.label is not None and step.label.zh and step.label.en
    formulas = {s.name: s.formula for s in ex.steps}
    assert formulas["z_1"] == "z_{1} = W_{1} a_{0} + b_{1}"
    assert formulas[f"dW_{L}"] == rf"\frac{{\partial L}}{{\partial W_{{{L}}}}} = \delta_{{{L}}} a_{{{L - 1}}}^T"
    # the backpropagated error multiplies by the hidden layer's own derivative, written for its activation
    hidden = ex.given["activations"][L - 2]
    prime = {"relu": r"\operatorname{ReLU}'", "sigmoid": r"\sigma'", "tanh": r"\tanh'"}[hidden]
    assert formulas[f"delta_{L - 1}"] == rf"\delta_{{{L - 1}}} = (W_{{{L}}}^T \delta_{{{L}}}) \odot {prime}(z_{{{L - 1}}})"
    assert "\\leftarrow" in formulas["W_new_1"]


def test_an_identity_output_layer_has_no_derivative_factor():
    ex = get_kind("mlp-backprop").generate(11, "easy")
    assert ex.given["activations"][-1] == "identity"
    L = len(ex.given["W"])
    formula = {s.name: s.formula for s in ex.steps}[f"delta_{L}"]
    assert "'" not in formula and "(a_{%d} - y)" % L in formula


def test_a_later_step_is_computed_from_the_learners_own_earlier_value():
    kind = get_kind("mlp-backprop")
    ex = kind.generate(5, "easy")
    g = ex.given
    wrong_z1 = [v + 1.0 for v in ex.answers["z"][0]]
    answers, steps = kind.resolve(g, {"z_1": wrong_z1})
    by_name = {s.name: s.value for s in steps}
    close(by_name["z_1"], ex.answers["z"][0], 0)            # the step itself is still graded against the truth
    slope = g.get("leaky_slope", 0.01)
    close(by_name["a_1"], [act(g["activations"][0], z, slope) for z in wrong_z1])   # ...later ones build on the slip
    wrong_dW2 = (np.array(ex.answers["dW"][1]) * 2).tolist()
    _, steps = kind.resolve(g, {"dW_2": wrong_dW2})
    close({s.name: s.value for s in steps}["W_new_2"], np.array(g["W"][1]) - g["learning_rate"] * np.array(wrong_dW2))


@pytest.mark.parametrize("kind_name", ["mlp-forward", "mlp-backprop"])
def test_same_seed_and_difficulty_give_byte_identical_json(kind_name):
    kind = get_kind(kind_name)
    for difficulty in DIFFICULTIES:
        for seed in (0, 1, 99, 2**40):
            assert kind.generate(seed, difficulty).dumps() == kind.generate(seed, difficulty).dumps()
        assert kind.generate(1, difficulty).dumps() != kind.generate(2, difficulty).dumps()


def test_prompts_say_what_is_given_and_asked_in_both_languages():
    ex = get_kind("mlp-backprop").generate(3, "medium")
    assert "2-3-2" in ex.prompt.en and "2-3-2" in ex.prompt.zh
    assert "η = " in ex.prompt.en and "学习率" in ex.prompt.zh and "gradient-descent step" in ex.prompt.en
    fwd = get_kind("mlp-forward").generate(3, "medium")
    assert "forward pass" in fwd.prompt.en and "前向传播" in fwd.prompt.zh and "η" not in fwd.prompt.en
