"""The whole shipped bank exports in every format, in zh, en and both, and each file reads back."""

from __future__ import annotations

import csv
import dataclasses
import sqlite3
import xml.etree.ElementTree as ET
import zipfile

import gift_parser
import pytest

from engine.bank.loader import load_bank, load_json_bank
from engine.export import FORMATS, ExportOptions, export


@pytest.fixture(scope="module")
def bank():
    bank = load_bank(include_user=False)
    assert bank.questions, "the shipped bank is empty"
    return bank


def _count(fmt: str, path, tmp_path) -> int:
    """How many questions the consumer of ``fmt`` finds in the file."""
    if fmt == "json":
        questions, problems = load_json_bank(path)
        assert problems == []
        return len(questions)
    if fmt == "anki":
        with zipfile.ZipFile(path) as z:
            z.extract("collection.anki2", tmp_path)
        db = sqlite3.connect(tmp_path / "collection.anki2")
        try:
            return db.execute("select count(*) from notes").fetchone()[0]
        finally:
            db.close()
    if fmt == "moodle":
        return sum(1 for q in ET.parse(path).getroot() if q.get("type") != "category")
    if fmt == "gift":
        return len(gift_parser.parse(path.read_text(encoding="utf-8")))
    if fmt == "csv":
        with open(path, encoding="utf-8-sig", newline="") as f:
            return len(list(csv.reader(f))) - 1
    text = path.read_text(encoding="utf-8")   # markdown: numbered questions, then as many answers
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert len(headings) % 2 == 0
    return len(headings) // 2


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("lang", ["zh", "en", "both"])
def test_whole_bank_exports(bank, tmp_path, fmt, lang):
    path = tmp_path / f"bank.{fmt}"
    assert export(bank.questions, fmt, path, ExportOptions(lang=lang)) == len(bank.questions)
    assert _count(fmt, path, tmp_path) == len(bank.questions)


def test_whole_bank_json_round_trip(bank, tmp_path):
    path = tmp_path / "bank.json"
    export(bank.questions, "json", path)
    back, _ = load_json_bank(path)
    assert [dataclasses.replace(q, origin="") for q in back] == \
        [dataclasses.replace(q, origin="") for q in bank.questions]
