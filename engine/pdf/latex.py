"""LaTeX math (the bank's ``$...$``, a step's formula) -> Typst math, or ``Unsafe`` when it cannot be
converted faithfully.

The output is built from a closed vocabulary, so bank text can never inject Typst code:

    letters and digits          one atom each, separated by spaces (Typst reads ``ab`` as one name)
    punctuation                 backslash-escaped (``\\(``, ``\\,``, ``\\/``): a literal glyph, never a
                                delimiter, argument separator or shorthand
    commands                    only the names in the tables below, mapped to Typst symbols/functions
                                whose parentheses and commas this module writes itself
    text (\\text, \\mathrm ...)    a Typst string literal, escaped (``string_literal``)
    + - = < > | ! ? : *         as they are: atoms are spaced, so no shorthand (``->``) can form
    other characters            non-ASCII letters and symbols as they are (they cannot start code)

Environments: cases and the matrix ones (cells and rows become Typst ``cases``/``mat`` arguments).
Anything else (an unknown command or environment, a stray ``&``, unbalanced braces) raises
``Unsafe``; the caller then prints the formula as readable Unicode (engine.mathtext) instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class Unsafe(ValueError):
    """The LaTeX uses something this converter does not translate."""


def string_literal(text: str) -> str:
    """``text`` as a Typst string literal: shown verbatim wherever Typst displays it."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append(" ")
        elif ord(ch) < 32 or ord(ch) == 127:
            continue
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


GREEK = {
    "alpha": "alpha", "beta": "beta", "gamma": "gamma", "delta": "delta", "epsilon": "epsilon.alt",
    "varepsilon": "epsilon", "zeta": "zeta", "eta": "eta", "theta": "theta", "vartheta": "theta.alt",
    "iota": "iota", "kappa": "kappa", "lambda": "lambda", "mu": "mu", "nu": "nu", "xi": "xi", "pi": "pi",
    "varpi": "pi.alt", "rho": "rho", "varrho": "rho.alt", "sigma": "sigma", "varsigma": "sigma.alt",
    "tau": "tau", "upsilon": "upsilon", "phi": "phi.alt", "varphi": "phi", "chi": "chi", "psi": "psi",
    "omega": "omega", "Gamma": "Gamma", "Delta": "Delta", "Theta": "Theta", "Lambda": "Lambda", "Xi": "Xi",
    "Pi": "Pi", "Sigma": "Sigma", "Upsilon": "Upsilon", "Phi": "Phi", "Psi": "Psi", "Omega": "Omega",
}
SYMBOLS = {
    "times": "times", "cdot": "dot.op", "cdotp": "dot.op", "odot": "dot.o", "otimes": "times.o",
    "oplus": "plus.o", "pm": "plus.minus", "mp": "minus.plus", "div": "div", "ast": "ast", "star": "star",
    "circ": "compose", "le": "lt.eq", "leq": "lt.eq", "ge": "gt.eq", "geq": "gt.eq", "ne": "eq.not",
    "neq": "eq.not", "approx": "approx", "equiv": "equiv", "sim": "tilde.op", "simeq": "tilde.eq",
    "propto": "prop", "ll": "lt.double", "gg": "gt.double", "in": "in", "notin": "in.not",
    "subset": "subset", "subseteq": "subset.eq", "supset": "supset", "cup": "union", "cap": "sect",
    "infty": "infinity", "partial": "partial", "nabla": "nabla", "forall": "forall", "exists": "exists",
    "to": "arrow.r", "rightarrow": "arrow.r", "leftarrow": "arrow.l", "gets": "arrow.l",
    "leftrightarrow": "arrow.l.r", "Rightarrow": "arrow.r.double", "Leftarrow": "arrow.l.double",
    "Leftrightarrow": "arrow.l.r.double", "implies": "arrow.r.double.long", "iff": "arrow.l.r.double.long",
    "mapsto": "arrow.r.bar", "longrightarrow": "arrow.r.long", "uparrow": "arrow.t", "downarrow": "arrow.b",
    "mid": "bar.v", "vert": "bar.v", "lvert": "bar.v", "rvert": "bar.v", "|": "bar.v.double",
    "Vert": "bar.v.double", "lVert": "bar.v.double", "rVert": "bar.v.double", "top": "top", "bot": "bot",
    "perp": "perp", "intercal": "top", "ldots": "dots.h", "dots": "dots.h", "cdots": "dots.c",
    "vdots": "dots.v", "ddots": "dots.down", "prime": "prime", "ell": "ell", "emptyset": "emptyset",
    "varnothing": "emptyset", "neg": "not", "lnot": "not", "land": "and", "wedge": "and", "lor": "or",
    "vee": "or", "lfloor": "floor.l", "rfloor": "floor.r", "lceil": "ceil.l", "rceil": "ceil.r",
    "langle": "angle.l", "rangle": "angle.r", "setminus": "without", "backslash": "backslash",
    "sum": "sum", "prod": "product", "int": "integral", "oint": "integral.cont", "bigcup": "union.big",
    "bigcap": "sect.big", "angle": "angle", "triangle": "triangle.stroked.t", "checkmark": "checkmark",
    "{": "\\{", "}": "\\}", "_": "\\_", "%": "\\%", "&": "\\&", "#": "\\#", "$": "\\$",
}
# Upright operator names Typst defines itself (``$log x$``).
OPERATORS = frozenset({
    "log", "ln", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "cot", "sec", "csc", "arcsin",
    "arccos", "arctan", "max", "min", "arg", "lim", "sup", "inf", "det", "dim", "ker", "deg", "gcd",
    "Pr", "liminf", "limsup",
})
SPACES = {",": "thin", ":": "med", ">": "med", ";": "thick", " ": "space", "quad": "quad",
          "qquad": "wide", "!": ""}
ACCENTS = {   # one argument -> Typst function
    "hat": "hat", "widehat": "hat", "tilde": "tilde", "widetilde": "tilde", "bar": "overline",
    "overline": "overline", "underline": "underline", "vec": "arrow", "dot": "dot", "ddot": "dot.double",
    "mathbf": "bold", "boldsymbol": "bold", "bm": "bold", "mathcal": "cal", "mathbb": "bb",
    "mathit": "italic", "mathsf": "sans", "mathtt": "mono", "sqrt": "sqrt",
}
TEXTS = frozenset({"text", "textrm", "mathrm", "textit", "textbf", "mbox", "textsf", "texttt"})
FRACTIONS = frozenset({"frac", "dfrac", "tfrac", "cfrac"})
IGNORED = frozenset({   # sizes and styles: Typst sizes delimiters and scripts itself
    "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr",
    "textstyle", "displaystyle", "scriptstyle", "limits", "nolimits", "nonumber",
})
ENVIRONMENTS = {"cases": "", "matrix": "#none", "pmatrix": '"("', "bmatrix": '"["', "Bmatrix": '"{"',
                "vmatrix": '"|"', "Vmatrix": '"||"'}
DELIMITERS = {"(": "\\(", ")": "\\)", "[": "\\[", "]": "\\]", "|": "bar.v", ".": ""}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)", re.DOTALL)
# ASCII punctuation Typst shows as the math symbol (spaced atoms never form a shorthand such as ->)
_PLAIN = set("+-=<>|!?:*")
# ... and punctuation that would be syntax (fraction, argument separators, delimiters): escaped
_ESCAPED = set("/;,.()[]@`\"")


@dataclass
class _Atom:
    code: str
    simple: bool = True    # one token: usable as a sub/superscript without parentheses


class _Parser:
    def __init__(self, src: str) -> None:
        self.src = src
        self.pos = 0

    # ------------------------------------------------------------------ reading
    def peek(self) -> str:
        return self.src[self.pos] if self.pos < len(self.src) else ""

    def skip_space(self) -> None:
        while self.pos < len(self.src) and self.src[self.pos].isspace():
            self.pos += 1

    def command(self) -> str:
        m = _COMMAND.match(self.src, self.pos)
        if not m:
            raise Unsafe("a lone backslash")
        self.pos = m.end()
        name = m.group(1)
        if name.isalpha():
            # a command name ends at the first non-letter; the space after it is part of the command
            while self.pos < len(self.src) and self.src[self.pos] == " ":
                self.pos += 1
        return name

    def raw_group(self) -> str:
        """The text of a ``{...}`` argument as written (for \\text{...}), with \\_ \\{ etc. unescaped."""
        self.skip_space()
        if self.peek() != "{":
            raise Unsafe("\\text without braces")
        depth, start = 0, self.pos
        while self.pos < len(self.src):
            ch = self.src[self.pos]
            if ch == "\\":
                self.pos += 2
                continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    self.pos += 1
                    inner = self.src[start + 1:self.pos - 1]
                    if re.search(r"\\[A-Za-z]|\$", inner):
                        raise Unsafe("a command inside \\text")
                    return re.sub(r"\\(.)", r"\1", inner)
            self.pos += 1
        raise Unsafe("unbalanced braces")

    # ------------------------------------------------------------------ parsing
    def sequence(self, until: str = "") -> list[_Atom]:
        atoms: list[_Atom] = []
        while True:
            self.skip_space()
            ch = self.peek()
            if not ch:
                if until:
                    raise Unsafe("unbalanced braces")
                return atoms
            if until == "}" and ch == "}":
                self.pos += 1
                return atoms
            if until == "right" and self.src.startswith("\\right", self.pos) and \
                    not self.src[self.pos + 6:self.pos + 7].isalpha():
                return atoms
            if until == "cell" and (ch == "&" or self.src.startswith(("\\\\", "\\end"), self.pos)):
                return atoms
            if ch == "}":
                raise Unsafe("unbalanced braces")
            if ch in "^_":
                base = atoms.pop() if atoms else _Atom('""')
                atoms.append(self.script(base))
                continue
            if ch == "'":
                primes = 0
                while self.peek() == "'":
                    primes += 1
                    self.pos += 1
                base = atoms.pop() if atoms else _Atom('""')
                atoms.append(_Atom(base.code + "'" * primes, False))
                continue
            atom = self.atom()
            if atom is not None:
                atoms.append(atom)

    def script(self, base: _Atom) -> _Atom:
        code = base.code
        while self.peek() in ("^", "_") and self.peek():
            mark = self.src[self.pos]
            self.pos += 1
            self.skip_space()
            arg = self.argument()
            code += mark + (arg.code if arg.simple and arg.code else f"({arg.code})")
            self.skip_space()
        return _Atom(code, False)

    def argument(self) -> _Atom:
        """One argument: a {group}, a command with its own arguments, or a single character."""
        arg = self._argument()
        if not arg.code.strip():
            raise Unsafe("an empty argument")
        return arg

    def _argument(self) -> _Atom:
        self.skip_space()
        ch = self.peek()
        if ch == "{":
            self.pos += 1
            return _join(self.sequence("}"))
        if ch == "\\":
            atom = self.atom()
            return atom if atom is not None else _Atom("")
        if not ch:
            raise Unsafe("an argument is missing")
        if ch.isdigit():     # x^2 takes ONE digit in LaTeX
            self.pos += 1
            return _Atom(ch)
        atom = self.atom()
        return atom if atom is not None else _Atom("")

    def atom(self) -> _Atom | None:
        ch = self.peek()
        if ch == "{":
            self.pos += 1
            inner = _join(self.sequence("}"))
            return _Atom(f"({inner.code})" if not inner.simple else inner.code, inner.simple)
        if ch == "\\":
            return self.control()
        m = _NUMBER.match(self.src, self.pos)
        if m:
            self.pos = m.end()
            return _Atom(m.group(), len(m.group()) == 1)
        self.pos += 1
        if ch.isascii() and ch.isalpha():
            return _Atom(ch)
        if ch == "&" or ch == "#" or ch == "$" or ch == "%":
            raise Unsafe(f"{ch!r} in math")
        if ch in _PLAIN:
            return _Atom(ch)
        if ch in _ESCAPED:
            return _Atom("\\" + ch)
        if ch == "~":
            return _Atom("space.nobreak")
        if ch.isascii():
            raise Unsafe(f"character {ch!r}")
        if ch.isprintable():
            return _Atom(ch)     # a Greek letter, a symbol, a CJK character: plain text to Typst
        raise Unsafe(f"character {ch!r}")

    def control(self) -> _Atom | None:
        name = self.command()
        if name in GREEK:
            return _Atom(GREEK[name])
        if name in SYMBOLS:
            return _Atom(SYMBOLS[name])
        if name in OPERATORS:
            return _Atom(name)
        if name in SPACES:
            return _Atom(SPACES[name]) if SPACES[name] else None
        if name == "left":
            return self.left_right()
        if name == "begin":
            return self.environment()
        if name in IGNORED:
            return None
        if name in TEXTS:
            text = self.raw_group()
            return _Atom(f'upright({string_literal(text)})' if name == "mathrm" else string_literal(text))
        if name == "operatorname":
            return _Atom(f"op({string_literal(self.raw_group())})")
        if name in FRACTIONS:
            num, den = self.argument(), self.argument()
            return _Atom(f"frac({num.code}, {den.code})")
        if name == "binom":
            top, bottom = self.argument(), self.argument()
            return _Atom(f"binom({top.code}, {bottom.code})")
        if name == "sqrt":
            self.skip_space()
            if self.peek() == "[":
                end = self.src.find("]", self.pos)
                if end < 0:
                    raise Unsafe("\\sqrt[ without ]")
                index = _join(_Parser(self.src[self.pos + 1:end]).sequence())
                self.pos = end + 1
                return _Atom(f"root({index.code}, {self.argument().code})")
            return _Atom(f"sqrt({self.argument().code})")
        if name in ACCENTS:
            return _Atom(f"{ACCENTS[name]}({self.argument().code})")
        raise Unsafe(f"\\{name}")

    def environment(self) -> _Atom:
        """cases and the matrix environments: cells split at & and rows at \\\\."""
        env = self.raw_group()
        if env not in ENVIRONMENTS:
            raise Unsafe(f"environment {env}")
        rows: list[list[str]] = [[]]
        while True:
            rows[-1].append(_join(self.sequence("cell")).code)
            if self.peek() == "&":
                self.pos += 1
            elif self.src.startswith("\\\\", self.pos):
                self.pos += 2
                rows.append([])
            else:
                self.command()            # \end
                if self.raw_group() != env:
                    raise Unsafe(f"\\begin{{{env}}} closed by another \\end")
                break
        if rows[-1] in ([], [""]):
            rows.pop()
        if not rows:
            raise Unsafe("an empty environment")
        if env == "cases":
            return _Atom("cases(" + ", ".join(" & ".join(r) for r in rows) + ")", False)
        width = max(len(r) for r in rows)
        cells = "; ".join(", ".join(r + ['""'] * (width - len(r))) for r in rows)
        return _Atom(f"mat(delim: {ENVIRONMENTS[env]}, {cells})", False)

    def left_right(self) -> _Atom:
        opening = self.delimiter()
        inner = _join(self.sequence("right"))
        self.command()   # \right
        closing = self.delimiter()
        return _Atom(f"lr({opening} {inner.code} {closing})", False)

    def delimiter(self) -> str:
        self.skip_space()
        ch = self.peek()
        if ch == "\\":
            name = self.command()
            if name in ("{", "}"):
                return "\\" + name
            if name in ("|", "Vert", "lVert", "rVert", "vert", "lvert", "rvert", "langle", "rangle",
                        "lfloor", "rfloor", "lceil", "rceil"):
                return SYMBOLS[name]
            raise Unsafe(f"delimiter \\{name}")
        if ch in DELIMITERS:
            self.pos += 1
            return DELIMITERS[ch]
        raise Unsafe(f"delimiter {ch!r}")


def _join(atoms: list[_Atom]) -> _Atom:
    if len(atoms) == 1:
        return atoms[0]
    return _Atom(" ".join(a.code for a in atoms if a.code), False)


def to_typst(latex: str) -> str:
    """The Typst math (without ``$``) for ``latex``; raises Unsafe when it cannot be converted."""
    code = _join(_Parser(latex).sequence()).code
    return code if code.strip() else '""'
