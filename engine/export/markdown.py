"""Markdown study sheet: questions grouped by topic and numbered, math kept as $...$, then an answer
key (answers, explanations, sources) unless the sheet is exported without answers.

Formulas survive any Markdown renderer: an expected expression is written as math and as inline
code (how it is typed), and a ``*`` inside math is written ``{\ast}`` (the same symbol in LaTeX), so a
renderer without a math plugin cannot read two of them as emphasis."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from engine.bank.model import MultiAnswer, Question, SymbolicAnswer
from engine.bank.topics import TOPICS
from engine.export.common import (PROGRESS_EVERY, ExportOptions, answer_lines, by_topic, joined, label, letter, map_math,
                                   options_of, pick, symbolic_hint, write_streamed)

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


def sheet_blocks(questions: Sequence[Question], options: ExportOptions) -> Iterator[str]:
    """The sheet's blocks in order (a newline goes between two): the questions by topic, then the
    answer key in the same numbering."""
    lang = options.lang
    groups = by_topic(questions)
    # progress counts the blocks written: with answers, the key is the second half of the bar
    total, units = len(questions), len(questions) * (2 if options.answers else 1)
    written = 0

    def block_written() -> None:
        nonlocal written
        written += 1
        if options.progress and written % PROGRESS_EVERY == 0:
            options.progress(written * total // units, total)

    yield from (f"# {TITLE[lang]}", "")
    number = 0
    for slug, group in groups:
        yield from (f"## {topic_title(slug, lang)}", "")
        for q in group:
            number += 1
            yield from (question_block(number, q, lang), "")
            block_written()
    if options.answers:
        yield from ("---", "", f"## {ANSWER_KEY[lang]}", "")
        number = 0
        for _slug, group in groups:
            for q in group:
                number += 1
                yield from (answer_block(number, q, lang), "")
                block_written()


def write(questions: Sequence[Question], path: Path, options: ExportOptions = ExportOptions()) -> int:
    return write_streamed(joined(sheet_blocks(questions, options), "\n"), len(questions), path, options)
