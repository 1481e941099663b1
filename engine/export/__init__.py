"""Exporters: one module per format, each ``write(questions, path, options) -> count``.

    export(questions, fmt, path, options, seed=0)   the one entry point the CLI and tests use

JSON keeps bank ``generated`` questions as they are (a JSON export is a bank); every other format
needs concrete numbers, so those questions are instantiated at ``seed`` first.

Option order: JSON and Moodle XML keep the bank's order (JSON is a bank; Moodle shuffles per attempt
itself, ``shuffleanswers``); Markdown, GIFT, CSV and Anki print each choice question's options in
the order ``engine.bank.shuffle`` draws for ``seed``, so a printed sheet gives away no answer letter
and the same seed prints the same order (a re-export updates the same Anki notes, keyed by id).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from pathlib import Path

from engine.bank.model import Question
from engine.export.common import EXPORT_LANGS, ExportOptions

__all__ = ["FORMATS", "SUFFIXES", "NEEDS_ANSWERS", "SHUFFLED", "EXPORT_LANGS", "ExportOptions", "export"]

FORMATS: dict[str, str] = {
    "json": "engine.export.json_export",
    "markdown": "engine.export.markdown",
    "anki": "engine.export.anki",
    "moodle": "engine.export.moodle",
    "gift": "engine.export.gift",
    "csv": "engine.export.csv_export",
}
SUFFIXES: dict[str, str] = {"json": ".json", "markdown": ".md", "anki": ".apkg", "moodle": ".xml",
                            "gift": ".gift", "csv": ".csv"}
# Formats that are pointless without answers (a bank, flashcards, graded quizzes).
NEEDS_ANSWERS = frozenset({"json", "anki", "moodle", "gift"})
# Formats that print options in a seeded shuffled order (the others keep the bank's order).
SHUFFLED = frozenset({"markdown", "gift", "csv", "anki"})


def export(
    questions: Iterable[Question],
    fmt: str,
    path: str | os.PathLike[str],
    options: ExportOptions = ExportOptions(),
    *,
    seed: int = 0,
    total: int | None = None,
) -> int:
    """Write ``questions`` to ``path`` in ``fmt``; returns how many were written.

    JSON is written as the questions arrive, so a large generated set is encoded while the worker
    processes still generate (``total`` sizes the progress bar); other formats take them all first.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if not options.answers and fmt in NEEDS_ANSWERS:
        raise ValueError(f"--no-answers applies to markdown and csv; {fmt} needs the answers")
    module = importlib.import_module(FORMATS[fmt])
    if fmt == "json":
        return module.write(questions, Path(path), options, total=total)
    from engine.export.select import concrete

    ready = concrete(questions, seed)
    if fmt in SHUFFLED:
        from engine.bank.shuffle import shuffled

        ready = [shuffled(q, seed)[0] for q in ready]
    return module.write(ready, Path(path), options)
