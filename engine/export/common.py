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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from engine.bank.model import (
    ChoiceAnswer,
    GeneratedAnswer,
    MultiAnswer,
    NumericAnswer,
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


def to_plain(text: str) -> str:
    """Bank text -> plain Unicode: math rendered readably, **bold** markers dropped, code kept as written."""
    from engine.mathtext import to_unicode

    out = []
    for kind, s in parts(text):
        if kind in ("math", "display"):
            out.append(to_unicode(s))
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
        return [format_numeric(a.value)]
    if isinstance(a, SymbolicAnswer):
        lines = [a.expected]
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


def write_rendered(render: Callable[..., str], questions, path, options: ExportOptions) -> int:
    """Write a whole-document format (markdown, moodle, gift): render in memory, then replace ``path``
    atomically, so a failure never leaves a half-written file."""
    from engine.export.atomic import atomic_open

    text = render(questions, options)
    with atomic_open(path) as f:
        f.write(text)
    if options.progress:
        options.progress(len(questions), len(questions))
    return len(questions)
