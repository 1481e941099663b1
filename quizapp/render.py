"""Plain-text renderings shared by screens: numbers, vectors and matrices, the right answer of a
question, and a generated exercise's given values and worked solution."""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text as RichText

from engine.bank.model import (ChoiceAnswer, GeneratedAnswer, MultiAnswer, NumericAnswer, OpenAnswer,
                               Question, SymbolicAnswer, TrueFalseAnswer)
from engine.mathtext import render as math, to_unicode
from engine.numbers import number  # noqa: F401  (re-exported: screens import it from here)
from quizapp.i18n import t

LETTERS = "ABCDEFGHIJ"


NOISE = 1e-12    # relative to the largest entry: below it a value is floating-point noise, shown as 0


def denoise(v: Any) -> Any:
    """Entries that are rounding noise next to the largest one (-3.768e-17 beside 0.5) become 0, for
    display only (grading uses the exact values and its own zero level)."""
    if hasattr(v, "tolist"):
        v = v.tolist()
    flat: list[float] = []

    def walk(x: Any) -> None:
        if isinstance(x, (list, tuple)):
            for y in x:
                walk(y)
        elif isinstance(x, (int, float)) and not isinstance(x, bool):
            flat.append(abs(float(x)))

    walk(v)
    finite = [x for x in flat if x == x and x != float("inf")]
    level = NOISE * max(max(finite, default=0.0), 1.0)

    def clean(x: Any) -> Any:
        if isinstance(x, (list, tuple)):
            return [clean(y) for y in x]
        if isinstance(x, float) and abs(x) < level:
            return 0.0
        return x

    return clean(v)


def value(v: Any, digits: int = 4) -> str:
    """A number, vector [a, b] or matrix [[a, b], [c, d]] on one line."""
    v = denoise(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(value(x, digits) for x in v) + "]"
    return number(v, digits)


def matrix_lines(v: Any, digits: int = 4) -> list[str]:
    """A matrix as aligned rows (a vector as one row; a number as itself) for a block of text."""
    v = denoise(v)
    if not isinstance(v, (list, tuple)):
        return [number(v, digits)]
    if not v or not isinstance(v[0], (list, tuple)):
        return ["[ " + "  ".join(number(x, digits) for x in v) + " ]"]
    cells = [[number(x, digits) for x in row] for row in v]
    width = max(len(c) for row in cells for c in row)
    return ["[ " + "  ".join(c.rjust(width) for c in row) + " ]" for row in cells]


def step_name(name: str) -> str:
    """A step's short name for display: "delta_2" -> "δ₂", "dW_1" -> "dW₁"; others unchanged."""
    import re


    from engine.mathtext import GREEK

    m = re.fullmatch(r"([A-Za-z]+)_(\d+)", name)
    if not m:
        return name
    base = GREEK.get(m.group(1), m.group(1))
    return to_unicode(f"{{{base}}}_{{{m.group(2)}}}")


def option_label(i: int) -> str:
    return LETTERS[i]


def right_answer(question: Question, lang: str) -> str:
    """The right answer in words, for the feedback panel (generated: see worked solution)."""
    a = question.answer
    if isinstance(a, ChoiceAnswer):
        return f"{option_label(a.correct)}. {plain(a.options[a.correct](lang))}"
    if isinstance(a, MultiAnswer):
        return "; ".join(f"{option_label(i)}. {plain(a.options[i](lang))}" for i in sorted(a.correct))
    if isinstance(a, TrueFalseAnswer):
        return t("q.true" if a.correct else "q.false", lang)
    if isinstance(a, NumericAnswer):
        return value(a.value)
    if isinstance(a, SymbolicAnswer):
        return pretty_formula(a) + (f"   ({plain(a.form(lang))})" if a.form else "")
    if isinstance(a, OpenAnswer):
        return plain(a.model_answer(lang))
    if isinstance(a, GeneratedAnswer):
        return ""
    return ""


def pretty_formula(answer: SymbolicAnswer) -> str:
    """The expected formula as the live preview shows formulas ("−p1·p2", "σ(a − b)"), or the bank's
    text as written when the checker's parser cannot read it (a bank typo must not hide the answer)."""
    from engine.checking import parse

    try:
        return parse(answer.expected, variables=answer.variables, aliases=answer.aliases).pretty()
    except Exception:
        return answer.expected


def response_text(question: Question, response: Any, lang: str) -> str:
    """What the learner answered, readable."""
    a = question.answer
    # Options are named by letter AND text: the letters are the order the learner saw, which may
    # differ from the next time the question is shown.
    if isinstance(a, (ChoiceAnswer,)) and isinstance(response, int):
        return _option_named(a, response, lang)
    if isinstance(a, MultiAnswer) and isinstance(response, (set, frozenset, list, tuple)):
        return "; ".join(_option_named(a, i, lang) for i in sorted(response)) or "—"
    if isinstance(a, TrueFalseAnswer) and isinstance(response, bool):
        return t("q.true" if response else "q.false", lang)
    if isinstance(response, dict):
        return "; ".join(f"{k} = {_typed(v)}" for k, v in response.items())
    return _typed(response)


def _option_named(answer: ChoiceAnswer | MultiAnswer, index: int, lang: str, width: int = 48) -> str:
    if not 0 <= index < len(answer.options):
        return option_label(index)
    text = " ".join(plain(answer.options[index](lang)).split())
    return f"{option_label(index)} ({text if len(text) <= width else text[:width - 1] + '…'})"


def _typed(v: Any) -> str:
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_typed(x) for x in v) + "]"
    return str(v)


# How a given value's name is shown: the names the exercise's own prompt and formulas use.
GIVEN_NAMES = {"h_prev": "h_(t−1)", "c_prev": "c_(t−1)"}


def given_lines(given: dict[str, Any], digits: int = 4) -> list[str]:
    """The given values of an exercise: scalars as "name = v", arrays as a name line then rows; a
    table of values per gate (the LSTM's W = {i: .., f: ..}) as one entry per gate, W_i, W_f, ..."""
    lines: list[str] = []
    for name, v in given.items():
        name = GIVEN_NAMES.get(name, name)
        if hasattr(v, "tolist"):
            v = v.tolist()
        if isinstance(v, dict):
            lines += given_lines({f"{name}_{key}": sub for key, sub in v.items()}, digits)
            continue
        if isinstance(v, (list, tuple)) and v and isinstance(v[0], (list, tuple)) and isinstance(v[0][0], (list, tuple)):
            # a list of matrices (e.g. the weights of every layer): one block each
            for i, m in enumerate(v, start=1):
                lines += _block(f"{name}[{i}]", m, digits)
        elif isinstance(v, (list, tuple)) and v and isinstance(v[0], (list, tuple)) and _ragged(v):
            for i, m in enumerate(v, start=1):
                lines += _block(f"{name}[{i}]", m, digits)
        elif isinstance(v, (int, float)) or (isinstance(v, (list, tuple)) and all(isinstance(x, (int, float)) for x in v)):
            lines.append(f"{name} = {value(v, digits)}")
        elif isinstance(v, str):
            lines.append(f"{name} = {v}")
        else:
            lines += _block(name, v, digits)
    return lines


def _ragged(v: list) -> bool:
    return len({len(row) if isinstance(row, (list, tuple)) else -1 for row in v}) > 1


def _block(name: str, v: Any, digits: int) -> list[str]:
    rows = matrix_lines(v, digits)
    if len(rows) == 1:
        return [f"{name} = {rows[0]}"]
    pad = " " * (len(name) + 3)
    return [f"{name} = {rows[0]}"] + [pad + r for r in rows[1:]]


def worked_solution_lines(exercise: Any, lang: str) -> list[str]:
    """Each step of a generated exercise: its label, the formula, and the value."""
    lines: list[str] = []
    for step in exercise.steps:
        label = step.label(lang) if step.label else step.name
        lines.append(f"{label}")
        lines.append(f"    {to_unicode(step.formula)}")
        for i, row in enumerate(matrix_lines(step.value)):
            lines.append(f"    = {row}" if i == 0 else f"      {row}")
        lines.append("")
    return lines


# ---------------------------------------------------------------- bank text on the terminal

_MARKS = re.compile(r"\*\*(.+?)\*\*|`([^`\n]+)`", re.DOTALL)


def markdown_styles(text: str) -> RichText:
    """**bold** and `code` of bank text (math already rendered) as styles instead of raw markers."""
    out = RichText()
    pos = 0
    for m in _MARKS.finditer(text):
        out.append(text[pos:m.start()])
        if m.group(1) is not None:
            out.append(m.group(1), style="bold")
        else:
            out.append(m.group(2), style="bold cyan")
        pos = m.end()
    out.append(text[pos:])
    return out


def shown(text: str) -> RichText:
    """Bank text as the terminal shows it: math as Unicode, **bold** bold, `code` highlighted."""
    return markdown_styles(math(text))


def plain(text: str) -> str:
    """Bank text as plain Unicode (math rendered, Markdown markers dropped) for one-line summaries."""
    return _MARKS.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), math(text))
