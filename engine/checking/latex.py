"""A parsed answer (engine.checking.tree.Expr) as LaTeX, for exports that typeset math.

    to_latex(node)                              Expr -> LaTeX
    expression_latex(text, variables, aliases)  checker syntax -> LaTeX, or None when it cannot be read

``sigma(x)*(1 - sigma(x))`` -> ``\\sigma(x) (1 - \\sigma(x))``; ``exp(-x)/(1 + exp(-x))^2`` ->
``\\frac{e^{-x}}{(1 + e^{-x})^{2}}``. The output never holds ``*``, a ``_`` after a brace or a backslash
before punctuation (rows end with ``\\cr``, not ``\\\\``), so a Markdown renderer without a math
plugin leaves it as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from engine.checking.functions import GREEK_PRETTY
from engine.checking.tree import ATOM, PREC, Expr, join_sum, precedence

_FUNCTION_LATEX = {
    "sigma": r"\sigma", "tanh": r"\tanh", "sinh": r"\sinh", "cosh": r"\cosh", "sech": r"\operatorname{sech}",
    "log": r"\log", "relu": r"\operatorname{ReLU}", "leaky_relu": r"\operatorname{LeakyReLU}",
    "elu": r"\operatorname{ELU}", "softplus": r"\operatorname{softplus}", "step": r"\operatorname{step}",
    "sign": r"\operatorname{sign}", "max": r"\max", "min": r"\min",
}
_CMP = {"<": "<", "<=": r"\le", ">": ">", ">=": r"\ge", "==": "=", "!=": r"\ne"}


def _name(name: str) -> str:
    """A variable: Greek names as commands; a trailing digit run as a subscript (a2 -> a_{2})."""
    if name in GREEK_PRETTY:
        return "\\" + name
    head = name.rstrip("0123456789")
    digits = name[len(head):]
    if head and digits:
        return f"{_name(head)}_{{{digits}}}"
    if len(name) > 1:
        return rf"\mathrm{{{name}}}"
    return name


def _wrap(node: Expr, weakest_allowed: int) -> str:
    text = to_latex(node)
    return f"({text})" if precedence(node) < weakest_allowed else text


def _number(literal: str) -> str:
    if "e" in literal.lower() and not literal.lower().startswith("e"):
        mantissa, _, exponent = literal.lower().partition("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return literal


def _product(node: Expr) -> str:
    """Factors side by side (a thin space is implied in LaTeX), \\cdot before a number; divisions
    as one \\frac of the multiplied and the divided factors."""
    up = [f for op, f in zip(node.value, node.args) if op > 0]
    down = [f for op, f in zip(node.value, node.args) if op < 0]

    def juxtapose(factors: list[Expr]) -> str:
        out = ""
        for i, factor in enumerate(factors):
            weakest = PREC["mul"] + 1 if factor.kind in ("mul", "neg") or i > 0 and factor.kind == "num" else PREC["mul"]
            text = _wrap(factor, weakest)
            if i == 0:
                out = text
            elif factor.kind == "num" or text[:1].isdigit() or factors[i - 1].kind == "num" and not text[:1].isalpha() \
                    and not text.startswith(("\\", "(")):
                out += r" \cdot " + text
            else:
                out += " " + text
        return out

    def side(factors: list[Expr]) -> str:      # a \frac's braces group already: no parentheses
        return to_latex(factors[0]) if len(factors) == 1 else juxtapose(factors)

    if not down:
        return juxtapose(up)
    return rf"\frac{{{side(up) if up else '1'}}}{{{side(down)}}}"


def to_latex(node: Expr) -> str:
    kind = node.kind
    if kind == "num":
        return _number(node.value[1])
    if kind in ("var", "alias"):
        return _name(node.value)
    if kind == "const":
        return r"\pi" if node.value == "pi" else "e"
    if kind == "neg":
        return "-" + _wrap(node.args[0], PREC["mul"])
    if kind == "add":
        return join_sum(node, _wrap, "-")
    if kind == "mul":
        return _product(node)
    if kind == "pow":
        base, exponent = node.args
        if base.kind == "const" and base.value == "e":
            return f"e^{{{to_latex(exponent)}}}"
        if base.kind == "call" and base.value != "abs" and exponent.kind == "num":
            # sigma(x)^2 is written \sigma^{2}(x) in textbooks, but (\sigma(x))^{2} is unambiguous
            return f"\\left({to_latex(base)}\\right)^{{{to_latex(exponent)}}}"
        return f"{_wrap(base, ATOM)}^{{{to_latex(exponent)}}}"
    if kind == "call":
        fname = node.value
        inner = ", ".join(to_latex(a) for a in node.args)
        if fname == "sqrt":
            return rf"\sqrt{{{inner}}}"
        if fname == "abs":
            return rf"\lvert {inner} \rvert"
        if fname == "exp":
            return f"e^{{{inner}}}"
        return f"{_FUNCTION_LATEX[fname]}({inner})"
    if kind == "cmp":
        parts = [_wrap(node.args[0], PREC["add"])]
        for op, arg in zip(node.value, node.args[1:]):
            parts.append(f" {_CMP[op]} " + _wrap(arg, PREC["add"]))
        return "".join(parts)
    if kind in ("and", "or"):
        word = r" \text{ and } " if kind == "and" else r" \text{ or } "
        return word.join(_wrap(a, PREC[kind] + 1) for a in node.args)
    if kind == "not":
        return r"\neg " + _wrap(node.args[0], PREC["not"])
    if kind == "if":
        cond, then, other = node.args
        return (rf"\begin{{cases}} {to_latex(then)} & \text{{if }} {to_latex(cond)} \cr "
                rf"{to_latex(other)} & \text{{otherwise}} \end{{cases}}")
    raise AssertionError(f"unknown node kind {kind!r}")


def expression_latex(text: str, variables: Iterable[str] = ("x",),
                     aliases: Mapping[str, str] | None = None) -> str | None:
    """The expression ``text`` (checker syntax) as LaTeX; None when it cannot be parsed."""
    from engine.checking.errors import ParseError
    from engine.checking.parser import parse

    try:
        return to_latex(parse(text, variables=tuple(variables), aliases=aliases))
    except ParseError:
        return None
