"""Symbolic answers: equal as functions, decided by seeded random evaluation.

Both expressions are evaluated with numpy at the same random points (24 by default, in the domain
the question sets, else mostly in [−3, 3] with a few in [−10, 10]). Points where the expected answer
is undefined are skipped; an answer undefined where the expected one is defined is wrong. Points are
continuous random numbers, so a piecewise answer that differs only on a boundary (ReLU' at 0)
compares equal: answers are compared almost everywhere. Values match when
|answer − expected| <= 1e-9 + 1e-7·|expected|.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from engine.checking.domain import domain_problem
from engine.checking.errors import ParseError
from engine.checking.evaluate import evaluate
from engine.checking.forms import check_form
from engine.checking.functions import pretty_name
from engine.checking.parser import parse
from engine.checking.parser import read_as as read_as_line
from engine.checking.tree import Expr
from engine.checking.verdict import Verdict

POINTS = 24
EXTRA_POINTS = 256       # drawn when the expected answer is undefined at many of the first points
MIN_POINTS = 8           # fewer defined points than this: the expected answer itself is unusable
ABS_TOL = 1e-9
REL_TOL = 1e-7
DEFAULT_BOX = (-3.0, 3.0)
WIDE_BOX = (-10.0, 10.0)
WIDE_SHARE = 6           # of every 24 default points, this many come from the wide box


def _sample(rng: np.random.Generator, variables: Iterable[str], domain: Mapping[str, Any] | None,
            n: int) -> dict[str, np.ndarray]:
    env = {}
    for name in variables:
        if domain and name in domain:
            lo, hi = (float(v) for v in domain[name])
            env[name] = rng.uniform(lo, hi, n)
        else:
            narrow = rng.uniform(*DEFAULT_BOX, n)
            wide = rng.uniform(*WIDE_BOX, n)
            env[name] = np.where(np.arange(n) % (POINTS // WIDE_SHARE) == 3, wide, narrow)
    return env


def _fmt(v: float, digits: int = 3) -> str:
    if not np.isfinite(v):
        return "undefined"
    text = f"{v:.{digits}g}"
    return "0" if text == "-0" else text


def _fmt_pair(got: float, want: float) -> tuple[str, str]:
    """Format two numbers with just enough digits that they visibly differ."""
    for digits in range(3, 13):
        a, b = _fmt(got, digits), _fmt(want, digits)
        if a != b:
            return a, b
    return _fmt(got, 15), _fmt(want, 15)


def _matches(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        # The absolute part scales down with the expected values' size (never up): a constant such as
        # (5√2 − 7)^7 ≈ 9e-9 is compared relatively, not swallowed by a fixed 1e-9.
        finite = np.abs(want[np.isfinite(want)])
        scale = min(1.0, float(finite.max())) if finite.size and finite.max() > 0 else 1.0
        return np.isfinite(got) & (np.abs(got - want) <= ABS_TOL * scale + REL_TOL * np.abs(want))


def _equal_precisely(expected: Expr, answer: Expr) -> bool:
    from engine.checking.precise import constant_precise

    want, got = constant_precise(expected), constant_precise(answer)
    if want is None or got is None:
        return False
    scale = min(1.0, abs(float(want))) or 1.0
    return abs(float(got - want)) <= ABS_TOL * scale + REL_TOL * abs(float(want))


def invalid_from(exc: ParseError, en_prefix: str = "", zh_prefix: str = "", **extra) -> Verdict:
    return Verdict("invalid", en_prefix + exc.message, zh_prefix + exc.message_zh, position=exc.position,
                   extra=extra)


def compare(expected: Expr, answer: Expr, variables: tuple[str, ...], domain=None, seed: int = 0
            ) -> dict[str, Any] | None:
    """None if ``answer`` equals ``expected`` at every sampled point where ``expected`` is defined;
    otherwise a counterexample {"point": {var: value}, "got": float | None, "expected": float}.
    Raises ValueError if ``expected`` is undefined almost everywhere on the domain."""
    rng = np.random.default_rng(seed)
    env = _sample(rng, variables, domain, POINTS)
    want = evaluate(expected, env, POINTS)
    defined = np.isfinite(want)
    if defined.sum() < POINTS:   # top up with points where the expected answer is defined
        more = _sample(rng, variables, domain, EXTRA_POINTS)
        more_want = evaluate(expected, more, EXTRA_POINTS)
        keep = np.flatnonzero(np.isfinite(more_want))[: POINTS - int(defined.sum())]
        env = {k: np.concatenate([v[defined], more[k][keep]]) for k, v in env.items()}
        want = np.concatenate([want[defined], more_want[keep]])
        if len(want) < MIN_POINTS:
            raise ValueError("the expected answer is undefined almost everywhere on the sampling domain")
    n = len(want)
    got = evaluate(answer, env, n)
    wrong = np.flatnonzero(~_matches(got, want))
    if len(wrong) == 0:
        return None
    if not variables and _equal_precisely(expected, answer):
        return None        # float64 cancelled digits of a constant; 60 digits say they are equal
    k = int(wrong[0])
    point = {name: float(env[name][k]) for name in variables}
    # A round point is easier to check by hand; use it when it is still a counterexample.
    rounded = {name: np.array([round(v, 2)]) for name, v in point.items()}
    r_want = evaluate(expected, rounded, 1)
    r_got = evaluate(answer, rounded, 1)
    if np.isfinite(r_want[0]) and not _matches(r_got, r_want)[0]:
        point = {name: float(v[0]) for name, v in rounded.items()}
        g, w = float(r_got[0]), float(r_want[0])
    else:
        g, w = float(got[k]), float(want[k])
    return {"point": point, "got": g if np.isfinite(g) else None, "expected": w}


def counterexample_message(cx: dict[str, Any]) -> tuple[str, str]:
    where = ", ".join(f"{pretty_name(k)} = {_fmt(v, 3 if v == round(v, 2) else 4)}"
                      for k, v in cx["point"].items())
    # with no variables (a constant) there is no point to name
    at_en, at_zh = (f"at {where} ", f"在 {where} 处") if where else ("", "")
    if cx["got"] is None:
        want = _fmt(cx["expected"], 3)
        return (f"{at_en}your answer is undefined, expected {want}",
                f"{at_zh}你的答案没有定义，正确值是 {want}")
    got, want = _fmt_pair(cx["got"], cx["expected"])
    return (f"{at_en}your answer gives {got}, expected {want}",
            f"{at_zh}你的答案得 {got}，正确值是 {want}")


def check_symbolic(expected: str, answer: str, *, variables: Iterable[str] = ("x",),
                   aliases: Mapping[str, str] | None = None, forbid: Iterable[str] = (),
                   require: Iterable[str] = (), domain: Mapping[str, Any] | None = None, seed: int = 0,
                   prove: bool = False) -> Verdict:
    """Grade a symbolic ``answer`` against ``expected`` (both in the checker syntax).

    correct    equal at every sampled point and the form constraints hold
    incorrect  a counterexample (Verdict.counterexample), or equal in value but the form is wrong
               (extra["form"] = False)
    invalid    the answer cannot be read (message says what and where; Verdict.position), or the
               expected answer cannot (extra["where"] = "expected": a question-author error)
    prove      also try a sympy proof (slow; never changes the status; use CheckerPool for a time limit)
    """
    variables = tuple(variables)
    for name, box in (domain or {}).items():
        problem = domain_problem(box)
        if problem:
            return Verdict("invalid", f"the sampling domain of {name} {problem[0]}",
                           f"{name} 的取样范围{problem[1]}", extra={"where": "expected"})
    try:
        want = parse(expected, variables=variables, aliases=aliases)
    except ParseError as exc:
        return invalid_from(exc, "the expected answer cannot be read: ", "标准答案无法读取：", where="expected")
    notes: list[tuple[str, str]] = []
    try:
        got = parse(answer, variables=variables, aliases=aliases, notes=notes)
    except ParseError as exc:
        return invalid_from(exc)
    read_as = read_as_line(got, notes)
    noted = {"ambiguous": [en for en, _ in notes], "ambiguous_zh": [zh for _, zh in notes]} if notes else {}
    try:
        cx = compare(want, got, variables, domain, seed)
    except ValueError as exc:
        return Verdict("invalid", f"cannot check: {exc}", "无法判定：标准答案在取样范围内几乎处处没有定义",
                       read_as=read_as, extra={"where": "expected"})
    if cx is not None:
        en, zh = counterexample_message(cx)
        return Verdict("incorrect", f"Not equivalent: {en}.", f"不等价：{zh}。", read_as=read_as,
                       counterexample=cx, extra=noted)
    form = check_form(got, forbid, require)
    proved = False
    if prove:
        from engine.checking.build import prove_equal

        proved = prove_equal(want, got)
    if not form.ok:
        en, zh = form.message()
        return Verdict("incorrect", f"Equal in value, but not in the form asked for: {en}.",
                       f"数值上相等，但形式不符合要求：{zh}。", read_as=read_as, proved=proved,
                       extra={"form": False, **noted})
    return Verdict("correct", "Correct.", "正确。", read_as=read_as, proved=proved, extra=noted)
