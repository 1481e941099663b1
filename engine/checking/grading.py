"""grade(question, response): one entry point for every self-graded question type."""

from __future__ import annotations

from engine.text import plural

import dataclasses
import zlib
from typing import Any

from engine.checking.equivalence import check_symbolic
from engine.checking.numeric import check_numeric
from engine.checking.verdict import Verdict

LETTERS = "ABCDEFGHIJ"


def _letters(indices) -> str:
    return ", ".join(LETTERS[i] for i in sorted(indices))


def _index(response: Any, n: int) -> int | None:
    if isinstance(response, bool) or not isinstance(response, int) or not 0 <= response < n:
        return None
    return response


def grade(question, response: Any) -> Verdict:
    """Grade ``response`` to ``question`` (an engine.bank.Question).

    choice     response: int (0-based option index)
    multi      response: set of ints; right only when exactly the right options are chosen
    truefalse  response: bool
    numeric    response: str, or nested lists of str (grid cells)
    symbolic   response: str in the checker syntax
    open, generated: ValueError — open questions are self-rated; generated ones are graded per step
    by the caller with check_numeric.
    """
    kind = question.type
    answer = question.answer
    if kind == "choice":
        n = len(answer.options)
        idx = _index(response, n)
        if idx is None:
            return Verdict("invalid", f"choose one option, A to {LETTERS[n - 1]}", f"请选择一个选项（A 到 {LETTERS[n - 1]}）")
        if idx == answer.correct:
            return Verdict("correct", "Correct.", "正确。", read_as=LETTERS[idx])
        right = LETTERS[answer.correct]
        return Verdict("incorrect", f"Not quite: the answer is {right}.", f"不对：正确答案是 {right}。",
                       read_as=LETTERS[idx])
    if kind == "multi":
        n = len(answer.options)
        try:
            chosen = {_index(r, n) for r in response}
        except TypeError:
            chosen = {None}
        if None in chosen or isinstance(response, (str, bytes)):
            return Verdict("invalid", f"choose options between A and {LETTERS[n - 1]}",
                           f"请在 A 到 {LETTERS[n - 1]} 之间选择")
        if not chosen:
            return Verdict("invalid", "choose at least one option", "请至少选择一个选项")
        read_as = _letters(chosen)
        if chosen == set(answer.correct):
            return Verdict("correct", "Correct.", "正确。", read_as=read_as)
        hit = len(chosen & answer.correct)
        wrong = len(chosen - answer.correct)
        total = len(answer.correct)
        return Verdict("incorrect",
                       f"You chose {hit} of the {total} right options and {plural(wrong, 'wrong one')}; "
                       f"the answer is {_letters(answer.correct)}.",
                       f"你选对了 {total} 个正确选项中的 {hit} 个，另选错了 {wrong} 个；正确答案是 {_letters(answer.correct)}。",
                       read_as=read_as)
    if kind == "truefalse":
        if not isinstance(response, bool):
            return Verdict("invalid", "answer true or false", "请回答对或错")
        shown_en, shown_zh = ("true", "对") if answer.correct else ("false", "错")
        read_as = "true" if response else "false"
        if response == answer.correct:
            return Verdict("correct", "Correct.", "正确。", read_as=read_as)
        return Verdict("incorrect", f"Not quite: the statement is {shown_en}.", f"不对：这个说法是{shown_zh}的。",
                       read_as=read_as)
    if kind == "numeric":
        return check_numeric(answer.value, response, rel=answer.tolerance.rel, abs=answer.tolerance.abs)
    if kind == "symbolic":
        verdict = check_symbolic(answer.expected, response, variables=answer.variables, aliases=answer.aliases,
                                 forbid=answer.forbid, require=answer.require, domain=answer.domain or None,
                                 seed=zlib.crc32(question.id.encode()))
        if verdict.extra.get("form") is False and answer.form is not None:
            verdict = dataclasses.replace(
                verdict,
                message=verdict.message + f" Asked for: {answer.form.en}.",
                message_zh=verdict.message_zh + f"题目要求：{answer.form.zh}。",
            )
        return verdict
    if kind == "open":
        raise ValueError(f"{question.id}: open questions are self-rated, not graded")
    if kind == "generated":
        raise ValueError(f"{question.id}: generated questions are graded per step with check_numeric")
    raise ValueError(f"{question.id}: unknown question type {kind!r}")
