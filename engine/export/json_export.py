"""JSON export: ``{"format": "quizapp-bank", "version": 1, "questions": [...]}``.

Each question carries the same keys as in a TOML bank file (question_bank/README.md) plus its
``topic``, with prompt and explanation as ``{"zh", "en"}``; ``engine.bank.loader.load_json_bank``
reads it back into equal Questions, so an export is also a bank (``--bank FILE``). JSON always holds
both languages. One question per line keeps a large export streamable and diffable.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from engine.bank.loader import JSON_FORMAT, JSON_VERSION
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
from engine.export.atomic import atomic_open
from engine.export.common import ExportOptions, letter, tick


def answer_fields(q: Question) -> dict[str, Any]:
    a = q.answer
    if isinstance(a, ChoiceAnswer):
        return {"options": [o.to_json() for o in a.options], "answer": letter(a.correct)}
    if isinstance(a, MultiAnswer):
        return {"options": [o.to_json() for o in a.options], "answer": [letter(i) for i in sorted(a.correct)]}
    if isinstance(a, TrueFalseAnswer):
        return {"answer": a.correct}
    if isinstance(a, NumericAnswer):
        tol: dict[str, float] = {"rel": a.tolerance.rel}
        if a.tolerance.abs is not None:
            tol["abs"] = a.tolerance.abs
        return {"answer": a.value, "tolerance": tol}
    if isinstance(a, SymbolicAnswer):
        out: dict[str, Any] = {
            "answer": a.expected, "variables": list(a.variables), "aliases": dict(a.aliases),
            "forbid": list(a.forbid), "require": list(a.require),
            "domain": {k: list(v) for k, v in a.domain.items()},
        }
        if a.form is not None:
            out["form"] = a.form.to_json()
        return out
    if isinstance(a, OpenAnswer):
        points = []
        for i, p in enumerate(a.key_points):
            point: dict[str, Any] = p.to_json()
            if a.match_phrases(i):
                point["match"] = list(a.match_phrases(i))
            points.append(point)
        return {"model_answer": a.model_answer.to_json(), "key_points": points}
    if isinstance(a, GeneratedAnswer):
        out = {"kind": a.kind, "generator_difficulty": a.difficulty}
        if a.ask:
            out["ask"] = list(a.ask)
        return out
    raise TypeError(f"unknown answer type {type(a).__name__}")


def question_to_json(q: Question) -> dict[str, Any]:
    return {
        "id": q.id, "topic": q.topic, "type": q.type, "difficulty": q.difficulty, "tags": list(q.tags),
        "source": q.source, "prompt": q.prompt.to_json(), "explanation": q.explanation.to_json(),
        **answer_fields(q),
        **({"follow_ups": list(q.follow_ups)} if q.follow_ups else {}),
    }


def write(
    questions: Iterable[Question], path: Path, options: ExportOptions = ExportOptions(), *, total: int | None = None
) -> int:
    """Write the questions as they come; returns how many. ``options.lang`` does not apply: JSON holds
    zh and en. ``total`` (for the progress bar) defaults to ``len(questions)`` when there is one."""
    if total is None:
        total = len(questions) if hasattr(questions, "__len__") else 0
    n = 0
    with atomic_open(path) as f:
        f.write(f'{{"format": "{JSON_FORMAT}", "version": {JSON_VERSION}, "questions": [')
        for q in questions:
            f.write(",\n" if n else "\n")
            f.write(json.dumps(question_to_json(q), ensure_ascii=False))
            n += 1
            tick(options, n, total)
        f.write("\n]}\n")
    if options.progress:
        options.progress(n, total)
    return n
