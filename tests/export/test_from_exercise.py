"""A generated exercise as a Question: what a learner sees (every given number, the value to enter,
the worked solution) and an answer checked by an independent computation."""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine.bank.from_exercise import format_value, generated_id, materialize, question_from_exercise
from engine.bank.loader import load_file
from engine.bank.model import NumericAnswer
from engine.generators import KINDS, generate


def _numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_becomes_a_numeric_question(kind):
    ex = generate(kind, 11, "easy")
    q = question_from_exercise(ex)
    assert q.id == f"generated/{kind}/easy/seed-11" and q.type == "numeric" and q.topic == KINDS[kind].topic
    assert q.difficulty == 1 and "generated" in q.tags
    assert isinstance(q.answer, NumericAnswer)
    for lang in ("zh", "en"):
        prompt, explanation = q.prompt(lang), q.explanation(lang)
        assert prompt.startswith(ex.prompt(lang))
        # every step of the worked solution is there, with its formula, in order
        positions = [explanation.index(f"${s.formula} = ") for s in ex.steps]
        assert positions == sorted(positions)
    # every given number is shown to the learner
    shown = _numbers(q.prompt.en)
    for value in _flatten(ex.given):
        if isinstance(value, float):
            assert any(abs(value - s) <= 1e-9 + 1e-6 * abs(value) for s in shown), value


def _flatten(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _flatten(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _flatten(v)
    else:
        yield value


def _mlp_backprop_by_hand(given):
    """A second, straightforward implementation: forward, backward, one SGD step. Covers easy
    (half sum of squares) and medium (softmax + cross-entropy, where δ_L = a_L − y)."""
    acts = {"relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
            "identity": (lambda z: z, lambda z: np.ones_like(z)),
            "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
            "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
            "softmax": (lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(), None)}
    W = [np.array(w, float) for w in given["W"]]
    b = [np.array(v, float) for v in given["b"]]
    y = np.array(given["y"], float)
    a, zs, as_ = np.array(given["x"], float), [], [np.array(given["x"], float)]
    for Wl, bl, name in zip(W, b, given["activations"]):
        z = Wl @ a + bl
        a = acts[name][0](z)
        zs.append(z)
        as_.append(a)
    if given["loss"] == "half_sse":
        loss = 0.5 * float(np.sum((a - y) ** 2))
        delta = (a - y) * acts[given["activations"][-1]][1](zs[-1])
    else:
        assert given["loss"] == "cross_entropy" and given["activations"][-1] == "softmax"
        loss = -float(np.sum(y * np.log(a)))
        delta = a - y
    new_W, new_b = [None] * len(W), [None] * len(W)
    for layer in reversed(range(len(W))):
        new_W[layer] = W[layer] - given["learning_rate"] * np.outer(delta, as_[layer])
        new_b[layer] = b[layer] - given["learning_rate"] * delta
        if layer:
            delta = (W[layer].T @ delta) * acts[given["activations"][layer - 1]][1](zs[layer - 1])
    return loss, new_W, new_b


@pytest.mark.parametrize("difficulty,seed", [(d, s) for d in ("easy", "medium") for s in range(4)])
def test_mlp_backprop_answers_match_an_independent_computation(difficulty, seed):
    ex = generate("mlp-backprop", seed, difficulty)
    loss, new_W, new_b = _mlp_backprop_by_hand(ex.given)
    q = question_from_exercise(ex)                                   # default: the last answer step
    np.testing.assert_allclose(q.answer.value, new_b[-1], rtol=1e-9, atol=1e-12)
    q = question_from_exercise(ex, ask=["loss"])
    assert q.answer.value == pytest.approx(loss, rel=1e-9)
    q = question_from_exercise(ex, ask=["W_new.0"])
    np.testing.assert_allclose(q.answer.value, new_W[0], rtol=1e-9, atol=1e-12)
    assert "Enter: updated W₁ (η = " in q.prompt.en and "$W_{1}^{\\text{new}}$, a " in q.prompt.en


def test_format_value():
    assert format_value(np.array([[-0.0, 1e-8], [2.5, -3.0]])) == "[[0, 1e-08], [2.5, -3]]"
    assert format_value(0.14583333) == "0.1458" and format_value(["relu", "identity"]) == "[relu, identity]"
    assert format_value(-0.04) == "-0.04" and format_value(-0.0) == "0"


def test_materialize_a_bank_generated_question(tmp_path):
    path = tmp_path / "g.toml"
    path.write_text('''topic = "nn-basics"
[[question]]
id = "nn-basics/backprop-drill"
type = "generated"
difficulty = 3
tags = ["backprop"]
source = "notes 1.4"
prompt = { zh = "手算反向传播。", en = "Backpropagate by hand." }
explanation = { zh = "链式法则。", en = "The chain rule." }
kind = "mlp-backprop"
generator_difficulty = "easy"
ask = ["loss"]
''', encoding="utf-8")
    (bank_q,), problems = load_file(path)
    assert problems == []
    q = materialize(bank_q, 5)
    ex = generate("mlp-backprop", 5, "easy")
    assert q.id == "nn-basics/backprop-drill/seed-5" and q.type == "numeric" and q.difficulty == 3
    assert q.prompt.en.startswith("Backpropagate by hand.\n\n" + ex.prompt.en)
    assert q.explanation.zh.startswith("链式法则。")
    assert q.answer.value == pytest.approx(_mlp_backprop_by_hand(ex.given)[0], rel=1e-9)
    assert materialize(q, 5) is q                         # anything else passes through unchanged
    assert generated_id("gcn-layer", "hard", 3) == "generated/gcn-layer/hard/seed-3"
