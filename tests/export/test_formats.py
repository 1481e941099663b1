"""Each format read back the way its consumer reads it."""

from __future__ import annotations

import csv
import dataclasses
import json
import xml.etree.ElementTree as ET

import genanki
import pytest

from engine.bank.loader import load_bank, load_json_bank
from engine.export import ExportOptions, export
from engine.export.common import single_number, to_html
import gift_parser
from export_samples import NASTY, anki_notes

TYPES_IN_MOODLE = {"choice": "multichoice", "multi": "multichoice", "truefalse": "truefalse",
                   "symbolic": "numerical", "open": "essay"}


def _strip_origin(questions):
    return [dataclasses.replace(q, origin="") for q in questions]


# ---------------------------------------------------------------- JSON

def test_json_round_trips_through_the_loader(tmp_path, sample_questions, generated_questions):
    questions = sample_questions + generated_questions
    path = tmp_path / "set.json"
    assert export(questions, "json", path) == len(questions)
    back, problems = load_json_bank(path)
    assert problems == []
    assert _strip_origin(back) == _strip_origin(questions)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "quizapp-bank" and data["version"] == 1
    first = data["questions"][0]
    assert set(first) >= {"id", "topic", "type", "difficulty", "tags", "source", "prompt", "explanation", "answer"}
    assert set(first["prompt"]) == {"zh", "en"}


def test_json_export_is_a_bank(tmp_path, sample_questions):
    path = tmp_path / "mine.json"
    export(sample_questions[:3], "json", path)
    bank = load_bank([path], include_builtin=False, include_user=False)
    assert [q.id for q in bank.questions] == [q.id for q in sample_questions[:3]]


# ---------------------------------------------------------------- Anki

def test_anki_package(tmp_path, sample_questions, generated_questions):
    questions = sample_questions + generated_questions
    path = tmp_path / "deck.apkg"
    export(questions, "anki", path, ExportOptions(lang="en"))
    notes, decks, cards = anki_notes(path, tmp_path)
    assert len(notes) == len(questions) == len(cards)
    by_guid = {guid: (tags.split(), flds.split("\x1f")) for guid, tags, flds in notes}
    assert set(by_guid) == {genanki.guid_for(q.id) for q in questions}

    choice = next(q for q in questions if q.id == "nn-basics/fixture-sigmoid-derivative-max")
    tags, (front, back, source, qid) = by_guid[genanki.guid_for(choice.id)]
    assert qid == choice.id and source == "Source: notes 1.3"
    assert "\\(\\sigma'(x)\\)" in front and "$" not in front          # MathJax delimiters
    assert "<b>A.</b> 0.25" in front and "<b>C.</b> 1" in front        # the options on the front
    assert "Answer:</b> A. 0.25" in back and "Because ..." in back
    assert set(tags) == {"nn-basics", "test", "difficulty::1"}

    nasty_tags, (nasty_front, *_rest) = by_guid[genanki.guid_for("attention/escape-me:{1}")]
    assert "&lt;b&gt;not a tag&lt;/b&gt;" in nasty_front and "two_words" in nasty_tags
    assert "Second line <b>bold</b>" in nasty_front
    # one sub-deck per topic
    topic_decks = {name for name in decks.values() if name.startswith("quizapp::")}
    topics = {q.topic for q in questions}
    assert len(topic_decks) == len(topics) and "quizapp::1. Neural-network basics" in topic_decks


def test_anki_guids_are_stable_across_exports(tmp_path, sample_questions):
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    export(sample_questions, "anki", first, ExportOptions(lang="zh"))
    export(list(reversed(sample_questions)), "anki", second, ExportOptions(lang="both"))
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    guids1 = sorted(g for g, _, _ in anki_notes(first, tmp_path / "1")[0])
    guids2 = sorted(g for g, _, _ in anki_notes(second, tmp_path / "2")[0])
    assert guids1 == guids2 == sorted(genanki.guid_for(q.id) for q in sample_questions)


# ---------------------------------------------------------------- Moodle XML

def test_moodle_xml(tmp_path, sample_questions, generated_questions):
    questions = sample_questions + generated_questions
    path = tmp_path / "quiz.xml"
    export(questions, "moodle", path, ExportOptions(lang="en"))
    root = ET.parse(path).getroot()
    assert root.tag == "quiz"
    elements = root.findall("question")
    categories = [e.findtext("category/text") for e in elements if e.get("type") == "category"]
    assert len(categories) == len({q.topic for q in questions})
    assert "$course$/quizapp/1. Neural-network basics" in categories
    by_name = {e.findtext("name/text"): e for e in elements if e.get("type") != "category"}
    assert set(by_name) == {q.id for q in questions}
    for q in questions:
        el = by_name[q.id]
        if q.type in TYPES_IN_MOODLE:
            assert el.get("type") == TYPES_IN_MOODLE[q.type], q.id
        else:  # numeric: one number (or a one-entry vector) -> numerical; more -> cloze, a blank per entry
            assert el.get("type") == ("numerical" if single_number(q.answer) is not None else "cloze"), q.id

    multi = by_name["nn-basics/fixture-relu-properties"]
    assert multi.findtext("single") == "false"
    assert [float(a.get("fraction")) for a in multi.findall("answer")] == [50, -100, 50]
    choice = by_name["nn-basics/fixture-sigmoid-derivative-max"]
    assert choice.findtext("single") == "true"
    assert [(a.findtext("text"), a.get("fraction")) for a in choice.findall("answer")] == [
        ("0.25", "100"), ("0.5", "0"), ("1", "0")]
    tf = by_name["nn-basics/fixture-relu-range"]
    assert {a.findtext("text"): a.get("fraction") for a in tf.findall("answer")} == {"true": "100", "false": "0"}
    numerical = by_name["nn-basics/fixture-sigmoid-at-zero"].find("answer")
    assert float(numerical.findtext("text")) == 0.5
    assert float(numerical.findtext("tolerance")) == pytest.approx(max(0.0001, 0.001 * 0.5))
    cloze = by_name["nn-basics/fixture-identity-matrix"].findtext("questiontext/text")
    assert cloze.count("{1:NUMERICAL:=") == 4 and "{1:NUMERICAL:=1:0.01}" in cloze
    formula = by_name["nn-basics/fixture-sigmoid-derivative"]      # graded by its value at a point
    assert float(formula.find("answer").findtext("text")) == pytest.approx(0.196612, rel=1e-5)   # σ'(-1)
    assert "in terms of σ(x)" in formula.findtext("questiontext/text")
    assert "\\(x = -1\\)" in formula.findtext("questiontext/text")
    shown = formula.findtext("generalfeedback/text")
    assert "\\(\\sigma(x) (1 - \\sigma(x))\\)" in shown and "<code>sigma(x)*(1 - sigma(x))</code>" in shown
    essay = by_name["nn-basics/fixture-why-bias"]
    assert "leave the origin" in essay.findtext("graderinfo/text")
    # text is escaped by the XML layer and read back intact
    nasty = by_name["attention/escape-me:{1}"].findtext("questiontext/text")
    assert nasty == to_html(NASTY.en) and "&lt;b&gt;not a tag" in nasty and "$5" in nasty


# ---------------------------------------------------------------- GIFT

def test_gift(tmp_path, sample_questions, generated_questions):
    questions = sample_questions + generated_questions
    path = tmp_path / "quiz.gift"
    export(questions, "gift", path, ExportOptions(lang="en"))
    text = path.read_text(encoding="utf-8")
    parsed = gift_parser.parse(text)
    assert [p.title for p in parsed] == [q.id for q in _in_topic_order(questions)]
    # each question's first line (after comments) starts with its title
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith(("//", "$CATEGORY"))]
        if lines:
            assert lines[0].startswith("::")
    by_title = {p.title: p for p in parsed}

    nasty = by_title["attention/escape-me:{1}"]
    assert nasty.markup == "html" and nasty.text == to_html(NASTY.en)
    assert nasty.kind == "multichoice"
    assert sorted(nasty.answers) == [("=", "second ~ #2"), ("~", "first = {1}")]   # any order
    assert nasty.feedback.startswith("Explanation ~=#{}:\\<br>")

    assert by_title["nn-basics/fixture-relu-range"].kind == "truefalse"
    assert by_title["nn-basics/fixture-relu-range"].answers == [("T", "")]
    multi = by_title["nn-basics/fixture-relu-properties"]
    assert multi.kind == "multi"
    assert sorted(gift_parser.weight(t) for _, t in multi.answers) == [(-100, "0.5"), (50, "0.25"), (50, "1")]
    num = by_title["nn-basics/fixture-sigmoid-at-zero"]
    assert num.kind == "numerical" and num.answers == [("#", "0.5:0.0005")]
    sym = by_title["nn-basics/fixture-sigmoid-derivative"]                     # its value at x = -1
    assert sym.kind == "numerical" and sym.answers == [("#", "0.196612:0.000196612")]
    assert "\\(x = -1\\)" in sym.text and "<code>sigma(x)*(1 - sigma(x))</code>" in sym.feedback
    assert by_title["nn-basics/fixture-why-bias"].kind == "essay"
    matrix = by_title["nn-basics/fixture-identity-matrix"]                      # GIFT has no cloze
    assert matrix.kind == "essay" and "\\begin{bmatrix} 1 &amp; 0 \\cr 0 &amp; 1 \\end{bmatrix}" in matrix.feedback
    # MathJax delimiters survive the escaping
    assert "\\(\\sigma'(x)\\)" in by_title["nn-basics/fixture-sigmoid-derivative-max"].text


def _in_topic_order(questions):
    from engine.export.markdown import by_topic

    return [q for _, group in by_topic(questions) for q in group]


# ---------------------------------------------------------------- CSV

def test_csv(tmp_path, sample_questions, generated_questions):
    questions = sample_questions + generated_questions
    path = tmp_path / "cards.csv"
    export(questions, "csv", path, ExportOptions(lang="zh"))
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["id", "topic", "type", "difficulty", "prompt", "answer", "explanation"]
    assert len(rows) == len(questions) + 1
    by_id = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    choice = by_id["nn-basics/fixture-sigmoid-derivative-max"]
    assert choice["prompt"].startswith("sigmoid 的导数 σ'(x) 的最大值是多少？")   # math as Unicode
    # the answer names the letter the option has in this file's (shuffled) prompt
    assert choice["answer"] == f"{_shown_letter(choice['prompt'], '0.25')}. 0.25"
    assert by_id["nn-basics/fixture-relu-range"]["answer"] == "正确"
    multi = by_id["nn-basics/fixture-relu-properties"]
    assert multi["answer"].splitlines() == sorted(
        [f"{_shown_letter(multi['prompt'], '0.25')}. 0.25", f"{_shown_letter(multi['prompt'], '1')}. 1"])
    nasty = by_id["attention/escape-me:{1}"]
    assert "$" not in nasty["prompt"].replace("$5", "") and "a/b < 1" in nasty["prompt"]
    assert "\n第二行 加粗" in nasty["prompt"] and nasty["difficulty"] == "2"        # **bold** dropped


def _shown_letter(prompt: str, option: str) -> str:
    """The letter of the option line 'X. option' in a printed prompt."""
    [letter] = [line[0] for line in prompt.splitlines() if line[1:] == f". {option}"]
    return letter


def test_csv_without_answers(tmp_path, sample_questions):
    path = tmp_path / "q.csv"
    export(sample_questions, "csv", path, ExportOptions(lang="en", answers=False))
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert all(r["answer"] == "" and r["explanation"] == "" and r["prompt"] for r in rows)


# ---------------------------------------------------------------- Markdown

def test_markdown_sheet(tmp_path, sample_questions, generated_questions):
    questions = sample_questions + generated_questions
    path = tmp_path / "sheet.md"
    export(questions, "markdown", path, ExportOptions(lang="en"))
    text = path.read_text(encoding="utf-8")
    sheet, key = text.split("## Answer key")
    topic_headings = [line for line in sheet.splitlines() if line.startswith("## ")]
    assert topic_headings[0] == "## Neural-network basics" and len(topic_headings) == len({q.topic for q in questions})
    numbers = [int(line[4:]) for line in sheet.splitlines() if line.startswith("### ")]
    assert numbers == list(range(1, len(questions) + 1))
    assert "$\\sigma'(x)$" in sheet                                     # math kept as $...$
    assert "- **A.** 0.25" in sheet
    key_numbers = [int(line[4:]) for line in key.splitlines() if line.startswith("### ")]
    assert key_numbers == numbers
    assert "**Answer:** A. 0.25" in key and "*Source: notes 1.3*" in key

    export(questions, "markdown", path, ExportOptions(lang="en", answers=False))
    bare = path.read_text(encoding="utf-8")
    assert "Answer key" not in bare and "Because ..." not in bare and "$\\sigma'(x)$" in bare


@pytest.mark.parametrize("fmt", ["json", "anki", "moodle", "gift"])
def test_formats_that_need_answers_refuse_no_answers(tmp_path, sample_questions, fmt):
    with pytest.raises(ValueError, match="needs the answers"):
        export(sample_questions, fmt, tmp_path / "x", ExportOptions(answers=False))
    assert not (tmp_path / "x").exists()
