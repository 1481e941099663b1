"""A generated Exercise as a Question: the one place where the TUI and the exporters make that step.

A generated exercise becomes a ``numeric`` Question. Its prompt is the exercise's prompt plus every
given value and the one value to enter; its explanation is the worked solution, every step with its
formula and value, so all the exercise's answers travel with it. The value to enter is the first
asked path (a bank question's ``ask``), else the last step that is an answer (typically the final
output: the loss, the updated weights, the new hidden state).

    question_from_exercise(exercise, ask=(), intro=None, qid=None) -> Question
    materialize(question, seed) -> Question     a bank ``generated`` question at one seed
    generated_id(kind, difficulty, seed)        "generated/mlp-backprop/easy/seed-17"
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from engine.bank.ask import parse_path, resolve_path, same_path
from engine.bank.model import GeneratedAnswer, NumericAnswer, Question
from engine.text import Text

DIFFICULTY_LEVEL: dict[str, int] = {"easy": 1, "medium": 2, "hard": 3}


def generated_id(kind: str, difficulty: str, seed: int) -> str:
    return f"generated/{kind}/{difficulty}/seed-{seed}"


def format_number(x: float, digits: int = 4) -> str:
    """Shortest readable form with ``digits`` significant digits: 0.1458, 2, -0.06, 1e-08."""
    return f"{float(x) + 0.0:.{digits}g}"   # + 0.0 turns -0.0 into 0.0


_NEGATIVE_ZERO = re.compile(r"(?<![\w.])-0(?![\w.])")


def format_value(value: Any, digits: int = 4) -> str:
    """A number or nested lists (numpy arrays become lists first) as "[[1, 0.5], [2, -3]]",
    each number with ``digits`` significant digits."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    text = _format(value, f"{{:.{digits}g}}".format)
    return _NEGATIVE_ZERO.sub("0", text) if "-0" in text else text


def _format(value: Any, fmt) -> str:
    # The hot path of large exports (10,000 exercises): a row of numbers is formatted in one join.
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (list, tuple)):
            return "[" + ", ".join([_format(v, fmt) for v in value]) + "]"
        try:
            return "[" + ", ".join(map(fmt, value)) + "]"
        except (TypeError, ValueError):   # a row that holds names, e.g. ["relu", "identity"]
            return "[" + ", ".join([_format(v, fmt) for v in value]) + "]"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return fmt(value)
    return str(value)


def _given_lines(given: Mapping[str, Any]) -> list[str]:
    """One "name = value" line per given; per-layer lists (W, b of an MLP) and per-gate tables
    (W of an LSTM) are split so that names match the prompt's W_1, b_2, W_i ..."""
    lines = []
    per_layer = "layer_sizes" in given
    for name, value in given.items():
        if isinstance(value, Mapping):
            lines += [f"{name}_{part} = {format_value(v, 6)}" for part, v in value.items()]
        elif per_layer and name in ("W", "b") and isinstance(value, list):
            lines += [f"{name}_{i + 1} = {format_value(v, 6)}" for i, v in enumerate(value)]
        else:
            lines.append(f"{name} = {format_value(value, 6)}")
    return lines


def _shape(value: Any) -> tuple[str, str]:
    if hasattr(value, "tolist"):
        value = value.tolist()
    if not isinstance(value, list):
        return "一个数", "a number"
    if value and isinstance(value[0], list):
        return f"{len(value)}×{len(value[0])} 矩阵", f"a {len(value)}×{len(value[0])} matrix"
    return f"{len(value)} 维向量", f"a vector of {len(value)} number{'s' if len(value) != 1 else ''}"


def _to_float_lists(value: Any) -> Any:
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [_to_float_lists(v) for v in value]
    return float(value)


def _answer_step(exercise, ask: Sequence[str]):
    """The step whose value the learner enters, and that value."""
    answered = [s for s in exercise.steps if s.answer is not None]
    if ask:
        path = parse_path(ask[0])
        value = resolve_path(exercise.answers, path)
        for step in answered:
            if same_path(path, step.answer, exercise.answers):
                return step, value
        return None, value
    step = answered[-1]
    return step, resolve_path(exercise.answers, step.answer)


def question_from_exercise(
    exercise, *, ask: Sequence[str] = (), intro: Question | None = None, qid: str | None = None
) -> Question:
    """A numeric Question for ``exercise`` (an engine.generators Exercise).

    ask    answer paths ("loss", "a.-1"); the first is the value to enter. Default: the last answer step.
    intro  the bank question this exercise instantiates: its prompt and explanation come first and
           its id, topic, tags, source and difficulty are kept.
    """
    from engine.generators import KINDS

    step, value = _answer_step(exercise, ask)
    shape_zh, shape_en = _shape(value)
    if step is not None:
        what_zh = f"{step.label.zh if step.label else step.name}（${step.formula}$）"
        what_en = f"{step.label.en if step.label else step.name} (${step.formula}$)"
    else:
        what_zh = what_en = f"`{ask[0]}`"
    given = "\n".join(f"- {line}" for line in _given_lines(exercise.given))
    prompt = Text(
        zh=f"{exercise.prompt.zh}\n\n已知：\n{given}\n\n请填写：{what_zh}，{shape_zh}。",
        en=f"{exercise.prompt.en}\n\nGiven:\n{given}\n\nEnter: {what_en}, {shape_en}.",
    )
    worked = []
    for i, s in enumerate(exercise.steps, 1):
        label = s.label or Text.same(s.name)
        shown = format_value(s.value)
        worked.append((f"{i}. {label.zh}：${s.formula}$ = {shown}", f"{i}. {label.en}: ${s.formula}$ = {shown}"))
    explanation = Text(
        zh="完整解答（每一步都由上一步的结果算出）：\n" + "\n".join(zh for zh, _ in worked),
        en="Worked solution (each step uses the values above it):\n" + "\n".join(en for _, en in worked),
    )
    kind = KINDS.get(exercise.kind)
    if intro is not None:
        prompt = Text(zh=f"{intro.prompt.zh}\n\n{prompt.zh}", en=f"{intro.prompt.en}\n\n{prompt.en}")
        explanation = Text(zh=f"{intro.explanation.zh}\n\n{explanation.zh}",
                           en=f"{intro.explanation.en}\n\n{explanation.en}")
    return Question(
        id=qid or (f"{intro.id}/seed-{exercise.seed}" if intro else
                   generated_id(exercise.kind, exercise.difficulty, exercise.seed)),
        topic=intro.topic if intro else (kind.topic if kind else "nn-basics"),
        type="numeric",
        difficulty=intro.difficulty if intro else DIFFICULTY_LEVEL[exercise.difficulty],
        tags=intro.tags if intro else ("generated", exercise.kind),
        prompt=prompt,
        explanation=explanation,
        source=intro.source if intro else f"quizapp generator {exercise.kind} ({exercise.difficulty}, seed {exercise.seed})",
        answer=NumericAnswer(_to_float_lists(value)),
        origin=intro.origin if intro else "",
    )


def materialize(question: Question, seed: int) -> Question:
    """A bank ``generated`` question as a concrete numeric Question at ``seed`` (others unchanged)."""
    if not isinstance(question.answer, GeneratedAnswer):
        return question
    from engine.generators import generate

    spec = question.answer
    exercise = generate(spec.kind, seed, spec.difficulty)
    return question_from_exercise(exercise, ask=spec.ask, intro=question)
