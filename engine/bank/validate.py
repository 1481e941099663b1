"""Turn one raw question table (from TOML or the JSON export) into a Question, or say what is wrong.

Every problem names the file, the question id and the field (see question_bank/README.md for the
format). All problems of a question are collected, not only the first, so a user fixes a file in one go.
A question is built only when it has no problem.
"""

from __future__ import annotations

import difflib
from typing import Any

from engine.bank.answers import parse_answer
from engine.bank.fields import Reporter, describe, parse_text
from engine.bank.model import ANSWER_TYPES, Question
from engine.bank.problem import Problem
from engine.bank.topics import TOPICS

COMMON_KEYS: tuple[str, ...] = ("id", "type", "difficulty", "tags", "source", "prompt", "explanation", "follow_ups")
MAX_FOLLOW_UPS = 6

# The answer keys each type accepts; a key of another type is reported as not belonging to this one.
TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "choice": ("options", "answer"),
    "multi": ("options", "answer"),
    "truefalse": ("answer",),
    "numeric": ("answer", "tolerance"),
    "symbolic": ("answer", "variables", "aliases", "forbid", "require", "domain", "form"),
    "open": ("model_answer", "key_points"),
    "generated": ("kind", "generator_difficulty", "ask"),
}
ALL_ANSWER_KEYS = frozenset(k for keys in TYPE_KEYS.values() for k in keys)


def unknown_topic_message(topic: Any) -> str:
    shown = repr(topic) if isinstance(topic, str) else describe(topic)
    return f"unknown topic {shown}; use one of: {', '.join(TOPICS)}"


def parse_question(
    raw: Any, *, file: str, topic: str | None, index: int
) -> tuple[Question | None, list[Problem]]:
    """Validate one question table.

    raw    the table as read from the file
    topic  the file's topic (TOML); None when each question carries its own ``topic`` key (JSON export)
    index  0-based position in the file, to name a question that has no usable id
    """
    qid = raw.get("id") if isinstance(raw, dict) else None
    name = qid if isinstance(qid, str) and qid.strip() else None
    rep = Reporter(file, name or f"question #{index + 1}")
    if not isinstance(raw, dict):
        rep.bad(None, f"must be a table of keys ([[question]] in TOML, an object in JSON), got {describe(raw)}")
        return None, rep.problems

    qtype = raw.get("type")
    known_type = qtype if isinstance(qtype, str) and qtype in TYPE_KEYS else None   # lists are unhashable
    allowed = set(COMMON_KEYS) | (set(TYPE_KEYS[known_type]) if known_type else ALL_ANSWER_KEYS)
    if topic is None:
        allowed.add("topic")
    for key in raw:
        if key in allowed:
            continue
        if key in ALL_ANSWER_KEYS:
            rep.bad(key, f"does not belong to a {qtype} question (it is used by: "
                         f"{', '.join(t for t, ks in TYPE_KEYS.items() if key in ks)})")
        elif key == "topic":
            rep.bad(key, "set the topic once at the top of the file, not per question")
        else:
            close = difflib.get_close_matches(key, sorted(allowed | ALL_ANSWER_KEYS), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            what = f"a {known_type} question" if known_type else "a question"
            rep.bad(key, f"unknown key; {hint}{what} has: {', '.join(sorted(allowed))}")

    if name is None:
        rep.bad("id", "missing or empty; give every question a stable id such as \"nn-basics/sigmoid-range\""
                if qid is None or isinstance(qid, str) else f"must be a string, got {describe(qid)}")
    elif any(c.isspace() for c in name):
        rep.bad("id", f"{name!r} contains spaces; use letters, digits, '-' and '/'")

    if topic is None:
        topic = raw.get("topic")
        if "topic" not in raw:
            rep.bad("topic", "missing; every question in a JSON bank names its topic")
        elif not (isinstance(topic, str) and topic in TOPICS):
            rep.bad("topic", unknown_topic_message(topic))

    if qtype is None:
        rep.bad("type", f"missing; use one of: {', '.join(ANSWER_TYPES)}")
    elif not known_type:
        shown = repr(qtype) if isinstance(qtype, str) else describe(qtype)
        rep.bad("type", f"unknown type {shown}; use one of: {', '.join(ANSWER_TYPES)}")

    difficulty = raw.get("difficulty")
    if difficulty is None:
        rep.bad("difficulty", "missing; use 1 (recall), 2 (understanding) or 3 (derivation / hard)")
    elif isinstance(difficulty, bool) or not isinstance(difficulty, int) or difficulty not in (1, 2, 3):
        rep.bad("difficulty", f"must be 1, 2 or 3, got {describe(difficulty)}")

    tags = raw.get("tags")
    if tags is None:
        rep.bad("tags", "missing; write tags = [\"...\"] (may be empty: tags = [])")
    elif not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        rep.bad("tags", f"must be a list of non-empty strings, got {describe(tags)}")

    source = raw.get("source")
    if source is None:
        rep.bad("source", "missing; name the notes' section (\"notes 1.3\") or a paper / textbook")
    elif not isinstance(source, str) or not source.strip():
        rep.bad("source", f"must be a non-empty string, got {describe(source)}")

    follow_ups: tuple[str, ...] = ()
    if "follow_ups" in raw:
        value = raw["follow_ups"]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            rep.bad("follow_ups", f"must be a list of question ids, got {describe(value)}")
        elif len(value) > MAX_FOLLOW_UPS:
            rep.bad("follow_ups", f"has {len(value)} ids; at most {MAX_FOLLOW_UPS} follow-ups per question")
        elif len(set(value)) != len(value):
            rep.bad("follow_ups", "names the same question twice")
        elif name in value:
            rep.bad("follow_ups", "names the question itself; a follow-up is another question")
        else:
            follow_ups = tuple(value)

    prompt = parse_text(raw, "prompt", rep)
    explanation = parse_text(raw, "explanation", rep)
    answer = parse_answer(known_type, raw, rep) if known_type else None

    if rep.problems:
        return None, rep.problems
    assert prompt is not None and explanation is not None and answer is not None
    return (
        Question(
            id=name,
            topic=topic,
            type=qtype,
            difficulty=int(difficulty),
            tags=tuple(tags),
            prompt=prompt,
            explanation=explanation,
            source=source,
            answer=answer,
            origin=file,
            follow_ups=follow_ups,
        ),
        [],
    )
