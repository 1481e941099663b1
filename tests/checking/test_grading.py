"""grade(question, response) for every question type, and form constraints."""

from __future__ import annotations

import pytest

from engine.bank.model import (ChoiceAnswer, GeneratedAnswer, MultiAnswer, NumericAnswer, OpenAnswer, Question,
                               SymbolicAnswer, Tolerance, TrueFalseAnswer)
from engine.checking import check_symbolic, grade
from engine.text import Text

OPTS = tuple(Text.same(s) for s in ("a", "b", "c", "d"))


def question(kind: str, answer) -> Question:
    return Question(id=f"nn-basics/test-{kind}", topic="nn-basics", type=kind, difficulty=1, tags=(),
                    prompt=Text.same("?"), explanation=Text.same("because"), source="notes 1.3", answer=answer)


def test_choice():
    q = question("choice", ChoiceAnswer(OPTS, 1))
    assert grade(q, 1).correct
    wrong = grade(q, 2)
    assert wrong.status == "incorrect" and "the answer is B" in wrong.message
    assert grade(q, 7).status == "invalid" and grade(q, True).status == "invalid"


def test_multi_partial_selection_is_incorrect_and_counts():
    q = question("multi", MultiAnswer(OPTS, frozenset({0, 2})))
    assert grade(q, {0, 2}).correct
    partial = grade(q, {0})
    assert partial.status == "incorrect" and "1 of the 2 right options and 0 wrong" in partial.message
    mixed = grade(q, {0, 1, 2})
    assert mixed.status == "incorrect" and "2 of the 2 right options and 1 wrong" in mixed.message
    assert grade(q, set()).status == "invalid"
    assert grade(q, {9}).status == "invalid"


def test_truefalse():
    q = question("truefalse", TrueFalseAnswer(False))
    assert grade(q, False).correct
    assert grade(q, True).status == "incorrect"
    assert grade(q, "false").status == "invalid"


def test_numeric_uses_the_question_tolerance():
    q = question("numeric", NumericAnswer(0.25))
    assert grade(q, "0.5*(1-0.5)").correct
    tight = question("numeric", NumericAnswer(0.25, Tolerance(rel=0.0, abs=0.0001)))
    assert not grade(tight, "0.254").correct
    grid = question("numeric", NumericAnswer([[1.0, 0.0], [0.0, 1.0]]))
    assert grade(grid, [["1", "0"], ["0", "1"]]).entries == [[True, True], [True, True]]


@pytest.mark.parametrize("expected, variables, answer", [
    ("sigma(x)*(1 - sigma(x))", ("x",), "σ(x)(1−σ(x))"),
    ("1 - tanh(x)^2", ("x",), "sech²(x)"),
    ("x > 0 ? 1 : alpha*exp(x)", ("x", "alpha"), "1 if x > 0 else α e^x"),
    ("p - y", ("p", "y"), "-(y - p)"),
    ("w - eta*g", ("w", "eta", "g"), "w − η·g"),
])
def test_symbolic_answers_the_bank_uses(expected, variables, answer):
    q = question("symbolic", SymbolicAnswer(expected, variables))
    assert grade(q, answer).correct


def test_symbolic_form_constraint_mentions_the_form():
    answer = SymbolicAnswer("sigma(x)*(1 - sigma(x))", forbid=("exp",), require=("sigma",),
                            form=Text("用 σ(x) 表示", "in terms of σ(x)"))
    q = question("symbolic", answer)
    assert grade(q, "σ(x) − σ(x)²").correct
    verdict = grade(q, "e^-x/(1 + e^-x)^2")
    assert verdict.status == "incorrect" and verdict.extra["form"] is False
    assert "exp" in verdict.message and "in terms of σ(x)" in verdict.message
    assert "用 σ(x) 表示" in verdict.message_zh


def test_symbolic_domain_from_the_question():
    q = question("symbolic", SymbolicAnswer("log(p)", ("p",), domain={"p": (0.01, 0.99)}))
    assert grade(q, "ln(p)").correct


@pytest.mark.parametrize("answer", ["e^-x/(1+e^-x)^2", "exp(-x)/(1 + exp(-x))^2", "e⁻ˣ/(1 + e⁻ˣ)²"])
def test_forbid_exp_catches_every_spelling_of_the_exponential(answer):
    verdict = check_symbolic("sigma(x)*(1 - sigma(x))", answer, forbid=("exp",))
    assert verdict.status == "incorrect" and verdict.extra["form"] is False


def test_require_is_canonical():
    assert check_symbolic("log(x)", "ln(x)", require=("log",), domain={"x": (0.5, 2)}).correct
    assert check_symbolic("sigma(x)", "σ(x)", require=("sigmoid",)).correct
    missing = check_symbolic("sigma(x)", "1/(1 + e^-x)", require=("σ",))
    assert missing.status == "incorrect" and "must be written with σ" in missing.message


def test_aliases_count_for_what_they_stand_for():
    assert check_symbolic("sigma(x)*(1 - sigma(x))", "s(1 - s)", aliases={"s": "sigma(x)"},
                          require=("sigma",), forbid=("exp",)).correct


@pytest.mark.parametrize("kind, answer", [
    ("open", OpenAnswer(Text.same("m"), (Text.same("k"),))),
    ("generated", GeneratedAnswer("mlp-backprop")),
])
def test_open_and_generated_are_not_graded_here(kind, answer):
    with pytest.raises(ValueError):
        grade(question(kind, answer), "anything")
