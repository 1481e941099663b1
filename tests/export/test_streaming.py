"""Moodle XML, Markdown and GIFT are written while they are built (issue 16): the streamed Moodle file
is the document the whole-tree build gave, a failure half-way leaves nothing at the target, and the
progress bar still moves."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

import engine.export.gift as gift
import engine.export.markdown as markdown
import engine.export.moodle as moodle
from engine.bank.loader import load_bank
from engine.export import ExportOptions, export
from engine.export.common import by_topic
from engine.export.select import concrete


@pytest.fixture(scope="module")
def shipped():
    return load_bank(include_user=False).questions


def whole_tree_moodle(questions, lang: str, deck: str = "quizapp") -> str:
    """The Moodle document the way it was written before streaming: one <quiz> tree holding every
    question, indented and serialised as a whole."""
    quiz = ET.Element("quiz")
    for slug, group in by_topic(questions):
        quiz.append(moodle.category(slug, lang, deck))
        quiz.extend([moodle.question_element(q, lang) for q in group])
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


@pytest.mark.parametrize("lang", ["zh", "en", "both"])
def test_streamed_moodle_is_the_whole_tree_document(shipped, tmp_path, lang):
    path = tmp_path / "bank.xml"
    export(shipped, "moodle", path, ExportOptions(lang=lang))
    text = path.read_text(encoding="utf-8")
    assert text == whole_tree_moodle(concrete(shipped, seed=0), lang)   # generated questions at the export's seed
    root = ET.parse(path).getroot()
    assert sum(1 for q in root if q.get("type") != "category") == len(shipped)


def test_streamed_moodle_escapes_and_generated_questions(sample_questions, generated_questions, tmp_path):
    questions = sample_questions + generated_questions
    path = tmp_path / "x.xml"
    export(questions, "moodle", path, ExportOptions(deck="a/b & <c>"))
    assert path.read_text(encoding="utf-8") == whole_tree_moodle(questions, "both", "a/b & <c>")
    ET.parse(path)


def test_an_empty_moodle_export_is_an_empty_quiz(tmp_path):
    path = tmp_path / "empty.xml"
    assert moodle.write([], path) == 0
    assert path.read_text(encoding="utf-8") == whole_tree_moodle([], "both")
    assert len(ET.parse(path).getroot()) == 0


FAILING_AT = 300   # well past the first few kilobytes, so the temporary file already holds text


@pytest.mark.parametrize(("fmt", "module", "builder"), [
    ("moodle", moodle, "question_element"),
    ("gift", gift, "question_text"),
    ("markdown", markdown, "answer_block"),
])
@pytest.mark.parametrize("old_file", [False, True])
def test_a_failure_half_way_leaves_no_partial_file(shipped, tmp_path, monkeypatch, fmt, module, builder, old_file):
    target = tmp_path / f"bank.{fmt}"
    if old_file:
        target.write_text("the previous export", encoding="utf-8")
    real = getattr(module, builder)
    calls = 0
    partial_sizes = []

    def failing(*args):
        nonlocal calls
        calls += 1
        if calls == FAILING_AT:
            # the export is streaming: what was built so far is already in the temporary file
            partial_sizes.extend(p.stat().st_size for p in tmp_path.iterdir() if p.name.endswith(".tmp"))
            raise RuntimeError("disk on fire")
        return real(*args)

    monkeypatch.setattr(module, builder, failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        export(shipped, fmt, target, ExportOptions())
    assert len(partial_sizes) == 1 and partial_sizes[0] > 0
    assert [p.name for p in tmp_path.iterdir()] == ([target.name] if old_file else [])
    if old_file:
        assert target.read_text(encoding="utf-8") == "the previous export"


@pytest.mark.parametrize(("fmt", "answers"), [("moodle", True), ("gift", True), ("json", True), ("markdown", True),
                                             ("markdown", False), ("csv", True), ("csv", False)])
def test_progress_moves_while_writing_and_ends_complete(shipped, tmp_path, fmt, answers):
    calls = []
    target = tmp_path / f"bank.{fmt}"

    def progress(done, total):
        calls.append((done, total, target.exists()))

    n = export(shipped, fmt, target, ExportOptions(answers=answers, progress=progress))
    assert n == len(shipped) > 1000
    assert all(total == n for _done, total, _exists in calls)
    done = [d for d, _total, _exists in calls]
    assert done == sorted(done) and len(done) >= 5       # a moving bar, not a jump from 0 to done
    assert calls[-1] == (n, n, True)
    assert not any(exists for _d, _t, exists in calls[:-1])   # the file appears only when complete
