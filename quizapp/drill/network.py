"""Plain-text pictures of a drill's givens: the MLP as a layer diagram plus tables of x, y, each
W_l and b_l and η (in the notes' notation); any other kind's givens as tables."""

from __future__ import annotations

from typing import Any

from engine.mathtext import to_unicode
from quizapp.render import given_lines, matrix_lines, value

LOSS_SHORT = {"half_sse": "½Σ(a−y)²", "mse": "(1/n)Σ(a−y)²", "bce": "BCE", "cross_entropy": "CE = −Σ y log a"}
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def is_mlp(given: dict[str, Any]) -> bool:
    return {"layer_sizes", "activations", "W", "b", "x"} <= set(given)


def diagram(given: dict[str, Any]) -> list[str]:
    """x(2) →W₁,b₁ relu→ a₁(3) →W₂,b₂ sigmoid→ a₂(1); loss: ½Σ(a−y)²"""
    sizes, acts = given["layer_sizes"], given["activations"]
    lines = [f"x({sizes[0]})"]
    for l, (n, name) in enumerate(zip(sizes[1:], acts), start=1):
        sub = str(l).translate(SUB)
        lines.append(f" →[W{sub},b{sub}] {name} → a{sub}({n})")
    lines.append(f"  L = {LOSS_SHORT.get(given['loss'], given['loss'])}")
    return lines


def mlp_tables(given: dict[str, Any]) -> list[str]:
    lines = [f"x = {value(given['x'])}", f"y = {value(given['y'])}"]
    if "learning_rate" in given:
        lines[-1] += f"   η = {value(given['learning_rate'])}"
    if "leaky_slope" in given:
        lines.append(f"leaky_relu slope = {value(given['leaky_slope'])}")
    for l, (W, b) in enumerate(zip(given["W"], given["b"]), start=1):
        sub = str(l).translate(SUB)
        lines += _block(f"W{sub}", W)
        lines.append(f"b{sub} = {value(b)}")
    return lines


def given_text(given: dict[str, Any]) -> list[str]:
    """The diagram and tables for an MLP, else the generic tables."""
    if is_mlp(given):
        return diagram(given) + [""] + mlp_tables(given)
    return given_lines(given)


def _block(name: str, m: Any) -> list[str]:
    rows = matrix_lines(m)
    pad = " " * (len(name) + 3)
    return [f"{name} = {rows[0]}"] + [pad + r for r in rows[1:]]


def formula(latex: str) -> str:
    return to_unicode(latex)
