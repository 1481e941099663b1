"""Anki package (.apkg) through genanki.

One sub-deck per topic (``quizapp::1. Neural-network basics``). Each note's GUID is
``genanki.guid_for(question id)``, so importing a newer export updates the notes instead of
duplicating them. Tags: the topic, the question's tags and ``difficulty::N``. Math uses MathJax's
\\( \\) delimiters, which Anki renders. Choice questions show their options on the front; the back
has the answer, the explanation and the source.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from engine.bank.model import MultiAnswer, Question, SymbolicAnswer
from engine.bank.topics import TOPICS
from engine.export.atomic import atomic_path
from engine.export.common import (
    ExportOptions,
    answer_lines,
    label,
    letter,
    options_of,
    pick,
    symbolic_hint,
    tick,
    to_html,
)

# Fixed forever: Anki recognises the note type by this id across exports.
MODEL_ID = 1_764_204_001
FIELDS = ("Front", "Back", "Source", "Id")
CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.options div { margin: 0.2em 0; }
.source { color: #777; font-size: 14px; margin-top: 1em; }
pre { background: #f4f4f4; padding: 0.5em; }"""


def stable_id(name: str) -> int:
    """A deck id derived from its name (Anki ids are 64-bit; keep it positive and well inside)."""
    return int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:12], 16) + (1 << 40)


def deck_name(parent: str, slug: str, lang: str) -> str:
    topic = TOPICS.get(slug)
    title = f"{topic.number}. {pick(topic.title, lang, ' · ')}" if topic else slug
    return f"{parent}::{title}"


def anki_tags(q: Question) -> list[str]:
    tags = [q.topic, *q.tags, f"difficulty::{q.difficulty}"]
    seen: dict[str, None] = {}
    for t in tags:
        seen.setdefault(re.sub(r"\s+", "_", t.strip()), None)
    return list(seen)


def front(q: Question, lang: str) -> str:
    html = [f"<div class=prompt>{to_html(pick(q.prompt, lang))}</div>"]
    if isinstance(q.answer, MultiAnswer):
        html.append(f"<div><i>{to_html(label('select_all', lang))}</i></div>")
    if isinstance(q.answer, SymbolicAnswer):
        html.append(f"<div><i>{to_html(symbolic_hint(q, lang))}</i></div>")
    options = options_of(q)
    if options:
        items = "".join(f"<div><b>{letter(i)}.</b> {to_html(pick(o, lang, ' / '))}</div>" for i, o in enumerate(options))
        html.append(f"<div class=options>{items}</div>")
    return "".join(html)


def back(q: Question, lang: str) -> str:
    answer = "<br>".join(to_html(line) for line in answer_lines(q, lang))
    return (f"<div><b>{to_html(label('answer', lang))}:</b> {answer}</div><br>"
            f"<div>{to_html(pick(q.explanation, lang))}</div>")


def write(questions: Sequence[Question], path: Path, options: ExportOptions = ExportOptions()) -> int:
    import genanki

    lang = options.lang
    model = genanki.Model(
        MODEL_ID,
        "quizapp question",
        fields=[{"name": f} for f in FIELDS],
        templates=[{
            "name": "Card 1",
            "qfmt": "{{Front}}",
            "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<div class=source>{{Source}}</div>",
        }],
        css=CSS,
    )
    decks: dict[str, genanki.Deck] = {}
    for n, q in enumerate(questions, 1):
        name = deck_name(options.deck, q.topic, lang)
        deck = decks.get(name)
        if deck is None:
            deck = decks[name] = genanki.Deck(stable_id(name), name)
        deck.add_note(genanki.Note(
            model=model,
            fields=[front(q, lang), back(q, lang), to_html(f"{label('source', lang)}: {q.source}"), q.id],
            tags=anki_tags(q),
            guid=genanki.guid_for(q.id),
        ))
        tick(options, n, len(questions))
    with atomic_path(path) as tmp:
        genanki.Package(list(decks.values())).write_to_file(str(tmp))
    if options.progress:
        options.progress(len(questions), len(questions))
    return len(questions)
