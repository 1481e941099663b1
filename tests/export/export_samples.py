"""Questions the export tests share: a question full of characters every format must escape."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from engine.bank.model import ChoiceAnswer, Question
from engine.text import Text

FIXTURE = Path(__file__).parent.parent / "bank" / "fixtures" / "valid" / "nn-basics-sample.toml"

NASTY = Text(
    zh=r"特殊字符 ~ = # { } : \ 与 <b>不是标签</b> & \$5，公式 $\frac{a}{b} < 1$。" "\n第二行 **加粗**",
    en=r"Specials ~ = # { } : \ and <b>not a tag</b> & \$5, math $\frac{a}{b} < 1$." "\nSecond line **bold**",
)


def nasty_question() -> Question:
    return Question(
        id="attention/escape-me:{1}",
        topic="attention",
        type="choice",
        difficulty=2,
        tags=("escaping", "two words"),
        prompt=NASTY,
        explanation=Text(zh="解析 ~=#{}:\\", en="Explanation ~=#{}:\\"),
        source="test: a = b",
        answer=ChoiceAnswer(options=(Text("甲 = {1}", "first = {1}"), Text("乙 ~ #2", "second ~ #2")), correct=1),
    )




def anki_notes(path, tmp_path):
    """What Anki reads from a package: the collection genanki writes (sqlite inside the .apkg zip):
    (guid, tags, fields joined by \x1f) per note, deck names by id, and (note id, deck id) per card."""
    with zipfile.ZipFile(path) as z:
        z.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        notes = db.execute("select guid, tags, flds from notes order by id").fetchall()
        decks = json.loads(db.execute("select decks from col").fetchone()[0])
        cards = db.execute("select nid, did from cards").fetchall()
    finally:
        db.close()
    return notes, {d["id"]: d["name"] for d in decks.values()}, cards
