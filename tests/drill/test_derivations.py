"""The derivation drill's questions (question_bank/derivations.toml): each expected expression agrees
with a finite-difference derivative of the function the question defines, at random points; each
expected answer satisfies its own form constraints; typical wrong answers are rejected; the drill
asks them in file order."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from engine.bank.loader import load_bank, load_file
from engine.checking import grade
from engine.checking.evaluate import evaluate
from engine.checking.parser import parse
from quizapp.drill import derivation_questions

QUESTIONS, PROBLEMS = load_file("question_bank/derivations.toml")
BY_ID = {q.id.split("/", 1)[1]: q for q in QUESTIONS}


def sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def logit(a: float) -> float:
    return math.log(a / (1 - a))


def d(f, x: float, h: float = 1e-6) -> float:
    return (f(x + h) - f(x - h)) / (2 * h)


def elu(x: float, alpha: float) -> float:
    return x if x > 0 else alpha * (math.exp(x) - 1)


def p1(z1: float, z2: float) -> float:
    return math.exp(z1) / (math.exp(z1) + math.exp(z2))


W = 0.7   # any weight: the neuron questions fix b so that the output equals the sampled a

# question slug -> the true value at a point, from the function the prompt defines
TRUTH = {
    "derive-sigmoid-direct": lambda v: d(sig, v["x"]),
    "derive-sigmoid-in-sigma": lambda v: d(sig, v["x"]),
    "derive-tanh-prime": lambda v: d(math.tanh, v["x"]),
    "derive-tanh-via-sigmoid": lambda v: math.tanh(v["x"]),
    "derive-tanh-prime-via-sigma": lambda v: d(math.tanh, v["x"]),
    "derive-relu-prime": lambda v: d(lambda x: max(0.0, x), v["x"]),
    "derive-leaky-relu-prime": lambda v: d(lambda x: max(0.01 * x, x), v["x"]),
    "derive-elu-prime": lambda v: d(lambda x: elu(x, v["alpha"]), v["x"]),
    "derive-elu-prime-from-output": lambda v: d(lambda x: elu(x, v["alpha"]), math.log(v["y"] / v["alpha"] + 1)),
    "derive-softmax-jacobian-diagonal": lambda v: d(lambda z: p1(z, v["z2"]), v["z1"]),
    "derive-softmax-jacobian-off-diagonal": lambda v: d(lambda z: p1(v["z1"], z), v["z2"]),
    "derive-softmax-ce-target": lambda v: d(lambda z: -math.log(p1(z, v["z2"])), v["z1"]),
    "derive-softmax-ce-other": lambda v: d(lambda z: -math.log(p1(v["z1"], z)), v["z2"]),
    "derive-delta-output": lambda v: d(lambda z: 0.5 * (sig(z) - v["y"]) ** 2, logit(v["a2"])),
    # any loss with ∂L/∂z₂ = d2 at this point (L = d2·z₂) gives the recursion's δ₁
    "derive-delta-recursion": lambda v: d(lambda z1: v["d2"] * (v["w2"] * sig(z1) + 0.3), logit(v["a1"])),
    "derive-weight-gradient": lambda v: d(lambda w: v["d1"] * (w * v["x"] + 0.2), W),
    "derive-neuron-half-sse": lambda v: d(lambda w: 0.5 * (sig(w * v["x"] + logit(v["a"]) - W * v["x"]) - v["y"]) ** 2, W),
    "derive-neuron-bce": lambda v: d(lambda w: -(v["y"] * math.log(sig(w * v["x"] + logit(v["a"]) - W * v["x"]))
                                                  + (1 - v["y"]) * math.log(1 - sig(w * v["x"] + logit(v["a"]) - W * v["x"]))), W),
    "derive-neuron-mse-linear": lambda v: d(lambda w: (w * v["x"] + v["a"] - W * v["x"] - v["y"]) ** 2, W),
}

# typical wrong answers a learner might type, each to be rejected
WRONG = {
    "derive-sigmoid-in-sigma": ["sigma(x)", "1 - sigma(x)", "exp(-x)/(1 + exp(-x))^2"],
    "derive-tanh-prime": ["1 - tanh(x)", "tanh(x)*(1 - tanh(x))"],
    "derive-tanh-via-sigmoid": ["sigma(2x) - 1", "2*sigma(x) - 1"],
    "derive-tanh-prime-via-sigma": ["2*sigma(2x)*(1 - sigma(2x))", "1 - tanh(x)^2"],
    "derive-relu-prime": ["1", "x"],
    "derive-leaky-relu-prime": ["x > 0 ? 1 : 0", "x > 0 ? 1 : 0.01*x"],
    "derive-elu-prime": ["x > 0 ? 1 : alpha*(exp(x) - 1)"],
    "derive-elu-prime-from-output": ["y", "y - alpha"],
    "derive-softmax-jacobian-diagonal": ["p1", "-p1*p1"],
    "derive-softmax-jacobian-off-diagonal": ["p1*p2", "p1*(1 - p2)"],
    "derive-softmax-ce-target": ["(p1 - 1)*p1*(1 - p1)", "1 - p1"],
    "derive-softmax-ce-other": ["p2 - 1", "p2*(1 - p2)"],
    "derive-delta-output": ["a2 - y", "(a2 - y)*sigma(a2)*(1 - sigma(a2))", "2*(a2 - y)*a2*(1 - a2)"],
    "derive-delta-recursion": ["d2*w2", "d2*w2*sigma(a1)*(1 - sigma(a1))"],
    "derive-weight-gradient": ["d1", "x"],
    "derive-neuron-half-sse": ["(a - y)*x", "(a - y)*a*(1 - a)"],
    "derive-neuron-bce": ["(a - y)*a*(1 - a)*x", "(y - a)*x"],
    "derive-neuron-mse-linear": ["(a - y)*x", "2*(a - y)"],
}


def test_file_loads_and_every_question_is_a_tagged_derivation():
    assert PROBLEMS == []
    assert set(BY_ID) == set(TRUTH)
    for q in QUESTIONS:
        assert q.id.startswith("nn-basics/derive-") and q.topic == "nn-basics" and "derivation" in q.tags
        assert q.prompt.zh and q.prompt.en and q.explanation.zh and q.explanation.en


@pytest.mark.parametrize("slug", sorted(TRUTH))
def test_expected_expression_matches_finite_differences(slug):
    q = BY_ID[slug]
    a = q.answer
    tree = parse(a.expected, variables=a.variables, aliases=a.aliases or None)
    rng = random.Random(slug)
    for _ in range(40):
        point = {}
        for var in a.variables:
            lo, hi = a.domain.get(var, (-3.0, 3.0))
            point[var] = rng.uniform(lo, hi)
        if "x" in point and slug in ("derive-relu-prime", "derive-leaky-relu-prime", "derive-elu-prime") \
                and abs(point["x"]) < 1e-3:
            continue   # the kink: not differentiable there
        got = float(evaluate(tree, {k: np.array([v]) for k, v in point.items()}, 1)[0])
        want = TRUTH[slug](point)
        assert abs(got - want) <= 1e-5 * (1 + abs(want)), (slug, point, got, want)


@pytest.mark.parametrize("slug", sorted(TRUTH))
def test_expected_answer_passes_its_own_form_and_wrong_ones_fail(slug):
    q = BY_ID[slug]
    assert grade(q, q.answer.expected).correct, grade(q, q.answer.expected).message
    for wrong in WRONG.get(slug, []):
        assert not grade(q, wrong).correct, (slug, wrong)


def test_derive_drill_asks_the_tagged_questions_in_file_order():
    bank = load_bank(())
    asked = derivation_questions(bank)
    assert [q.id for q in asked] == [q.id for q in QUESTIONS]


# Phrases that lean on another question; the bank asks these questions one at a time in random
# quizzes and review, so each must state everything it uses.
CROSS_REFERENCES = ["as before", "from before", "the previous question", "the next question", "next question",
                    "the same path", "上一题", "下一题", "同上", "上面已求", "同一条通路", "前一题"]


@pytest.mark.parametrize("slug", sorted(TRUTH))
def test_every_question_stands_alone(slug):
    q = BY_ID[slug]
    for lang in ("zh", "en"):
        for text in (q.prompt(lang), q.explanation(lang)):
            low = text.lower()
            assert not [p for p in CROSS_REFERENCES if p in low], (slug, lang, text)


def test_backpropagation_tag_is_spelled_as_in_nn_basics():
    """A tag filter for backpropagation (nn-basics' spelling) finds the derivations with the rest."""
    topic = {tag for q in load_file("question_bank/nn-basics.toml")[0] for tag in q.tags}
    assert "backpropagation" in topic and "backprop" not in topic
    assert not [q.id for q in QUESTIONS if "backprop" in q.tags]
    assert len([q for q in QUESTIONS if "backpropagation" in q.tags]) == 6
