"""GIFT (Moodle's text import format).

Every question starts with ``::id::`` on its first line and holds no blank line (a blank line ends a
question in GIFT). Text is HTML (``[html]``) with MathJax \\( \\) math, as in the Moodle XML export,
and every GIFT special character ``~ = # { } :`` and the backslash itself is escaped with a
backslash. Types as in the XML export (a formula question is numerical at a stated sample point),
except that GIFT has no cloze: a numeric answer of one number (also a one-entry vector) is
numerical; one of several numbers becomes an essay, graded by hand, whose general feedback holds
the answer and the worked solution (the Moodle XML export grades each entry in a cloze instead).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path

from engine.bank.model import (
    ChoiceAnswer,
    MultiAnswer,
    NumericAnswer,
    OpenAnswer,
    Question,
    SymbolicAnswer,
    TrueFalseAnswer,
)
from engine.bank.topics import TOPICS
from engine.export.common import (ExportOptions, answer_lines, by_topic, format_number, label, pick, single_number,
                                   symbolic_hint, tick, to_html, joined, write_streamed)
from engine.export.formula import graded_formula
from engine.export.moodle import absolute_tolerance, fraction

SPECIAL = "~=#{}:"


def escape(text: str) -> str:
    """GIFT escaping: backslash first (so added backslashes are not doubled), then ~ = # { } :.
    Newlines become the \\n escape so that a question never contains a blank line."""
    out = text.replace("\\", "\\\\")
    for c in SPECIAL:
        out = out.replace(c, "\\" + c)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def html(text: str) -> str:
    return escape(to_html(text))


def _feedback(q: Question, lang: str, with_answer: bool = False) -> str:
    parts = []
    if with_answer:
        answer = "<br>".join(to_html(line) for line in answer_lines(q, lang))
        parts.append(f"<b>{to_html(label('answer', lang))}:</b> {answer}<br>")
    parts.append(to_html(pick(q.explanation, lang)))
    parts.append(f"<br><i>{to_html(label('source', lang))}: {to_html(q.source)}</i>")
    return escape("".join(parts))


def question_text(q: Question, lang: str) -> str:
    a = q.answer
    prompt = html(pick(q.prompt, lang))
    graded = graded_formula(a, lang) if isinstance(a, SymbolicAnswer) else None
    if isinstance(a, SymbolicAnswer):
        prompt += escape(f"<br><i>{to_html(symbolic_hint(q, lang))}</i>")
        if graded is not None:
            prompt += escape(f"<br><b>{to_html(graded.note)}</b>")
    number = single_number(a) if isinstance(a, NumericAnswer) else None
    head = f"// {q.type} · difficulty {q.difficulty}\n::{escape(q.id)}::[html]{prompt}"

    if isinstance(a, ChoiceAnswer):
        lines = [f"{'=' if i == a.correct else '~'}{html(pick(o, lang, ' / '))}" for i, o in enumerate(a.options)]
        body = "\n".join(lines) + f"\n####{_feedback(q, lang)}"
    elif isinstance(a, MultiAnswer):
        n_wrong = len(a.options) - len(a.correct)
        lines = []
        for i, o in enumerate(a.options):
            weight = 100 / len(a.correct) if i in a.correct else (-100 / n_wrong if n_wrong else 0)
            lines.append(f"~%{fraction(weight)}%{html(pick(o, lang, ' / '))}")
        body = "\n".join(lines) + f"\n####{_feedback(q, lang)}"
    elif isinstance(a, TrueFalseAnswer):
        body = f"{'TRUE' if a.correct else 'FALSE'}####{_feedback(q, lang)}"
    elif number is not None:
        tol = absolute_tolerance(number, a.tolerance.rel, a.tolerance.abs)
        body = f"#{format_number(number)}:{format_number(tol)}####{_feedback(q, lang, with_answer=True)}"
    elif graded is not None:
        body = f"#{format_number(graded.value)}:{format_number(graded.tolerance)}####{_feedback(q, lang, with_answer=True)}"
    elif isinstance(a, SymbolicAnswer):   # no point where the expression is defined: the typed string
        body = f"={escape(a.expected)}####{_feedback(q, lang, with_answer=True)}"
    elif isinstance(a, (NumericAnswer, OpenAnswer)):
        body = f"####{_feedback(q, lang, with_answer=True)}"   # essay: several numbers, or open
    else:
        raise TypeError(f"cannot write a {q.type} question as GIFT")
    return f"{head}{{\n{body}\n}}"


def parts(questions: Sequence[Question], options: ExportOptions) -> Iterator[str]:
    """Each category line and each question, in order (blank lines go between them)."""
    done = 0
    for slug, group in by_topic(questions):
        topic = TOPICS.get(slug)
        title = f"{topic.number}. {pick(topic.title, options.lang, ' · ')}" if topic else slug
        yield f"$CATEGORY: $course$/{options.deck}/{title.replace('/', '-')}"
        for q in group:
            yield question_text(q, options.lang)
            done += 1
            tick(options, done, len(questions))


def write(questions: Sequence[Question], path: Path, options: ExportOptions = ExportOptions()) -> int:
    return write_streamed(itertools.chain(joined(parts(questions, options), "\n\n"), ["\n"]), len(questions),
                          path, options)
