"""The step-by-step drill over any generator kind, without UI.

A ``DrillSession`` asks an Exercise's steps in the order a person computes them. Each typed value
(number, vector or matrix; arithmetic accepted) is graded with the checker's numeric tolerance
against the value that follows from the learner's OWN earlier answers (``Kind.resolve`` with
``carry``), so one slip is counted once. A wrong value that matches a typical mistake computed by
``Kind.mistakes`` for this very exercise is diagnosed by name, with the formula that fixes it.
Hints come one level at a time: the formula, the formula with this exercise's numbers, the value.

    session = DrillSession(get_kind("mlp-backprop"), seed=7, difficulty="easy")
    session.current            -> Step being asked (None when finished)
    session.submit(cells)      -> StepFeedback   (cells: str, list[str] or list[list[str]])
    session.go_on()            after a wrong answer: keep the learner's value and move on
    session.hint()             -> Hint (levels 1..3; use is recorded per step)
    session.score, session.total, session.results, session.worked_solution(lang)
    session.new_network(), session.same_again()
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.bank.model import Tolerance
from engine.checking.verdict import Verdict
from engine.generators import Kind, Mistake, Step, get_kind
from engine.mathtext import to_unicode
from quizapp.drill.hints import environment, substitutions
from quizapp.render import matrix_lines, value as show_value

HINT_LEVELS = 3
Check = Callable[..., Verdict]   # (expected, answer, rel=, abs=) -> Verdict, like check_numeric


def _default_check(expected: Any, answer: Any, **kw: Any) -> Verdict:
    from engine.checking import check_numeric

    return check_numeric(expected, answer, **kw)


def _plain(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    return v


_SUBSCRIPTED = re.compile(r"[A-Za-zδσηαβγμθΣ]+_(?:\{[^{}]*\}|[A-Za-z0-9]+)")


def label_text(label: str) -> str:
    """A step label with its subscripts typeset (W_1 → W₁), the prose left as it is."""
    return _SUBSCRIPTED.sub(lambda m: to_unicode(m.group(0)), label)


def step_title(step: Step, lang: str) -> str:
    """The step's name in the notes' notation (δ₂, ∂L/∂W₁, …) and what it is, in words."""
    words = label_text(step.label(lang)) if step.label else step.name
    return f"{symbol(step)} — {words}"


def symbol(step: Step) -> str:
    """The quantity a step computes, as the left-hand side of its formula (Unicode)."""
    lhs = step.formula
    for sep in (r"\leftarrow", "="):
        if sep in lhs:
            lhs = lhs.split(sep, 1)[0]
            break
    else:
        return step.name
    if "W_new" in step.name or "b_new" in step.name:
        return to_unicode(lhs.strip()) + "′"  # the updated parameter
    return to_unicode(lhs.strip())


@dataclass(frozen=True, slots=True)
class Hint:
    level: int             # 1 formula, 2 formula with numbers, 3 the value
    text: str              # ready to show (Unicode), in the language asked for


@dataclass(frozen=True, slots=True)
class StepFeedback:
    """What the learner sees after submitting a step."""

    step: Step
    verdict: Verdict                   # the checker's verdict (entries for per-entry marks)
    expected: Any                      # the value graded against (from the learner's earlier values)
    mistake: Mistake | None = None     # the diagnosed typical mistake, if the value matches one
    carried_from: tuple[str, ...] = () # earlier wrong steps whose values this step was graded with

    @property
    def status(self) -> str:
        return self.verdict.status

    def message(self, lang: str) -> str:
        """The feedback in words: verdict, diagnosis and fix, the carried values note."""
        v = self.verdict
        lines: list[str] = []
        if v.status == "correct":
            lines.append("✓ 正确。" if lang == "zh" else "✓ Correct.")
        elif v.status == "invalid":
            lines.append(("⚠ 无法读取：" if lang == "zh" else "⚠ Cannot read this: ") + v.text(lang))
        else:
            lines.append("✗ " + self._wrong_words(lang))
            if self.mistake is not None:
                m = self.mistake
                lines.append(("诊断：" if lang == "zh" else "Diagnosis: ") + label_text(m.title(lang)))
                lines.append(("改正：" if lang == "zh" else "Fix: ") + label_text(m.fix(lang)))
        if self.carried_from and v.status != "invalid":
            names = ", ".join(self.carried_from)
            lines.append(f"（按你自己前面的 {names} 计算评分，同一个错误不重复扣分）" if lang == "zh" else
                         f"(Graded with your own earlier {names}, so that slip is not counted twice.)")
        return "\n".join(lines)


    def _wrong_words(self, lang: str) -> str:
        """Which entries are wrong, without giving the right value away (hint 3 is for that)."""
        entries = self.verdict.entries
        if entries is None or isinstance(entries, bool):
            shown = self.verdict.read_as
            return f"不对（你填的是 {shown}）。" if lang == "zh" else f"Not right (you gave {shown})."
        flat = list(np.ravel(np.asarray(entries, dtype=bool)))
        bad, n = flat.count(False), len(flat)
        if lang == "zh":
            return f"{n} 项中有 {bad} 项不对（标红的格子）。"
        return f"{bad} of {n} entries are wrong (the red cells)."


@dataclass
class StepResult:
    """How one step went (kept for the score, the summary and the progress database)."""

    name: str
    status: str = "pending"        # correct | incorrect (final), pending while being asked
    first_try: bool = False        # right on the first graded attempt
    attempts: int = 0              # graded (readable) attempts
    hints: int = 0                 # highest hint level shown
    typed: Any = None              # the last typed cells
    value: Any = None              # the learner's value as numbers (carried to later steps)
    expected: Any = None
    mistakes: list[str] = field(default_factory=list)   # ids of diagnosed mistakes, in order
    seconds: float = 0.0

    @property
    def scored(self) -> bool:
        """Counts towards the score: right on the first try without being shown the value."""
        return self.status == "correct" and self.first_try and self.hints < HINT_LEVELS

    @property
    def mark(self) -> str:
        """✓ scored, ◑ right but not first time (or after seeing the value), ✗ wrong, · not done."""
        if self.status == "correct":
            return "✓" if self.scored else "◑"
        return "✗" if self.status == "incorrect" else "·"

    def note(self, lang: str) -> str:
        """Why a right step did not score, or that the learner went on with a wrong value."""
        if self.status == "incorrect":
            return "（用了你自己的值继续）" if lang == "zh" else " (went on with your own value)"
        if self.status != "correct" or self.scored:
            return ""
        if self.hints >= HINT_LEVELS:
            return "（看了答案）" if lang == "zh" else " (value shown)"
        return f"（第 {self.attempts} 次才对）" if lang == "zh" else f" (right at attempt {self.attempts})"


class DrillSession:
    """One exercise drilled step by step."""

    def __init__(self, kind: Kind | str, seed: int | None = None, difficulty: str = "easy", *,
                 check: Check | None = None, tolerance: Tolerance = Tolerance(),
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.kind = get_kind(kind) if isinstance(kind, str) else kind
        self.seed = seed if seed is not None else random.randrange(1, 1_000_000)
        self.difficulty = difficulty
        self.exercise = self.kind.generate(self.seed, difficulty)
        self.steps: list[Step] = list(self.exercise.steps)
        self.check = check or _default_check
        self.tolerance = tolerance
        self.clock = clock
        self.index = 0
        self.carry: dict[str, Any] = {}
        self.results: list[StepResult] = [StepResult(s.name) for s in self.steps]
        self.awaiting_go_on = False    # the current step was answered wrong; retry or go on
        self.started = clock()
        self._step_started = self.started

    # -- where we are -----------------------------------------------------------------------------
    @property
    def question_id(self) -> str:
        """The id the drill as a whole is stored and reviewed under."""
        return f"drill/{self.kind.name}"

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def finished(self) -> bool:
        return self.index >= len(self.steps)

    @property
    def current(self) -> Step | None:
        return None if self.finished else self.steps[self.index]

    @property
    def result(self) -> StepResult | None:
        return None if self.finished else self.results[self.index]

    @property
    def score(self) -> int:
        return sum(r.scored for r in self.results)

    @property
    def hints_used(self) -> int:
        return sum(r.hints for r in self.results)

    def shape(self, step: Step | None = None) -> tuple[int, ...]:
        step = step or self.current
        return tuple(np.shape(step.value)) if step is not None else ()

    # -- grading ----------------------------------------------------------------------------------
    def expected(self, name: str | None = None) -> Any:
        """The right value of a step given the learner's earlier values (Kind.resolve with carry)."""
        name = name or (self.current.name if self.current else "")
        _answers, steps = self.kind.resolve(self.exercise.given, self.carry)
        for s in steps:
            if s.name == name:
                return _plain(s.value)
        raise KeyError(name)

    def _carried_from(self, expected: Any) -> tuple[str, ...]:
        """The earlier steps answered wrong, when they change what this step should be."""
        wrong = [self.steps[i] for i in range(self.index) if self.results[i].status == "incorrect"]
        if not wrong or _close(expected, self.steps[self.index].value, self.tolerance, exact=True):
            return ()
        return tuple(symbol(s) for s in wrong)

    def submit(self, typed: Any) -> StepFeedback:
        """Grade the current step. An unreadable answer is not counted (retype); a wrong one stays on
        the step (retry, or ``go_on`` keeping the learner's value); a right one moves on."""
        step = self.current
        if step is None:
            raise RuntimeError("the drill is finished")
        res = self.results[self.index]
        expected = self.expected(step.name)
        if isinstance(typed, str) and np.shape(expected) in ((1,), (1, 1)) and "[" not in typed:
            typed = [typed] if np.shape(expected) == (1,) else [[typed]]   # "0.5" for a 1-vector
        verdict = self.check(expected, typed, rel=self.tolerance.rel, abs=self.tolerance.abs)
        if verdict.status == "invalid":
            return StepFeedback(step, verdict, expected)
        res.attempts += 1
        res.typed = typed
        res.value = _read(typed)
        res.expected = expected
        carried = self._carried_from(expected)
        if verdict.correct:
            res.first_try = res.attempts == 1
            self._close_step("correct")
            return StepFeedback(step, verdict, expected, carried_from=carried)
        mistake = self.diagnose(res.value)
        if mistake is not None:
            res.mistakes.append(mistake.id)
        self.awaiting_go_on = True
        return StepFeedback(step, verdict, expected, mistake, carried)

    def diagnose(self, value: Any) -> Mistake | None:
        """The typical mistake (computed for this exercise and the learner's earlier values) whose value
        matches ``value`` within the tolerance, for the current step."""
        step = self.current
        if step is None or self.kind.mistakes is None:
            return None
        for m in self.kind.mistakes(self.exercise.given, self.carry):
            if m.step == step.name and _close(value, _plain(m.value), self.tolerance):
                return m
        return None

    def go_on(self) -> None:
        """After a wrong answer: keep the learner's own value for later steps and move on."""
        if not self.awaiting_go_on or self.finished:
            return
        self._close_step("incorrect")

    def _close_step(self, status: str) -> None:
        res = self.results[self.index]
        res.status = status
        now = self.clock()
        res.seconds = now - self._step_started
        self._step_started = now
        self.carry[self.steps[self.index].name] = res.value
        self.index += 1
        self.awaiting_go_on = False

    # -- hints ------------------------------------------------------------------------------------
    def hint(self, lang: str = "en") -> Hint | None:
        """The next hint level for the current step (recorded); None when all are shown."""
        res = self.result
        if res is None or res.hints >= HINT_LEVELS:
            return None
        res.hints += 1
        return self.hint_text(res.hints, lang)

    def hint_text(self, level: int, lang: str = "en") -> Hint:
        """The text of hint ``level`` for the current step (does not record anything)."""
        step = self.current
        assert step is not None
        formula = to_unicode(step.formula)
        if level == 1:
            return Hint(1, ("公式：" if lang == "zh" else "Formula: ") + formula)
        if level == 2:
            env = environment(self.exercise.given, self.steps, self.carry, self.index)
            subs = substitutions(step.formula, env, exclude=step.name)
            lines = [formula, "代入本题的数（含你前面填的值）：" if lang == "zh" else
                     "with this exercise's numbers (your own earlier values included):"]
            if not subs:
                subs = [(s.name, env[s.name]) for s in self.steps[max(0, self.index - 4):self.index]]
            for name, v in subs:
                lines += _named_block(pretty_name(name), v)
            return Hint(2, "\n".join(lines))
        value = self.expected(step.name)
        lines = ["答案：" if lang == "zh" else "The value: "]
        lines[0] += formula
        lines += _named_block(symbol(step), value)
        return Hint(3, "\n".join(lines))

    # -- afterwards -------------------------------------------------------------------------------
    def worked_solution(self, lang: str = "en") -> list[str]:
        """Every step with its formula and numbers (the correct values, from the givens)."""
        lines: list[str] = []
        for i, step in enumerate(self.steps, start=1):
            res = self.results[i - 1]
            lines.append(f"{res.mark} {i}. {step_title(step, lang)}{res.note(lang)}")
            lines.append(f"     {to_unicode(step.formula)}")
            lines += ["     " + line for line in _named_block(symbol(step), _plain(step.value))]
        return lines

    def summary(self, lang: str = "en") -> str:
        secs = self.clock() - self.started
        if lang == "zh":
            return (f"得分 {self.score}/{self.total}（一次做对且未看答案的步骤）· 用了 {self.hints_used} 次提示"
                    f" · 用时 {int(secs // 60)}:{int(secs % 60):02d}")
        return (f"Score {self.score}/{self.total} (steps right first time without the value shown) · "
                f"{self.hints_used} hint(s) used · time {int(secs // 60)}:{int(secs % 60):02d}")

    @property
    def passed(self) -> bool:
        """Counts as a right answer for spaced review: at least 80 % of the steps scored."""
        return self.total > 0 and self.score >= 0.8 * self.total

    def new_network(self, seed: int | None = None) -> "DrillSession":
        rng = random.Random()
        while seed is None or seed == self.seed:
            seed = rng.randrange(1, 1_000_000)
        return DrillSession(self.kind, seed, self.difficulty, check=self.check, tolerance=self.tolerance,
                            clock=self.clock)

    def same_again(self) -> "DrillSession":
        return DrillSession(self.kind, self.seed, self.difficulty, check=self.check, tolerance=self.tolerance,
                            clock=self.clock)


def _read(typed: Any) -> Any:
    from engine.checking.numeric import read_numbers

    return read_numbers(typed)[0]


def _close(a: Any, b: Any, tol: Tolerance, exact: bool = False) -> bool:
    """Every entry of ``a`` within the tolerance of ``b`` (``exact``: within float noise)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        return False
    diff = np.abs(a - b)
    if exact:
        return bool(np.all(diff <= 1e-9 * (1 + np.abs(b))))
    return bool(np.all((diff <= tol.abs) | (diff <= tol.rel * np.abs(b))))


GREEK = ("delta", "eta", "sigma", "beta", "gamma", "mu", "theta", "epsilon", "lambda", "alpha")


def pretty_name(name: str) -> str:
    """'delta_2' → 'δ₂', 'W_xh' → 'W_xh' as the notes write them; '(x)' after an alias is kept."""
    head, sep, rest = name.partition(" ")
    base, _, sub = head.partition("_")
    latex = "\\" + base if base in GREEK else base
    for deco in ("hat", "tilde", "bar"):
        if sub == deco or sub.startswith(deco + "_"):
            latex, sub = f"\\{deco}{{{latex}}}", sub[len(deco) + 1:]
    latex += f"_{{{sub}}}" if sub else ""
    return to_unicode(latex) + sep + rest


def _named_block(name: str, v: Any) -> list[str]:
    rows = matrix_lines(_plain(v))
    if len(rows) == 1:
        return [f"  {name} = {rows[0]}"]
    pad = " " * (len(name) + 5)
    return [f"  {name} = {rows[0]}"] + [pad + r for r in rows[1:]]


def describe_value(v: Any) -> str:
    return show_value(_plain(v))
