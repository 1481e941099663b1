"""How the drill names and shows things: step symbols in the notes' notation (δ₂, ∂L/∂W₁, W₁′),
labels with typeset subscripts, and values as aligned blocks of numbers."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from engine.generators import Step
from engine.mathtext import to_unicode
from quizapp.render import matrix_lines, value as show_value


def plain(v: Any) -> Any:
    """numpy arrays and scalars as lists and floats (what the checker and the renderer take)."""
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    return v


_SUBSCRIPTED = re.compile(r"[A-Za-zδσηαβγμθΣ]+_(?:\{[^{}]*\}|[A-Za-z0-9]+)")


def label_text(label: str) -> str:
    """A step label with its subscripts typeset (W_1 → W₁), the prose left as it is."""
    return _SUBSCRIPTED.sub(lambda m: to_unicode(m.group(0)), label)


def step_title(step: Step, lang: str) -> str:
    """The step's name in the notes' notation (δ₂, ∂L/∂W₁, …) and what it is, in words."""
    words = label_text(step.label(lang)) if step.label else step.name
    return f"{symbol(step)} — {words}"


def symbol(step: Step) -> str:
    """The quantity a step computes, as the left-hand side of its formula (Unicode)."""
    lhs = step.formula
    for sep in (r"\leftarrow", "="):
        if sep in lhs:
            lhs = lhs.split(sep, 1)[0]
            break
    else:
        return step.name
    if "W_new" in step.name or "b_new" in step.name:
        return to_unicode(lhs.strip()) + "′"  # the updated parameter
    return to_unicode(lhs.strip())


GREEK = ("delta", "eta", "sigma", "beta", "gamma", "mu", "theta", "epsilon", "lambda", "alpha")


def pretty_name(name: str) -> str:
    """'delta_2' → 'δ₂', 'W_xh' → 'W_xh' as the notes write them; '(x)' after an alias is kept."""
    head, sep, rest = name.partition(" ")
    base, _, sub = head.partition("_")
    latex = "\\" + base if base in GREEK else base
    for deco in ("hat", "tilde", "bar"):
        if sub == deco or sub.startswith(deco + "_"):
            latex, sub = f"\\{deco}{{{latex}}}", sub[len(deco) + 1:]
    latex += f"_{{{sub}}}" if sub else ""
    return to_unicode(latex) + sep + rest


def named_block(name: str, v: Any, digits: int = 4) -> list[str]:
    rows = matrix_lines(plain(v), digits)
    if len(rows) == 1:
        return [f"  {name} = {rows[0]}"]
    pad = " " * (len(name) + 5)
    return [f"  {name} = {rows[0]}"] + [pad + r for r in rows[1:]]


def describe_value(v: Any) -> str:
    return show_value(plain(v))
