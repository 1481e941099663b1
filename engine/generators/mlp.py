"""Kinds ``mlp-forward`` and ``mlp-backprop``: one example through a small fully connected net.

The net is written for ONE example as column vectors, in the notes' notation:
    a_0 = x;  z_l = W_l a_{l-1} + b_l  (W_l: n_l × n_{l-1});  a_l = σ_l(z_l);  δ_l = ∂L/∂z_l
    δ_L = ∂L/∂a_L ⊙ σ'(z_L)   (bce on sigmoid / cross-entropy on softmax: δ_L = a_L - y, fused)
    δ_{l-1} = (W_lᵀ δ_l) ⊙ σ'(z_{l-1});  ∂L/∂W_l = δ_l a_{l-1}ᵀ;  ∂L/∂b_l = δ_l
    W_l ← W_l - η ∂L/∂W_l;  b_l ← b_l - η ∂L/∂b_l

Difficulty: easy 2-2-1 / 2-3-1 with half_sse, hand-friendly weights; medium 2-3-2 softmax +
cross-entropy; hard 3-4-3-2 with mixed activations and any of the four losses.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from engine.generators.base import Kind, Steps
from engine.nn import activations as act
from engine.text import Text

HIDDEN = {"easy": ("sigmoid", "relu", "identity"), "medium": ("sigmoid", "tanh", "relu"),
          "hard": ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu")}
# (output activation, loss) pairs for hard; easy is half_sse, medium softmax + cross-entropy.
HARD_OUTPUTS = (("softmax", "cross_entropy"), ("sigmoid", "bce"), ("identity", "mse"),
                ("sigmoid", "half_sse"), ("tanh", "half_sse"))
EASY_WEIGHTS = np.array([-1.0, -0.5, 0.5, 1.0])
EASY_INPUTS = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])
KINK_MARGIN = 0.05   # |z| below this at a kinked activation is redrawn: σ'(0) would be ambiguous

ACT_FORMULA = {
    "identity": "a_{l} = z_{l}",
    "sigmoid": r"a_{l} = \sigma(z_{l}) = \frac{1}{1 + e^{-z_{l}}}",
    "tanh": r"a_{l} = \tanh(z_{l})",
    "relu": r"a_{l} = \max(0, z_{l})",
    "leaky_relu": r"a_{l} = \max(SLOPE z_{l}, z_{l})",
    "elu": r"a_{l} = \operatorname{ELU}(z_{l}) = \begin{cases} z_{l} & z_{l} > 0 \\ e^{z_{l}} - 1 & z_{l} \le 0 \end{cases}",
    "selu": r"a_{l} = \lambda \begin{cases} z_{l} & z_{l} > 0 \\ \alpha (e^{z_{l}} - 1) & z_{l} \le 0 \end{cases}",
    "softmax": r"a_{l} = \operatorname{softmax}(z_{l}), \quad a_{l,i} = \frac{e^{z_{l,i}}}{\sum_j e^{z_{l,j}}}",
}
LOSS_FORMULA = {
    "half_sse": r"L = \frac{1}{2} \sum_i (a_{L,i} - y_i)^2",
    "mse": r"L = \frac{1}{n_L} \sum_i (a_{L,i} - y_i)^2",
    "bce": r"L = -\sum_i \left[ y_i \log a_{L,i} + (1 - y_i) \log(1 - a_{L,i}) \right]",
    "cross_entropy": r"L = -\sum_i y_i \log a_{L,i}",
}
LOSS_WORDS = {"half_sse": Text("½Σ(a−y)²（半平方和）", "½Σ(a−y)² (half sum of squares)"),
              "mse": Text("均方误差", "mean squared error"),
              "bce": Text("二元交叉熵", "binary cross-entropy"),
              "cross_entropy": Text("交叉熵", "cross-entropy")}


def _pick(rng: np.random.Generator, options) -> Any:
    """One of ``options``, uniformly (rng.integers is several times cheaper than rng.choice)."""
    return options[int(rng.integers(len(options)))]


Network = tuple[list[np.ndarray], list[np.ndarray], np.ndarray, np.ndarray]   # W_l, b_l, x, y


def _draw_once(rng: np.random.Generator, difficulty: str, backprop: bool) -> tuple[dict[str, Any], Network]:
    """One draw: the given (plain lists, what the JSON shows) and the same values as float64 arrays
    (exactly read_network(given), without converting the lists back)."""
    if difficulty == "easy":
        sizes = [2, _pick(rng, (2, 3)), 1]
        acts, loss = [_pick(rng, HIDDEN["easy"]), _pick(rng, ("sigmoid", "identity"))], "half_sse"
    elif difficulty == "medium":
        sizes, loss = [2, 3, 2], "cross_entropy"
        acts = [_pick(rng, HIDDEN["medium"]), "softmax"]
    else:
        sizes = [3, 4, 3, 2]
        out_act, loss = _pick(rng, HARD_OUTPUTS)
        acts = [_pick(rng, HIDDEN["hard"]), _pick(rng, HIDDEN["hard"]), out_act]
    # One draw per quantity (cheaper than one per layer); integer/10 is already the rounded decimal.
    shapes = list(zip(sizes[1:], sizes[:-1]))
    n_w, n_b = sum(o * i for o, i in shapes), sum(sizes[1:])
    simple = difficulty == "easy" and rng.random() < 0.5
    if simple:  # weights from {-1, -0.5, 0.5, 1}, biases from {-0.5, 0, 0.5}
        w_flat = EASY_WEIGHTS[rng.integers(0, 4, n_w)]
        b_flat = rng.integers(-1, 2, n_b) * 0.5
    else:       # one decimal: weights in [-1, 1], biases in [-0.5, 0.5]
        w_flat = rng.integers(-10, 11, n_w) / 10
        b_flat = rng.integers(-5, 6, n_b) / 10
    W_arr, b_arr, i, j = [], [], 0, 0
    for n_out, n_in in shapes:
        W_arr.append(w_flat[i:i + n_out * n_in].reshape(n_out, n_in))
        b_arr.append(b_flat[j:j + n_out])
        i, j = i + n_out * n_in, j + n_out
    n0, nL = sizes[0], sizes[-1]
    if difficulty == "easy":
        x_arr = EASY_INPUTS[rng.integers(0, len(EASY_INPUTS), n0)]
    else:
        x_arr = rng.integers(-10, 11, n0) / 10
    if loss == "cross_entropy":
        y_arr = np.zeros(nL)
        y_arr[int(rng.integers(nL))] = 1.0
    elif loss == "bce":
        y_arr = rng.integers(0, 2, nL).astype(float)
    elif acts[-1] == "sigmoid":
        y_arr = rng.integers(0, 11, nL) / 10
    else:
        y_arr = rng.integers(-10, 11, nL) / 10
    given: dict[str, Any] = {"layer_sizes": sizes, "activations": acts, "loss": loss,
                             "W": [w.tolist() for w in W_arr], "b": [v.tolist() for v in b_arr],
                             "x": x_arr.tolist(), "y": y_arr.tolist()}
    if "leaky_relu" in acts:
        given["leaky_slope"] = _pick(rng, (0.01, 0.1, 0.2))
    if backprop:
        given["learning_rate"] = _pick(rng, (0.1, 0.5) if difficulty == "easy" else (0.1, 0.2, 0.5))
    return given, (W_arr, b_arr, x_arr, y_arr)


def _acceptable(given: dict[str, Any], network: Network | None = None) -> bool:
    """No pre-activation sits on (or next to) a kink, and every layer gets a gradient: a ReLU layer
    switched off entirely, an output that already equals its target or zero weights behind the only
    live units would make every δ of a layer 0 (a dull exercise)."""
    W, b, x, y = network or read_network(given)
    acts = given["activations"]
    slope = given.get("leaky_slope", act.LEAKY_SLOPE)
    a, zs = x, []
    for W_l, b_l, name in zip(W, b, acts):
        z = W_l @ a + b_l
        if name in act.KINKED and np.any(np.abs(z) < KINK_MARGIN):
            return False
        zs.append(z)
        a = act.value(name, z, slope=slope)
    delta = output_delta(given["loss"], acts[-1], a, zs[-1], y, slope)
    for l in range(len(W) - 1, -1, -1):
        if np.abs(delta).max() < 1e-3:
            return False
        if l:
            delta = (W[l].T @ delta) * act.derivative(acts[l - 1], zs[l - 1], slope=slope)
    return True


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


def act_formula(name: str, l: int, slope: float) -> str:
    return ACT_FORMULA[name].replace("{l}", f"{{{l}}}").replace("SLOPE", f"{slope:g}")


def loss_value(loss: str, a: np.ndarray, y: np.ndarray) -> float:
    # np.add.reduce is what np.sum calls for an array, without its Python wrapper.
    if loss == "half_sse":
        return float(0.5 * np.add.reduce((a - y) ** 2))
    if loss == "mse":
        return float(np.mean((a - y) ** 2))
    if loss == "bce":
        return float(-np.add.reduce(y * np.log(a) + (1 - y) * np.log(1 - a)))
    return float(-np.add.reduce(y * np.log(a)))


def output_delta(loss: str, out_act: str, a: np.ndarray, z: np.ndarray, y: np.ndarray, slope: float) -> np.ndarray:
    """δ_L = ∂L/∂z_L for one example."""
    if loss in ("bce", "cross_entropy"):
        return a - y                                    # fused: σ'(z) cancels against the log's 1/a
    dL_da = (a - y) if loss == "half_sse" else 2.0 * (a - y) / a.shape[0]
    if out_act == "softmax":                            # not fused: the Jacobian, ∂L/∂z = Jᵀ ∂L/∂a
        return act.softmax_jacobian(a).T @ dL_da
    return dL_da * act.derivative(out_act, z, slope=slope)


def delta_formula(loss: str, L: int) -> str:
    if loss in ("bce", "cross_entropy"):
        return rf"\delta_{{{L}}} = a_{{{L}}} - y"
    factor = "" if loss == "half_sse" else r"\frac{2}{n_L}"
    return rf"\delta_{{{L}}} = {factor}(a_{{{L}}} - y) \odot \sigma'(z_{{{L}}})"


@lru_cache(maxsize=512)
def _step_texts(acts: tuple[str, ...], loss: str, slope: float, eta: float | None) -> dict[str, list]:
    """Each step's (name, formula, label) for one network shape, in lists over layers 1..L (index
    l - 1). Built once per (activations, loss, slope, η) and shared: a Step is immutable."""
    L = len(acts)
    t: dict[str, list] = {key: [] for key in ("z", "a", "delta", "dW", "db", "W_new", "b_new")}
    for l in range(1, L + 1):
        name = acts[l - 1]
        t["z"].append((f"z_{l}", rf"z_{{{l}}} = W_{{{l}}} a_{{{l - 1}}} + b_{{{l}}}",
                       Text(f"第 {l} 层的净输入 z_{l}", f"pre-activation of layer {l}")))
        t["a"].append((f"a_{l}", act_formula(name, l, slope),
                       Text(f"第 {l} 层的输出 a_{l}（{name}）", f"output of layer {l} ({name})")))
        t["dW"].append((f"dW_{l}", rf"\frac{{\partial L}}{{\partial W_{{{l}}}}} = \delta_{{{l}}} a_{{{l - 1}}}^T",
                        Text(f"W_{l} 的梯度（外积）", f"gradient of W_{l} (an outer product)")))
        t["db"].append((f"db_{l}", rf"\frac{{\partial L}}{{\partial b_{{{l}}}}} = \delta_{{{l}}}",
                        Text(f"b_{l} 的梯度", f"gradient of b_{l}")))
        if l == L:
            t["delta"].append((f"delta_{L}", delta_formula(loss, L),
                               Text(f"输出层误差项 δ_{L} = ∂L/∂z_{L}", f"output error δ_{L} = ∂L/∂z_{L}")))
        else:
            t["delta"].append((f"delta_{l}", rf"\delta_{{{l}}} = (W_{{{l + 1}}}^T \delta_{{{l + 1}}}) \odot \sigma'(z_{{{l}}})",
                               Text(f"第 {l} 层误差项（反向传播）", f"error of layer {l} (backpropagated)")))
        if eta is not None:
            t["W_new"].append((f"W_new_{l}", rf"W_{{{l}}} \leftarrow W_{{{l}}} - \eta \frac{{\partial L}}{{\partial W_{{{l}}}}}",
                               Text(f"更新后的 W_{l}（η = {eta:g}）", f"updated W_{l} (η = {eta:g})")))
            t["b_new"].append((f"b_new_{l}", rf"b_{{{l}}} \leftarrow b_{{{l}}} - \eta \frac{{\partial L}}{{\partial b_{{{l}}}}}",
                               Text(f"更新后的 b_{l}", f"updated b_{l}")))
    t["loss"] = [("loss", LOSS_FORMULA[loss], Text(f"损失（{LOSS_WORDS[loss].zh}）", f"loss ({LOSS_WORDS[loss].en})"))]
    return t


# σ(z) of these is never -0.0 (a quotient of exponentials), so the "+ 0.0" that hides -0.0 is skipped.
_NO_NEGATIVE_ZERO = frozenset({"sigmoid", "softmax"})


def _derivative(name: str, z: np.ndarray, a: np.ndarray, slope: float) -> np.ndarray:
    """σ'(z) as act.derivative computes it, reusing a = σ(z) (computed from this very z) where the
    derivative is written in it: sigmoid σ(1 - σ), tanh 1 - tanh²; the same numbers, fewer passes."""
    if name == "sigmoid":
        return a * (1 - a)
    if name == "tanh":
        return 1 - a ** 2
    return act.derivative(name, z, slope=slope)


def solve(given: dict[str, Any], steps: Steps, backprop: bool = True, network: Network | None = None) -> dict[str, Any]:
    """Every answer of the exercise from ``given``, recording the worked solution in ``steps``.
    ``network``: the given's values as float64 arrays when the caller has them (read_network(given))."""
    W, b, x, y = network or read_network(given)
    acts, loss = given["activations"], given["loss"]
    slope = float(given.get("leaky_slope", act.LEAKY_SLOPE))
    eta = float(given["learning_rate"]) if backprop else None
    texts = _step_texts(tuple(acts), loss, slope, eta)
    add = steps.add
    L = len(W)
    zs: list[np.ndarray] = []           # z_l as used downstream (the learner's own where carried)
    as_: list[np.ndarray] = [x]         # a_l likewise, a_0 = x
    sigma: list[np.ndarray] = []        # σ_l(z_l) of those z_l: what σ'(z_l) is written in
    z_vals: list[np.ndarray] = []
    a_vals: list[np.ndarray] = []
    answers: dict[str, Any] = {"z": z_vals, "a": a_vals}
    for l in range(L):                  # layer l + 1
        name, formula, label = texts["z"][l]
        z_val = W[l] @ as_[l]
        z_val += b[l]
        z_val += 0.0                    # + 0.0 everywhere: no "-0.0" shown
        z_vals.append(z_val)
        z = add(name, formula, z_val, answer=("z", l), label=label)
        name, formula, label = texts["a"][l]
        a_val = act.value(acts[l], z, slope=slope)
        if acts[l] not in _NO_NEGATIVE_ZERO:
            a_val = a_val + 0.0
        a_vals.append(a_val)
        zs.append(z)
        sigma.append(a_val)
        as_.append(add(name, formula, a_val, answer=("a", l), label=label))
    answers["loss"] = loss_value(loss, as_[L], y)
    name, formula, label = texts["loss"][0]
    add(name, formula, answers["loss"], answer=("loss",), label=label)
    if not backprop:
        return answers

    deltas: list[Any] = [None] * L
    dWs: list[Any] = [None] * L
    dbs: list[Any] = [None] * L
    eff_dW: list[Any] = [None] * L   # the values the update uses: the learner's own where carried
    eff_db: list[Any] = [None] * L
    deltas[L - 1] = output_delta(loss, acts[-1], as_[L], zs[L - 1], y, slope) + 0.0
    name, formula, label = texts["delta"][L - 1]
    delta = add(name, formula, deltas[L - 1], answer=("delta", L - 1), label=label)
    for l in range(L - 1, -1, -1):      # layer l + 1, from the output back
        dW = delta.ravel()[:, None] * as_[l].ravel()   # the outer product δ_l a_{l-1}ᵀ
        dW += 0.0
        dWs[l] = dW
        name, formula, label = texts["dW"][l]
        eff_dW[l] = add(name, formula, dW, answer=("dW", l), label=label)
        dbs[l] = delta + 0.0            # a copy: δ_l and ∂L/∂b_l are separate answers
        name, formula, label = texts["db"][l]
        eff_db[l] = add(name, formula, dbs[l], answer=("db", l), label=label)
        if l:
            back = W[l].T @ delta
            back *= _derivative(acts[l - 1], zs[l - 1], sigma[l - 1], slope)
            back += 0.0
            deltas[l - 1] = back
            name, formula, label = texts["delta"][l - 1]
            delta = add(name, formula, back, answer=("delta", l - 1), label=label)
    W_new, b_new = [], []
    for l in range(L):
        W_new.append(W[l] - eta * eff_dW[l] + 0.0)
        name, formula, label = texts["W_new"][l]
        add(name, formula, W_new[-1], answer=("W_new", l), label=label)
        b_new.append(b[l] - eta * eff_db[l] + 0.0)
        name, formula, label = texts["b_new"][l]
        add(name, formula, b_new[-1], answer=("b_new", l), label=label)
    answers.update(delta=deltas, dW=dWs, db=dbs, W_new=W_new, b_new=b_new)
    return answers


def _solved_acceptable(given: dict[str, Any], answers: dict[str, Any]) -> bool:
    """``_acceptable`` read off the solved answers: no kinked z_l near 0, no layer with δ_l ≈ 0.
    (Plain floats: for a handful of entries abs/min/max are cheaper than NumPy calls, and exact.)"""
    for name, z in zip(given["activations"], answers["z"]):
        if name in act.KINKED and min(map(abs, z.tolist())) < KINK_MARGIN:
            return False
    return all(max(map(abs, delta.tolist())) >= 1e-3 for delta in answers["delta"])


def draw_solved(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], dict[str, Any], list]:
    """make_given + solve for mlp-backprop with one forward/backward pass per draw instead of two:
    the same givens (the same draws, the same redraw rule) and the same answers and steps."""
    while True:
        given, network = _draw_once(rng, difficulty, backprop=True)
        steps = Steps()
        answers = solve(given, steps, network=network)
        if _solved_acceptable(given, answers):
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
            f"一个 {sizes} 的全连接网络（各层激活：{acts}；损失：{loss.zh}{slope_zh}），z_l = W_l a_{{l-1}} + b_l。"
            f"已知输入 x、目标 y、各层 W_l 与 b_l，学习率 η = {eta}。请先做前向传播（各层 z_l、a_l 与损失 L），"
            f"再做反向传播（各层 δ_l = ∂L/∂z_l、∂L/∂W_l、∂L/∂b_l），最后给出一步梯度下降后的 W_l 与 b_l。",
            f"A {sizes} fully connected network (activations by layer: {acts}; loss: {loss.en}{slope}), "
            f"z_l = W_l a_{{l-1}} + b_l. Given the input x, the target y, every W_l and b_l, and the learning "
            f"rate η = {eta}: do the forward pass (z_l and a_l for every layer, then the loss L), the backward pass "
            f"(δ_l = ∂L/∂z_l, ∂L/∂W_l and ∂L/∂b_l for every layer), and give W_l and b_l after one gradient-descent step.")
    return Text(
        f"一个 {sizes} 的全连接网络（各层激活：{acts}；损失：{loss.zh}{slope_zh}），z_l = W_l a_{{l-1}} + b_l。"
        f"已知输入 x、目标 y、各层 W_l 与 b_l，请做前向传播：求各层 z_l、a_l 与损失 L。",
        f"A {sizes} fully connected network (activations by layer: {acts}; loss: {loss.en}{slope}), "
        f"z_l = W_l a_{{l-1}} + b_l. Given the input x, the target y and every W_l and b_l, do the forward pass: "
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
