"""The answer widget for each question type: which one to build, how it is relabelled when the
language changes, what hint goes above it, where the focus goes, and how a verdict is marked on it.

The question screen (quizapp.screens.question) runs the quiz; this module knows the widgets.
"""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

from engine.bank.model import (ChoiceAnswer, MultiAnswer, NumericAnswer, OpenAnswer, Question, SymbolicAnswer,
                               TrueFalseAnswer)
from engine.mathtext import render as math
from quizapp.grading import parts_for_item, shape_of
from quizapp.i18n import t
from quizapp.render import LETTERS
from quizapp.session import Item
from quizapp.widgets.choice_list import ChoiceList
from quizapp.widgets.generated_form import GeneratedForm
from quizapp.widgets.multi_list import MultiList
from quizapp.widgets.numeric_grid import NumericGrid
from quizapp.widgets.open_answer import OpenAnswerWidget
from quizapp.widgets.symbolic_input import SymbolicInput
from quizapp.widgets.truefalse import TrueFalse


def answer_widget_for(item: Item, lang: str) -> Widget:
    """A new answer widget for ``item`` (options as shown, i.e. already shuffled)."""
    a = item.question.answer
    if isinstance(a, ChoiceAnswer):
        return ChoiceList([math(o(lang)) for o in a.options])
    if isinstance(a, MultiAnswer):
        return MultiList([math(o(lang)) for o in a.options])
    if isinstance(a, TrueFalseAnswer):
        return TrueFalse(t("q.true", lang), t("q.false", lang))
    if isinstance(a, NumericAnswer):
        return NumericGrid(shape_of(a.value), placeholder=t("q.cell_placeholder", lang))
    if isinstance(a, SymbolicAnswer):
        widget = SymbolicInput(a.variables, a.aliases)
        widget.lang = lang
        return widget
    if isinstance(a, OpenAnswer):
        widget = OpenAnswerWidget(a)
        widget.lang = lang
        return widget
    parts = parts_for_item(item)
    for part in parts:
        if len(part.shape) > 2:
            raise ValueError(f"cannot ask {part.name}: shape {part.shape} is not a number, vector or matrix")
    widget = GeneratedForm(item.exercise, parts)
    widget.lang = lang
    return widget


def relabel_answer_widget(widget: Widget | None, question: Question, lang: str) -> None:
    a = question.answer
    if isinstance(widget, ChoiceList) and isinstance(a, ChoiceAnswer):
        widget.set_texts([math(o(lang)) for o in a.options])
    elif isinstance(widget, MultiList) and isinstance(a, MultiAnswer):
        widget.set_texts([math(o(lang)) for o in a.options])
    elif isinstance(widget, TrueFalse):
        widget.set_texts(t("q.true", lang), t("q.false", lang))
    elif isinstance(widget, NumericGrid):
        widget.set_placeholder(t("q.cell_placeholder", lang))
    elif isinstance(widget, (SymbolicInput, OpenAnswerWidget, GeneratedForm)):
        widget.lang = lang


def answer_hint(question: Question, lang: str) -> str:
    """How to answer, shown above the widget until the answer is graded."""
    a = question.answer
    if isinstance(a, (ChoiceAnswer, MultiAnswer)):
        n = len(a.options)
        key = "q.choice_hint" if isinstance(a, ChoiceAnswer) else "q.multi_hint"
        return t(key, lang, n=n, letter=LETTERS[n - 1])
    if isinstance(a, TrueFalseAnswer):
        return t("q.tf_hint", lang)
    if isinstance(a, NumericAnswer):
        return t("q.numeric_hint", lang)
    if isinstance(a, SymbolicAnswer):
        lines = [t("q.symbolic_hint", lang), t("q.variables", lang, vars=", ".join(a.variables))]
        if a.aliases:
            lines[-1] += "; " + ", ".join(f"{k} = {v}" for k, v in a.aliases.items())
        if a.form:
            lines.append(t("q.form", lang, form=math(a.form(lang))))
        return "\n".join(lines)
    if isinstance(a, OpenAnswer):
        return ""
    return t("q.generated_hint", lang)


def focus_answer(widget: Widget | None) -> None:
    if widget is None:
        return
    if isinstance(widget, (NumericGrid, GeneratedForm)):
        widget.focus_first()
    elif isinstance(widget, SymbolicInput):
        widget.query_one("#formula").focus()
    else:
        widget.focus()


def mark_answer_widget(widget: Widget | None, answer: Any, verdict: Any, response: Any) -> None:
    """Show the verdict on the widget: ✓/✗ on options, right/wrong cells of a grid or form."""
    if isinstance(widget, ChoiceList) and verdict.status != "invalid":
        widget.mark({answer.correct}, {response})
    elif isinstance(widget, MultiList) and verdict.status != "invalid":
        widget.mark(set(answer.correct), set(response))
    elif isinstance(widget, GeneratedForm):
        widget.mark(verdict.extra.get("parts", []))
    elif isinstance(widget, NumericGrid) and verdict.status != "invalid":
        if verdict.entries is not None and not isinstance(verdict.entries, bool):
            widget.mark(verdict.entries)
        else:
            widget.mark_all(verdict.correct)
