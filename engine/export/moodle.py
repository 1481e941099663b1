"""Moodle XML, built with xml.etree so that it is always well-formed and every text is escaped.

    choice     multichoice, single          (fraction 100 / 0)
    multi      multichoice, multiple        (each right option 100/k, each wrong one -100/(n-k))
    truefalse  truefalse
    numeric    numerical (one number, also a one-entry vector) with the grading rule's absolute
               tolerance max(rel·|value|, zero level) (engine/checking/tolerance.py);
               a vector or matrix becomes a cloze question with one NUMERICAL blank per entry
               (Moodle's numerical type holds one number); a generated question that asks several
               quantities names each one (δ₂, δ₁, ∂L/∂W₂ ...) before its blanks
    symbolic   numerical: the expression's value at a stated sample point, computed by the checker's
               evaluator, so every equivalent form is right (a shortanswer would accept one exact
               string only); the answer in general feedback as math and as typed. Only an expression
               with no usable point stays a shortanswer with the expected string
    open       essay, with the model answer and key points as information for graders

One category per topic. Options keep the bank's order (explanations may refer to letters).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from engine.checking.tolerance import Tolerance

from engine.bank.model import (
    ChoiceAnswer,
    MultiAnswer,
    NumericAnswer,
    OpenAnswer,
    Question,
    SymbolicAnswer,
    TrueFalseAnswer,
)
from engine.bank.topics import TOPICS
from engine.bank.shuffle import refers_by_letter
from engine.export.common import (ExportOptions, answer_lines, by_topic, format_number, label, numeric_parts, pick,
                                   single_number, symbolic_hint, tick, to_html, without_noise, write_streamed)
from engine.export.formula import graded_formula


def fraction(x: float) -> str:
    """Moodle's grade fractions are written with up to 7 significant digits (33.33333)."""
    s = f"{x:.7g}"
    return "0" if s == "-0" else s


def absolute_tolerance(value: float, rel: float, abs_: float | None, scale: Any = None) -> float:
    """The grading rule (engine/checking/tolerance.py) as one absolute tolerance for one entry, as
    Moodle and GIFT need it; ``scale`` is the whole expected value the entry belongs to."""
    return Tolerance(rel, abs_).allowed(value, Tolerance(rel, abs_).zero(value if scale is None else scale))


def _text(parent: ET.Element, tag: str, html: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": "html", **attrs})
    ET.SubElement(el, "text").text = html
    return el


def _plain(parent: ET.Element, tag: str, value: str) -> ET.Element:
    el = ET.SubElement(parent, tag)
    el.text = value
    return el


def category(slug: str, lang: str, deck: str) -> ET.Element:
    topic = TOPICS.get(slug)
    # "/" separates Moodle categories, so "both" joins the titles with "·"
    title = f"{topic.number}. {pick(topic.title, lang, ' · ')}" if topic else slug
    q = ET.Element("question", {"type": "category"})
    cat = ET.SubElement(q, "category")
    _plain(cat, "text", f"$course$/{deck}/{title.replace('/', '-')}")
    return q


def _answer(parent: ET.Element, fraction_: float, html: str, fmt: str = "html") -> ET.Element:
    el = ET.SubElement(parent, "answer", {"fraction": fraction(fraction_), "format": fmt})
    _plain(el, "text", html)
    fb = ET.SubElement(el, "feedback", {"format": "html"})
    _plain(fb, "text", "")
    return el


def _cloze_entries(value, rel: float, abs_: float | None, scale) -> str:
    """An HTML table of NUMERICAL blanks shaped like the vector / matrix."""
    def blank(v: float) -> str:
        return f"{{1:NUMERICAL:={format_number(v)}:{format_number(absolute_tolerance(v, rel, abs_, scale))}}}"

    rows = value if isinstance(value[0], list) else [value]
    cells = "".join("<tr>" + "".join(f"<td>{blank(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table>{cells}</table>"


def _cloze(a: NumericAnswer, lang: str) -> str:
    """Every asked quantity by its name, then its blanks (one per entry)."""
    zero = a.tolerance.zero(a.value)
    out = []
    for part in numeric_parts(a):
        value = without_noise(part.value, zero)
        blanks = _cloze_entries(value if isinstance(value, list) else [value], a.tolerance.rel,
                                a.tolerance.abs, a.value)
        if part.name:
            blanks = to_html(f"{pick(part.label, lang, ' / ')}: ${part.name}$ =") + blanks
        out.append(blanks)
    return "<br>".join(out)


def question_element(q: Question, lang: str) -> ET.Element:
    a = q.answer
    prompt = to_html(pick(q.prompt, lang))
    qtype = {ChoiceAnswer: "multichoice", MultiAnswer: "multichoice", TrueFalseAnswer: "truefalse",
             NumericAnswer: "numerical", SymbolicAnswer: "shortanswer", OpenAnswer: "essay"}[type(a)]
    number = single_number(a) if isinstance(a, NumericAnswer) else None
    if isinstance(a, NumericAnswer) and number is None:
        qtype = "cloze"
        prompt += "<br>" + _cloze(a, lang)
    graded = graded_formula(a, lang) if isinstance(a, SymbolicAnswer) else None
    if isinstance(a, SymbolicAnswer):
        prompt += f"<br><i>{to_html(symbolic_hint(q, lang))}</i>"
        if graded is not None:
            qtype = "numerical"
            prompt += f"<br><b>{to_html(graded.note)}</b>"
    el = ET.Element("question", {"type": qtype})
    name = ET.SubElement(el, "name")
    _plain(name, "text", q.id)
    _text(el, "questiontext", prompt)
    feedback = to_html(pick(q.explanation, lang)) + f"<br><i>{to_html(label('source', lang))}: {to_html(q.source)}</i>"
    if isinstance(a, (NumericAnswer, SymbolicAnswer)):   # the answer itself, as the learner reads it
        answer = "<br>".join(to_html(line) for line in answer_lines(q, lang))
        feedback = f"<b>{to_html(label('answer', lang))}:</b> {answer}<br>{feedback}"
    _text(el, "generalfeedback", feedback)
    _plain(el, "defaultgrade", "1")
    _plain(el, "penalty", "0.3333333")
    _plain(el, "hidden", "0")
    if len(q.id) <= 100:  # Moodle's idnumber field holds at most 100 characters
        _plain(el, "idnumber", q.id)

    if isinstance(a, (ChoiceAnswer, MultiAnswer)):
        single = isinstance(a, ChoiceAnswer)
        _plain(el, "single", "true" if single else "false")
        # Moodle shuffles per attempt; an explanation that names options by letter needs the file order
        _plain(el, "shuffleanswers", "false" if refers_by_letter(q) else "true")
        _plain(el, "answernumbering", "ABCD")
        right = {a.correct} if single else set(a.correct)
        n_wrong = len(a.options) - len(right)
        for i, option in enumerate(a.options):
            if i in right:
                value = 100 / len(right)
            else:
                value = 0 if single or n_wrong == 0 else -100 / n_wrong
            _answer(el, value, to_html(pick(option, lang, " / ")))
    elif isinstance(a, TrueFalseAnswer):
        _answer(el, 100 if a.correct else 0, "true", "moodle_auto_format")
        _answer(el, 0 if a.correct else 100, "false", "moodle_auto_format")
    elif isinstance(a, NumericAnswer) and number is not None:
        ans = _answer(el, 100, format_number(number), "moodle_auto_format")
        _plain(ans, "tolerance", format_number(absolute_tolerance(number, a.tolerance.rel, a.tolerance.abs)))
    elif graded is not None:
        ans = _answer(el, 100, format_number(graded.value), "moodle_auto_format")
        _plain(ans, "tolerance", format_number(graded.tolerance))
    elif isinstance(a, SymbolicAnswer):   # no point where the expression is defined: the typed string
        _plain(el, "usecase", "0")
        _answer(el, 100, a.expected, "moodle_auto_format")
    elif isinstance(a, OpenAnswer):
        _plain(el, "responseformat", "editor")
        _plain(el, "responserequired", "1")
        _plain(el, "responsefieldlines", "10")
        _plain(el, "attachments", "0")
        info = "<br>".join(to_html(line) for line in answer_lines(q, lang))
        _text(el, "graderinfo", f"<b>{to_html(label('model_answer', lang))}</b><br>{info}")
        _text(el, "responsetemplate", "")

    tags = ET.SubElement(el, "tags")
    for t in (q.topic, *q.tags, f"difficulty-{q.difficulty}"):
        tag = ET.SubElement(tags, "tag")
        _plain(tag, "text", t)
    return el


def serialised(el: ET.Element) -> str:
    """One element as it reads inside <quiz>, indented as ET.indent would indent the whole document."""
    ET.indent(el, space="  ", level=1)
    return ET.tostring(el, encoding="unicode")


def pieces(questions: Sequence[Question], options: ExportOptions = ExportOptions()) -> Iterator[str]:
    """The document, one <question> at a time: each element is built, serialised and dropped before
    the next, so peak memory is one question's tree, not the whole quiz's."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    groups = by_topic(questions)
    if not groups:
        yield "<quiz />\n"
        return
    yield "<quiz>"
    done = 0
    for slug, group in groups:
        yield "\n  " + serialised(category(slug, options.lang, options.deck))
        for q in group:
            yield "\n  " + serialised(question_element(q, options.lang))
            done += 1
            tick(options, done, len(questions))
    yield "\n</quiz>\n"


def write(questions: Sequence[Question], path: Path, options: ExportOptions = ExportOptions()) -> int:
    return write_streamed(pieces(questions, options), len(questions), path, options)
