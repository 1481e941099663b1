"""LaTeX -> Typst math (engine.pdf.latex): the notation of the notes, a closed output vocabulary, and
every formula of the bank and the generators converted and compiled."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.pdf.latex import Unsafe, string_literal, to_typst

typst = pytest.importorskip("typst", reason="the pdf extra is not installed: pip install -e '.[pdf]'")


@pytest.mark.parametrize("latex,expected", [
    (r"z_{1} = W_{1} a_{0} + b_{1}", "z_1 = W_1 a_0 + b_1"),
    (r"\frac{\partial L}{\partial W_{2}} = \delta_{2} a_{1}^T", "frac(partial L, partial W_2) = delta_2 a_1^T"),
    (r"h_{t-1}^\top", "h_(t - 1)^top"),
    (r"\hat m_t", "hat(m)_t"),
    (r"\sigma'(z)", r"sigma' \( z \)"),
    (r"ab", "a b"),                                   # two variables, not Typst's name "ab"
    (r"\sqrt{x} + \sqrt[3]{y}", "sqrt(x) + root(3, y)"),
    (r"\mathrm{max\_norm}", 'upright("max_norm")'),
    (r"\text{ if } x", '" if " x'),
    (r"\left(\max \sigma'\right)^{L}", r"lr(\( max sigma' \))^L"),
    (r"f(x, y) / 2", r"f \( x \, y \) \/ 2"),          # a slash is not a fraction, a comma no separator
    (r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}", "cases(1 & x > 0, 0 & x < 0)"),
    (r"\begin{bmatrix} 1 & -1 \\ 0.5 & 2 \end{bmatrix}", 'mat(delim: "[", 1, - 1; 0.5, 2)'),
])
def test_conversions(latex, expected):
    assert to_typst(latex) == expected


@pytest.mark.parametrize("latex", [
    r"\input{/etc/passwd}", r"\def\x{1}", "x # y", "a $ b", r"\begin{align} a &= b \end{align}",
    "a & b", r"\frac{1}{2", r"x}", r"\text{\input{x}}", "\\",
])
def test_what_cannot_be_converted_is_refused(latex):
    with pytest.raises(Unsafe):
        to_typst(latex)


def test_string_literals_escape_quotes_and_backslashes():
    assert string_literal('a "b" \\c\nd') == '"a \\"b\\" \\\\c\\nd"'
    assert to_typst(r'\text{#read("x")}') == '"#read(\\"x\\")"'


def _formulas() -> list[str]:
    from engine.bank.loader import load_bank
    from engine.export.common import parts
    from engine.generators import KINDS, generate

    found = set()
    for kind in KINDS:
        for difficulty in ("easy", "medium", "hard"):
            for seed in range(4):
                found.update(s.formula for s in generate(kind, seed, difficulty).steps)
    for q in load_bank(include_user=False).questions:
        texts = [q.prompt.zh, q.prompt.en, q.explanation.zh, q.explanation.en]
        texts += [t for o in getattr(q.answer, "options", ()) or () for t in (o.zh, o.en)]
        found.update(c for t in texts for kind, c in parts(t) if kind in ("math", "display"))
    return sorted(found)


def test_every_formula_of_the_bank_and_the_generators_converts_and_compiles():
    formulas = _formulas()
    assert len(formulas) > 1000
    unsafe = []
    converted = []
    for f in formulas:
        try:
            converted.append(to_typst(f))
        except Unsafe:
            unsafe.append(f)
    assert unsafe == []
    _, warnings = typst.compile_with_warnings("\n\n".join(f"$ {c} $" for c in converted).encode(),
                                              ignore_system_fonts=True)
    assert [w.message for w in warnings] == []


def _code_outside_strings(code: str) -> str:
    """The Typst math without its string literals and escaped characters (``\\#`` is a literal #)."""
    return re.sub(r"\\.", "", re.sub(r'"(?:\\.|[^"\\])*"', '""', code))


LATEXISH = st.lists(st.sampled_from([
    "a", "x", "1", "0.5", " ", "+", "-", "=", "(", ")", "[", "]", "{", "}", "^", "_", "'", ",", ";", "/", "|",
    "#", "$", '"', "&", "@", "<", ">", "*", "\\frac", "\\sqrt", "\\left(", "\\right)", "\\text{", "\\mathrm{",
    "\\alpha", "\\sum", "\\hat", "\\begin{cases}", "\\end{cases}", "\\\\", "\\,", "\\{", "\\}", "σ", "梯",
    "\\unknown", "#read(", "\\", ")(",
]), max_size=14).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LATEXISH)
def test_any_input_is_refused_or_compiles_without_code(latex):
    try:
        code = to_typst(latex)
    except Unsafe:
        return
    bare = _code_outside_strings(code)
    assert "#" not in bare.replace("#none", ""), code      # no code mode, outside our own strings
    assert "$" not in bare
    typst.compile(f"$ {code} $".encode(), ignore_system_fonts=True)   # and it is valid Typst math
