"""Validate the answer fields of each question type (question_bank/README.md, "Answers by type")."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from engine.bank.fields import Reporter, describe, string_list, text_from, text_list
from engine.bank.model import (
    Answer,
    ChoiceAnswer,
    GeneratedAnswer,
    MultiAnswer,
    NumericAnswer,
    OpenAnswer,
    SymbolicAnswer,
    Tolerance,
    TrueFalseAnswer,
)
from engine.bank.symbolic_check import expression_problem
from engine.text import Text
from engine.checking.domain import domain_problem

MIN_OPTIONS, MAX_OPTIONS = 2, 6
_IDENTIFIER = re.compile(r"[A-Za-z_\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def letter_range(n: int) -> str:
    return f"A-{chr(64 + n)}"


def _options(raw: dict[str, Any], rep: Reporter) -> tuple | None:
    if "options" not in raw:
        rep.bad("options", f"missing; give {MIN_OPTIONS} to {MAX_OPTIONS} options as {{ zh = ..., en = ... }} tables")
        return None
    return text_list(raw["options"], "options", rep, low=MIN_OPTIONS, high=MAX_OPTIONS, what="options", letters=True)


def _letter(value: Any, n_options: int | None, rep: Reporter, field: str = "answer") -> int | None:
    """'B' -> 1. ``n_options`` is None when the options themselves are broken (range not checkable)."""
    if not isinstance(value, str) or len(value) != 1 or not "A" <= value <= "Z":
        rep.bad(field, f"must be one capital letter naming an option, such as \"B\", got {describe(value)}")
        return None
    index = ord(value) - ord("A")
    if n_options is not None and index >= n_options:
        rep.bad(field, f"{value!r} is not one of the options {letter_range(n_options)}")
        return None
    return index


def _choice(raw: dict[str, Any], rep: Reporter) -> Answer | None:
    options = _options(raw, rep)
    if "answer" not in raw:
        rep.bad("answer", "missing; name the right option's letter, e.g. answer = \"B\"")
        return None
    if isinstance(raw["answer"], list):
        rep.bad("answer", "a choice question has one right option (answer = \"B\"); use type = \"multi\" for several")
        return None
    index = _letter(raw["answer"], len(options) if options else None, rep)
    return ChoiceAnswer(options, index) if options is not None and index is not None else None


def _multi(raw: dict[str, Any], rep: Reporter) -> Answer | None:
    options = _options(raw, rep)
    value = raw.get("answer")
    if value is None:
        rep.bad("answer", "missing; list the right options' letters, e.g. answer = [\"A\", \"C\"]")
        return None
    if not isinstance(value, list):
        rep.bad("answer", f"must be a list of letters such as [\"A\", \"C\"], got {describe(value)}")
        return None
    if not value:
        rep.bad("answer", "is empty; a multi question needs at least one right option")
        return None
    n = len(options) if options else None
    indices = [_letter(v, n, rep, f"answer[{i + 1}]") for i, v in enumerate(value)]
    if any(i is None for i in indices):
        return None
    if len(set(indices)) != len(indices):
        rep.bad("answer", "names the same option twice")
        return None
    return MultiAnswer(options, frozenset(indices)) if options is not None else None  # type: ignore[arg-type]


def _truefalse(raw: dict[str, Any], rep: Reporter) -> Answer | None:
    value = raw.get("answer")
    if isinstance(value, bool):
        return TrueFalseAnswer(value)
    if value is None:
        rep.bad("answer", "missing; write answer = true or answer = false")
    elif isinstance(value, str):
        rep.bad("answer", f"must be a boolean: write answer = {value.strip().lower() or 'true'} without quotes, "
                          f"got {describe(value)}" if value.strip().lower() in ("true", "false")
                else f"must be true or false (a TOML boolean, without quotes), got {describe(value)}")
    else:
        rep.bad("answer", f"must be true or false, got {describe(value)}")
    return None


def numeric_value(value: Any, rep: Reporter, field: str = "answer") -> Any:
    """A number, a vector of numbers or a rectangular matrix of numbers -> float / lists of floats."""
    if _number(value):
        return float(value)
    if isinstance(value, list):
        if not value:
            rep.bad(field, "is an empty list; give a number, a vector [..] or a matrix [[..], [..]]")
            return None
        if all(_number(v) for v in value):
            return [float(v) for v in value]
        if all(isinstance(row, list) for row in value):
            for r, row in enumerate(value):
                for c, v in enumerate(row):
                    if not _number(v):
                        rep.bad(field, f"entry [{r + 1}][{c + 1}] is not a finite number: {describe(v)}")
                        return None
            widths = [len(row) for row in value]
            if min(widths) == 0 or len(set(widths)) != 1:
                rep.bad(field, "ragged matrix: rows have " + ", ".join(map(str, widths))
                        + " numbers; every row needs the same number of entries")
                return None
            return [[float(v) for v in row] for row in value]
        for i, v in enumerate(value):
            if not _number(v):
                rep.bad(field, f"entry [{i + 1}] is not a finite number: {describe(v)} "
                               "(a vector holds numbers only; a matrix holds lists only)")
                return None
    rep.bad(field, f"must be a number, a vector [..] or a matrix [[..], [..]], got {describe(value)}")
    return None


def _numeric(raw: dict[str, Any], rep: Reporter) -> Answer | None:
    if "answer" not in raw:
        rep.bad("answer", "missing; write answer = 0.25 (or a vector / matrix)")
        return None
    value = numeric_value(raw["answer"], rep)
    tolerance = Tolerance()
    tol = raw.get("tolerance")
    if tol is not None:
        if not isinstance(tol, dict):
            rep.bad("tolerance", f"must be a table such as {{ rel = 0.01, abs = 0.005 }}, got {describe(tol)}")
            return None
        parts = {}
        for key, v in tol.items():
            if key not in ("rel", "abs"):
                rep.bad(f"tolerance.{key}", "unknown key; a tolerance has rel and abs")
            elif not _number(v) or v < 0 or not math.isfinite(v):
                rep.bad(f"tolerance.{key}", f"must be a finite number >= 0, got {describe(v)}")
            elif key == "rel" and v >= 0.5:
                rep.bad("tolerance.rel", f"must be below 0.5 (at {v} a sign flip or 0 could pass), got {describe(v)}")
            else:
                parts[key] = float(v)
        tolerance = Tolerance(**parts)
    return NumericAnswer(value, tolerance) if value is not None else None


def _symbolic(raw: dict[str, Any], rep: Reporter) -> Answer | None:
    n_before = len(rep.problems)
    variables: tuple[str, ...] = ("x",)
    if "variables" in raw:
        variables = string_list(raw["variables"], "variables", rep) or ()
        for v in variables:
            if not _IDENTIFIER.fullmatch(v):
                rep.bad("variables", f"{v!r} is not a name (letters, digits and _, not starting with a digit)")
    aliases: dict[str, str] = {}
    if "aliases" in raw:
        if not isinstance(raw["aliases"], dict):
            rep.bad("aliases", f"must be a table such as {{ s = \"sigma(x)\" }}, got {describe(raw['aliases'])}")
        else:
            for name, expr in raw["aliases"].items():
                if not _IDENTIFIER.fullmatch(name):
                    rep.bad(f"aliases.{name}", "is not a name (letters, digits and _)")
                elif name in variables:
                    rep.bad(f"aliases.{name}", "is also a variable; an alias needs a name of its own")
                elif not isinstance(expr, str) or not expr.strip():
                    rep.bad(f"aliases.{name}", f"must be an expression string, got {describe(expr)}")
                else:
                    aliases[name] = expr
    forbid = string_list(raw["forbid"], "forbid", rep) if "forbid" in raw else ()
    require = string_list(raw["require"], "require", rep) if "require" in raw else ()
    domain: dict[str, tuple[float, float]] = {}
    if "domain" in raw:
        if not isinstance(raw["domain"], dict):
            rep.bad("domain", f"must be a table such as {{ x = [-4, 4] }}, got {describe(raw['domain'])}")
        else:
            for name, box in raw["domain"].items():
                if name not in variables:
                    rep.bad(f"domain.{name}", f"is not a variable of this question ({', '.join(variables)})")
                elif (not isinstance(box, list) or len(box) != 2 or not all(map(_number, box))
                      or not box[0] < box[1]):
                    rep.bad(f"domain.{name}", f"must be [low, high] with low < high, got {describe(box)}")
                elif domain_problem(box):
                    rep.bad(f"domain.{name}", f"{domain_problem(box)[0]}, got {describe(box)}")
                else:
                    domain[name] = (float(box[0]), float(box[1]))
    form = text_from(raw["form"], "form", rep) if "form" in raw else None

    expected = raw.get("answer")
    if expected is None:
        rep.bad("answer", "missing; write the expected expression, e.g. answer = \"sigma(x)*(1 - sigma(x))\"")
    elif not isinstance(expected, str) or not expected.strip():
        rep.bad("answer", f"must be an expression string such as \"x*(1 - x)\", got {describe(expected)}")
    elif len(rep.problems) == n_before:
        # Only worth parsing once names and aliases are sound; the checker's own message says where.
        for field, text in [("answer", expected)] + [(f"aliases.{k}", v) for k, v in aliases.items()]:
            message = expression_problem(text, variables, aliases if field == "answer" else {})
            if message:
                rep.bad(field, message)
    if len(rep.problems) > n_before:
        return None
    return SymbolicAnswer(expected, variables, aliases, forbid or (), require or (), domain, form)


def _open(raw: dict[str, Any], rep: Reporter) -> Answer | None:
    model = text_from(raw["model_answer"], "model_answer", rep) if "model_answer" in raw else None
    if "model_answer" not in raw:
        rep.bad("model_answer", "missing; write model_answer = { zh = '''...''', en = '''...''' }")
    points = None
    if "key_points" not in raw:
        rep.bad("key_points", "missing; list what a good answer must mention as { zh = ..., en = ... } tables")
    else:
        points, matches = _key_points(raw["key_points"], rep)
        if points is not None:
            return OpenAnswer(model, points, matches) if model is not None else None
    return None


MATCH_MAX_PHRASES = 30
MATCH_MAX_CHARS = 60


def _key_points(value: Any, rep: Reporter) -> tuple[tuple[Text, ...] | None, tuple[tuple[str, ...], ...]]:
    """key_points = [ { zh, en, match = ["√d_k", "方差", "variance"] }, ... ]; match is optional."""
    if not isinstance(value, list):
        return text_list(value, "key_points", rep, low=1, high=20, what="key points"), ()
    texts: list[dict[str, Any]] = []
    matches: list[tuple[str, ...]] = []
    for i, item in enumerate(value):
        field = f"key_points[{i + 1}].match"
        phrases: tuple[str, ...] = ()
        if isinstance(item, dict) and "match" in item:
            item = dict(item)
            raw_match = item.pop("match")
            if (not isinstance(raw_match, list) or not raw_match
                    or not all(isinstance(m, str) and m.strip() for m in raw_match)):
                rep.bad(field, f"must be a non-empty list of phrases (strings), got {describe(raw_match)}")
            elif len(raw_match) > MATCH_MAX_PHRASES:
                rep.bad(field, f"has {len(raw_match)} phrases; at most {MATCH_MAX_PHRASES}")
            elif any(len(m) > MATCH_MAX_CHARS for m in raw_match):
                rep.bad(field, f"a phrase is longer than {MATCH_MAX_CHARS} characters; match short phrases")
            elif len({m.strip().casefold() for m in raw_match}) != len(raw_match):
                rep.bad(field, "lists the same phrase twice")
            else:
                phrases = tuple(m.strip() for m in raw_match)
        texts.append(item)
        matches.append(phrases)
    points = text_list(texts, "key_points", rep, low=1, high=20, what="key points")
    return points, (tuple(matches) if any(matches) else ())


def _generated(raw: dict[str, Any], rep: Reporter) -> Answer | None:
    from engine.bank.generated_check import ask_problems, kind_problem

    kind = raw.get("kind")
    if kind is None:
        rep.bad("kind", "missing; name a generator kind (see: quizapp generate --list)")
        return None
    message = kind_problem(kind)
    if message:
        rep.bad("kind", message)
        return None
    difficulty = raw.get("generator_difficulty", "easy")
    from engine.generators.base import DIFFICULTIES

    if difficulty not in DIFFICULTIES:
        rep.bad("generator_difficulty", f"must be one of {', '.join(DIFFICULTIES)}, got {describe(difficulty)}")
        return None
    ask: tuple[str, ...] = ()
    if "ask" in raw:
        n_before = len(rep.problems)
        ask = string_list(raw["ask"], "ask", rep) or ()
        if raw["ask"] == []:
            rep.bad("ask", "is empty; leave it out to ask every step")
        for field, msg in ask_problems(kind, difficulty, ask):
            rep.bad(field, msg)
        if len(rep.problems) > n_before:
            return None
    return GeneratedAnswer(kind, difficulty, ask)


PARSERS: dict[str, Callable[[dict[str, Any], Reporter], Answer | None]] = {
    "choice": _choice,
    "multi": _multi,
    "truefalse": _truefalse,
    "numeric": _numeric,
    "symbolic": _symbolic,
    "open": _open,
    "generated": _generated,
}


def parse_answer(qtype: str, raw: dict[str, Any], rep: Reporter) -> Answer | None:
    return PARSERS[qtype](raw, rep)
