"""Formula (symbolic) questions in the exports: the expected expression as math, and how Moodle and
GIFT grade it: by its value at a sample point the question states.

A Moodle shortanswer compares strings, so one exact spelling of an expression would be right and
``sigma(x) * (1-sigma(x))`` wrong; the value at a point is the same for every equivalent form. The
value comes from the checker's own parser and evaluator (engine.checking), never from eval.

    formula_latex(answer)            the expected expression as LaTeX (engine/checking/latex.py)
    formula_line(answer)             "$latex$ · `typed form`" for answer keys
    sample_point(answer)             ({variable: value}, expression's value) or None
    graded_formula(answer, lang)     note for the question text, value and absolute tolerance
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.bank.model import SymbolicAnswer
from engine.export.common import LABELS, format_number, pick


def formula_latex(a: SymbolicAnswer) -> str | None:
    """The expected expression as LaTeX (None if the checker cannot read it)."""
    from engine.checking.latex import expression_latex

    return expression_latex(a.expected, a.variables, a.aliases)


def formula_line(a: SymbolicAnswer) -> str:
    """The expected expression as math and, in code, as it is typed: "$\\sigma(x) (1 - \\sigma(x))$ ·
    `sigma(x)*(1 - sigma(x))`". Code and this LaTeX pass through any Markdown renderer unchanged."""
    latex = formula_latex(a)
    return f"${latex}$ · `{a.expected}`" if latex else f"`{a.expected}`"


# The value at the point is computed from the learner's own formula, with nothing rounded along the
# way but the last digits: 0.1 % accepts any rounding to 4 significant figures, and rejects a formula
# that is off by a small term (4d² + 3d for 4d² + 4d at d = 24 is 1 % off), which 1 % would accept.
FORMULA_REL = 0.001

# Values tried, in order, for a formula's sample point (one per variable, shifted per attempt): not
# 0, 1 or 0.5, where different formulas often agree, and with both signs.
_SAMPLE_VALUES = (0.7, -1.3, 1.9, 0.4, -0.6, 2.3, 1.1, -2.1)
_SAMPLE_FRACTIONS = (0.37, 0.71, 0.23, 0.58, 0.86, 0.12)
_SAMPLE_COUNTS = (4, 3, 7, 5, 6, 9)                     # for names that are sizes (n, k, d, h ...)
_COUNT_NAMES = frozenset("nmkdhoLNDTB")


def _sample_value(name: str, index: int, attempt: int, domain) -> float:
    if name in domain:
        lo, hi = (float(v) for v in domain[name])
        f = _SAMPLE_FRACTIONS[(index + attempt) % len(_SAMPLE_FRACTIONS)]
        x = lo + f * (hi - lo)
        if 0 <= lo == int(lo) and hi == int(hi) and hi - lo >= 3:   # a count, a size: a whole number,
            small = [c for c in _SAMPLE_COUNTS if lo <= c <= hi]  # small enough to work by hand
            return float(small[(index + attempt) % len(small)] if small else round(x))
        return float(f"{x:.2g}")
    if name in _COUNT_NAMES:
        return float(_SAMPLE_COUNTS[(index + attempt) % len(_SAMPLE_COUNTS)])
    return _SAMPLE_VALUES[(index + attempt) % len(_SAMPLE_VALUES)]


def sample_point(a: SymbolicAnswer) -> tuple[dict[str, float], float] | None:
    """A point (one value per variable, inside the question's domain) and the expected expression's
    value there, computed by the checker's own evaluator (engine.checking.evaluate), never by eval.
    Variables that name sizes get whole numbers; a point with a zero coordinate, or where the value
    is undefined, zero or huge, is skipped. None when no point works or the
    expression cannot be read."""
    import math

    import numpy as np

    from engine.checking.errors import ParseError
    from engine.checking.evaluate import evaluate
    from engine.checking.parser import parse

    try:
        tree = parse(a.expected, variables=a.variables, aliases=a.aliases)
    except ParseError:
        return None
    for attempt in range(12):
        point = {v: _sample_value(v, i, attempt, a.domain) for i, v in enumerate(a.variables)}
        if 0.0 in point.values():    # a zero hides every term it multiplies
            continue
        value = float(evaluate(tree, {v: np.array([x]) for v, x in point.items()}, 1)[0])
        if math.isfinite(value) and 1e-6 < abs(value) < 1e9:
            return point, value
    return None


def point_text(point: dict[str, float]) -> str:
    """"$x = 0.7$, $\\alpha = 1.3$"."""
    from engine.checking.latex import to_latex
    from engine.checking.tree import Expr

    return ", ".join(f"${to_latex(Expr('var', value=v))} = {format_number(x)}$" for v, x in point.items())


@dataclass(frozen=True)
class GradedFormula:
    """A formula question as Moodle and GIFT grade it: a number, the expression's value at a point."""

    note: str          # bank text for the question: the point and how it is graded
    value: float
    tolerance: float   # absolute, by the numeric grading rule (engine/checking/tolerance.py)


def graded_formula(a: SymbolicAnswer, lang: str) -> GradedFormula | None:
    """How a Moodle teacher can grade a formula question: its value at a sample point (any equivalent
    form of the expression gives the same number). None when the expression has no usable point."""
    from engine.checking.tolerance import Tolerance

    found = sample_point(a)
    if found is None:
        return None
    point, value = found
    note = pick(LABELS["value_at"], lang).replace("{point}", point_text(point))
    tol = Tolerance(FORMULA_REL)
    return GradedFormula(note, value, tol.allowed(value, tol.zero(value)))
