"""The backprop mistake diagnoses: each wrong value recomputed here from its description, claimed
exactly where it differs from the right answer, and never where it does not."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

from engine.generators import DIFFICULTIES, get_kind

KIND = get_kind("mlp-backprop")
SEVEN = {"forgot-activation-derivative", "weight-not-transposed", "outer-product-transposed",
         "wrong-layer-activation", "derivative-at-activation", "update-sign", "dropped-half",
         "doubled-loss-gradient", "extra-output-derivative"}


def f(name: str, z: float, slope: float) -> float:
    return {"identity": lambda: z, "sigmoid": lambda: 1 / (1 + math.exp(-z)), "tanh": lambda: math.tanh(z),
            "relu": lambda: max(z, 0.0), "leaky_relu": lambda: z if z > 0 else slope * z,
            "elu": lambda: z if z > 0 else math.exp(z) - 1,
            "selu": lambda: 1.0507009873554805 * (z if z > 0 else 1.6732632423543772 * (math.exp(z) - 1))}[name]()


KINKED = {"relu", "leaky_relu", "selu"}


def fprime(name: str, z: np.ndarray, slope: float) -> np.ndarray:
    """σ' by a centred difference, for a kinked σ on the side of the kink z is on; at exactly 0 (a
    ReLU output fed back in by the "σ' at a" slip) the left-hand difference, the engine's documented
    convention. (A smooth σ keeps h = 1e-6 however close z is to 0: a step of |z|/2 at z ~ 1e-17
    would be all rounding error.)"""
    out = []
    for v in np.ravel(z):
        if v == 0 and name in KINKED:
            out.append((f(name, 0.0, slope) - f(name, -1e-6, slope)) / 1e-6)
            continue
        h = min(1e-6, abs(v) / 2) if name in KINKED else 1e-6
        out.append((f(name, v + h, slope) - f(name, v - h, slope)) / (2 * h))
    return np.array(out).reshape(np.shape(z))


def differs(wrong, right) -> bool:
    """Graded wrong in at least one entry under the rule (1 % of each entry; zero level 1e-6 of the largest)."""
    wrong, right = np.asarray(wrong, float), np.asarray(right, float)
    zero = 1e-6 * float(np.max(np.abs(right))) if right.size and np.any(right) else 1e-12
    return wrong.shape == right.shape and bool(np.any((np.abs(wrong - right) > zero) &
                                                      (np.abs(wrong - right) > 0.01 * np.abs(right))))


def expected_mistakes(g: dict, v: dict) -> list[tuple[str, str, np.ndarray]]:
    """(id, step, value) from each mistake's description; ``v`` holds the values the learner builds on."""
    W = [np.array(w, float) for w in g["W"]]
    b = [np.array(x, float) for x in g["b"]]
    y, acts, loss, eta = np.array(g["y"]), g["activations"], g["loss"], g["learning_rate"]
    slope = g.get("leaky_slope", 0.01)
    L = len(W)
    a = [np.array(g["x"], float)] + [np.asarray(v[f"a_{l}"], float) for l in range(1, L + 1)]
    z = [None] + [np.asarray(v[f"z_{l}"], float) for l in range(1, L + 1)]
    out = []
    if loss == "half_sse":
        out.append(("dropped-half", "loss", np.sum((a[L] - y) ** 2)))
    if loss in ("bce", "cross_entropy"):
        out.append(("extra-output-derivative", f"delta_{L}", (a[L] - y) * a[L] * (1 - a[L])))
    else:
        grad = a[L] - y if loss == "half_sse" else 2 * (a[L] - y) / len(y)
        out.append(("forgot-activation-derivative", f"delta_{L}", grad))
        out.append(("derivative-at-activation", f"delta_{L}", grad * fprime(acts[-1], a[L], slope)))
        if loss == "half_sse":
            out.append(("doubled-loss-gradient", f"delta_{L}", 2 * grad * fprime(acts[-1], z[L], slope)))
    for l in range(L, 0, -1):
        d = np.asarray(v[f"delta_{l}"], float)
        if W[l - 1].shape[0] == W[l - 1].shape[1]:
            out.append(("outer-product-transposed", f"dW_{l}", np.outer(a[l - 1], d)))
        if len(a[l]) == len(a[l - 1]):
            out.append(("wrong-layer-activation", f"dW_{l}", np.outer(d, a[l])))
        if l > 1:
            out.append(("forgot-activation-derivative", f"delta_{l - 1}", W[l - 1].T @ d))
            if W[l - 1].shape[0] == W[l - 1].shape[1]:
                out.append(("weight-not-transposed", f"delta_{l - 1}",
                            (W[l - 1] @ d) * fprime(acts[l - 2], z[l - 1], slope)))
            out.append(("derivative-at-activation", f"delta_{l - 1}",
                        (W[l - 1].T @ d) * fprime(acts[l - 2], a[l - 1], slope)))
    for l in range(1, L + 1):
        out.append(("update-sign", f"W_new_{l}", W[l - 1] + eta * np.asarray(v[f"dW_{l}"], float)))
        out.append(("update-sign", f"b_new_{l}", b[l - 1] + eta * np.asarray(v[f"db_{l}"], float)))
    return out


def check(g: dict, carry: dict) -> Counter:
    _, steps = KIND.resolve(g, carry)
    right = {s.name: s.value for s in steps}
    values = {**right, **carry}
    claimed = KIND.mistakes(g, carry)
    for m in claimed:
        assert differs(m.value, right[m.step]), f"{m.id} at {m.step} claims the right answer"
        assert m.title.zh and m.title.en and m.fix.zh and m.fix.en
    by_key = {(m.id, m.step): m for m in claimed}
    expected = expected_mistakes(g, values)
    assert set(by_key) <= {(i, s) for i, s, _ in expected}
    for mid, step, value in expected:
        if (mid, step) in by_key:
            np.testing.assert_allclose(np.asarray(by_key[(mid, step)].value, float), value, rtol=1e-6, atol=1e-9)
        elif differs(value, right[step]):
            # only left out when an earlier diagnosis at the same step gives the same number
            assert any(m.step == step and not differs(value, m.value) for m in claimed), (mid, step)
    return Counter(m.id for m in claimed)


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_every_diagnosis_is_recomputed_and_differs_from_the_right_answer(difficulty):
    seen = Counter()
    for seed in range(100):
        seen += check(KIND.generate(seed, difficulty).given, {})
    must = {"easy": {"forgot-activation-derivative", "outer-product-transposed", "wrong-layer-activation",
                     "derivative-at-activation", "update-sign", "dropped-half", "doubled-loss-gradient"},
            "medium": {"forgot-activation-derivative", "derivative-at-activation", "update-sign",
                       "extra-output-derivative"},
            "hard": {"forgot-activation-derivative", "derivative-at-activation", "update-sign", "dropped-half",
                     "doubled-loss-gradient", "extra-output-derivative"}}[difficulty]
    assert must <= set(seen), must - set(seen)


def test_diagnoses_build_on_the_learners_carried_values():
    for seed in range(30):
        ex = KIND.generate(seed, "hard")
        wrong_delta = (np.asarray(ex.answers["delta"][-1]) * -3 + 0.5).tolist()
        wrong_a1 = (np.asarray(ex.answers["a"][0]) + 0.3).tolist()
        check(ex.given, {"delta_3": wrong_delta, "a_1": wrong_a1})


def test_a_square_weight_matrix_gets_the_transpose_diagnosis():
    g = {"layer_sizes": [2, 2, 2], "activations": ["sigmoid", "sigmoid"], "loss": "half_sse",
         "W": [[[0.5, -1.0], [1.0, 0.5]], [[1.0, -0.5], [0.2, 0.8]]], "b": [[0.1, -0.2], [0.0, 0.3]],
         "x": [1.0, -1.0], "y": [1.0, 0.0], "learning_rate": 0.5}
    seen = check(g, {})
    assert "weight-not-transposed" in seen
    mistake = next(m for m in KIND.mistakes(g, {}) if m.id == "weight-not-transposed")
    assert mistake.step == "delta_1" and "W_lᵀ" in mistake.fix.en


def test_no_diagnosis_where_the_slip_changes_nothing():
    # identity output: forgetting σ'(z_L) = 1 changes nothing, so it must not be claimed at delta_2
    g = {"layer_sizes": [2, 2, 1], "activations": ["relu", "identity"], "loss": "half_sse",
         "W": [[[1.0, 0.5], [-0.5, 1.0]], [[1.0, -1.0]]], "b": [[0.0, 0.5], [0.5]],
         "x": [1.0, 2.0], "y": [1.5], "learning_rate": 0.1}
    ids_at_output = {m.id for m in KIND.mistakes(g, {}) if m.step == "delta_2"}
    assert "forgot-activation-derivative" not in ids_at_output
    assert "doubled-loss-gradient" in ids_at_output
    # both hidden ReLU units are active: σ'(z_1) = 1, so forgetting it is not a detectable slip either
    assert not any(m.step == "delta_1" and m.id == "forgot-activation-derivative" for m in KIND.mistakes(g, {}))
    check(g, {})


def test_every_family_has_a_title_and_fix_in_both_languages():
    from engine.generators.mistakes_mlp import FIXES, TITLES

    assert set(TITLES) == set(FIXES) == SEVEN
