"""Grading an item off the UI thread: bank questions through the checker pool, generated ones part by
part with the checker's numeric grading. Called from a thread worker; never touches widgets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.bank.ask import format_path, parse_path, resolve_path, same_path
from engine.bank.model import GeneratedAnswer
from engine.checking.verdict import Verdict
from engine.generators.base import Exercise
from engine.text import Text
from quizapp.session import Item


@dataclass(frozen=True, slots=True)
class Part:
    """One quantity a generated question asks for."""

    path: tuple[str | int, ...]      # where it lives in Exercise.answers, e.g. ("a", 1) or ("loss",)
    name: str                        # display name: the step's name ("a_2") or the dotted path
    label: Text | None               # what it is, in words
    formula: str                     # the step's LaTeX formula ("" when unknown)
    expected: Any                    # float or nested lists

    @property
    def shape(self) -> tuple[int, ...]:
        return shape_of(self.expected)


def shape_of(value: Any) -> tuple[int, ...]:
    """() for a number, (n,) for a vector, (rows, cols) for a matrix (nested lists or arrays)."""
    if hasattr(value, "shape"):
        return tuple(int(n) for n in value.shape)
    if isinstance(value, (list, tuple)):
        return (len(value),) + (shape_of(value[0]) if value else ())
    return ()


def parts_of(exercise: Exercise, ask: tuple[str, ...] = ()) -> list[Part]:
    """The quantities to ask, in order: the ``ask`` paths, or every step that is an answer.

    A path naming a per-layer list (``"dW"`` in an MLP: one matrix per layer) is asked as its
    layers, one part each ("dW_1", "dW_2"), as the steps record them."""
    answer_steps = [s for s in exercise.steps if s.answer is not None]
    paths: list[tuple[str | int, ...]] = []
    for asked in ([parse_path(p) for p in ask] if ask else [tuple(s.answer) for s in answer_steps]):
        if any(same_path(asked, tuple(s.answer), exercise.answers) for s in answer_steps):
            paths.append(asked)
            continue
        deeper = [tuple(s.answer) for s in answer_steps
                  if len(s.answer) == len(asked) + 1 and tuple(s.answer[:len(asked)]) == asked]
        if deeper:
            paths += deeper
            continue
        value = resolve_path(exercise.answers, asked)
        if isinstance(value, (list, tuple)) and len(shape_of_safe(value)) > 2:
            paths += [asked + (i,) for i in range(len(value))]
        else:
            paths.append(asked)
    parts = []
    for path in paths:
        step = next((s for s in answer_steps if same_path(path, tuple(s.answer), exercise.answers)), None)
        name = step.name if step else format_path(path)
        parts.append(Part(path, name, step.label if step else None, step.formula if step else "",
                          _plain(resolve_path(exercise.answers, path))))
    return parts


def shape_of_safe(value: Any) -> tuple[int, ...]:
    """shape_of for values that may be ragged lists of arrays (their depth is what matters here)."""
    if hasattr(value, "shape"):
        return tuple(int(n) for n in value.shape)
    if isinstance(value, (list, tuple)) and value:
        return (len(value),) + shape_of_safe(value[0])
    return ()


def _plain(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


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
