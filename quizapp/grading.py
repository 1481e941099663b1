"""Grading an item off the UI thread: bank questions through the checker pool, generated ones part by
part with the checker's numeric grading. Called from a thread worker; never touches widgets."""

from __future__ import annotations

from typing import Any

from engine.bank.model import GeneratedAnswer
from engine.bank.parts import Part, parts_of, shape_of  # noqa: F401  (Part, shape_of: re-exported)
from engine.checking.verdict import Verdict
from quizapp.session import Item


def parts_for_item(item: Item) -> list[Part]:
    answer = item.question.answer
    assert isinstance(answer, GeneratedAnswer) and item.exercise is not None
    return parts_of(item.exercise, answer.ask)


def grade_item(pool: Any, item: Item, response: Any) -> Verdict:
    """Grade ``response`` for ``item`` with the checker ``pool`` (engine.checking.CheckerPool).

    A generated question's response maps each part's name to the typed cells; the verdict is correct
    when every part is, and ``extra["parts"]`` holds each part's own Verdict (in order)."""
    if not item.generated:
        return pool.grade(item.question, response)
    from engine.checking.tolerance import exercise_scale

    parts = parts_for_item(item)
    scale = exercise_scale(item.exercise)
    verdicts: list[tuple[Part, Verdict]] = []
    for part in parts:
        typed = response.get(part.name, "") if isinstance(response, dict) else ""
        verdicts.append((part, pool.check_numeric(part.expected, typed, scale=scale)))
    wrong = [p.name for p, v in verdicts if v.status == "incorrect"]
    unreadable = [p.name for p, v in verdicts if v.status == "invalid"]
    if unreadable:
        first = next(v for _p, v in verdicts if v.status == "invalid")
        return Verdict("invalid", f"{', '.join(unreadable)}: {first.message}",
                       f"{'、'.join(unreadable)}：{first.text('zh')}", extra={"parts": verdicts})
    if wrong:
        return Verdict("incorrect", f"Not right yet: {', '.join(wrong)}.",
                       f"以下有误：{'、'.join(wrong)}。", extra={"parts": verdicts})
    return Verdict("correct", "All parts are right.", "全部正确。", extra={"parts": verdicts})
