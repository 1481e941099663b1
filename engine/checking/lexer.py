"""Tokens of the checker syntax: numbers, names, operators — nothing else gets through.

Names are never split: ``xy`` is one (unknown) name, not x·y. A Greek letter is a name on its own,
so ``λx`` is two names (lambda, x) and ``σ(x)`` is the name sigma followed by a parenthesis; digits
right after it are its index (``β1``, ``β₁`` are the name beta1).
"""

from __future__ import annotations

from collections.abc import Collection
from fractions import Fraction
from typing import NamedTuple

from engine.checking.errors import ParseError
from engine.checking.functions import CONSTANTS, canonical_function
from engine.checking.normalize import normalize

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda",
    "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau",
    "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma",
    "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}
KEYWORDS = frozenset({"if", "else", "and", "or", "not"})
# Longest first, so that ** and >= win over * and >.
OPERATORS = ("**", ">=", "<=", "==", "!=", "+", "-", "*", "/", "^", "(", ")", "[", "]", ",", "|",
             "?", ":", "<", ">", "=", "√", "!", ";")
DIGITS = frozenset("0123456789")   # ASCII only: "❶".isdigit() is True, and Fraction cannot read it
MAX_DIGITS = 40     # a literal longer than this is not an answer anybody types


class Token(NamedTuple):
    kind: str          # "num" | "name" | "kw" | "op" | "end"
    text: str          # the token as normalised ("sigma" for σ, "0.5", "**")
    pos: int           # offset of its first character in the text as typed
    value: Fraction | None = None   # numbers only: the exact value of the literal


def _is_name_start(ch: str) -> bool:
    return ch.isascii() and (ch.isalpha() or ch == "_")


def _is_name_part(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


def tokenize(text: str, names: Collection[str] = (), notes: list[tuple[str, str]] | None = None
             ) -> list[Token]:
    """Normalise and split ``text``; the list ends with an "end" token. Raises ParseError.

    ``names``: the question's variables (and aliases). Where ``e`` or ``E`` is one of them, a number
    never swallows it as an exponent: ``2e+3`` is 2·e + 3, ``2e3`` is refused as ambiguous, and a
    note saying so (English, Chinese) is appended to ``notes``."""
    norm, where = normalize(text)
    tokens: list[Token] = []
    i, n = 0, len(norm)
    while i < n:
        ch = norm[i]
        if ch == " ":
            i += 1
            continue
        start = i
        if ch in DIGITS or (ch == "." and i + 1 < n and norm[i + 1] in DIGITS):
            while i < n and norm[i] in DIGITS:
                i += 1
            if i < n and norm[i] == ".":
                i += 1
                while i < n and norm[i] in DIGITS:
                    i += 1
            # Scientific notation only when digits follow: 1e-3, 2E5. "2e^x" and "2e" are 2·e.
            if i < n and norm[i] in "eE":
                j = i + 1
                signed = j < n and norm[j] in "+-"
                if signed:
                    j += 1
                if j < n and norm[j] in DIGITS:
                    while j < n and norm[j] in DIGITS:
                        j += 1
                    if norm[i] not in names:
                        i = j
                    else:                  # e is a variable here: 2e+3 is 2·e + 3, not 2×10³
                        typed = text[where[start]:where[j - 1] + 1]
                        letter, mant = norm[i], norm[start:i]
                        if not signed:
                            raise ParseError(
                                f"'{typed}' at position {where[start] + 1} is ambiguous: {letter} is a variable "
                                f"here — write {mant}*{letter}*{norm[i + 1:j]} or, for a power of ten, "
                                f"{mant}*10^{norm[i + 1:j]}",
                                f"第 {where[start] + 1} 个位置的 '{typed}' 有歧义：{letter} 在这里是变量——"
                                f"请写成 {mant}*{letter}*{norm[i + 1:j]}，若指 10 的幂请写 {mant}*10^{norm[i + 1:j]}",
                                where[start])
                        if notes is not None:
                            sign, power = {"+": "+", "-": "−"}[norm[i + 1]], norm[i + 2:j]
                            notes.append((
                                f"'{typed}' read with the variable {letter}: {mant}·{letter} {sign} {power}, "
                                f"not {mant}×10^{sign.strip('+')}{power}",
                                f"'{typed}' 按变量 {letter} 理解为 {mant}·{letter} {sign} {power}，"
                                f"而不是 {mant}×10^{sign.strip('+')}{power}"))
            lit = norm[start:i]
            if sum(c in DIGITS for c in lit) > MAX_DIGITS:
                raise ParseError(
                    f"the number at position {where[start] + 1} is too long (at most {MAX_DIGITS} digits)",
                    f"第 {where[start] + 1} 个位置的数字太长（最多 {MAX_DIGITS} 位）",
                    where[start],
                )
            mant, _, exp = lit.replace("E", "e").partition("e")
            if exp and abs(int(exp)) > 300:
                raise ParseError(
                    f"the number at position {where[start] + 1} is too large or too small",
                    f"第 {where[start] + 1} 个位置的数字太大或太小",
                    where[start],
                )
            value = Fraction(mant) * (Fraction(10) ** int(exp) if exp else 1)
            tokens.append(Token("num", lit, where[start], value))
            continue
        if ch in GREEK:
            # An index right after a Greek letter belongs to it: β1, β₁ name the variable beta1.
            i += 1
            while i < n and norm[i] in DIGITS:
                i += 1
            tokens.append(Token("name", GREEK[ch] + norm[start + 1:i], where[start]))
            continue
        if _is_name_start(ch):
            while i < n and _is_name_part(norm[i]):
                i += 1
            word = norm[start:i]
            tokens.append(Token("kw" if word in KEYWORDS else "name", word, where[start]))
            continue
        for op in OPERATORS:
            if norm.startswith(op, i):
                tokens.append(Token("op", op, where[start]))
                i += len(op)
                break
        else:
            shown = text[where[start]] if where[start] < len(text) else ch
            raise ParseError(
                f"unexpected character '{shown}' at position {where[start] + 1}",
                f"第 {where[start] + 1} 个位置有无法识别的字符 '{shown}'",
                where[start],
            )
    tokens.append(Token("end", "", where[n] if n < len(where) else len(text)))
    return tokens


def free_names(text: str) -> tuple[str, ...]:
    """The names in ``text`` that are not functions or constants, in order of appearance: the
    variables of an expected answer when none are declared. Raises ParseError for bad tokens."""
    tokens = tokenize(text)
    seen: list[str] = []
    for k, tok in enumerate(tokens):
        if tok.kind != "name" or tok.text in seen or tok.text in CONSTANTS:
            continue
        nxt = tokens[k + 1]
        is_call = nxt.kind == "op" and nxt.text in ("(", "^", "**")
        if canonical_function(tok.text) is not None and is_call:
            continue
        seen.append(tok.text)
    return tuple(seen)
