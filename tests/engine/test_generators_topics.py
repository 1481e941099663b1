"""The topic 2–6 generator kinds, re-derived independently.

Every answer is recomputed here from the exercise's JSON ``given`` (what the learner sees), by a
second, loop-by-loop implementation written in this file; every gradient is checked by centred finite
differences in float64 on a from-scratch forward pass. Nothing here calls the generators' own maths.
"""

from __future__ import annotations

import copy
import json
import math
from functools import cache
from typing import Any

import numpy as np
import pytest

from engine.bank.topics import TOPICS
from engine.generators import DIFFICULTIES, get_kind

TOPIC_KINDS: dict[str, str] = {
    "attention": "attention",
    "rnn-bptt": "rnn",
    "lstm-step": "rnn",
    "gru-step": "rnn",
    "gcn-layer": "gcn",
    "batchnorm": "training",
    "adam-step": "training",
    "grad-clip": "training",
}
SEEDS = range(200)
FD_STEP = 1e-6


@cache
def exercises(kind: str, difficulty: str) -> tuple[dict[str, Any], ...]:
    """The exercises for seeds 0..199 as their parsed JSON (what exports and the drill read)."""
    k = get_kind(kind)
    return tuple(json.loads(k.generate(seed, difficulty).dumps()) for seed in SEEDS)


def assert_close(got: Any, want: Any, what: str, rtol: float = 1e-9, atol: float = 1e-12) -> None:
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    assert got.shape == want.shape, f"{what}: shape {got.shape} != {want.shape}"
    assert np.allclose(got, want, rtol=rtol, atol=atol), f"{what}: {got.tolist()} != {want.tolist()}"


def assert_gradient(analytic: Any, numeric: Any, what: str) -> None:
    """Centred differences agree with the analytic gradient (|a − n| ≤ 1e-8 + 1e-7 (|a| + |n|))."""
    a, n = np.asarray(analytic, dtype=float), np.asarray(numeric, dtype=float)
    assert a.shape == n.shape, f"{what}: shape {a.shape} != {n.shape}"
    bad = np.abs(a - n) > 1e-8 + 1e-7 * (np.abs(a) + np.abs(n))
    assert not bad.any(), f"{what}: analytic {a.tolist()} vs finite differences {n.tolist()}"


def numeric_gradient(loss_of_given, given: dict[str, Any], key: str) -> np.ndarray:
    """∂loss/∂given[key] by centred differences, perturbing one entry of a deep copy at a time."""
    shape = np.shape(given[key])
    grad = np.zeros(shape)
    for idx in np.ndindex(*shape):
        values = []
        for sign in (+1, -1):
            g = copy.deepcopy(given)
            arr = np.array(g[key], dtype=float)
            arr[idx] += sign * FD_STEP
            g[key] = arr.tolist()
            values.append(loss_of_given(g))
        grad[idx] = (values[0] - values[1]) / (2 * FD_STEP)
    return grad


def sigmoid(a: float) -> float:
    return 1.0 / (1.0 + math.exp(-a))


def matvec(M: list[list[float]], x: list[float]) -> list[float]:
    return [sum(M[i][j] * x[j] for j in range(len(x))) for i in range(len(M))]


def add(*vectors: list[float]) -> list[float]:
    return [sum(vals) for vals in zip(*vectors)]


# ---------------------------------------------------------------------------------------- attention

def attention_by_loops(g: dict[str, Any]) -> dict[str, Any]:
    Q, K, V = g["Q"], g["K"], g["V"]
    heads = g.get("heads", 1)
    n, m = len(Q), len(K)
    dk, dvh = len(Q[0]) // heads, len(V[0]) // heads
    mask = g.get("mask", [[False] * m for _ in range(n)])
    scores, weights = [], []
    output = [[0.0] * (dvh * heads) for _ in range(n)]
    for h in range(heads):
        S = [[sum(Q[i][h * dk + c] * K[j][h * dk + c] for c in range(dk)) / math.sqrt(dk) for j in range(m)]
             for i in range(n)]
        A = []
        for i in range(n):
            kept = [j for j in range(m) if not mask[i][j]]
            top = max(S[i][j] for j in kept)
            e = [0.0 if mask[i][j] else math.exp(S[i][j] - top) for j in range(m)]
            A.append([x / sum(e) for x in e])
        for i in range(n):
            for c in range(dvh):
                output[i][h * dvh + c] = sum(A[i][j] * V[j][h * dvh + c] for j in range(m))
        scores.append(S)
        weights.append(A)
    if heads == 1:
        return {"scores": scores[0], "weights": weights[0], "output": output}
    return {"scores": scores, "weights": weights, "output": output}


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_attention_matches_a_loop_implementation(difficulty: str) -> None:
    for ex in exercises("attention", difficulty):
        g, ans = ex["given"], ex["answers"]
        want = attention_by_loops(g)
        for key in ("scores", "weights", "output"):
            assert_close(ans[key], want[key], f"seed {ex['seed']} {key}")
        weights = np.asarray(ans["weights"]).reshape(-1, len(g["Q"]), len(g["K"]))
        assert np.allclose(weights.sum(axis=-1), 1.0, rtol=0, atol=1e-12), "every row of weights sums to 1"
        if "mask" in g:
            mask = np.asarray(g["mask"], dtype=bool)
            assert (weights[:, mask] == 0.0).all(), "masked weights are exactly 0"
            assert (weights[:, ~mask] > 0.0).all()


def test_attention_difficulty_shapes() -> None:
    easy = exercises("attention", "easy")[0]["given"]
    assert np.shape(easy["Q"]) == (2, 2) and "mask" not in easy
    medium = exercises("attention", "medium")[0]["given"]
    # medium: a causal mask, query i sees keys 0..i
    assert medium["mask"] == [[j > i for j in range(3)] for i in range(3)]
    hard = exercises("attention", "hard")
    assert all(ex["given"]["heads"] == 2 for ex in hard)
    assert np.shape(hard[0]["answers"]["scores"]) == (2, 3, 4)
    assert any("mask" in ex["given"] for ex in hard) and any("mask" not in ex["given"] for ex in hard)


def test_attention_grades_weights_against_the_learners_own_scores() -> None:
    kind = get_kind("attention")
    ex = kind.generate(5, "easy")
    mine = [[1.0, -1.0], [0.0, 2.0]]  # a learner's (wrong) scores
    answers, _ = kind.resolve(ex.given, carry={"scores": mine})
    e = np.exp(np.array(mine))
    assert_close(answers["weights"], e / e.sum(axis=1, keepdims=True), "weights from the carried scores")


# ----------------------------------------------------------------------------------------- rnn-bptt

def rnn_forward(g: dict[str, Any]) -> tuple[list[list[float]], list[list[float]], float]:
    h = list(g["h0"])
    hs, ys_hat, loss = [], [], 0.0
    for x, y in zip(g["xs"], g["ys"]):
        h = [math.tanh(a) for a in add(matvec(g["W_xh"], x), matvec(g["W_hh"], h), g["b_h"])]
        y_hat = add(matvec(g["W_hy"], h), g["b_y"])
        loss += 0.5 * sum((p - q) ** 2 for p, q in zip(y_hat, y))
        hs.append(h)
        ys_hat.append(y_hat)
    return hs, ys_hat, loss


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_rnn_bptt_forward_and_gradients(difficulty: str) -> None:
    def loss(g: dict[str, Any]) -> float:
        return rnn_forward(g)[2]

    for ex in exercises("rnn-bptt", difficulty):
        g, ans = ex["given"], ex["answers"]
        assert len(g["xs"]) in (2, 3)
        hs, ys_hat, L = rnn_forward(g)
        assert_close(ans["h"], hs, f"seed {ex['seed']} h")
        assert_close(ans["y_hat"], ys_hat, f"seed {ex['seed']} y_hat")
        assert_close(ans["loss"], L, f"seed {ex['seed']} loss")
        for param in ("W_xh", "W_hh", "b_h", "W_hy", "b_y"):
            assert_gradient(ans["d" + param], numeric_gradient(loss, g, param), f"seed {ex['seed']} d{param}")


# ---------------------------------------------------------------------------------------- lstm, gru

@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_lstm_step_matches_a_loop_implementation(difficulty: str) -> None:
    for ex in exercises("lstm-step", difficulty):
        g, ans = ex["given"], ex["answers"]
        x, h_prev, c_prev = g["x"], g["h_prev"], g["c_prev"]
        pre = {k: add(matvec(g["W"][k], x), matvec(g["U"][k], h_prev), g["b"][k]) for k in "ifog"}
        i = [sigmoid(a) for a in pre["i"]]
        f = [sigmoid(a) for a in pre["f"]]
        o = [sigmoid(a) for a in pre["o"]]
        gg = [math.tanh(a) for a in pre["g"]]
        c = [f[j] * c_prev[j] + i[j] * gg[j] for j in range(len(c_prev))]
        h = [o[j] * math.tanh(c[j]) for j in range(len(c))]
        for key, want in {"i": i, "f": f, "o": o, "g": gg, "c": c, "h": h}.items():
            assert_close(ans[key], want, f"seed {ex['seed']} {key}")


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_gru_step_matches_a_loop_implementation(difficulty: str) -> None:
    for ex in exercises("gru-step", difficulty):
        g, ans = ex["given"], ex["answers"]
        x, h_prev = g["x"], g["h_prev"]
        z = [sigmoid(a) for a in add(matvec(g["W"]["z"], x), matvec(g["U"]["z"], h_prev), g["b"]["z"])]
        r = [sigmoid(a) for a in add(matvec(g["W"]["r"], x), matvec(g["U"]["r"], h_prev), g["b"]["r"])]
        reset = [r[j] * h_prev[j] for j in range(len(h_prev))]
        h_tilde = [math.tanh(a) for a in add(matvec(g["W"]["h"], x), matvec(g["U"]["h"], reset), g["b"]["h"])]
        h = [z[j] * h_prev[j] + (1 - z[j]) * h_tilde[j] for j in range(len(h_prev))]
        for key, want in {"z": z, "r": r, "h_tilde": h_tilde, "h": h}.items():
            assert_close(ans[key], want, f"seed {ex['seed']} {key}")


def test_gru_explains_the_conventions() -> None:
    ex = get_kind("gru-step").generate(0, "easy")
    for text in (ex.prompt, ex.step("h").label):
        assert "swap" in text.en and "PyTorch" in text.en and "r after U_h h_(t−1)" in text.en
        assert "对调" in text.zh and "PyTorch" in text.zh


# ------------------------------------------------------------------------------------------------ gcn

@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_gcn_layer_matches_a_loop_implementation(difficulty: str) -> None:
    for ex in exercises("gcn-layer", difficulty):
        g, ans = ex["given"], ex["answers"]
        A, H, W = g["A"], g["H"], g["W"]
        n, f, f_out = len(A), len(H[0]), len(W[0])
        assert all(A[i][j] == A[j][i] and A[i][j] in (0, 1) and A[i][i] == 0 for i in range(n) for j in range(n))
        At = [[A[i][j] + (1 if i == j else 0) for j in range(n)] for i in range(n)]
        deg = [sum(row) for row in At]
        An = [[At[i][j] / math.sqrt(deg[i] * deg[j]) for j in range(n)] for i in range(n)]
        Z = [[sum(An[i][k] * H[k][l] * W[l][c] for k in range(n) for l in range(f)) for c in range(f_out)]
             for i in range(n)]
        act = {"relu": lambda z: max(z, 0.0), "tanh": math.tanh}[g["activation"]]
        H_next = [[act(z) for z in row] for row in Z]
        for key, want in {"A_tilde": At, "degree": deg, "A_norm": An, "Z": Z, "H_next": H_next}.items():
            assert_close(ans[key], want, f"seed {ex['seed']} {key}")


# ------------------------------------------------------------------------------------------ batchnorm

def batchnorm_forward(g: dict[str, Any]) -> dict[str, Any]:
    X, gamma, beta, eps = g["X"], g["gamma"], g["beta"], g["eps"]
    N, F = len(X), len(X[0])
    mean = [sum(X[i][j] for i in range(N)) / N for j in range(F)]
    var = [sum((X[i][j] - mean[j]) ** 2 for i in range(N)) / N for j in range(F)]
    X_hat = [[(X[i][j] - mean[j]) / math.sqrt(var[j] + eps) for j in range(F)] for i in range(N)]
    Y = [[gamma[j] * X_hat[i][j] + beta[j] for j in range(F)] for i in range(N)]
    return {"mean": mean, "var": var, "X_hat": X_hat, "Y": Y}


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_batchnorm_forward_and_gradients(difficulty: str) -> None:
    def loss(g: dict[str, Any]) -> float:
        # L = Σ dY ⊙ Y, so that ∂L/∂Y = dY exactly as the exercise states.
        Y = batchnorm_forward(g)["Y"]
        return sum(d * y for drow, yrow in zip(g["dY"], Y) for d, y in zip(drow, yrow))

    for ex in exercises("batchnorm", difficulty):
        g, ans = ex["given"], ex["answers"]
        for key, want in batchnorm_forward(g).items():
            assert_close(ans[key], want, f"seed {ex['seed']} {key}")
        assert_close(ans["var"], np.var(np.asarray(g["X"]), axis=0, ddof=0), "the biased variance")
        assert_gradient(ans["dX"], numeric_gradient(loss, g, "X"), f"seed {ex['seed']} dX")
        assert_gradient(ans["dgamma"], numeric_gradient(loss, g, "gamma"), f"seed {ex['seed']} dgamma")
        assert_gradient(ans["dbeta"], numeric_gradient(loss, g, "beta"), f"seed {ex['seed']} dbeta")


# ---------------------------------------------------------------------------------------------- adam

@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_adam_step_matches_the_paper(difficulty: str) -> None:
    for ex in exercises("adam-step", difficulty):
        g, ans = ex["given"], ex["answers"]
        t, lr, b1, b2, eps = g["t"], g["lr"], g["beta1"], g["beta2"], g["eps"]
        assert isinstance(t, int) and t >= 1
        if t == 1:
            assert g["m"] == [0.0] * len(g["m"]) and g["v"] == [0.0] * len(g["v"])
        want: dict[str, list[float]] = {k: [] for k in ("m", "v", "m_hat", "v_hat", "theta")}
        for theta, grad, m, v in zip(g["theta"], g["grad"], g["m"], g["v"]):
            m = b1 * m + (1 - b1) * grad
            v = b2 * v + (1 - b2) * grad * grad
            m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
            for key, value in zip(want, (m, v, m_hat, v_hat, theta - lr * m_hat / (math.sqrt(v_hat) + eps))):
                want[key].append(value)
        for key, value in want.items():
            assert_close(ans[key], value, f"seed {ex['seed']} {key}")


def test_adam_first_step_moves_each_parameter_by_lr() -> None:
    # A known property of bias correction: at t = 1, m̂ = g and v̂ = g², so |Δθ| ≈ lr for every entry.
    for ex in exercises("adam-step", "easy"):
        g, ans = ex["given"], ex["answers"]
        moved = np.abs(np.asarray(ans["theta"]) - np.asarray(g["theta"]))
        assert np.allclose(moved, g["lr"], rtol=1e-6)


# ----------------------------------------------------------------------------------------- grad-clip

@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_grad_clip_matches_a_loop_implementation(difficulty: str) -> None:
    clipped_some = unchanged_some = False
    for ex in exercises("grad-clip", difficulty):
        g, ans = ex["given"], ex["answers"]
        norm = math.sqrt(sum(x * x for x in g["grads"]))
        if norm > g["max_norm"]:
            want = [x * g["max_norm"] / norm for x in g["grads"]]
            clipped_some = True
        else:
            want = list(g["grads"])
            unchanged_some = True
        assert_close(ans["norm"], norm, f"seed {ex['seed']} norm")
        assert_close(ans["clipped"], want, f"seed {ex['seed']} clipped")
        assert np.linalg.norm(ans["clipped"]) <= g["max_norm"] * (1 + 1e-12) or ans["clipped"] == g["grads"]
    assert clipped_some, "some exercises exceed max_norm"
    if difficulty == "easy":
        assert unchanged_some, "some easy exercises stay within max_norm (no clipping)"


# ----------------------------------------------------------------------------- contract, every kind

@pytest.mark.parametrize("kind", TOPIC_KINDS)
def test_registered_with_its_topic(kind: str) -> None:
    k = get_kind(kind)
    assert k.topic == TOPIC_KINDS[kind] and k.topic in TOPICS
    assert k.title.zh and k.title.en


@pytest.mark.parametrize("kind", TOPIC_KINDS)
def test_same_seed_gives_byte_identical_json(kind: str) -> None:
    k = get_kind(kind)
    for difficulty in DIFFICULTIES:
        dumps = [k.generate(seed, difficulty).dumps() for seed in range(20)]
        assert [k.generate(seed, difficulty).dumps() for seed in range(20)] == dumps
        assert [json.loads(s) for s in dumps] == list(exercises(kind, difficulty)[:20])  # as generated earlier
        assert len(set(json.dumps(ex["given"]) for ex in exercises(kind, difficulty))) > 150, "seeds vary"


def _numbers(value: Any, path: str = ""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _numbers(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _numbers(v, f"{path}[{i}]")
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield path, value


# Hyperparameters that are shown as they are (not drawn on the difficulty's grid).
_HYPERPARAMETERS = {".eps", ".lr", ".beta1", ".beta2", ".max_norm", ".t", ".heads"}


@pytest.mark.parametrize("kind", TOPIC_KINDS)
def test_givens_are_rounded_as_displayed(kind: str) -> None:
    for difficulty in DIFFICULTIES:
        decimals = 2 if difficulty == "hard" else 1
        for ex in exercises(kind, difficulty):
            for path, x in _numbers(ex["given"]):
                assert math.isfinite(x), f"{kind} {path}"
                assert not (x == 0 and math.copysign(1, x) < 0), f"{kind} {path} shows -0.0"
                if path in _HYPERPARAMETERS:
                    continue
                if kind == "adam-step" and path.startswith((".m[", ".v[")):
                    # moments: three significant digits
                    assert x == 0 or float(f"{x:.3g}") == x, f"{kind} {path} = {x!r}"
                else:
                    assert round(x, decimals) == x, f"{kind} {difficulty} {path} = {x!r} not rounded"


@pytest.mark.parametrize("kind", TOPIC_KINDS)
def test_steps_cover_the_answers_in_order(kind: str) -> None:
    for difficulty in DIFFICULTIES:
        for ex in exercises(kind, difficulty)[:20]:
            names = [s["name"] for s in ex["steps"]]
            assert len(names) == len(set(names)), "step names are unique"
            covered = set()
            for s in ex["steps"]:
                assert s["formula"] and "$" not in s["formula"], s["name"]
                assert s["label"]["zh"] and s["label"]["en"], s["name"]
                if "answer" in s:
                    target = ex["answers"]
                    for part in s["answer"]:
                        target = target[part]
                    assert_close(s["value"], target, f"{kind} step {s['name']}", rtol=0, atol=0)
                    covered.add(s["answer"][0])
            assert covered == set(ex["answers"]), f"{kind}: answers without a step: {set(ex['answers']) - covered}"
            assert any("\u4e00" <= ch <= "\u9fff" for ch in ex["prompt"]["zh"]) and ex["prompt"]["en"]


@pytest.mark.parametrize("kind", TOPIC_KINDS)
def test_later_steps_use_the_learners_carried_values(kind: str) -> None:
    """Carrying a changed value for a step changes some later step (for every step something reads)."""
    k = get_kind(kind)
    for difficulty in DIFFICULTIES:
        influential: dict[str, bool] = {}
        for seed in range(10):
            ex = k.generate(seed, difficulty)
            values = {s.name: json.dumps(np.asarray(s.value).tolist()) for s in ex.steps}
            for pos, step in enumerate(ex.steps[:-1]):
                # A different shift per entry, so that row-wise softmax and ReLU both notice it.
                value = np.array(step.value, dtype=float)
                changed = value + 10.0 * (1.0 + np.arange(value.size)).reshape(value.shape)
                carried = changed if isinstance(step.value, np.ndarray) else float(changed)
                _, steps = k.resolve(ex.given, carry={step.name: carried})
                later = steps[pos + 1:]
                influential.setdefault(step.name, False)
                if any(json.dumps(np.asarray(s.value).tolist()) != values[s.name] for s in later):
                    influential[step.name] = True
        # Steps whose value nothing downstream reads: final results of a branch.
        ends = {
            "rnn-bptt": {"loss", "dW_hy", "db_y", "dW_xh", "dW_hh"},
            "batchnorm": {"Y", "dbeta", "dgamma"},
        }.get(kind, set())
        unused = {name for name, used in influential.items() if not used} - ends
        assert not unused, f"{kind} {difficulty}: later steps ignore the carried value of {sorted(unused)}"


# ---------------------------------------------------------------------------------- mistake diagnoses

EXPECTED_MISTAKES: dict[str, set[str]] = {
    "attention": {"unscaled-scores", "softmax-over-columns", "mask-ignored"},
    "rnn-bptt": {"forgot-recurrent-gradient", "recurrent-weight-not-transposed", "forgot-tanh-derivative",
                 "last-step-only"},
    "lstm-step": {"sigmoid-for-candidate", "forget-input-swapped", "cell-without-tanh"},
    "gru-step": {"reset-after-product", "swapped-update-gate"},
    "gcn-layer": {"degree-without-self-loops", "row-normalised", "forgot-activation"},
    "batchnorm": {"unbiased-variance", "dX-ignores-batch-statistics"},
    "adam-step": {"no-bias-correction", "forgot-sqrt", "update-sign"},
    "grad-clip": {"forgot-sqrt", "clipped-by-value", "scaled-up"},
}


def _wrong_somewhere(wrong: Any, right: Any) -> bool:
    """The checker's rule (1 % of each entry; a zero level of 1e-6 of the largest) rejects an entry."""
    wrong, right = np.asarray(wrong, dtype=float), np.asarray(right, dtype=float)
    diff = np.abs(wrong - right)
    zero = 1e-6 * float(np.max(np.abs(right))) if right.size and np.any(right) else 1e-12
    return wrong.shape == right.shape and bool(((diff > zero) & (diff > 0.01 * np.abs(right))).any())


def _independent_mistake_value(kind: str, mid: str, g: dict[str, Any], ans: dict[str, Any]) -> Any:
    """A few of the wrong values, recomputed here from the JSON (None where not recomputed)."""
    a = {k: np.asarray(v, dtype=float) for k, v in ans.items()} if isinstance(ans, dict) else {}
    if (kind, mid) == ("gru-step", "swapped-update-gate"):
        return (1 - a["z"]) * np.asarray(g["h_prev"]) + a["z"] * a["h_tilde"]
    if (kind, mid) == ("lstm-step", "cell-without-tanh"):
        return a["o"] * a["c"]
    if (kind, mid) == ("batchnorm", "unbiased-variance"):
        return np.var(np.asarray(g["X"]), axis=0, ddof=1)
    if (kind, mid) == ("grad-clip", "clipped-by-value"):
        return [min(max(x, -g["max_norm"]), g["max_norm"]) for x in g["grads"]]
    if (kind, mid) == ("gcn-layer", "degree-without-self-loops"):
        return [sum(row) for row in g["A"]]
    if (kind, mid) == ("attention", "unscaled-scores") and "heads" not in g:
        return a["scores"] * math.sqrt(len(g["Q"][0]))
    if (kind, mid) == ("adam-step", "no-bias-correction"):
        return [th - g["lr"] * m / (math.sqrt(v) + g["eps"])
                for th, m, v in zip(g["theta"], ans["m"], ans["v"])]
    return None


@pytest.mark.parametrize("kind", TOPIC_KINDS)
def test_mistakes_are_real_and_distinguishable(kind: str) -> None:
    k = get_kind(kind)
    assert k.mistakes is not None
    seen: set[str] = set()
    for difficulty in DIFFICULTIES:
        for seed in range(100):
            ex = k.generate(seed, difficulty)
            right = {s.name: s.value for s in ex.steps}
            for mistake in k.mistakes(ex.given, {}):
                assert mistake.id in EXPECTED_MISTAKES[kind], mistake.id
                assert mistake.step in right, mistake.step
                assert _wrong_somewhere(mistake.value, right[mistake.step]), (
                    f"{kind} seed {seed}: {mistake.id} claimed where it equals the right answer")
                for text in (mistake.title, mistake.fix):
                    assert text.zh and text.en
                want = _independent_mistake_value(kind, mistake.id, ex.given, ex.answers)
                if want is not None:
                    assert_close(mistake.value, want, f"{kind} seed {seed} {mistake.id}")
                seen.add(mistake.id)
    assert seen == EXPECTED_MISTAKES[kind], f"never diagnosed: {EXPECTED_MISTAKES[kind] - seen}"


def test_mistakes_use_the_learners_carried_values() -> None:
    k = get_kind("gru-step")
    ex = k.generate(3, "medium")
    z_mine = np.array([0.9, 0.2])
    swapped = [m for m in k.mistakes(ex.given, {"z": z_mine}) if m.id == "swapped-update-gate"]
    answers, _ = k.resolve(ex.given, {"z": z_mine})
    want = (1 - z_mine) * np.asarray(ex.given["h_prev"]) + z_mine * np.asarray(answers["h_tilde"])
    assert swapped and np.allclose(swapped[0].value, want)
