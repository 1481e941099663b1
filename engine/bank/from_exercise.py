"""A generated Exercise as a Question: the one place where the exporters make that step.

A generated exercise becomes a ``numeric`` Question. Its prompt is the exercise's prompt plus every
given value (numbers as LaTeX math, names in words) and what to enter: each asked quantity by its
name and real shape (``ask = ["delta"]`` asks δ₂ and δ₁, one part each, as the TUI does); its
explanation is the worked solution, every step with its formula and value, so all the exercise's
answers travel with it. With one asked quantity the answer is a plain NumericAnswer; with several,
``NumericAnswer.parts`` names each one. The tolerance is the app's: relative, with the zero level
taken from the exercise's own scale (engine/checking/tolerance.py).

    question_from_exercise(exercise, ask=(), intro=None, qid=None) -> Question
    materialize(question, seed) -> Question     a bank ``generated`` question at one seed
    generated_id(kind, difficulty, seed)        "generated/mlp-backprop/easy/seed-17"
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Mapping, Sequence
from typing import Any

from engine.bank.ask import resolve_path
from engine.bank.model import GeneratedAnswer, NumericAnswer, NumericPart, Question
from engine.bank.parts import Part, parts_of
from engine.checking.tolerance import DEFAULT_REL, ZERO_LEVEL, Tolerance, exercise_scale, largest
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


# Givens the prompt names in words, not as a symbol (a name with "_" between words is an identifier).
_GIVEN_WORDS: dict[str, Text] = {
    "layer_sizes": Text("各层宽度", "layer sizes"),
    "activations": Text("各层激活", "activations by layer"),
    "activation": Text("激活函数", "activation"),
    "function": Text("函数", "function"),
    "loss": Text("损失", "loss"),
}
# Symbols whose name is spelled out in the generators' givens.
_GIVEN_SYMBOLS = {
    "gamma": r"\gamma", "beta": r"\beta", "beta1": r"\beta_{1}", "beta2": r"\beta_{2}", "eps": r"\epsilon",
    "theta": r"\theta", "learning_rate": r"\eta", "lr": r"\mathrm{lr}", "h_prev": r"h_{t-1}",
    "c_prev": r"c_{t-1}", "h0": r"h_{0}", "xs": r"x_{1..T}", "ys": r"y_{1..T}", "grads": "g", "grad": "g",
    "max_norm": r"\text{max norm}", "dY": r"\mathrm{d}Y",
}


def latex_symbol(name: str) -> str:
    """A given's name as LaTeX: "W_1" -> "W_{1}", "W_xh" -> "W_{xh}", "gamma" -> "\\gamma"."""
    if name in _GIVEN_SYMBOLS:
        return _GIVEN_SYMBOLS[name]
    base, sep, sub = name.partition("_")
    return f"{base}_{{{sub}}}" if sep else name


def latex_value(value: Any, digits: int = 6) -> str:
    """A number, vector or matrix as LaTeX: 0.5; (0.5, -1) for a vector; a bmatrix for a matrix;
    1e-08 as 1 \\times 10^{-8}."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (list, tuple)):
            rows = [_latex_row(row, digits, " & ") for row in value]
            # rows end with \cr, which MathJax and KaTeX read as \\ and Markdown leaves alone
            return r"\begin{bmatrix} " + r" \cr ".join(rows) + r" \end{bmatrix}"
        return "(" + _latex_row(value, digits, ", ") + ")"
    return _latex_number(value, digits)


def _latex_row(row, digits: int, sep: str) -> str:
    # the hot path of large exports: a row of plain numbers is formatted in one join
    if row and type(row[0]) in (float, int):          # (a bool row, a mask, is written in words)
        try:
            text = sep.join(map(f"{{:.{digits}g}}".format, row))
        except (TypeError, ValueError):
            text = "e"                                # something else: format entry by entry
        if "e" not in text:
            return _NEGATIVE_ZERO.sub("0", text) if "-0" in text else text
    return sep.join(latex_value(v, digits) for v in row)


def _latex_number(value: Any, digits: int) -> str:
    if isinstance(value, bool):                      # a mask: the prompt says what true means
        return r"\text{true}" if value else r"\text{false}"
    shown = format_value(value, digits)
    if "e" in shown and isinstance(value, (int, float)):   # 1e-08 -> 1 \times 10^{-8}
        mantissa, _, exponent = shown.partition("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return shown


def _words(name: str, value: Any) -> Text | None:
    """A given that is a name or a list of sizes, in words ("loss: half sum of squares")."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None                                   # the common case: a number
    from engine.generators.mlp_solve import LOSS_WORDS

    if hasattr(value, "tolist"):
        value = value.tolist()
    if name == "loss" and value in LOSS_WORDS:
        shown = LOSS_WORDS[value]
    elif name == "layer_sizes" and isinstance(value, list):
        shown = Text.same("–".join(str(n) for n in value))
    elif isinstance(value, str):
        shown = Text.same(value)
    elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        shown = Text.same(", ".join(value))
    else:
        return None
    title = _GIVEN_WORDS.get(name, Text.same(name.replace("_", " ")))
    return Text(f"{title.zh}：{shown.zh}", f"{title.en}: {shown.en}")


def _given_lines(given: Mapping[str, Any]) -> list[Text]:
    """One line per given: names in words, numbers as math ("$W_{1} = \\begin{bmatrix}...$"); per-layer
    lists (W, b of an MLP) and per-gate tables (W of an LSTM) are split so that names match the
    prompt's W_1, b_2, W_i ..."""
    lines = []
    per_layer = "layer_sizes" in given

    def math(symbol: str, value: Any) -> Text:
        return Text.same(f"${symbol} = {latex_value(value)}$")

    for name, value in given.items():
        words = _words(name, value)
        if words is not None:
            lines.append(words)
        elif isinstance(value, Mapping):
            lines += [math(f"{latex_symbol(name)}_{{{part}}}", v) for part, v in value.items()]
        elif per_layer and name in ("W", "b") and isinstance(value, list):
            lines += [math(f"{name}_{{{i + 1}}}", v) for i, v in enumerate(value)]
        else:
            lines.append(math(latex_symbol(name), value))
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


def _part_name(part: Part) -> str:
    """The LaTeX name of an asked quantity: the left side of its step's formula ("\\delta_{2}")."""
    if " = " in part.formula:
        return part.formula.split(" = ", 1)[0].strip()
    if r" \leftarrow " in part.formula:      # an update: W_1 <- W_1 - η ∂L/∂W_1 asks for the new W_1
        return part.formula.split(r" \leftarrow ", 1)[0].strip() + r"^{\text{new}}"
    return latex_symbol(part.name)


def numeric_parts(exercise, ask: Sequence[str] = ()) -> tuple[NumericPart, ...]:
    """The quantities a question built from ``exercise`` asks, each with its name, label and value:
    the ``ask`` paths as the TUI asks them (a per-layer list such as "delta" is one part per layer,
    δ₂ then δ₁), else the last step that is an answer."""
    if ask:
        asked = parts_of(exercise, tuple(ask))
    else:
        last = next(s for s in reversed(exercise.steps) if s.answer is not None)
        asked = [Part(tuple(last.answer), last.name, last.label, last.formula,
                      resolve_path(exercise.answers, tuple(last.answer)))]
    out = []
    for part in asked:
        label = part.label or Text.same(part.name)
        out.append(NumericPart(_part_name(part), Text(render_label(label.zh), render_label(label.en)),
                               _to_float_lists(part.expected)))
    return tuple(out)


def _enter_lines(parts: Sequence[NumericPart]) -> Text:
    def line(p: NumericPart, lang: str) -> str:
        zh, en = _shape(p.value)
        return f"{p.label.zh}：${p.name}$，{zh}" if lang == "zh" else f"{p.label.en}: ${p.name}$, {en}"

    if len(parts) == 1:
        return Text(f"请填写：{line(parts[0], 'zh')}。", f"Enter: {line(parts[0], 'en')}.")
    return Text("请分别填写：\n" + "\n".join(f"- {line(p, 'zh')}" for p in parts),
                "Enter each of:\n" + "\n".join(f"- {line(p, 'en')}" for p in parts))


def generated_tolerance(exercise, value: Any) -> Tolerance:
    """The app's rule for a generated exercise (quizapp/grading.py grades every part with the
    exercise's scale): relative, with the zero level 1e-6 of the exercise's largest number."""
    top = max(largest(value), exercise_scale(exercise))
    return Tolerance(DEFAULT_REL, ZERO_LEVEL * top if top > 0 else None)


def question_from_exercise(
    exercise, *, ask: Sequence[str] = (), intro: Question | None = None, qid: str | None = None
) -> Question:
    """A numeric Question for ``exercise`` (an engine.generators Exercise).

    ask    answer paths ("loss", "a.-1", "delta"): every one is asked, one named part per quantity
           (see numeric_parts). Default: the last answer step.
    intro  the bank question this exercise instantiates: its prompt and explanation come first and
           its id, topic, tags, source and difficulty are kept.
    """
    from engine.generators import KINDS

    parts = numeric_parts(exercise, ask)
    given_lines = _given_lines(exercise.given)
    enter = _enter_lines(parts)
    prompt = Text(
        zh=f"{exercise.prompt.zh}\n\n已知：\n" + "\n".join(f"- {t.zh}" for t in given_lines)
           + f"\n\n{enter.zh}",
        en=f"{exercise.prompt.en}\n\nGiven:\n" + "\n".join(f"- {t.en}" for t in given_lines)
           + f"\n\n{enter.en}",
    )
    worked = []
    for i, s in enumerate(exercise.steps, 1):
        label = s.label or Text.same(s.name)
        shown = latex_value(s.value, 4)
        worked.append((f"{i}. {render_label(label.zh)}：${s.formula} = {shown}$",
                       f"{i}. {render_label(label.en)}: ${s.formula} = {shown}$"))
    explanation = Text(
        zh="完整解答（每一步都由上一步的结果算出）：\n" + "\n".join(zh for zh, _ in worked),
        en="Worked solution (each step uses the values above it):\n" + "\n".join(en for _, en in worked),
    )
    kind = KINDS.get(exercise.kind)
    if intro is not None:
        prompt = Text(zh=f"{intro.prompt.zh}\n\n{prompt.zh}", en=f"{intro.prompt.en}\n\n{prompt.en}")
        explanation = Text(zh=f"{intro.explanation.zh}\n\n{explanation.zh}",
                           en=f"{intro.explanation.en}\n\n{explanation.en}")
    if len(parts) == 1:
        answer = NumericAnswer(parts[0].value, generated_tolerance(exercise, parts[0].value))
    else:
        value = [p.value for p in parts]
        answer = NumericAnswer(value, generated_tolerance(exercise, value), parts)
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
        answer=answer,
        origin=intro.origin if intro else "",
    )


@lru_cache(maxsize=4096)
def render_label(text: str) -> str:
    """A step label's prose subscripts ("δ_2 = ∂L/∂z_2") as Unicode (δ₂ = ∂L/∂z₂)."""
    from engine.mathtext import render

    return render(text)


def materialize(question: Question, seed: int) -> Question:
    """A bank ``generated`` question as a concrete numeric Question at ``seed`` (others unchanged)."""
    if not isinstance(question.answer, GeneratedAnswer):
        return question
    from engine.generators import generate

    spec = question.answer
    exercise = generate(spec.kind, seed, spec.difficulty)
    return question_from_exercise(exercise, ask=spec.ask, intro=question)
