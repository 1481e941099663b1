"""Exports print options in a seeded shuffled order (issue 12): a printed sheet gives away no answer
letter, the same --seed prints the same file, the key still names the right option, and Moodle (which
shuffles per attempt itself) keeps the bank order with shuffleanswers on."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET

import pytest

from engine.bank.loader import load_bank
from engine.bank.model import ChoiceAnswer, MultiAnswer
from engine.bank.shuffle import refers_by_letter
from engine.export import export, ExportOptions
from engine.export.common import to_plain
import gift_parser


@pytest.fixture(scope="module")
def choice_questions():
    questions = _builtin()
    chosen = [q for q in questions if isinstance(q.answer, (ChoiceAnswer, MultiAnswer)) and not refers_by_letter(q)]
    return chosen[:40]


def _builtin():
    return list(load_bank(include_user=False).questions)


def _right_texts(q, lang="en"):
    a = q.answer
    right = {a.correct} if isinstance(a, ChoiceAnswer) else set(a.correct)
    return sorted(to_plain(a.options[i](lang)) for i in right)


def _csv_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


def _csv_orders(path, questions):
    """Per question: the bank indices of the options in the order the file prints them."""
    rows = _csv_rows(path)
    orders = {}
    for q in questions:
        shown = [line[3:] for line in rows[q.id]["prompt"].splitlines() if re.match(r"^[A-F]\. ", line)]
        bank = [to_plain(o("en")) for o in q.answer.options]
        orders[q.id] = tuple(bank.index(text) for text in shown)
    return orders


def test_csv_order_is_seeded_and_the_key_follows_it(tmp_path, choice_questions):
    a, b, again = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "again.csv"
    export(choice_questions, "csv", a, ExportOptions(lang="en"), seed=1)
    export(choice_questions, "csv", b, ExportOptions(lang="en"), seed=2)
    export(choice_questions, "csv", again, ExportOptions(lang="en"), seed=1)
    assert a.read_bytes() == again.read_bytes()                       # same seed, same file
    orders_a, orders_b = _csv_orders(a, choice_questions), _csv_orders(b, choice_questions)
    differ = sum(orders_a[q.id] != orders_b[q.id] for q in choice_questions)
    assert differ >= len(choice_questions) // 2                       # seeds really reorder
    not_bank_order = sum(orders_a[q.id] != tuple(range(len(q.answer.options))) for q in choice_questions)
    assert not_bank_order >= len(choice_questions) // 2
    rows = _csv_rows(a)
    for q in choice_questions:                                         # the key names what is printed
        prompt_lines = {line[0]: line[3:] for line in rows[q.id]["prompt"].splitlines()
                        if re.match(r"^[A-F]\. ", line)}
        keyed = sorted(prompt_lines[line[0]] for line in rows[q.id]["answer"].splitlines())
        assert keyed == _right_texts(q), q.id


def test_gift_marks_the_right_options_whatever_the_order(tmp_path, choice_questions):
    from engine.export.common import to_html

    path = tmp_path / "q.gift"
    export(choice_questions, "gift", path, ExportOptions(lang="en"), seed=3)
    parsed = {p.title: p for p in gift_parser.parse(path.read_text(encoding="utf-8"))}
    moved = 0
    for q in choice_questions:
        answers = parsed[q.id].answers
        if isinstance(q.answer, ChoiceAnswer):
            right = [text for mark, text in answers if mark == "="]
            printed = [text for _, text in answers]
        else:
            right = [gift_parser.weight(text)[1] for _, text in answers if gift_parser.weight(text)[0] > 0]
            printed = [gift_parser.weight(text)[1] for _, text in answers]
        a = q.answer
        keys = {a.correct} if isinstance(a, ChoiceAnswer) else set(a.correct)
        assert sorted(right) == sorted(to_html(a.options[i]("en")) for i in keys), q.id
        moved += printed != [to_html(o("en")) for o in a.options]
    assert moved >= len(choice_questions) // 2


def test_markdown_key_letter_matches_the_sheet(tmp_path, choice_questions):
    singles = [q for q in choice_questions if isinstance(q.answer, ChoiceAnswer)][:15]
    path = tmp_path / "sheet.md"
    export(singles, "markdown", path, ExportOptions(lang="en"), seed=5)
    sheet, key = path.read_text(encoding="utf-8").split("## Answer key")
    sheet_blocks = re.split(r"^### \d+$", sheet, flags=re.M)[1:]
    key_blocks = re.split(r"^### \d+$", key, flags=re.M)[1:]
    assert len(sheet_blocks) == len(key_blocks) == len(singles)
    letters_seen = set()
    for block, answer in zip(sheet_blocks, key_blocks):
        options = dict(re.findall(r"^- \*\*([A-F])\.\*\* (.*)$", block, flags=re.M))
        letter, text = re.search(r"\*\*Answer:\*\* ([A-F])\. (.*)", answer).groups()
        assert options[letter] == text.strip()
        letters_seen.add(letter)
    assert len(letters_seen) >= 3                                      # the key moves around


def test_moodle_keeps_bank_order_and_lets_moodle_shuffle(tmp_path, choice_questions):
    questions = _builtin()
    by_letter = [q for q in questions if isinstance(q.answer, ChoiceAnswer) and refers_by_letter(q)][:1]
    path = tmp_path / "q.xml"
    export(choice_questions[:5] + by_letter, "moodle", path, ExportOptions(lang="en"), seed=9)
    root = ET.parse(path).getroot()
    elements = {e.find("name/text").text: e for e in root.iter("question") if e.get("type") == "multichoice"}
    for q in choice_questions[:5]:
        el = elements[q.id]
        assert el.find("shuffleanswers").text == "true"
        assert len(el.findall("answer")) == len(q.answer.options)
    for q in by_letter:                                               # its explanation says "B" and means B
        assert elements[q.id].find("shuffleanswers").text == "false"
