"""CSV for flashcard tools: a header row, then one row per question.

Columns: id, topic, type, difficulty, prompt, answer, explanation; rows grouped by topic in the
notes' order, as in every other export. Text is plain Unicode (math
rendered readably through engine.mathtext), options listed under the prompt as "A. ...". Written
with the csv module (RFC 4180 quoting, so commas, quotes and line breaks inside cells are safe) and
a UTF-8 byte-order mark, which spreadsheet programs need to read Chinese correctly.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from engine.bank.model import MultiAnswer, Question, SymbolicAnswer
from engine.export.atomic import atomic_open
from engine.export.common import (ExportOptions, answer_lines, by_topic, label, letter, options_of, pick, symbolic_hint,
                                   tick, to_plain)

HEADER = ("id", "topic", "type", "difficulty", "prompt", "answer", "explanation")


def row(q: Question, options: ExportOptions) -> list[str]:
    lang = options.lang
    prompt = [pick(q.prompt, lang)]
    if isinstance(q.answer, MultiAnswer):
        prompt.append(label("select_all", lang))
    if isinstance(q.answer, SymbolicAnswer):
        prompt.append(symbolic_hint(q, lang))
    prompt += [f"{letter(i)}. {pick(o, lang, ' / ')}" for i, o in enumerate(options_of(q))]
    answer = explanation = ""
    if options.answers:
        answer = "\n".join(answer_lines(q, lang))
        explanation = f"{pick(q.explanation, lang)}\n\n{label('source', lang)}: {q.source}"
    return [q.id, q.topic, q.type, str(q.difficulty), to_plain("\n".join(prompt)), to_plain(answer),
            to_plain(explanation)]


def write(questions: Sequence[Question], path: Path, options: ExportOptions = ExportOptions()) -> int:
    with atomic_open(path, newline="") as f:
        f.write("\ufeff")
        out = csv.writer(f)
        out.writerow(HEADER)
        ordered = [q for _slug, group in by_topic(questions) for q in group]
        for n, q in enumerate(ordered, 1):
            out.writerow(row(q, options))
            tick(options, n, len(questions))
    if options.progress:
        options.progress(len(questions), len(questions))
    return len(questions)
