"""Markdown study sheet: questions grouped by topic and numbered, math kept as $...$, then an answer
key (answers, explanations, sources) unless the sheet is exported without answers.

Formulas survive any Markdown renderer: an expected expression is written as math and as inline
code (how it is typed), and a ``*`` inside math is written ``{\ast}`` (the same symbol in LaTeX), so a
renderer without a math plugin cannot read two of them as emphasis."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from engine.bank.model import MultiAnswer, Question, SymbolicAnswer
from engine.bank.topics import TOPICS
from engine.export.common import (ExportOptions, answer_lines, by_topic, label, letter, map_math, options_of, pick,
                                   symbolic_hint, write_rendered)

TITLE = {"zh": "深度学习面试题", "en": "Deep-learning interview questions", "both": "深度学习面试题 · Deep-learning interview questions"}
ANSWER_KEY = {"zh": "答案与解析", "en": "Answer key", "both": "答案与解析 · Answer key"}
TYPE_NAMES = {
    "choice": ("单选", "choice"), "multi": ("多选", "multiple choice"), "truefalse": ("判断", "true/false"),
    "numeric": ("计算", "numeric"), "symbolic": ("公式", "formula"), "open": ("简答", "open"),
    "generated": ("生成", "generated"),
}


def topic_title(slug: str, lang: str) -> str:
    topic = TOPICS.get(slug)
    return pick(topic.title, lang, " · ") if topic else slug


def _meta(q: Question, lang: str) -> str:
    zh, en = TYPE_NAMES[q.type]
    kind = {"zh": zh, "en": en}.get(lang, f"{zh} · {en}")
    return f"`{q.id}` · {kind} · {'★' * q.difficulty}{'☆' * (3 - q.difficulty)}"


def _no_emphasis(latex: str) -> str:
    return latex.replace("*", r"{\ast}")


def _safe(block: str) -> str:
    return map_math(block, _no_emphasis)


def question_block(number: int, q: Question, lang: str) -> str:
    lines = [f"### {number}", "", _meta(q, lang), "", pick(q.prompt, lang)]
    if isinstance(q.answer, MultiAnswer):
        lines += ["", label("select_all", lang)]
    if isinstance(q.answer, SymbolicAnswer):
        lines += ["", f"*{symbolic_hint(q, lang)}*"]
    options = options_of(q)
    if options:
        lines.append("")
        lines += [f"- **{letter(i)}.** {pick(o, lang, ' / ')}" for i, o in enumerate(options)]
    return _safe("\n".join(lines))


def answer_block(number: int, q: Question, lang: str) -> str:
    answer = answer_lines(q, lang)
    lines = [f"### {number}", ""]
    if len(answer) == 1 and "\n" not in answer[0]:
        lines.append(f"**{label('answer', lang)}:** {answer[0]}")
    else:
        lines += [f"**{label('answer', lang)}:**", ""]
        for i, line in enumerate(answer):      # a paragraph per line; list items stay one list
            if i and not (line.startswith("- ") and answer[i - 1].startswith("- ")):
                lines.append("")
            lines.append(line)
    lines += ["", pick(q.explanation, lang), "", f"*{label('source', lang)}: {q.source}*"]
    return _safe("\n".join(lines))


def render(questions: Sequence[Question], options: ExportOptions = ExportOptions()) -> str:
    lang = options.lang
    numbered = []
    chunks = [f"# {TITLE[lang]}", ""]
    for slug, group in by_topic(questions):
        chunks += [f"## {topic_title(slug, lang)}", ""]
        for q in group:
            numbered.append(q)
            chunks += [question_block(len(numbered), q, lang), ""]
    if options.answers:
        chunks += ["---", "", f"## {ANSWER_KEY[lang]}", ""]
        for i, q in enumerate(numbered, 1):
            chunks += [answer_block(i, q, lang), ""]
    return "\n".join(chunks)


def write(questions: Sequence[Question], path: Path, options: ExportOptions = ExportOptions()) -> int:
    return write_rendered(render, questions, path, options)
