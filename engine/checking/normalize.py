"""Unicode normalisation of typed answers, keeping a map back to the characters as typed.

Learners type σ(x)(1−σ(x)), tanh²(x), 2×x, full-width （x）, e⁻ˣ ... The lexer only wants ASCII
operators, so this module rewrites those, keeping Greek letters (the lexer reads each one as a name).
Invisible and control characters are rejected rather than dropped: an answer that looks right on
screen but contains a zero-width space should be retyped, not silently reinterpreted.
"""

from __future__ import annotations

import unicodedata

from engine.checking.errors import ParseError

MAX_LENGTH = 400

# A run of superscripts becomes ^( ... ): x² -> x^(2), e⁻ˣ -> e^(-x), tanh²(x) -> tanh^(2)(x).
SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8",
    "⁹": "9", "⁺": "+", "⁻": "-", "⁽": "(", "⁾": ")", "ⁿ": "n", "ˣ": "x", "ⁱ": "i", "ʸ": "y",
}
SUBSCRIPTS = {
    "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9",
}
# Characters with a fixed ASCII meaning (applied before NFKC, which would get some of them wrong).
REPLACEMENTS = {
    "−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-", "‒": "-", "﹣": "-", "－": "-",
    "×": "*", "·": "*", "⋅": "*", "∗": "*", "•": "*", "✕": "*", "✖": "*", "∙": "*", "・": "*",
    "÷": "/", "∕": "/", "⁄": "/",
    "≤": "<=", "≦": "<=", "≥": ">=", "≧": ">=", "≠": "!=", "＝": "=",
    "∣": "|", "｜": "|",
    "（": "(", "）": ")", "，": ",", "？": "?", "：": ":",
    "ℯ": "e",
}
WHITESPACE = {" ", "\t", "\n", "\r"}


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def normalize(text: str) -> tuple[str, list[int]]:
    """Rewrite ``text`` into the lexer's alphabet.

    Returns (normalised text, positions) where positions[i] is the offset in ``text`` of the
    character that produced normalised character i (len(positions) == len(normalised) + 1; the last
    entry is len(text), the end). Raises ParseError for over-long text and for control or invisible
    characters.
    """
    if len(text) > MAX_LENGTH:
        raise ParseError(
            f"the answer is too long ({len(text)} characters; at most {MAX_LENGTH})",
            f"答案太长（{len(text)} 个字符；最多 {MAX_LENGTH} 个）",
            MAX_LENGTH,
        )
    out: list[str] = []
    pos: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in SUPERSCRIPTS or ch in SUBSCRIPTS:
            table = SUPERSCRIPTS if ch in SUPERSCRIPTS else SUBSCRIPTS
            start = i
            run = []
            while i < n and text[i] in table:
                run.append(table[text[i]])
                i += 1
            emitted = ("^(" + "".join(run) + ")") if table is SUPERSCRIPTS else "".join(run)
            out.append(emitted)
            pos.extend([start] * len(emitted))
            continue
        if ch in REPLACEMENTS:
            rep = REPLACEMENTS[ch]
        elif ch in WHITESPACE:
            rep = " "
        else:
            cat = unicodedata.category(ch)
            if cat == "Cc":
                raise ParseError(
                    f"control character {_describe(ch)} at position {i + 1} — delete it and retype",
                    f"第 {i + 1} 个位置有控制字符 {_describe(ch)}，请删除后重新输入",
                    i,
                )
            if cat in ("Cf", "Co", "Cn", "Cs", "Zl", "Zp") or ch in "\u034f\u115f\u1160\u3164\uffa0":
                raise ParseError(
                    f"invisible character {_describe(ch)} at position {i + 1} — delete it and retype",
                    f"第 {i + 1} 个位置有不可见字符 {_describe(ch)}，请删除后重新输入",
                    i,
                )
            if cat == "Zs":
                rep = " "
            elif ch.isascii():
                rep = ch
            else:
                rep = unicodedata.normalize("NFKC", ch)
                rep = "".join(REPLACEMENTS.get(c, c) for c in rep)
        out.append(rep)
        pos.extend([i] * len(rep))
        i += 1
    pos.append(n)
    return "".join(out), pos
