"""LaTeX math -> readable Unicode for a terminal.

The bank writes math as ``$...$`` LaTeX; a terminal cannot typeset it, so the app shows a Unicode
rendering instead: ``\\frac{1}{1+e^{-x}}`` -> ``1/(1 + e⁻ˣ)``, ``a_{l-1}`` -> ``aₗ₋₁``,
``W_l^T`` -> ``W_lᵀ`` (a subscript Unicode lacks falls back to ``_``), ``\\odot`` -> ``⊙``.

    render(text)    mixed prose and $...$ math (what a prompt or explanation holds)
    to_unicode(s)   pure LaTeX math without $ (what a Step.formula holds)

Nothing here raises on odd input: unknown commands lose their backslash, unbalanced braces are
tolerated, so a typo in a bank file never crashes the app.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["render", "to_unicode"]

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
    "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}

# Symbols that read as ordinary letters (no spacing added around them).
ORDINARY = {
    "partial": "∂", "nabla": "∇", "infty": "∞", "ell": "ℓ", "hbar": "ℏ", "emptyset": "∅",
    "sum": "Σ", "prod": "∏", "int": "∫", "ldots": "…", "cdots": "⋯", "dots": "…", "vdots": "⋮",
    "forall": "∀", "exists": "∃", "neg": "¬", "prime": "′", "top": "ᵀ", "intercal": "ᵀ",
    "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    "|": "‖", "Vert": "‖", "vert": "|", "lvert": "|", "rvert": "|", "lVert": "‖", "rVert": "‖",
    "{": "{", "}": "}", "%": "%", "&": "&", "#": "#", "$": "$", "_": "_", "lbrace": "{", "rbrace": "}",
    "degree": "°", "checkmark": "✓",
}

# Binary operators and relations: shown with a space either side.
SPACED = {
    "cdot": "·", "times": "×", "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "circ": "∘", "div": "÷",
    "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆", "bullet": "•",
    "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "cup": "∪", "cap": "∩",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈",
    "sim": "∼", "simeq": "≃", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫", "coloneqq": "≔",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "Rightarrow": "⇒",
    "Leftarrow": "⇐", "iff": "⇔", "Leftrightarrow": "⇔", "leftrightarrow": "↔", "implies": "⇒",
    "mapsto": "↦", "longrightarrow": "⟶", "land": "∧", "wedge": "∧", "lor": "∨", "vee": "∨",
    "mid": "|", "perp": "⊥", "parallel": "∥",
}

# Named functions typeset upright: shown as their name.
FUNCTIONS = {
    "log", "ln", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "sech", "arg", "max", "min",
    "arcsin", "arccos", "arctan", "sec", "csc", "cot", "coth", "erf", "erfc",
    "argmax", "argmin", "det", "lim", "sup", "inf", "dim", "ker", "Pr", "softmax", "diag", "tr",
    "sgn", "sign", "relu", "ReLU", "var", "Var", "Cov", "mathrm", "rank",
}

# Commands whose only argument is shown as is (fonts, text, operator names).
PASSTHROUGH = {
    "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "boldsymbol", "bm", "textbf", "textit",
    "textrm", "emph", "mbox", "operatorname", "mathnormal", "pmb", "textsf", "texttt", "displaystyle",
    "underline", "overline_text", "boxed", "mathop", "text",
}

BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ", "1": "𝟙"}
CALLIGRAPHIC = {"L": "ℒ", "N": "𝒩", "O": "𝒪", "D": "𝒟", "H": "ℋ", "F": "ℱ", "G": "𝒢", "V": "𝒱",
                "E": "ℰ", "X": "𝒳", "Y": "𝒴", "B": "ℬ", "M": "ℳ", "R": "ℛ", "A": "𝒜", "S": "𝒮"}

# Combining marks for accents over a single character.
ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0305",
           "tilde": "\u0303", "widetilde": "\u0303", "vec": "\u20d7", "dot": "\u0307", "ddot": "\u0308"}

SPACES = {",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": "  ", "qquad": "   ",
          "enspace": " ", "thinspace": " ", "medspace": " ", "thickspace": " ", "nobreak": ""}

IGNORED = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
           "biggr", "limits", "nolimits", "displaystyle", "textstyle", "scriptstyle", "middle"}

SUPERSCRIPT = dict(zip(
    "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθιφχ×′'*ᵀ",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᶥᵠᵡˣ′′*ᵀ",
))
SUBSCRIPT = dict(zip(
    "0123456789+-−=()aehijklmnoprstuvxβγρφχ",
    "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
))

_TOKEN = re.compile(r"\\([A-Za-z]+)\s*|\\(.)|(\s+)|(.)", re.S)
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_NEEDS_PARENS = re.compile(r"[\s+\-−=/·×⊙,<>≤≥∈→]")


def render(text: str) -> str:
    """Prose with ``$...$`` math: every math span converted, the $ removed, prose left alone.

    Prose is converted as well when it holds a stray LaTeX command (``\\sigma`` outside $), so no
    raw backslash reaches the learner."""
    out: list[str] = []
    pos = 0
    for m in _MATH.finditer(text):
        out.append(_prose(text[pos:m.start()]))
        out.append(to_unicode(next(g for g in m.groups() if g is not None)))
        pos = m.end()
    out.append(_prose(text[pos:]))
    return "".join(out)


# A one-letter symbol with a subscript written in prose without $ (generator prompts do this):
# "z_l", "a_{l-1}", "δ_l". Longer names ("layer_sizes", "y_hat") are identifiers and stay as they are.
_PROSE_SUBSCRIPT = re.compile(r"(?<![A-Za-z0-9_])([A-Za-zα-ωΑ-Ω])_(\{[^{}]{1,12}\}|[A-Za-z0-9])(?![A-Za-z0-9_{])")


def _prose(text: str) -> str:
    text = _PROSE_SUBSCRIPT.sub(lambda m: to_unicode(m.group()), text)
    if "\\" not in text:
        return text
    return re.sub(r"\\[A-Za-z]+(?:\{[^{}]*\})*|\\[^A-Za-z\s]", lambda m: to_unicode(m.group()), text)


def to_unicode(latex: str) -> str:
    """Pure LaTeX math (no $) -> readable Unicode on one line (cases/matrices stay on one line)."""
    tokens = [(m.group(1) or m.group(2), m.group(3), m.group(4)) for m in _TOKEN.finditer(latex)]
    parser = _Parser(tokens)
    out = parser.sequence(stop=None)
    out = re.sub(r"[ \t]{2,}", " ", out)
    out = re.sub(r"\( ", "(", out)
    out = re.sub(r" \)", ")", out)
    return out.strip()


class _Parser:
    """A small recursive-descent reader over LaTeX tokens (command, whitespace, or one character)."""

    def __init__(self, tokens: list[tuple[str | None, str | None, str | None]]) -> None:
        self.tokens = tokens
        self.i = 0

    # -- token access -------------------------------------------------------------------------------
    def peek(self) -> tuple[str | None, str | None, str | None] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def next(self):
        tok = self.peek()
        self.i += 1
        return tok

    def skip_spaces(self) -> None:
        while (tok := self.peek()) is not None and tok[1] is not None:
            self.i += 1

    def at_char(self, ch: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[2] == ch

    def at_command(self, *names: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] in names

    # -- grammar ------------------------------------------------------------------------------------
    def sequence(self, stop: str | None) -> str:
        """Read atoms until ``stop`` (a closing ``}``, ``]``, ``&``, ``\\\\`` or an \\end) or the end."""
        parts: list[str] = []
        while (tok := self.peek()) is not None:
            cmd, space, ch = tok
            if stop == "}" and ch == "}":
                break
            if stop == "]" and ch == "]":
                break
            if stop == "cell" and (ch == "&" or cmd == "\\" or cmd == "end"):
                break
            if space is not None:
                self.i += 1
                parts.append(" ")
                continue
            if ch in ("^", "_"):
                self.i += 1
                parts.append(self.script(ch, parts))
                continue
            if ch == "-":
                self.i += 1
                parts.append(" − " if _binary_position("".join(parts)) else "−")
                continue
            parts.append(self.atom())
        return "".join(parts)

    def argument(self) -> str:
        """One argument: a {group} or a single token."""
        self.skip_spaces()
        if self.at_char("{"):
            self.i += 1
            inner = self.sequence(stop="}")
            if self.at_char("}"):
                self.i += 1
            return inner
        if self.peek() is None:
            return ""
        return self.atom()

    def optional_argument(self) -> str | None:
        self.skip_spaces()
        if self.at_char("["):
            self.i += 1
            inner = self.sequence(stop="]")
            if self.at_char("]"):
                self.i += 1
            return inner
        return None

    def script(self, kind: str, parts: list[str]) -> str:
        self.skip_spaces()
        content = self.argument().strip()
        if kind == "^" and content in ("\\prime", "′"):
            return "′"
        table = SUPERSCRIPT if kind == "^" else SUBSCRIPT
        compact = content.replace(" ", "")
        if compact and all(c in table for c in compact):
            return "".join(table[c] for c in compact)
        if kind == "^" and compact in ("T", "⊤", "ᵀ"):
            return "ᵀ"
        if len(compact) == 1 or (compact.isascii() and compact.isalnum()):
            return kind + compact
        if content.startswith("(") and content.endswith(")") and _balanced(content[1:-1]):
            return kind + content
        return f"{kind}({content})"

    def atom(self) -> str:
        cmd, _space, ch = self.next()
        if cmd is None:
            if ch == "{":
                inner = self.sequence(stop="}")
                if self.at_char("}"):
                    self.i += 1
                return inner
            if ch == "}":
                return ""  # unbalanced: tolerate
            if ch == "~":
                return " "
            if ch == "&":
                return " "
            if ch in "=<>+":
                return f" {ch} "
            if ch == "-":
                return "−"
            if ch == "*":
                return "*"
            return ch
        return self.command(cmd)

    def command(self, cmd: str) -> str:
        if cmd in GREEK:
            return GREEK[cmd]
        if cmd in SPACED:
            return f" {SPACED[cmd]} "
        if cmd in ORDINARY:
            return ORDINARY[cmd]
        if cmd in SPACES:
            return SPACES[cmd]
        if cmd == "\\":
            return "; "
        if cmd in IGNORED:
            # \left( keeps its delimiter; \left. is an invisible one.
            self.skip_spaces()
            if self.at_char("."):
                self.i += 1
            return ""
        if cmd in ("frac", "dfrac", "tfrac", "cfrac"):
            num, den = self.argument().strip(), self.argument().strip()
            return f"{_paren(num)}/{_paren(den)}"
        if cmd == "binom":
            n, k = self.argument().strip(), self.argument().strip()
            return f"C({n}, {k})"
        if cmd == "sqrt":
            index = self.optional_argument()
            body = self.argument().strip()
            root = "√" if not index else {"3": "∛", "4": "∜"}.get(index.strip(), to_sup(index.strip()) + "√")
            return root + _paren(body)
        if cmd == "mathbb":
            body = self.argument().strip()
            return "".join(BLACKBOARD.get(c, c) for c in body)
        if cmd == "mathcal":
            body = self.argument().strip()
            return "".join(CALLIGRAPHIC.get(c, c) for c in body)
        if cmd in ACCENTS:
            body = self.argument().strip()
            return unicodedata.normalize("NFC", body + ACCENTS[cmd]) if len(body) == 1 else f"{cmd}({body})"
        if cmd in PASSTHROUGH:
            return self.argument()
        if cmd in FUNCTIONS:
            return cmd + self._space_before_operand()
        if cmd == "begin":
            return self.environment(self.argument().strip())
        if cmd == "end":
            self.argument()
            return ""
        if cmd in ("not",):
            return "¬"
        if cmd in ("operatorname*",):
            return self.argument()
        # Unknown command: keep its name, never the backslash.
        return cmd + self._space_before_operand()

    def _space_before_operand(self) -> str:
        """\\log p reads "log p": a named function keeps one space before a letter operand."""
        tok = self.peek()
        if tok is None:
            return ""
        cmd, _space, ch = tok
        if (ch is not None and ch.isalnum()) or (cmd is not None and (cmd in GREEK or cmd in ORDINARY)):
            return " "
        return ""

    def environment(self, name: str) -> str:
        rows: list[list[str]] = [[]]
        while self.peek() is not None:
            if self.at_command("end"):
                self.i += 1
                self.argument()
                break
            cell = self.sequence(stop="cell").strip()
            rows[-1].append(cell)
            if self.at_char("&"):
                self.i += 1
            elif self.at_command("\\"):
                self.i += 1
                rows.append([])
        rows = [r for r in rows if any(c for c in r)]
        base = name.rstrip("*")
        if base == "cases":
            return "{ " + "; ".join(_case(r) for r in rows) + " }"
        if base.endswith("matrix"):
            if all(len(r) == 1 for r in rows) and len(rows) > 1:
                return "[" + ", ".join(r[0] for r in rows) + "]ᵀ"
            return "[" + ", ".join("[" + ", ".join(r) + "]" for r in rows) + "]"
        return "; ".join(" ".join(c for c in r if c) for r in rows)


def _binary_position(before: str) -> bool:
    """A minus after an operand is subtraction (spaced); at the start or after an operator, a sign."""
    before = before.rstrip()
    return bool(before) and before[-1] not in "([{,;=+−×·⊙<>≤≥→∈:|/^_±"


def _case(row: list[str]) -> str:
    value = row[0] if row else ""
    cond = " ".join(row[1:]).strip()
    if not cond:
        return value
    if re.match(r"(?i)(if|otherwise|else|when|for)\b", cond) or _CJK.search(cond):
        return f"{value} {cond}"
    return f"{value} if {cond}"


def _paren(s: str) -> str:
    """Parenthesise a fraction's part when it is more than one term, e.g. 1/(1 + e⁻ˣ)."""
    s = s.strip()
    if s.startswith("(") and s.endswith(")") and _balanced(s[1:-1]):
        return s
    return f"({s})" if _NEEDS_PARENS.search(s) else s


def _balanced(s: str) -> bool:
    depth = 0
    for c in s:
        depth += (c == "(") - (c == ")")
        if depth < 0:
            return False
    return depth == 0


def to_sup(s: str) -> str:
    return "".join(SUPERSCRIPT.get(c, c) for c in s)
