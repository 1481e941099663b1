"""The syntax tree of a parsed answer, and its Unicode pretty-printer.

Kinds and fields (args are child Exprs):
    num    value = (Fraction, literal text)          var    value = name
    const  value = "e" | "pi"                         alias  value = name, args = (definition,)
    neg    args = (a,)                                pow    args = (base, exponent)
    add    args = terms,   value = signs (+1 | -1 per term)
    mul    args = factors, value = ops (+1 multiply | -1 divide per factor; the first is +1)
    call   value = canonical function name, args = arguments
    cmp    value = operators ("<", "<=", ">", ">=", "==", "!="), args = operands (a chain a < b < c)
    and / or / not   args = operands                  if     args = (condition, then, otherwise)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from engine.checking.functions import FUNCTIONS, pretty_name

# Binding strength for printing: a child weaker than its parent gets parentheses.
PREC = {"if": 0, "or": 1, "and": 2, "not": 3, "cmp": 4, "add": 5, "mul": 6, "neg": 7, "pow": 8}
ATOM = 9
SUPERSCRIPT_DIGITS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
CMP_PRETTY = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}
BOOLEAN_KINDS = frozenset({"cmp", "and", "or", "not"})


class Expr:
    """One node of a parsed answer. Immutable by convention; build through the parser."""

    __slots__ = ("kind", "args", "value", "pos")

    def __init__(self, kind: str, args: tuple["Expr", ...] = (), value: Any = None, pos: int = 0):
        self.kind = kind
        self.args = args
        self.value = value
        self.pos = pos

    def __repr__(self) -> str:
        return f"Expr({self.pretty()!r})"

    @property
    def is_boolean(self) -> bool:
        if self.kind == "alias":
            return self.args[0].is_boolean
        return self.kind in BOOLEAN_KINDS

    def walk(self, expand_aliases: bool = True) -> Iterator["Expr"]:
        """Every node, parents before children (alias definitions included unless told not to)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            if node.kind != "alias" or expand_aliases:
                stack.extend(reversed(node.args))

    def uses(self) -> set[str]:
        """Names this expression uses: functions (canonical), variables, aliases, constants.
        ``e^x`` counts as a use of both e and exp: it is the exponential, however it is typed."""
        found: set[str] = set()
        for node in self.walk():
            if node.kind in ("var", "alias", "const"):
                found.add(node.value)
            elif node.kind == "call":
                found.add(node.value)
            elif node.kind == "pow" and node.args[0].kind == "const" and node.args[0].value == "e":
                found.add("exp")
        return found

    def pretty(self) -> str:
        """Unicode rendering, e.g. "σ(x)·(1 − σ(x))", showing how the answer was read."""
        return _pretty(self)


def _name(name: str) -> str:
    return pretty_name(name)


def precedence(node: Expr) -> int:
    """How tightly a node binds when written out (a negative literal binds like a negation)."""
    if node.kind == "num" and node.value[1].startswith("-"):
        return PREC["neg"]
    return PREC.get(node.kind, ATOM)


def join_sum(node: Expr, wrap: Callable[[Expr, int], str], minus: str) -> str:
    """An "add" node written out term by term, with ``minus`` as the minus sign; shared by the
    Unicode rendering here and the LaTeX one (engine.checking.latex)."""
    parts = []
    for i, (sign, term) in enumerate(zip(node.value, node.args)):
        text = wrap(term, PREC["add"] + 1)
        if term.kind == "neg" and (i > 0 or sign < 0):
            text = f"({text})"
        if i == 0:
            parts.append(text if sign > 0 else minus + text)
        else:
            parts.append(" + " + text if sign > 0 else f" {minus} " + text)
    return "".join(parts)


def _wrap(node: Expr, weakest_allowed: int) -> str:
    text = _pretty(node)
    return f"({text})" if precedence(node) < weakest_allowed else text


def _pretty(node: Expr) -> str:
    kind = node.kind
    if kind == "num":
        return node.value[1]
    if kind in ("var", "alias"):
        return _name(node.value)
    if kind == "const":
        return "π" if node.value == "pi" else "e"
    if kind == "neg":
        return "−" + _wrap(node.args[0], PREC["mul"])
    if kind == "add":
        return join_sum(node, _wrap, "−")
    if kind == "mul":
        out = ""
        divided = False
        for i, (op, factor) in enumerate(zip(node.value, node.args)):
            if op > 0:
                weakest = PREC["mul"] + 1 if factor.kind == "mul" else PREC["mul"]
                text = _wrap(factor, weakest)
                if i > 0 and factor.kind == "neg":
                    text = f"({text})"
            else:
                text = _wrap(factor, PREC["mul"] + 1)
                if factor.kind == "neg":
                    text = f"({text})"
            if i == 0:
                out = text
            elif op < 0:
                out += "/" + text
                divided = True
                continue
            elif node.args[i - 1].kind == "num" and node.value[i - 1] > 0 and i == 1 and \
                    factor.kind in ("var", "const", "alias") and not \
                    (factor.kind != "const" and text[0] in "eE"):
                out += text                      # 2x, 2π: how people write it (but 2·e for a variable e,
                                                 # which "2e" would show as the number's exponent)
            else:
                if divided:      # 1/2·x is ambiguous on screen: show that it was read as (1/2)·x
                    out = f"({out})"
                    divided = False
                out += "·" + text
        return out
    if kind == "pow":
        base, exponent = node.args
        base_text = _wrap(base, ATOM)
        if exponent.kind == "num" and exponent.value[0].denominator == 1 and \
                not exponent.value[1].startswith("-") and "e" not in exponent.value[1].lower():
            return base_text + exponent.value[1].translate(SUPERSCRIPT_DIGITS)
        if exponent.kind == "neg" and exponent.args[0].kind == "num" and \
                exponent.args[0].value[0].denominator == 1 and "." not in exponent.args[0].value[1]:
            return base_text + ("-" + exponent.args[0].value[1]).translate(SUPERSCRIPT_DIGITS)
        return base_text + "^" + _wrap(exponent, ATOM)
    if kind == "call":
        fname = node.value
        inner = ", ".join(_pretty(a) for a in node.args)
        if fname == "sqrt":
            return "√(" + inner + ")"
        if fname == "abs":
            return "|" + inner + "|"
        return FUNCTIONS[fname][2] + "(" + inner + ")"
    if kind == "cmp":
        parts = [_wrap(node.args[0], PREC["add"])]
        for op, arg in zip(node.value, node.args[1:]):
            parts.append(f" {CMP_PRETTY[op]} " + _wrap(arg, PREC["add"]))
        return "".join(parts)
    if kind in ("and", "or"):
        return f" {kind} ".join(_wrap(a, PREC[kind] + 1) for a in node.args)
    if kind == "not":
        return "not " + _wrap(node.args[0], PREC["not"])
    if kind == "if":
        cond, then, other = node.args
        return f"{_wrap(then, PREC['or'])} if {_wrap(cond, PREC['or'])} else {_wrap(other, PREC['if'])}"
    raise AssertionError(f"unknown node kind {kind!r}")
