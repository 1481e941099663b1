"""activation, softmax-cross-entropy, dueling-q and vanishing-gradient re-derived independently
(plain-Python formulas and finite differences written here) over 200 seeds per difficulty."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from engine.generators import DIFFICULTIES, get_kind

SEEDS = range(200)
LAM, ALPHA = 1.0507009873554805, 1.6732632423543772
FUNCS = {
    "sigmoid": lambda x: 1 / (1 + math.exp(-x)),
    "tanh": lambda x: (math.exp(x) - math.exp(-x)) / (math.exp(x) + math.exp(-x)),
    "relu": lambda x: max(0.0, x),
    "leaky_relu": lambda x: max(0.01 * x, x),
    "elu": lambda x: x if x > 0 else math.exp(x) - 1,
    "selu": lambda x: LAM * (x if x > 0 else ALPHA * (math.exp(x) - 1)),
}


def fd(fn, x: float, h: float = 1e-6) -> float:
    return (fn(x + h) - fn(x - h)) / (2 * h)


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_activation_value_and_derivative(difficulty):
    kind = get_kind("activation")
    seen = set()
    for seed in SEEDS:
        ex = kind.generate(seed, difficulty)
        g = json.loads(json.dumps(ex.given))
        fn, x = FUNCS[g["function"]], g["x"]
        seen.add(g["function"])
        assert x != 0 and round(x, 2) == x
        assert ex.answers["value"] == pytest.approx(fn(x), rel=1e-12, abs=1e-15)
        assert ex.answers["derivative"] == pytest.approx(fd(fn, x), rel=1e-7, abs=1e-9)
        assert [s.name for s in ex.steps] == ["value", "derivative"]
    assert len(seen) >= 3
    if difficulty == "hard":
        assert "selu" in seen


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_softmax_cross_entropy(difficulty):
    kind = get_kind("softmax-cross-entropy")
    for seed in SEEDS:
        ex = kind.generate(seed, difficulty)
        z, y = ex.given["z"], ex.given["y"]
        assert sorted(y) == [0.0] * (len(y) - 1) + [1.0]

        def loss(zz):
            total = sum(math.exp(v) for v in zz)
            return -sum(t * math.log(math.exp(v) / total) for v, t in zip(zz, y))

        total = sum(math.exp(v) for v in z)
        np.testing.assert_allclose(ex.answers["p"], [math.exp(v) / total for v in z], rtol=1e-12)
        assert ex.answers["loss"] == pytest.approx(loss(z), rel=1e-10)
        grad = []
        for i in range(len(z)):
            up, down = list(z), list(z)
            up[i] += 1e-6
            down[i] -= 1e-6
            grad.append((loss(up) - loss(down)) / 2e-6)
        np.testing.assert_allclose(ex.answers["dz"], grad, rtol=1e-6, atol=1e-8)
        assert abs(sum(ex.answers["dz"])) < 1e-12          # Σ (p − y) = 1 − 1


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_dueling_q(difficulty):
    kind = get_kind("dueling-q")
    for seed in SEEDS:
        ex = kind.generate(seed, difficulty)
        V, A = ex.given["V"], ex.given["A"]
        if difficulty == "easy":                     # one state
            assert isinstance(V, float)
            expected = [V + a - sum(A) / len(A) for a in A]
        else:                                        # a batch: one V per state, mean over that state's actions
            assert len(V) == len(A) >= 2
            expected = [[V[i] + a - sum(row) / len(row) for a in row] for i, row in enumerate(A)]
        np.testing.assert_allclose(ex.answers["Q"], expected, rtol=1e-12, atol=1e-12)
        # the mean of Q over actions is V: subtracting mean(A) is what makes V identifiable
        np.testing.assert_allclose(np.mean(ex.answers["Q"], axis=-1), V, atol=1e-12)


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_vanishing_gradient(difficulty):
    kind = get_kind("vanishing-gradient")
    seen = set()
    for seed in SEEDS:
        ex = kind.generate(seed, difficulty)
        name, z = ex.given["activation"], ex.given["z"]
        seen.add(name)
        assert len(z) == {"easy": 3, "medium": 5, "hard": 8}[difficulty]
        if name == "relu":
            assert all(v != 0 for v in z)           # away from the kink
        derivs = [fd(FUNCS[name], v) for v in z]
        np.testing.assert_allclose(ex.answers["derivatives"], derivs, rtol=1e-7, atol=1e-9)
        assert ex.answers["product"] == pytest.approx(math.prod(derivs), rel=1e-6, abs=1e-12)
        # the bound: sigmoid's derivative peaks at 0.25 (at 0), tanh's and ReLU's at 1
        peak = max(fd(FUNCS[name], v) for v in np.linspace(-3, 3, 601) if abs(v) > 1e-3)
        assert ex.answers["bound"] == pytest.approx(peak ** len(z), rel=1e-3)
        assert ex.answers["product"] <= ex.answers["bound"] + 1e-12
    assert "sigmoid" in seen and "relu" in seen


@pytest.mark.parametrize("name", ["activation", "softmax-cross-entropy", "dueling-q", "vanishing-gradient"])
def test_deterministic_json_and_steps_point_at_answers(name):
    kind = get_kind(name)
    for difficulty in DIFFICULTIES:
        a, b = kind.generate(4, difficulty), kind.generate(4, difficulty)
        assert a.dumps() == b.dumps()
        assert a.prompt.zh and a.prompt.en and a.prompt.zh != a.prompt.en
        for step in a.steps:
            if step.answer is None:
                continue
            value = a.answers
            for key in step.answer:
                value = value[key]
            np.testing.assert_array_equal(step.value, value)
        answered = {s.answer[0] for s in a.steps if s.answer}
        assert answered == set(a.answers)          # every answer has its worked step


@pytest.mark.parametrize("name", ["mlp-forward", "mlp-backprop", "activation", "softmax-cross-entropy", "dueling-q",
                                  "vanishing-gradient"])
def test_json_never_shows_negative_zero(name):
    import re

    kind = get_kind(name)
    negative_zero = re.compile(r"-0\.0(?![0-9])")
    for difficulty in DIFFICULTIES:
        for seed in range(100):
            assert not negative_zero.search(kind.generate(seed, difficulty).dumps()), (difficulty, seed)
