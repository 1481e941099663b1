"""engine/checking/latex.py: a parsed answer as LaTeX, for the exports that typeset math."""

from __future__ import annotations

import pytest

from engine.checking.latex import expression_latex


@pytest.mark.parametrize(("typed", "variables", "latex"), [
    ("sigma(x)*(1 - sigma(x))", ["x"], r"\sigma(x) (1 - \sigma(x))"),
    ("exp(-x)/(1 + exp(-x))^2", ["x"], r"\frac{e^{-x}}{(1 + e^{-x})^{2}}"),
    ("(a2 - y)*a2*(1 - a2)", ["a2", "y"], r"(a_{2} - y) a_{2} (1 - a_{2})"),
    ("1 - tanh(x)^2", ["x"], r"1 - \left(\tanh(x)\right)^{2}"),
    ("2*pi*10000^(2*i/d)", ["i", "d"], r"2 \pi \cdot 10000^{\frac{2 i}{d}}"),
    ("1/sqrt((p + 1)*(q + 1))", ["p", "q"], r"\frac{1}{\sqrt{(p + 1) (q + 1)}}"),
    ("(1 - eta*lambda)*w - eta*g", ["w", "eta", "lambda", "g"], r"(1 - \eta \lambda) w - \eta g"),
    ("x > 0 ? 1 : 0.01", ["x"], r"\begin{cases} 1 & \text{if } x > 0 \cr 0.01 & \text{otherwise} \end{cases}"),
    ("1e-3*x", ["x"], r"1 \times 10^{-3} x"),
])
def test_latex_of_typed_expressions(typed, variables, latex):
    assert expression_latex(typed, variables) == latex


def test_unreadable_expression_has_no_latex():
    assert expression_latex("sigma(x", ["x"]) is None


def test_shipped_formulas_have_latex_without_markdown_emphasis_characters():
    from engine.bank.loader import load_bank

    formulas = [q.answer for q in load_bank().questions if q.type == "symbolic"]
    assert formulas
    for a in formulas:
        latex = expression_latex(a.expected, a.variables, a.aliases)
        assert latex is not None and "*" not in latex and "}_" not in latex, a.expected
