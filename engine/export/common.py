"""What every exporter shares: the chosen language, math delimiters, a little HTML, answers as text.

Bank text is Markdown-ish prose with math as ``$...$`` (or ``$$...$$``) LaTeX, fenced code blocks and
inline code. Each format wants the math differently:

    markdown       kept as $...$                      (the file is Markdown already)
    anki, moodle,  HTML with MathJax's \\( \\) and \\[ \\]   (both render MathJax)
    gift
    csv            readable Unicode (engine.mathtext)   (flashcard tools rarely render LaTeX)
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from engine.bank.model import (
    ChoiceAnswer,
    GeneratedAnswer,
    MultiAnswer,
    NumericAnswer,
    NumericPart,
    OpenAnswer,
    Question,
    SymbolicAnswer,
    TrueFalseAnswer,
)
from engine.text import Text

ExportLang = Literal["zh", "en", "both"]
EXPORT_LANGS: tuple[str, ...] = ("zh", "en", "both")

Progress = Callable[[int, int], None]   # (done, total)


@dataclass(frozen=True)
class ExportOptions:
    lang: ExportLang = "both"
    answers: bool = True                 # False: a question sheet without the answer key
    deck: str = "quizapp"                # Anki: the parent deck's name
    progress: Progress | None = None


LABELS: dict[str, Text] = {
    "answer": Text("答案", "Answer"),
    "answers": Text("答案", "Answers"),
    "explanation": Text("解析", "Explanation"),
    "source": Text("出处", "Source"),
    "model_answer": Text("参考答案", "Model answer"),
    "key_points": Text("要点", "Key points"),
    "true": Text("正确", "True"),
    "false": Text("错误", "False"),
    "form": Text("形式", "Form"),
    "variables": Text("变量", "Variables"),
    "difficulty": Text("难度", "Difficulty"),
    "tolerance": Text("允许误差", "Tolerance"),
    "select_all": Text("（多选）", "(select all that apply)"),
    "write_expression": Text("写出表达式", "Write the expression"),
    "value_at": Text("评分方式：写出表达式后，填写它在 {point} 处的值（任何等价写法得到同一个数）",
                     "Graded by value: enter your expression's value at {point} (every equivalent form gives the same number)"),
}


def pick(text: Text, lang: str, sep: str = "\n\n") -> str:
    """One language, or both (Chinese first) joined by ``sep``."""
    if lang == "both":
        return text.zh if text.zh == text.en else f"{text.zh}{sep}{text.en}"
    return text(lang)


def label(key: str, lang: str) -> str:
    return pick(LABELS[key], lang, " / ")


def letter(index: int) -> str:
    return chr(ord("A") + index)


# ---------------------------------------------------------------- splitting text into its parts

_PARTS = re.compile(
    r"(?P<block>```[^\n]*\n.*?```)"            # fenced code block (language tag allowed)
    r"|(?P<code>`[^`\n]+`)"                    # inline code
    r"|(?P<display>\$\$.+?\$\$)"               # display math
    r"|(?P<math>(?<!\\)\$(?:\\.|[^$\\])+?\$)"  # inline math; \$ is a literal dollar
    , re.DOTALL)


def parts(text: str) -> list[tuple[str, str]]:
    """[(kind, content)] with kind in text | block | code | display | math; delimiters removed."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _PARTS.finditer(text):
        if m.start() > pos:
            out.append(("text", text[pos:m.start()].replace("\\$", "$")))
        kind = m.lastgroup
        s = m.group()
        if kind == "block":
            out.append((kind, s[s.index("\n") + 1:-3]))
        elif kind == "code":
            out.append((kind, s[1:-1]))
        elif kind == "display":
            out.append((kind, s[2:-2]))
        else:
            out.append((kind, s[1:-1]))
        pos = m.end()
    if pos < len(text):
        out.append(("text", text[pos:].replace("\\$", "$")))
    return out


def map_math(text: str, fn: Callable[[str], str]) -> str:
    """``text`` with ``fn`` applied to the LaTeX of every $...$ / $$...$$ span (delimiters, prose and
    code untouched)."""
    def one(m: re.Match) -> str:
        if m.lastgroup == "display":
            return f"$${fn(m.group()[2:-2])}$$"
        if m.lastgroup == "math":
            return f"${fn(m.group()[1:-1])}$"
        return m.group()

    return _PARTS.sub(one, text)


_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


def to_html(text: str) -> str:
    """Bank text -> an HTML fragment: escaped prose with <br> line breaks and **bold**, code in
    <code>/<pre>, math as MathJax \\( \\) / \\[ \\] (its LaTeX HTML-escaped, which MathJax reads back)."""
    out = []
    for kind, s in parts(text):
        if kind == "text":
            out.append(_BOLD.sub(r"<b>\1</b>", html.escape(s, quote=False)).replace("\n", "<br>"))
        elif kind == "block":
            out.append(f"<pre><code>{html.escape(s.rstrip(), quote=False)}</code></pre>")
        elif kind == "code":
            out.append(f"<code>{html.escape(s, quote=False)}</code>")
        elif kind == "display":
            out.append(f"\\[{html.escape(s, quote=False)}\\]")
        else:
            out.append(f"\\({html.escape(s, quote=False)}\\)")
    return "".join(out)


_ROW_END = re.compile(r"\\cr(?![A-Za-z])")
_MATRIX = re.compile(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", re.DOTALL)


def _plain_matrix(body: str) -> str:
    """A bmatrix of numbers as aligned rows, each on its own indented line: "  [ 0.5  −1 ]"."""
    from engine.mathtext import to_unicode

    rows = [[to_unicode(c.strip()) for c in row.split("&")] for row in body.split("\\\\") if row.strip()]
    widths = [max(len(r[i]) for r in rows if i < len(r)) for i in range(max(len(r) for r in rows))]
    lines = ["[ " + "  ".join(c.rjust(w) for c, w in zip(r, widths)) + " ]" for r in rows]
    return " " + lines[0] if len(lines) == 1 else "\n" + "\n".join("  " + line for line in lines)


def plain_math(latex: str) -> str:
    """LaTeX -> readable Unicode (engine.mathtext), matrices as aligned rows on their own lines."""
    from engine.mathtext import to_unicode

    latex = _ROW_END.sub(r"\\\\", latex)   # engine.mathtext knows the \\ row break
    out, pos = [], 0
    for m in _MATRIX.finditer(latex):
        before = latex[pos:m.start()]
        out += [to_unicode(before) if before.strip() else before, _plain_matrix(m.group(1))]
        pos = m.end()
    rest = latex[pos:]
    out.append(to_unicode(rest) if rest.strip() else rest)
    return "".join(out)


def to_plain(text: str) -> str:
    """Bank text -> plain Unicode: math rendered readably (matrices as aligned rows), **bold** markers
    dropped, code kept as written."""
    out = []
    for kind, s in parts(text):
        if kind in ("math", "display"):
            out.append(plain_math(s))
        elif kind == "block":
            out.append(s.rstrip("\n"))
        elif kind == "text":
            out.append(_BOLD.sub(r"\1", s))       # **bold** has no plain-text form
        else:
            out.append(s)
    return "".join(out)


# ---------------------------------------------------------------- answers as text

def format_number(x: float) -> str:
    """Up to 6 significant digits: what a person reads in an answer key."""
    s = f"{float(x):.6g}"
    return "0" if s == "-0" else s


def format_numeric(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(format_numeric(v) for v in value) + "]"
    return format_number(value)


def options_of(q: Question) -> tuple[Text, ...]:
    return q.answer.options if isinstance(q.answer, (ChoiceAnswer, MultiAnswer)) else ()


def numeric_parts(a: NumericAnswer) -> tuple[NumericPart, ...]:
    """The quantities a numeric answer asks: its named parts, or the one unnamed value."""
    return a.parts or (NumericPart("", Text.same(""), a.value),)


def without_noise(value, zero: float):
    """Entries that the grading rule cannot tell from 0 (float noise such as -3.8e-17) shown as 0."""
    if isinstance(value, list):
        return [without_noise(v, zero) for v in value]
    return 0.0 if abs(value) < zero else value


def value_math(value) -> str:
    """A number as text ("0.5"); a vector or matrix as $...$ math ("$(1, 0)$", a bmatrix)."""
    from engine.bank.from_exercise import latex_value

    return f"${latex_value(value)}$" if isinstance(value, list) else format_number(value)


def numeric_lines(a: NumericAnswer, lang: str) -> list[str]:
    zero = a.tolerance.zero(a.value)
    if not a.parts:
        return [value_math(without_noise(a.value, zero))]
    from engine.bank.from_exercise import latex_value

    return [f"- {pick(p.label, lang, ' / ')}: ${p.name} = {latex_value(without_noise(p.value, zero))}$"
            for p in a.parts]


def single_number(a: NumericAnswer) -> float | None:
    """The number a numeric answer holds when it holds exactly one (0.5, [0.5], [[0.5]]), else None."""
    if len(a.parts) > 1:
        return None
    value = a.value
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    return None if isinstance(value, list) else float(value)


def by_topic(questions: Sequence[Question]) -> list[tuple[str, list[Question]]]:
    """Topics in the notes' order (unknown topics last), questions in their given order: the order
    of every export."""
    from engine.bank.topics import TOPICS

    groups: dict[str, list[Question]] = {}
    for q in questions:
        groups.setdefault(q.topic, []).append(q)
    order = [t for t in TOPICS if t in groups] + [t for t in groups if t not in TOPICS]
    return [(t, groups[t]) for t in order]


def answer_lines(q: Question, lang: str) -> list[str]:
    """The right answer as lines of bank text (math still $...$); each exporter renders them."""
    a = q.answer
    if isinstance(a, ChoiceAnswer):
        return [f"{letter(a.correct)}. {pick(a.options[a.correct], lang, ' / ')}"]
    if isinstance(a, MultiAnswer):
        return [f"{letter(i)}. {pick(a.options[i], lang, ' / ')}" for i in sorted(a.correct)]
    if isinstance(a, TrueFalseAnswer):
        return [label("true" if a.correct else "false", lang)]
    if isinstance(a, NumericAnswer):
        return numeric_lines(a, lang)
    if isinstance(a, SymbolicAnswer):
        from engine.export.formula import formula_line

        lines = [formula_line(a)]
        if a.form is not None:
            lines.append(f"{label('form', lang)}: {pick(a.form, lang, ' / ')}")
        return lines
    if isinstance(a, OpenAnswer):
        lines = [pick(a.model_answer, lang)]
        lines += [f"- {pick(p, lang, ' / ')}" for p in a.key_points]
        return lines
    if isinstance(a, GeneratedAnswer):
        return [f"generator {a.kind} ({a.difficulty})"]
    raise TypeError(f"unknown answer type {type(a).__name__}")


def symbolic_hint(q: Question, lang: str) -> str:
    """What a symbolic question expects: its variables and form (the prompt alone may not say)."""
    a = q.answer
    assert isinstance(a, SymbolicAnswer)
    hint = f"{label('variables', lang)}: {', '.join(a.variables)}"
    if a.form is not None:
        hint += f"; {label('form', lang)}: {pick(a.form, lang, ' / ')}"
    return hint


PROGRESS_EVERY = 200   # questions between two progress calls


def tick(options: ExportOptions, done: int, total: int) -> None:
    """Report progress every PROGRESS_EVERY questions (each writer reports (total, total) once done)."""
    if options.progress and done % PROGRESS_EVERY == 0:
        options.progress(done, total)


def joined(parts: Iterable[str], sep: str) -> Iterator[str]:
    """``sep.join(parts)`` as a stream of pieces, never the whole text at once."""
    for i, part in enumerate(parts):
        if i:
            yield sep
        yield part


def write_streamed(pieces: Iterable[str], total: int, path, options: ExportOptions) -> int:
    """Write a whole-document format (markdown, moodle, gift) piece by piece as ``pieces`` builds it, so
    the document is never held in memory; the file replaces ``path`` atomically once complete, so a
    failure never leaves a half-written file."""
    from engine.export.atomic import atomic_open

    with atomic_open(path) as f:
        for piece in pieces:
            f.write(piece)
    if options.progress:
        options.progress(total, total)
    return total
