"""Issue 14, items 12-16: each export means what the app means, read back as its consumer reads it.

    12  a generated backprop question asks each quantity by its name and real shape
    13  formulas in a Markdown answer key render unchanged, with and without a dollar-math plugin
    14  formula questions stay graded in Moodle and GIFT (their value at a stated point)
    15  given values readable (math, words), math inside each format's delimiters, topic order
    16  every exported tolerance is the grading rule's (engine/checking/tolerance.py), never 0.005
"""

from __future__ import annotations

import csv
import html
import math
import re
import xml.etree.ElementTree as ET

import genanki
import numpy as np
import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

import gift_parser
from engine.bank.from_exercise import materialize, question_from_exercise
from engine.bank.loader import load_bank
from engine.bank.model import NumericAnswer, Question, SymbolicAnswer
from engine.checking.evaluate import evaluate
from engine.checking.parser import parse
from engine.checking.tolerance import Tolerance, exercise_scale
from engine.export import ExportOptions, export
from engine.export.formula import formula_latex
from engine.generators import generate
from engine.text import Text
from export_samples import anki_notes

BACKPROP_ID = "nn-basics/generated-mlp-backprop"


@pytest.fixture(scope="module")
def bank():
    return load_bank()


@pytest.fixture(scope="module")
def backprop(bank) -> Question:
    """The shipped generated backprop question (ask = delta, dW, db) at seed 0, as exports see it."""
    [q] = [q for q in bank.questions if q.id == BACKPROP_ID]
    return materialize(q, 0)


def _moodle(questions, tmp_path, lang="en") -> dict[str, ET.Element]:
    path = tmp_path / "quiz.xml"
    export(questions, "moodle", path, ExportOptions(lang=lang))
    return {e.findtext("name/text"): e for e in ET.parse(path).getroot().findall("question")
            if e.get("type") != "category"}


def _gift(questions, tmp_path, lang="en") -> dict[str, gift_parser.GiftQuestion]:
    path = tmp_path / "quiz.gift"
    export(questions, "gift", path, ExportOptions(lang=lang))
    return {p.title: p for p in gift_parser.parse(path.read_text(encoding="utf-8"))}


def _csv(questions, tmp_path, lang="en") -> list[dict[str, str]]:
    path = tmp_path / "cards.csv"
    export(questions, "csv", path, ExportOptions(lang=lang))
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _blanks(cloze_html: str) -> list[tuple[float, float]]:
    """(value, tolerance) of every {1:NUMERICAL:=v:t} blank, in order."""
    return [(float(v), float(t)) for v, t in re.findall(r"\{1:NUMERICAL:=([^:}]+):([^}]+)\}", cloze_html)]


def _flat(value) -> list[float]:
    return [float(x) for x in np.asarray(value, dtype=float).ravel()]


# ---------------------------------------------------------------- 12: one named quantity, one shape

def test_backprop_prompt_names_each_quantity_with_its_real_shape(backprop):
    parts = backprop.answer.parts
    ex = generate("mlp-backprop", 0, "easy")
    assert [p.name for p in parts] == [r"\delta_{2}", r"\delta_{1}", r"\frac{\partial L}{\partial W_{2}}",
                                       r"\frac{\partial L}{\partial W_{1}}", r"\frac{\partial L}{\partial b_{2}}",
                                       r"\frac{\partial L}{\partial b_{1}}"]
    assert [np.shape(p.value) for p in parts] == [(1,), (3,), (1, 3), (3, 2), (1,), (3,)]
    np.testing.assert_allclose(parts[1].value, ex.answers["delta"][0])
    prompt = backprop.prompt.en
    assert "`delta`" not in prompt and "a vector of 2 numbers" not in prompt
    assert r"$\delta_{1}$, a vector of 3 numbers" in prompt
    assert r"$\frac{\partial L}{\partial W_{1}}$, a 3×2 matrix" in prompt
    assert "请分别填写" in backprop.prompt.zh and r"$\delta_{1}$，3 维向量" in backprop.prompt.zh


def test_moodle_cloze_has_one_named_group_of_blanks_per_quantity(backprop, tmp_path):
    el = _moodle([backprop], tmp_path)[backprop.id]
    assert el.get("type") == "cloze"
    text = el.findtext("questiontext/text")
    # each quantity: its label and name as MathJax math, then a table shaped like it
    groups = re.findall(r"\\\(([^()]+?)\\\) =<table>(.*?)</table>", text)
    assert [html.unescape(name) for name, _ in groups] == [p.name for p in backprop.answer.parts]
    for (name, table), part in zip(groups, backprop.answer.parts):
        rows = table.split("</tr>")[:-1]
        shape = np.shape(part.value)
        assert len(rows) == (shape[0] if len(shape) == 2 else 1), name
        assert all(len(_blanks(r)) == (shape[1] if len(shape) == 2 else shape[0]) for r in rows), name
        assert [v for v, _ in _blanks(table)] == pytest.approx(_flat(part.value), rel=1e-5, abs=1e-9)
    assert "error of layer 1 (backpropagated): \\(\\delta_{1}\\) =" in text


def test_anki_card_shows_every_quantity_by_name(backprop, tmp_path):
    path = tmp_path / "deck.apkg"
    export([backprop], "anki", path, ExportOptions(lang="en"))
    [(guid, _tags, fields)] = anki_notes(path, tmp_path)[0]
    front, back, _source, qid = fields.split("\x1f")
    assert guid == genanki.guid_for(BACKPROP_ID + "/seed-0") and qid == backprop.id
    assert "\\(\\delta_{1}\\), a vector of 3 numbers" in front
    assert "\\(\\frac{\\partial L}{\\partial W_{1}}\\), a 3×2 matrix" in front
    assert "\\(\\delta_{1} = (0.00281476, -0.00281476, -0.00635911)\\)" in back


def test_gift_csv_and_markdown_give_each_quantity(backprop, tmp_path):
    gift = _gift([backprop], tmp_path)[backprop.id]
    assert gift.kind == "essay"                                   # several numbers: graded by hand
    assert "\\(\\delta_{1} = (0.00281476, -0.00281476, -0.00635911)\\)" in gift.feedback
    [row] = _csv([backprop], tmp_path)
    assert "δ₁ = (0.00281476, −0.00281476, −0.00635911)" in row["answer"]
    assert "`delta`" not in row["prompt"] and "δ₁, a vector of 3 numbers" in row["prompt"]
    path = tmp_path / "sheet.md"
    export([backprop], "markdown", path, ExportOptions(lang="en"))
    key = MarkdownIt("commonmark").render(path.read_text(encoding="utf-8")).split("Answer key")[1]
    items = re.findall(r"<li>(.*?)</li>", key.split("<p>Run the forward pass")[0], re.S)
    assert len(items) == len(backprop.answer.parts)
    # a matrix answer comes through a renderer without math support to the character
    assert html.escape(r"$\frac{\partial L}{\partial W_{1}} = \begin{bmatrix} -0.00140738 & -0.00140738 \cr "
                       r"0.00140738 & 0.00140738 \cr 0.00317956 & 0.00317956 \end{bmatrix}$", quote=False) in items[3]


def test_a_single_asked_quantity_keeps_one_plain_answer():
    ex = generate("mlp-backprop", 3, "easy")
    q = question_from_exercise(ex, ask=["delta.0"])
    assert q.answer.parts == () and np.shape(q.answer.value) == np.shape(ex.answers["delta"][0])
    assert "Enter: error of layer 1" in q.prompt.en and r"$\delta_{1}$, a vector of" in q.prompt.en


# ---------------------------------------------------------------- 13: Markdown formulas unchanged

def _star_question() -> Question:
    return Question(
        id="nn-basics/stars", topic="nn-basics", type="symbolic", difficulty=1, tags=(),
        prompt=Text.same("At the optimum $x^*$ we have $f(x^*) = 0$; derive $\\partial L/\\partial z_2$."),
        explanation=Text.same("Since $g^* = 1$ and $h^*$ ..."), source="test",
        answer=SymbolicAnswer("(a2 - y)*a2*(1 - a2)", variables=("a2", "y"),
                              domain={"a2": (0.05, 0.95), "y": (0.0, 1.0)}))


@pytest.fixture(scope="module")
def formula_sheet(bank, tmp_path_factory):
    questions = [q for q in bank.questions if q.type == "symbolic"] + [_star_question()]
    path = tmp_path_factory.mktemp("md") / "sheet.md"
    export(questions, "markdown", path, ExportOptions(lang="en"))
    return questions, path.read_text(encoding="utf-8")


def test_markdown_formulas_survive_a_renderer_without_math(formula_sheet):
    questions, text = formula_sheet
    assert len(questions) > 40
    rendered = MarkdownIt("commonmark").render(text)
    key = rendered.split("Answer key")[1]
    for block in key.split("<h3>")[1:]:
        # the only emphasis in an answer is the source line: no formula became italics
        assert re.findall(r"<em>(.*?)</em>", block, re.S) == [re.search(r"<em>(Source:.*?)</em>", block).group(1)]
    for q in questions:   # the typed form, exactly as the checker reads it
        assert f"<code>{html.escape(q.answer.expected, quote=False)}</code>" in key, q.id
    for q in questions:   # and the math, to the character, for MathJax to typeset in the browser
        assert html.escape(f"${formula_latex(q.answer)}$", quote=False) in key, q.id
    assert "(a2 - y)*a2*(1 - a2)" in key and "<em>a2</em>" not in rendered
    sheet = rendered.split("Answer key")[0].split("nn-basics/stars")[1].split("<h3>")[0]   # x^* ... x^*
    assert re.findall(r"<em>(.*?)</em>", sheet) == ["Variables: a2, y"]


def test_markdown_formulas_are_math_for_a_dollar_math_renderer(formula_sheet):
    questions, text = formula_sheet
    md = MarkdownIt("commonmark").use(dollarmath_plugin)
    tokens = [t for block in md.parse(text) for t in (block.children or [])]
    math_spans = {t.content for t in tokens if t.type == "math_inline"}
    for q in questions:
        assert formula_latex(q.answer) in math_spans, q.id
    assert r"(a_{2} - y) a_{2} (1 - a_{2})" in math_spans
    assert r"f(x^{\ast}) = 0" in math_spans and not any("*" in s for s in math_spans)


# ---------------------------------------------------------------- 14: formula questions stay graded

def _value_at_stated_point(q: Question, question_text: str) -> float:
    """Read the point back from the question text ("\\(x = -1\\)", "\\(a_{2} = 0.38\\)") and evaluate the
    expected expression there with the checker's evaluator."""
    a = q.answer
    shown = dict(re.findall(r"\\\(([^=()]+?) = (-?[\d.]+)\\\)", question_text.split("Graded by value")[1]))
    from engine.checking.latex import _name

    point = {v: float(shown[_name(v)]) for v in a.variables}
    tree = parse(a.expected, variables=a.variables, aliases=a.aliases)
    return float(evaluate(tree, {v: np.array([x]) for v, x in point.items()}, 1)[0])


def test_every_shipped_formula_question_is_numerical_in_moodle(bank, tmp_path):
    questions = [q for q in bank.questions if q.type == "symbolic"]
    by_name = _moodle(questions, tmp_path)
    for q in questions:
        el = by_name[q.id]
        assert el.get("type") == "numerical", q.id
        text = el.findtext("questiontext/text")
        value = float(el.find("answer").findtext("text"))
        assert value == pytest.approx(_value_at_stated_point(q, text), rel=1e-5), q.id
        assert float(el.find("answer").findtext("tolerance")) == pytest.approx(0.001 * abs(value), rel=1e-4)
        assert html.escape(q.answer.expected, quote=False) in el.findtext("generalfeedback/text")


def test_an_equivalent_form_gives_the_graded_value(bank, tmp_path):
    """What makes the numerical question fair: another way of writing σ'(x) lands inside the tolerance."""
    [q] = [q for q in bank.questions if q.type == "symbolic" and q.answer.expected == "exp(-x)/(1 + exp(-x))^2"]
    el = _moodle([q], tmp_path)[q.id]
    x = float(re.search(r"\\\(x = (-?[\d.]+)\\\)", el.findtext("questiontext/text")).group(1))
    other = 1 / (1 + math.exp(-x)) * (1 - 1 / (1 + math.exp(-x)))
    answer = el.find("answer")
    assert abs(other - float(answer.findtext("text"))) <= float(answer.findtext("tolerance"))


def test_a_formula_off_by_a_small_term_is_graded_wrong(bank, tmp_path):
    [q] = [q for q in bank.questions if q.type == "symbolic" and q.answer.expected == "4*d^2 + 4*d"]
    el = _moodle([q], tmp_path)[q.id]
    answer = el.find("answer")
    d = float(re.search(r"\\\(d = (\d+)\\\)", el.findtext("questiontext/text")).group(1))
    wrong = 4 * d**2 + 3 * d                                       # one bias vector forgotten
    assert abs(wrong - float(answer.findtext("text"))) > float(answer.findtext("tolerance"))


def test_gift_formula_and_one_number_vectors_are_numerical(bank, tmp_path):
    formulas = [q for q in bank.questions if q.type == "symbolic"]
    one = question_from_exercise(generate("gru-step", 7, "easy"))          # h_t of one hidden unit
    assert np.shape(one.answer.value) == (1,)
    parsed = _gift(formulas + [one], tmp_path)
    for q in formulas:
        g = parsed[q.id]
        assert g.kind == "numerical", q.id
        value, tol = (float(x) for x in g.answers[0][1].split(":"))
        assert value == pytest.approx(_value_at_stated_point(q, g.text), rel=1e-5), q.id
        assert tol == pytest.approx(0.001 * abs(value), rel=1e-4)
    g = parsed[one.id]
    assert g.kind == "numerical" and float(g.answers[0][1].split(":")[0]) == pytest.approx(one.answer.value[0], rel=1e-5)


# ---------------------------------------------------------------- 15: readable, math in delimiters

def test_given_values_read_as_math_and_words(backprop, tmp_path):
    prompt = backprop.prompt.en
    for programmer in ("[[", "half_sse", "layer_sizes", "learning_rate", "W_1 = ", "'"):
        assert programmer not in prompt.split("Given:")[1], programmer
    assert "- layer sizes: 2–3–1" in prompt and "- loss: ½Σ(a−y)² (half sum of squares)" in prompt
    assert r"- $W_{1} = \begin{bmatrix} 0.5 & -1 \cr 0.5 & 1 \cr -0.5 & 1 \end{bmatrix}$" in prompt
    assert r"- $\eta = 0.5$" in prompt and "- 损失：½Σ(a−y)²（半平方和）" in backprop.prompt.zh
    text = _moodle([backprop], tmp_path)[backprop.id].findtext("questiontext/text")
    assert r"\(z_l = W_l a_{l-1} + b_l\)" in text                # the formula inside MathJax delimiters
    assert "a_{l-1} + b_l." not in text.replace(r"a_{l-1} + b_l\)", "")


def test_csv_shows_matrices_as_aligned_rows(backprop, tmp_path):
    [row] = _csv([backprop], tmp_path)
    assert "- W₁ =\n  [  0.5  −1 ]\n  [  0.5   1 ]\n  [ −0.5   1 ]\n" in row["prompt"]
    assert "- W₂ = [ −0.5  0.5  1 ]" in row["prompt"] and "- η = 0.5" in row["prompt"]
    assert "[[" not in row["prompt"] and "\\begin" not in row["prompt"] + row["answer"] + row["explanation"]


def test_formula_answers_as_math_and_type_named_in_words(bank, tmp_path):
    [q] = [q for q in bank.questions if q.type == "symbolic" and q.answer.expected == "sigma(x)*(1 - sigma(x))"][:1]
    path = tmp_path / "anki.apkg"
    export([q], "anki", path, ExportOptions(lang="en"))
    back = anki_notes(path, tmp_path)[0][0][2].split("\x1f")[1]
    assert "\\(\\sigma(x) (1 - \\sigma(x))\\)" in back and "<code>sigma(x)*(1 - sigma(x))</code>" in back
    sheet = tmp_path / "s.md"
    export([q], "markdown", sheet, ExportOptions(lang="en"))
    meta = [line for line in sheet.read_text(encoding="utf-8").splitlines() if line.startswith(f"`{q.id}`")]
    assert meta and "formula" in meta[0] and "expression" not in meta[0]
    [row] = _csv([q], tmp_path)
    assert row["answer"].startswith("σ(x) (1 − σ(x)) · sigma(x)*(1 - sigma(x))")


def test_csv_rows_in_topic_order_like_the_other_exports(sample_questions, tmp_path):
    from engine.export.common import by_topic

    questions = list(reversed(sample_questions))              # the attention question comes first
    assert questions[0].topic == "attention"
    rows = _csv(questions, tmp_path)
    assert rows[0]["topic"] == "nn-basics"
    assert [r["id"] for r in rows] == [q.id for _, group in by_topic(questions) for q in group]


# ---------------------------------------------------------------- 16: the grading rule's tolerance

def _numeric(qid: str, value) -> Question:
    return Question(id=qid, topic="nn-basics", type="numeric", difficulty=1, tags=(), prompt=Text.same("?"),
                    explanation=Text.same("."), source="test", answer=NumericAnswer(value))


def test_every_format_uses_the_grading_rule_not_a_fixed_0_005(tmp_path):
    small = _numeric("t/small", 0.00353)          # the old 0.005 would accept 0 and a sign flip here
    vector = _numeric("t/vector", [0.00353, -2.0, 0.0])
    rule = Tolerance()
    zero = rule.zero(vector.answer.value)
    moodle = _moodle([small, vector], tmp_path)
    tol = float(moodle["t/small"].find("answer").findtext("tolerance"))
    assert tol == pytest.approx(0.01 * 0.00353) and tol < 0.00353
    blanks = _blanks(moodle["t/vector"].findtext("questiontext/text"))
    assert blanks == [(0.00353, pytest.approx(3.53e-5)), (-2.0, pytest.approx(0.02)), (0.0, pytest.approx(zero))]
    gift = _gift([small, vector], tmp_path)
    assert gift["t/small"].answers == [("#", "0.00353:3.53e-05")]


def test_generated_tolerance_is_the_apps(tmp_path):
    """The app grades each part with the exercise's scale as zero level (quizapp/grading.py): a
    step that is exactly 0 (float noise in the solve) accepts 0 in the export too."""
    ex = generate("mlp-backprop", 0, "easy")
    q = question_from_exercise(ex, ask=["delta", "dW"])
    scale = exercise_scale(ex)
    assert q.answer.tolerance.abs == pytest.approx(1e-6 * scale)
    blanks = _blanks(_moodle([q], tmp_path)[q.id].findtext("questiontext/text"))
    for (value, tol), want in zip(blanks, [v for p in q.answer.parts for v in _flat(p.value)]):
        assert value == pytest.approx(want, rel=1e-5, abs=1e-12)
        assert tol == pytest.approx(max(0.01 * abs(want), 1e-6 * scale), rel=1e-3)
