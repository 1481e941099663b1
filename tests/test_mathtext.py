"""LaTeX -> terminal Unicode: what a learner reads in every prompt and explanation."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from engine.mathtext import render, to_unicode

BANK_DIR = Path(__file__).resolve().parents[1] / "question_bank"


@pytest.mark.parametrize(
    "latex, shown",
    [
        (r"\frac{1}{1+e^{-x}}", "1/(1 + e⁻ˣ)"),
        (r"\frac{\partial L}{\partial W_l}", "∂L/∂Wₗ"),
        (r"\frac{a+b}{2}", "(a + b)/2"),
        (r"a_{l-1}", "aₗ₋₁"),
        (r"W_l^T \delta_l", "Wₗᵀ δₗ"),
        (r"x^\top", "xᵀ"),
        (r"\delta_{l-1} = (W_l^T \delta_l) \odot \sigma'(z_{l-1})", "δₗ₋₁ = (Wₗᵀ δₗ) ⊙ σ'(zₗ₋₁)"),
        (r"h_{t-1}", "hₜ₋₁"),
        (r"x^2 + y^{10}", "x² + y¹⁰"),
        (r"d_{model}", "d_model"),           # no Unicode subscript d: readable fallback
        (r"e^{x_j}", "e^(xⱼ)"),
        (r"\sqrt{d_k}", "√dₖ"),
        (r"\sqrt{1 + x}", "√(1 + x)"),
        (r"\mathbb{R}^{n \times m}", "ℝⁿˣᵐ"),
        (r"x \in \mathbb{R}", "x ∈ ℝ"),
        (r"a \cdot b \leq c", "a · b ≤ c"),
        (r"\omega \leftarrow \omega - \eta g", "ω ← ω − ηg"),
        (r"\text{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V", "softmax(QKᵀ/√dₖ)V"),
        (r"\log p", "log p"),
        (r"\hat{y}", "ŷ"),
        (r"\|g\|_2", "‖g‖₂"),
        (r"x \to \infty", "x → ∞"),
        (r"2 \cdot 10^{-3}", "2 · 10⁻³"),
        (r"f(x) = \begin{cases} x & x > 0 \\ \alpha(e^x - 1) & x \leq 0 \end{cases}",
         "f(x) = { x if x > 0; α(eˣ − 1) if x ≤ 0 }"),
        (r"\begin{cases} 1 & \text{if } x>0 \\ 0 & \text{otherwise} \end{cases}", "{ 1 if x > 0; 0 otherwise }"),
        (r"\begin{bmatrix}1 & 2 \\ 3 & 4\end{bmatrix}", "[[1, 2], [3, 4]]"),
        (r"PE_{(pos,2i)}", "PE_(pos,2i)"),        # already parenthesised: not doubled
        (r"\unknowncommand{x}", "unknowncommandx"),
    ],
)
def test_to_unicode(latex: str, shown: str) -> None:
    assert to_unicode(latex) == shown


def test_render_strips_dollars_and_keeps_prose() -> None:
    assert render(r"What is the maximum of $\sigma'(x)$, at $x = 0$?") == "What is the maximum of σ'(x), at x = 0?"
    assert render("sigmoid 的导数 $\\sigma'(x)$ 的最大值") == "sigmoid 的导数 σ'(x) 的最大值"
    assert render("no math here [x] 50%") == "no math here [x] 50%"
    assert render(r"$$\frac{1}{2}$$") == "1/2"


def test_one_letter_subscripts_in_prose() -> None:
    assert render("z_l = W_l a_{l-1} + b_l, then δ_l") == "zₗ = Wₗ aₗ₋₁ + bₗ, then δₗ"
    assert render("layer_sizes, y_hat, half_sse, d_model stay") == "layer_sizes, y_hat, half_sse, d_model stay"


def test_stray_command_in_prose_loses_its_backslash() -> None:
    assert render(r"use \eta = 0.1") == "use η = 0.1"


@pytest.mark.parametrize("bad", [r"\frac{1}{", r"x^{", r"}}}", r"\begin{cases} x &", "$", r"\\", r"\left( x"])
def test_broken_latex_never_raises(bad: str) -> None:
    assert isinstance(render(bad), str)
    assert "\\" not in to_unicode(bad)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


SHIPPED = sorted(BANK_DIR.glob("*.toml"))


@pytest.mark.skipif(not SHIPPED, reason="no shipped bank files in this checkout")
def test_every_shipped_text_renders_without_backslashes() -> None:
    """Prompts, options, explanations, model answers and key points of the shipped bank all read clean."""
    shown_fields = ("prompt", "explanation", "options", "model_answer", "key_points", "form")
    leftovers = []
    for path in SHIPPED:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for q in data.get("question", []):
            for field in shown_fields:
                for s in _strings(q.get(field, "")):
                    out = render(s)
                    if "\\" in out:
                        leftovers.append(f"{path.name}: {q.get('id')}: {field}: {out[:80]!r}")
    assert not leftovers, "\n".join(leftovers[:30])


def test_every_generator_formula_renders_without_backslashes() -> None:
    """Worked solutions show each Step.formula: none may leave raw LaTeX on screen."""
    from engine.generators import DIFFICULTIES, KINDS

    leftovers = []
    for name, kind in KINDS.items():
        for difficulty in DIFFICULTIES:
            exercise = kind.generate(3, difficulty)
            for step in exercise.steps:
                shown = to_unicode(step.formula)
                if "\\" in shown or "{" in shown.replace("{ ", ""):
                    leftovers.append(f"{name}/{difficulty}/{step.name}: {step.formula!r} -> {shown!r}")
            for lang in ("zh", "en"):
                if "\\" in render(exercise.prompt(lang)):
                    leftovers.append(f"{name}/{difficulty}: prompt {lang}")
    assert not leftovers, "\n".join(leftovers[:20])
