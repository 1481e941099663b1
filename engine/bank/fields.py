"""Small helpers the validator shares: collecting problems and reading bilingual text fields."""

from __future__ import annotations

import re
from typing import Any

from engine.bank.problem import Problem
from engine.text import LANGS, Text

LANG_NAMES = {"zh": "Chinese", "en": "English"}


class Reporter:
    """Collects the problems of one question."""

    def __init__(self, file: str, qid: str | None) -> None:
        self.file = file
        self.qid = qid
        self.problems: list[Problem] = []

    def bad(self, field: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, self.qid, field, message))


def describe(value: Any) -> str:
    """How a value reads in a message, in the file's own terms (TOML booleans, tables, lists)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    import datetime as dt

    if isinstance(value, dt.datetime):
        return f"the TOML date-time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the TOML date {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"the TOML time {value.isoformat()}"
    if isinstance(value, int) and abs(value) >= 10 ** 40:
        return "a number of more than 40 digits"
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def unbalanced_dollars(text: str) -> bool:
    """Math is $...$; an odd count of unescaped $ outside code would swallow the rest of the text."""
    return _CODE.sub("", text).replace("\\$", "").count("$") % 2 == 1


def text_from(value: Any, field: str, rep: Reporter) -> Text | None:
    """A ``{zh = ..., en = ...}`` table -> Text; reports a missing language, empty text, unknown keys."""
    if not isinstance(value, dict):
        rep.bad(field, f"must have both languages ({field}.zh and {field}.en), got {describe(value)}")
        return None
    ok = True
    for key in value:
        if key not in LANGS:
            rep.bad(f"{field}.{key}", "unknown language; write zh and en")
            ok = False
    for lang in LANGS:
        text = value.get(lang)
        if text is None:
            rep.bad(f"{field}.{lang}", f"missing the {LANG_NAMES[lang]} text; every text needs zh and en")
            ok = False
        elif not isinstance(text, str):
            rep.bad(f"{field}.{lang}", f"must be a string, got {describe(text)}")
            ok = False
        elif not text.strip():
            rep.bad(f"{field}.{lang}", "is empty")
            ok = False
        elif unbalanced_dollars(text):
            rep.bad(f"{field}.{lang}", "has an odd number of $: write math as $...$ (a literal dollar as \\$)")
            ok = False
    return Text(zh=value["zh"], en=value["en"]) if ok else None


def parse_text(raw: dict[str, Any], key: str, rep: Reporter, *, required: bool = True) -> Text | None:
    if key not in raw:
        if required:
            rep.bad(key, f"missing; write {key}.zh = '''...''' and {key}.en = '''...'''")
        return None
    return text_from(raw[key], key, rep)


def text_list(
    value: Any, field: str, rep: Reporter, *, low: int, high: int, what: str, letters: bool = False
) -> tuple[Text, ...] | None:
    """A list of ``{zh, en}`` tables with ``low``..``high`` entries; entries are named by letter
    (``options[B]``) when ``letters``, else by 1-based number (``key_points[2]``)."""
    if not isinstance(value, list):
        rep.bad(field, f"must be a list of {{ zh = ..., en = ... }} tables, got {describe(value)}")
        return None
    if not low <= len(value) <= high:
        rep.bad(field, f"needs {low} to {high} {what}, got {len(value)}")
        return None
    texts = [text_from(item, f"{field}[{chr(65 + i) if letters else i + 1}]", rep) for i, item in enumerate(value)]
    return tuple(texts) if all(t is not None for t in texts) else None  # type: ignore[arg-type]


def string_list(value: Any, field: str, rep: Reporter) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        rep.bad(field, f"must be a list of non-empty strings, got {describe(value)}")
        return None
    return tuple(value)
