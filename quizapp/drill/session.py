"""The step-by-step drill over any generator kind, without UI.

A ``DrillSession`` asks an Exercise's steps in the order a person computes them. Each typed value
(number, vector or matrix; arithmetic accepted) is graded with the checker's numeric tolerance
against the value that follows from the learner's OWN earlier answers (``Kind.resolve`` with
``carry``), so one slip is counted once. A wrong value that matches a typical mistake computed by
``Kind.mistakes`` for this very exercise is diagnosed by name, with the formula that fixes it.
Hints come one level at a time: the formula, the formula with this exercise's numbers, the value.
Where a known wrong value lies within the default tolerance of the right one (an update with a small
step, say), that step is graded with tighter per-entry tolerances (quizapp.drill.precision) and its
prompt asks for more decimals (``session.decimals``).

    session = DrillSession(get_kind("mlp-backprop"), seed=7, difficulty="easy")
    session.current            -> Step being asked (None when finished)
    session.submit(cells)      -> StepFeedback   (cells: str, list[str] or list[list[str]])
    session.go_on()            after a wrong answer: keep the learner's value and move on
    session.hint()             -> Hint (levels 1..3; use is recorded per step)
    session.step_tolerance     -> StepTolerance of the current step; session.decimals -> int | None
    session.score, session.total, session.results, session.worked_solution(lang)
    session.new_network(), session.same_again()
"""

from __future__ import annotations

from engine.text import plural

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.checking.tolerance import Tolerance, exercise_scale
from engine.checking.verdict import Verdict
from engine.generators import Kind, Mistake, Step, get_kind
from engine.mathtext import to_unicode
from quizapp.drill.hints import environment, substitutions
from quizapp.drill.labels import (describe_value, label_text, named_block, plain, pretty_name,  # noqa: F401
                                  step_title, symbol)
from quizapp.drill.precision import StepTolerance, regrade, separate, update_mistakes

HINT_LEVELS = 3
Check = Callable[..., Verdict]   # (expected, answer, rel=, abs=) -> Verdict, like check_numeric


def _default_check(expected: Any, answer: Any, **kw: Any) -> Verdict:
    from engine.checking import check_numeric

    return check_numeric(expected, answer, **kw)


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
        # the exercise's magnitude sets the zero level: a step that is exactly 0 on paper comes out
        # of float arithmetic as 1e-16 (engine/checking/tolerance.py)
        self.scale = exercise_scale(self.exercise)
        self.clock = clock
        self.index = 0
        self.carry: dict[str, Any] = {}
        self.results: list[StepResult] = [StepResult(s.name) for s in self.steps]
        self.awaiting_go_on = False    # the current step was answered wrong; retry or go on
        self._prepared: _Prepared | None = None    # the current step's grading data (see _prepare)
        self._digits: dict[str, int] = {}          # decimals shown for a step that needed more
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
                return plain(s.value)
        raise KeyError(name)

    def _carried_from(self, expected: Any) -> tuple[str, ...]:
        """The earlier steps answered wrong, when they change what this step should be."""
        wrong = [self.steps[i] for i in range(self.index) if self.results[i].status == "incorrect"]
        if not wrong or _same(expected, self.steps[self.index].value):
            return ()
        return tuple(symbol(s) for s in wrong)

    def _prepare(self) -> "_Prepared":
        """The current step's right value (from the learner's earlier values), the wrong values known
        for it and the tolerance that keeps them apart; computed once per step."""
        index, step = self.index, self.current
        assert step is not None
        if self._prepared is not None and self._prepared.index == index:
            return self._prepared
        expected = self.expected(step.name)
        known = [m for m in (self.kind.mistakes(self.exercise.given, self.carry) if self.kind.mistakes else [])
                 if m.step == step.name]
        extra = update_mistakes(step, self.exercise.given, expected)
        tol = separate(expected, [m.value for m in known + extra], self.tolerance, scale=self.scale)
        # the drill's own diagnoses only where they really differ from the right value
        extra = [m for m in extra if not tol.matches(m.value, expected)]
        self._prepared = _Prepared(index, expected, tol, known + extra)
        if tol.decimals is not None:
            self._digits[step.name] = max(4, tol.decimals)
        return self._prepared

    @property
    def step_tolerance(self) -> StepTolerance | None:
        """The current step's per-entry tolerance (None when the drill is finished)."""
        return None if self.finished else self._prepare().tolerance

    @property
    def decimals(self) -> int | None:
        """How many decimals the current step needs, when it needs more than the default tolerance
        (a known wrong value is close to the right one); None otherwise."""
        return None if self.finished else self._prepare().tolerance.decimals

    def submit(self, typed: Any) -> StepFeedback:
        """Grade the current step. An unreadable answer is not counted (retype); a wrong one stays on
        the step (retry, or ``go_on`` keeping the learner's value); a right one moves on."""
        step = self.current
        if step is None:
            raise RuntimeError("the drill is finished")
        res = self.results[self.index]
        prepared = self._prepare()
        expected = prepared.expected
        if isinstance(typed, str) and np.shape(expected) in ((1,), (1, 1)) and "[" not in typed:
            typed = [typed] if np.shape(expected) == (1,) else [[typed]]   # "0.5" for a 1-vector
        verdict = self.check(expected, typed, rel=self.tolerance.rel, abs=self.tolerance.abs, scale=self.scale)
        if verdict.status == "invalid":
            return StepFeedback(step, verdict, expected)
        value = _read(typed)
        if prepared.tolerance.tight:
            verdict = regrade(verdict, value, expected, prepared.tolerance)
        res.attempts += 1
        res.typed = typed
        res.value = value
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
        matches ``value`` within the step's tolerance, for the current step. Besides the kind's own, an
        update step knows two: the value before the update, and (for descent) the sign error."""
        if self.current is None:
            return None
        prepared = self._prepare()
        found = [m for m in prepared.candidates if prepared.tolerance.matches(value, plain(m.value))]
        # Two slips can both lie within the tolerance (W unchanged and W + η·g when η·g is small):
        # the nearer one explains the typed value (the first listed on a tie).
        typed = np.asarray(value, dtype=float)
        return min(found, default=None,
                   key=lambda m: float(np.max(np.abs(typed - np.asarray(plain(m.value), dtype=float)))))

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
        self._prepared = None

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
                lines += named_block(pretty_name(name), v)
            return Hint(2, "\n".join(lines))
        value = self._prepare().expected
        lines = ["答案：" if lang == "zh" else "The value: "]
        lines[0] += formula
        lines += named_block(symbol(step), value, self._digits.get(step.name, 4))
        return Hint(3, "\n".join(lines))

    # -- afterwards -------------------------------------------------------------------------------
    def shown_digits(self) -> dict[str, int]:
        """The decimals the worked solution shows for each step that needs more than 4, when every step
        is answered right (what _prepare records step by step; the printed answer key uses it)."""
        given = self.exercise.given
        known = self.kind.mistakes(given, {}) if self.kind.mistakes else []
        out: dict[str, int] = {}
        for step in self.steps:
            right = plain(step.value)
            wrongs = [m.value for m in known if m.step == step.name]
            wrongs += [m.value for m in update_mistakes(step, given, right)]
            tol = separate(right, wrongs, self.tolerance, scale=self.scale)
            if tol.decimals is not None:
                out[step.name] = max(4, tol.decimals)
        return out

    def worked_solution(self, lang: str = "en") -> list[str]:
        """Every step with its formula and numbers (the correct values, from the givens)."""
        lines: list[str] = []
        for i, step in enumerate(self.steps, start=1):
            res = self.results[i - 1]
            lines.append(f"{res.mark} {i}. {step_title(step, lang)}{res.note(lang)}")
            lines.append(f"     {to_unicode(step.formula)}")
            digits = self._digits.get(step.name, 4)
            lines += ["     " + line for line in named_block(symbol(step), plain(step.value), digits)]
        return lines

    def summary(self, lang: str = "en") -> str:
        secs = self.clock() - self.started
        if lang == "zh":
            return (f"得分 {self.score}/{self.total}（一次做对且未看答案的步骤）· 用了 {self.hints_used} 次提示"
                    f" · 用时 {int(secs // 60)}:{int(secs % 60):02d}")
        return (f"Score {self.score}/{self.total} (steps right first time without the value shown) · "
                f"{plural(self.hints_used, 'hint')} used · time {int(secs // 60)}:{int(secs % 60):02d}")

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


def _same(a: Any, b: Any) -> bool:
    """Every entry of ``a`` equal to ``b`` but for float noise."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= 1e-9 * (1 + np.abs(b))))


@dataclass(frozen=True)
class _Prepared:
    index: int
    expected: Any                  # the right value, from the learner's earlier values
    tolerance: StepTolerance
    candidates: list[Mistake]      # the known wrong values, in the order they are diagnosed
