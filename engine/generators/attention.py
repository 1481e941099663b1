"""Kind ``attention``: scaled dot-product attention, with a mask at medium and two heads at hard.

    scores  = Q Kᵀ / √d_k                    (n × m; one block per head: heads × n × m)
    weights = row-wise softmax(scores), masked entries set to exactly 0
    output  = weights · V                    (n × d_v; heads concatenated along columns)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.generators.base import Kind, Mistake, Steps
from engine.generators.diagnosis import collect, inputs
from engine.generators.values import array, draw
from engine.text import Text

# n queries, m keys, d = width of Q and K, dv = width of V, heads (1 = plain attention).
SIZES: dict[str, dict[str, int]] = {
    "easy": {"n": 2, "m": 2, "d": 2, "dv": 2, "heads": 1},
    "medium": {"n": 3, "m": 3, "d": 4, "dv": 2, "heads": 1},
    "hard": {"n": 3, "m": 4, "d": 4, "dv": 4, "heads": 2},
}


def make_given(rng: np.random.Generator, difficulty: str) -> dict[str, Any]:
    s = SIZES[difficulty]
    given: dict[str, Any] = {
        "Q": draw(rng, (s["n"], s["d"]), difficulty),
        "K": draw(rng, (s["m"], s["d"]), difficulty),
        "V": draw(rng, (s["m"], s["dv"]), difficulty),
    }
    if difficulty == "medium":
        # A causal (decoder) mask: query i may not look at later keys j > i.
        given["mask"] = np.triu(np.ones((s["n"], s["m"]), dtype=bool), k=1).tolist()
    elif difficulty == "hard":
        given["heads"] = s["heads"]
        padded = int(rng.integers(0, 2))  # 0 or 1 padding keys at the end, masked for every query
        if padded:
            mask = np.zeros((s["n"], s["m"]), dtype=bool)
            mask[:, s["m"] - padded:] = True
            given["mask"] = mask.tolist()
    return given


def _masked_softmax(scores: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """Row-wise softmax of scores (n × m); entries where mask is True get exactly 0."""
    keep = np.ones_like(scores, dtype=bool) if mask is None else ~mask
    # Subtract the row max over kept entries (stability); masked entries never reach exp.
    row_max = np.max(np.where(keep, scores, -np.inf), axis=-1, keepdims=True)
    e = np.where(keep, np.exp(np.where(keep, scores - row_max, 0.0)), 0.0)
    return e / e.sum(axis=-1, keepdims=True)


_SOFTMAX_FORMULA = r"A_{ij} = \frac{e^{S_{ij}}}{\sum_{k} e^{S_{ik}}}"
_MASKED_FORMULA = (r"A_{ij} = \frac{e^{S_{ij}}}{\sum_{k:\,M_{ik}=0} e^{S_{ik}}}\ (M_{ij}=0),"
                   r"\quad A_{ij} = 0\ (M_{ij}=1)")


def solve(given: dict[str, Any], steps: Steps) -> dict[str, Any]:
    Q, K, V = array(given, "Q"), array(given, "K"), array(given, "V")
    mask = np.asarray(given["mask"], dtype=bool) if "mask" in given else None
    heads = int(given.get("heads", 1))
    d_k = Q.shape[1] // heads
    dv_h = V.shape[1] // heads
    softmax_formula = _MASKED_FORMULA if mask is not None else _SOFTMAX_FORMULA

    if heads == 1:
        qk = steps.add("QKt", r"Q K^\top", Q @ K.T,
                       label=Text("查询与键的点积 QKᵀ", "Dot products of queries and keys, QKᵀ"))
        scores = steps.add("scores", rf"S = \frac{{Q K^\top}}{{\sqrt{{d_k}}}},\ d_k = {d_k}", qk / np.sqrt(d_k),
                           answer=("scores",), label=Text("缩放后的分数", "Scaled scores"))
        weights = steps.add("weights", softmax_formula, _masked_softmax(scores, mask), answer=("weights",),
                            label=Text("注意力权重（按行 softmax）", "Attention weights (row-wise softmax)"))
        output = steps.add("output", r"O = A V", weights @ V, answer=("output",),
                           label=Text("输出：权重对 V 加权求和", "Output: weighted sum of the rows of V"))
        return {"scores": scores, "weights": weights, "output": output}

    all_scores, all_weights, outputs = [], [], []
    for h in range(heads):
        cols_k = slice(h * d_k, (h + 1) * d_k)
        cols_v = slice(h * dv_h, (h + 1) * dv_h)
        Qh, Kh, Vh = Q[:, cols_k], K[:, cols_k], V[:, cols_v]
        n = h + 1
        head = f"第 {n} 个头", f"head {n}"
        qk = steps.add(f"QKt_{n}", rf"Q^{{({n})}} K^{{({n})\top}}", Qh @ Kh.T,
                       label=Text(f"{head[0]}：Q、K 的第 {n} 组列的点积",
                                  f"{head[1]}: dot products of column block {n} of Q and K"))
        scores = steps.add(f"scores_{n}", rf"S^{{({n})}} = \frac{{Q^{{({n})}} K^{{({n})\top}}}}{{\sqrt{{d_k}}}},"
                           rf"\ d_k = d / h = {d_k}", qk / np.sqrt(d_k), answer=("scores", h),
                           label=Text(f"{head[0]}：缩放后的分数", f"{head[1]}: scaled scores"))
        weights = steps.add(f"weights_{n}", softmax_formula.replace("S_", f"S^{{({n})}}_").replace("A_", f"A^{{({n})}}_"),
                            _masked_softmax(scores, mask), answer=("weights", h),
                            label=Text(f"{head[0]}：注意力权重", f"{head[1]}: attention weights"))
        out = steps.add(f"output_{n}", rf"O^{{({n})}} = A^{{({n})}} V^{{({n})}}", weights @ Vh,
                        label=Text(f"{head[0]}：输出（V 的第 {n} 组列）", f"{head[1]}: output (column block {n} of V)"))
        all_scores.append(scores)
        all_weights.append(weights)
        outputs.append(out)
    output = steps.add("output", r"O = \left[\,O^{(1)}\ \cdots\ O^{(h)}\,\right]", np.concatenate(outputs, axis=1),
                       answer=("output",),
                       label=Text("把各头的输出按列拼接", "Concatenate the heads' outputs column-wise"))
    return {"scores": np.stack(all_scores), "weights": np.stack(all_weights), "output": output}


def prompt(given: dict[str, Any], difficulty: str) -> Text:
    n, d = np.shape(given["Q"])
    m, dv = np.shape(given["V"])
    heads = int(given.get("heads", 1))
    zh = (f"缩放点积注意力：给定 Q（{n}×{d}）、K（{m}×{d}）、V（{m}×{dv}），"
          f"计算 scores = QKᵀ/√d_k、按行 softmax 得到的注意力权重 weights，以及输出 output = weights·V。")
    en = (f"Scaled dot-product attention: given Q ({n}×{d}), K ({m}×{d}) and V ({m}×{dv}), compute "
          f"scores = QKᵀ/√d_k, the attention weights (row-wise softmax of the scores) and output = weights·V.")
    if heads > 1:
        zh += (f"使用 {heads} 个头：把 Q、K、V 的列依次平均分成 {heads} 组，每个头用自己那组列，"
               f"d_k = {d}/{heads} = {d // heads}；各头的输出按列拼接（不含输出投影 W_O）。")
        en += (f" Use {heads} heads: split the columns of Q, K and V into {heads} equal consecutive blocks, "
               f"head i uses block i, d_k = {d}/{heads} = {d // heads}; concatenate the heads' outputs "
               f"column-wise (no output projection W_O).")
    else:
        zh += f"这里 d_k = {d}。"
        en += f" Here d_k = {d}."
    if "mask" in given:
        zh += "mask 中为 true 的位置被屏蔽：该位置的权重为 0，其余位置重新归一化。"
        en += " Entries where mask is true are masked out: their weight is 0 and the rest of the row renormalises."
    return Text(zh, en)


TITLES: dict[str, Text] = {
    "unscaled-scores": Text("忘了除以 √d_k", "Forgot to divide by √d_k"),
    "softmax-over-columns": Text("softmax 按列而不是按行归一化", "Normalised the softmax down columns instead of along rows"),
    "mask-ignored": Text("忽略了掩码", "Ignored the mask"),
}
FIXES: dict[str, Text] = {
    "unscaled-scores": Text("S = QKᵀ/√d_k：缩放让点积的方差不随 d_k 增大，softmax 不至于饱和",
                            "S = QKᵀ/√d_k: the scaling keeps the dot products' variance from growing with d_k, "
                            "so the softmax does not saturate"),
    "softmax-over-columns": Text("每个查询（每一行）对所有键做 softmax：A_ij = e^{S_ij} / Σ_k e^{S_ik}",
                                 "Each query (row) takes a softmax over all keys: A_ij = e^{S_ij} / Σ_k e^{S_ik}"),
    "mask-ignored": Text("被屏蔽的位置先置为 −∞ 再做 softmax，权重为 0，其余位置重新归一化",
                         "Set masked scores to −∞ before the softmax: their weight is 0 and the rest renormalise"),
}


def mistakes(given: dict[str, Any], carry: Mapping[str, Any] | None = None) -> list[Mistake]:
    right, used = inputs(solve, given, carry)
    mask = np.asarray(given["mask"], dtype=bool) if "mask" in given else None
    heads = int(given.get("heads", 1))
    names = [""] if heads == 1 else [f"_{n}" for n in range(1, heads + 1)]
    found = []
    for suffix in names:
        scores = used["scores" + suffix]
        found.append(("unscaled-scores", "scores" + suffix, used["QKt" + suffix]))
        if mask is None:
            e = np.exp(scores - scores.max(axis=0, keepdims=True))
            found.append(("softmax-over-columns", "weights" + suffix, e / e.sum(axis=0, keepdims=True)))
        else:
            found.append(("mask-ignored", "weights" + suffix, _masked_softmax(scores, None)))
    return collect(found, right, TITLES, FIXES)


KINDS: list[Kind] = [
    Kind(
        name="attention",
        topic="attention",
        title=Text("缩放点积注意力", "Scaled dot-product attention"),
        make_given=make_given,
        solve=solve,
        prompt=prompt,
        mistakes=mistakes,
    )
]
