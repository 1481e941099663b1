"""Hint level 2: the values of every quantity a step's formula names, for this very exercise.

A step's formula is LaTeX in the notes' notation ("\\delta_{1} = (W_{2}^T \\delta_{2}) \\odot
\\sigma'(z_{1})"). The names on its right-hand side are matched against an environment built from the
givens (layer lists expanded: W → W_1, W_2, …) and the earlier steps, with the learner's own carried
values where they typed one — so the hint shows the numbers the learner should be computing with.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

# How the notes write a quantity → the environment name it stands for (when that name exists).
ALIASES: dict[str, tuple[str, ...]] = {
    "a_0": ("x",),
    "eta": ("learning_rate", "lr"),
    "h_t-1": ("h_prev",),
    "c_t-1": ("c_prev",),
    "m_t-1": ("m@given",),
    "v_t-1": ("v@given",),
    "theta_t-1": ("theta@given",),
    "g": ("grad", "grads", "g"),
    "beta_1": ("beta1",),
    "beta_2": ("beta2",),
    "epsilon": ("eps",),
    "mathrm{lr}": ("lr",),
    "lr": ("lr",),
    "h_0": ("h0",),
    "d_k": ("d_k",),
    "sigma_j": ("var",),
    "S": ("scores",),
    "A": ("weights",),
    "mu_j": ("mean",),
    "mu": ("mean",),
}
# LaTeX commands that are operators or layout, never quantities.
NOT_NAMES = {
    "frac", "partial", "left", "right", "sum", "prod", "odot", "cdot", "times", "sqrt", "log", "exp", "max",
    "min", "tanh", "sigma", "operatorname", "quad", "leftarrow", "begin", "end", "cases", "le", "ge", "top",
    "T", "mathrm", "text", "textstyle", "lVert", "rVert", "Big", "big", "diag", "tfrac", "dfrac", "ReLU",
    "ELU", "softmax", "lambda", "alpha", "sigma", "i", "j", "k", "n", "L", "e", "l", "t", "I", "N", "mid", "in",
    "hat", "tilde", "bar", "prime", "infty", "sum_", "Delta", "sup", "Leftarrow", "to",
}
# A name, optionally decorated (\hat y) and subscripted (W_{1}, \delta_2, h_{t-1}).
_NAME = re.compile(
    r"(?:\\(?P<deco>hat|tilde|bar)\s*\{?\s*)?(?P<base>\\?[A-Za-z]+)\}?"
    r"(?:\s*_\s*(?P<sub>\{[^{}]*\}|[A-Za-z0-9]))?"
)


def environment(given: Mapping[str, Any], steps: Sequence[Any], carry: Mapping[str, Any],
                upto: int) -> dict[str, Any]:
    """name → value: the givens (list-per-layer givens also as W_1, W_2, …; dict givens as W_i, …),
    then the first ``upto`` steps (the learner's carried value where there is one)."""
    env: dict[str, Any] = {}
    for key, value in given.items():
        env[key] = value
        env[f"{key}@given"] = value
        if isinstance(value, Mapping):
            for sub, v in value.items():
                env[f"{key}_{sub}"] = v
        elif _is_layer_list(value):
            for i, v in enumerate(value, start=1):
                env[f"{key}_{i}"] = v
        elif isinstance(value, (list, tuple)) and value:
            # a sequence (xs → x_1, x_2, …) or a vector (z → z_1, z_2, …: its entries)
            stem = key[:-1] if key.endswith("s") and len(key) > 1 else key
            for i, v in enumerate(value, start=1):
                env.setdefault(f"{stem}_{i}", v)
    names = [s.name for s in steps[:upto]]
    for step in steps[:upto]:
        env[step.name] = carry.get(step.name, step.value)
    if "layer_sizes" in given:  # the MLP's last layer is also written with L
        L = len(given["layer_sizes"]) - 1
        for base in ("a", "z", "delta"):
            if f"{base}_{L}" in names:
                env[f"{base}_L"] = env[f"{base}_{L}"]
    return env


def _is_layer_list(value: Any) -> bool:
    """A list of per-layer arrays of different shapes (the MLP's W and b), not one matrix."""
    if not isinstance(value, (list, tuple)) or not value or not all(isinstance(v, (list, tuple)) for v in value):
        return False
    shapes = {np.shape(v) for v in value}
    return len(shapes) > 1 or any(isinstance(v[0], (list, tuple)) for v in value if v)


_PARTIAL = re.compile(r"\\frac\{\\partial L\}\{\\partial\s*(?:\\hat\s*)?(\\?[A-Za-z]+)\s*(_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?\}")


def named_quantities(formula: str) -> list[str]:
    """Candidate names on the formula's right-hand side, in order, without repeats.
    ∂L/∂W_1 is read as the name dW_1 (the drill's step names for gradients)."""
    formula = _PARTIAL.sub(lambda m: " d" + m.group(1).lstrip("\\") + (m.group(2) or "") + " ", formula)
    rhs = formula
    for sep in (r"\leftarrow", "="):
        if sep in formula:
            rhs = formula.split(sep, 1)[1]
            break
    out: list[str] = []
    for m in _NAME.finditer(rhs):
        base = m.group("base").lstrip("\\")
        sub = (m.group("sub") or "").strip("{}").replace(" ", "")
        if base in NOT_NAMES and not m.group("deco") and not (base == "sigma" and sub):
            continue  # σ alone is the activation; σ_j (BatchNorm's variance) is a quantity
        name = base
        if m.group("deco"):
            name = f"{base}_{m.group('deco')}"
        if sub:
            name = f"{name}_{sub}"
        if name not in out:
            out.append(name)
    return out


def _candidates(name: str) -> list[str]:
    out = [name, *ALIASES.get(name, ())]
    if "_" in name:
        head, _, sub = name.rpartition("_")
        if "," in sub:                      # a_{L,i} → a_L
            out.append(f"{head}_{sub.split(',')[0]}")
        if sub in ("i", "j", "t", "ij", "ik", "kj", "a"):
            out += [head, *ALIASES.get(head, ())]   # y_i → y;  m_t → m (the step);  S_ij → scores
    return out


def substitutions(formula: str, env: Mapping[str, Any], exclude: str = "") -> list[tuple[str, Any]]:
    """(name as written, value) for each quantity on the formula's right-hand side found in ``env``."""
    found: list[tuple[str, Any]] = []
    used: set[str] = set()
    for name in named_quantities(formula):
        for cand in _candidates(name):
            if cand in env and cand != exclude and cand not in used:
                used.add(cand)
                shown = cand.replace("@given", "")
                found.append((shown if cand in ALIASES.get(name, ()) or cand == name else cand, env[cand])
                             if cand not in ALIASES.get(name, ()) else (f"{name} ({shown})", env[cand]))
                break
    return found
