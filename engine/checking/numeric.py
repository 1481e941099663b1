"""Numeric answers: scalars, vectors and matrices typed as numbers or safe arithmetic.

An entry is right by the one tolerance rule of engine/checking/tolerance.py: within 1 % of itself,
or within the zero level (1e-6 of the largest entry) when it is zero. Typed forms: "0.25", "1/(1+e^-0.5)", "[0.5, 0.2]", "0.5, 0.2",
"[[1, 2], [3, 4]]", "1, 2; 3, 4" (rows separated by ';'), or nested lists of strings (grid cells).
"""

from __future__ import annotations

import math
from typing import Any

from engine.checking.errors import ParseError
from engine.checking.evaluate import constant_value
from engine.checking.parser import parse
from engine.checking.tolerance import DEFAULT_REL, Tolerance, is_finite_value
from engine.checking.verdict import Verdict

MAX_ENTRIES = 1000        # a typed vector or matrix with more entries than this is not a hand answer


def evaluate_number(text: str) -> float:
    """The value of safe arithmetic such as "1/(1+e^-0.5)" or "0.5*(1-0.5)"; raises ParseError."""
    tree = parse(text, variables=())
    value = constant_value(tree)
    if value is None or not math.isfinite(value):
        raise ParseError(f"'{text.strip()}' has no finite value (division by zero, log of a negative, ...)",
                         f"'{text.strip()}' 没有有限的值（除以零、负数取对数等）", None)
    return value


def _split_top(text: str, sep: str, offset: int) -> list[tuple[str, int]]:
    """Split at ``sep`` outside () and []: [(piece, offset of piece in the original text)]."""
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([（":
            depth += 1
        elif ch in ")]）":
            depth -= 1
        elif ch in (sep, "，" if sep == "," else sep) and depth == 0:
            pieces.append((text[start:i], offset + start))
            start = i + 1
    pieces.append((text[start:], offset + start))
    return pieces


def _strip_brackets(text: str, offset: int) -> tuple[str, int, bool]:
    stripped = text.strip()
    lead = offset + len(text) - len(text.lstrip())
    if stripped.startswith("[") and stripped.endswith("]"):
        return stripped[1:-1], lead + 1, True
    if stripped.startswith("[") or stripped.endswith("]"):
        raise ParseError(f"unbalanced '[ ]' at position {lead + 1}", f"第 {lead + 1} 个位置的 '[ ]' 不配对", lead)
    return text, offset, False


def _number(text: str, offset: int, entry: list[int]) -> tuple[float, str]:
    try:
        value = evaluate_number(text)
    except ParseError as exc:
        where = str(entry[0] + 1) if len(entry) == 1 else "(" + ", ".join(str(i + 1) for i in entry) + ")"
        pos = None if exc.position is None else offset + exc.position
        en, zh = exc.message, exc.message_zh
        if pos is not None and offset:      # positions in messages count in the whole answer, from 1
            en = en.replace(f"position {exc.position + 1}", f"position {pos + 1}")
            zh = zh.replace(f"第 {exc.position + 1} 个位置", f"第 {pos + 1} 个位置")
        if entry:
            raise ParseError(f"entry {where}: {en}", f"第 {where} 项：{zh}", pos) from None
        raise ParseError(en, zh, pos) from None
    return value, parse(text, variables=()).pretty()


def read_numbers(answer: Any) -> tuple[Any, Any]:
    """(values, how each was read): floats or nested lists of floats, and the same shape of strings."""
    if isinstance(answer, bool):
        raise ParseError("the answer must be a number", "答案必须是数字", None)
    if isinstance(answer, (int, float)):
        return float(answer), repr(answer)
    if isinstance(answer, (list, tuple)):
        return _read_grid(answer, [])
    if not isinstance(answer, str):
        raise ParseError("the answer must be a number", "答案必须是数字", None)
    if len(answer) > MAX_ENTRIES * 8:
        raise ParseError(f"the answer is too long ({len(answer)} characters; at most {MAX_ENTRIES * 8})",
                         f"答案太长（{len(answer)} 个字符；最多 {MAX_ENTRIES * 8} 个）", None)
    if answer.count(",") + answer.count(";") >= MAX_ENTRIES:
        raise ParseError(f"the answer is too long (at most {MAX_ENTRIES} numbers)",
                         f"答案太长（最多 {MAX_ENTRIES} 个数）", None)
    body, off, bracketed = _strip_brackets(answer, 0)
    if bracketed and body.strip().startswith("["):              # [[1, 2], [3, 4]]
        rows = [_strip_brackets(p, o) for p, o in _split_top(body, ",", off)]
        if not all(b for _, _, b in rows):
            raise ParseError("mixed rows and numbers: write [[1, 2], [3, 4]]",
                             "行和数字混在一起：请写成 [[1, 2], [3, 4]]", off)
        return _rows([[p for p in _split_top(r, ",", o)] for r, o, _ in rows])
    if ";" in body:                                              # 1, 2; 3, 4
        return _rows([_split_top(r, ",", o) for r, o in _split_top(body, ";", off)])
    pieces = _split_top(body, ",", off)
    if len(pieces) == 1 and not bracketed:
        return _number(body, off, [])
    values, shown = [], []
    for i, (p, o) in enumerate(pieces):
        v, s = _number(p, o, [i])
        values.append(v)
        shown.append(s)
    return values, shown


def _rows(rows: list[list[tuple[str, int]]]) -> tuple[list, list]:
    values, shown = [], []
    for r, row in enumerate(rows):
        vals, texts = zip(*(_number(p, o, [r, c]) for c, (p, o) in enumerate(row)))
        values.append(list(vals))
        shown.append(list(texts))
    return values, shown


def _read_grid(cells: Any, entry: list[int]) -> tuple[Any, Any]:
    if not entry and _count(cells) > MAX_ENTRIES:
        raise ParseError(f"the answer is too long (at most {MAX_ENTRIES} numbers)",
                         f"答案太长（最多 {MAX_ENTRIES} 个数）", None)
    if isinstance(cells, (list, tuple)):
        pairs = [_read_grid(c, entry + [i]) for i, c in enumerate(cells)]
        return [p[0] for p in pairs], [p[1] for p in pairs]
    if isinstance(cells, (int, float)) and not isinstance(cells, bool):
        return float(cells), repr(cells)
    if not isinstance(cells, str):
        raise ParseError("each entry must be a number", "每一项都必须是数字", None)
    try:
        return _number(cells, 0, entry)
    except ParseError as exc:
        raise ParseError(exc.message, exc.message_zh, exc.position) from None


def _count(cells: Any, limit: int = MAX_ENTRIES + 1) -> int:
    """How many leaves nested lists have (counting stops past ``limit``)."""
    total, stack = 0, [cells]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        else:
            total += 1
    return total


def shape_of(value: Any) -> tuple[int, ...]:
    if isinstance(value, (list, tuple)):
        inner = {shape_of(v) for v in value}
        if len(inner) > 1:
            return (len(value), -1)          # ragged
        return (len(value),) + (inner.pop() if inner else ())
    return ()


def _describe_shape(shape: tuple[int, ...]) -> tuple[str, str]:
    if shape == ():
        return "a single number", "一个数"
    if len(shape) == 1:
        return f"{shape[0]} numbers", f"{shape[0]} 个数"
    if -1 in shape:
        return "rows of different lengths", "长短不一的行"
    return f"a {shape[0]}×{shape[1]} matrix", f"{shape[0]}×{shape[1]} 的矩阵"


def _close(given: float, expected: float, rel: float, abs_: float) -> bool:
    diff = abs(given - expected)
    return diff <= abs_ or diff <= rel * abs(expected)


def _compare(given: Any, expected: Any, rel: float, abs_: float) -> Any:
    if isinstance(expected, (list, tuple)):
        return [_compare(g, e, rel, abs_) for g, e in zip(given, expected)]
    return _close(given, float(expected), rel, abs_)


def _wrong_entries(entries: Any, prefix: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    if isinstance(entries, list):
        out = []
        for i, e in enumerate(entries):
            out.extend(_wrong_entries(e, prefix + (i + 1,)))
        return out
    return [] if entries else [prefix]


def _fmt(v: float) -> str:
    return f"{v:.4g}"


def _join(shown: Any) -> str:
    if isinstance(shown, list):
        return "[" + ", ".join(_join(s) for s in shown) + "]"
    return shown


def check_numeric(expected: Any, answer: Any, *, rel: float = DEFAULT_REL, abs: float | None = None,
                  scale: float = 0.0) -> Verdict:
    """Grade a number, vector or matrix. ``expected``: float or nested lists (numpy arrays are
    accepted); ``answer``: a string, or nested lists of strings (one per grid cell). For vectors and
    matrices Verdict.entries holds nested booleans (True = that entry is right). ``scale``: the
    magnitude of the exercise the answer belongs to, for the zero level (engine/checking/tolerance.py)."""
    if hasattr(expected, "tolist"):
        expected = expected.tolist()
    if not is_finite_value(expected):
        return Verdict("invalid", "this question is broken: its expected value is not a finite number",
                       "这道题有误：它的正确值不是有限的数", position=None)
    if -1 in shape_of(expected):
        return Verdict("invalid", "this question is broken: its expected value has rows of different lengths",
                       "这道题有误：它的正确值各行长短不一", position=None)
    try:
        given, shown = read_numbers(answer)
    except ParseError as exc:
        return Verdict("invalid", exc.message, exc.message_zh, position=exc.position)
    read_as = _join(shown)
    want_shape, got_shape = shape_of(expected), shape_of(given)
    if want_shape != got_shape:
        we, wz = _describe_shape(want_shape)
        ge, gz = _describe_shape(got_shape)
        return Verdict("invalid", f"expected {we}, got {ge}", f"应为{wz}，你给了{gz}", read_as=read_as)
    tolerance = Tolerance(rel, abs)
    abs_ = tolerance.zero(expected, scale)
    entries = _compare(given, expected, rel, abs_)
    if abs is None:
        tol_en = f"(tolerance: {rel * 100:.3g}% of the value)"
        tol_zh = f"（容差：数值的 {rel * 100:.3g}%）"
    else:
        tol_en = f"(tolerance: {rel:.3g} relative or {abs_:.3g} absolute)"
        tol_zh = f"（容差：相对 {rel:.3g} 或绝对 {abs_:.3g}）"
    if want_shape == ():
        if entries:
            return Verdict("correct", "Correct.", "正确。", read_as=read_as)
        return Verdict("incorrect", f"Not close enough: you gave {_fmt(given)}, expected {_fmt(float(expected))} "
                       f"{tol_en}.", f"不够接近：你给了 {_fmt(given)}，正确值是 {_fmt(float(expected))}{tol_zh}。",
                       read_as=read_as)
    wrong = _wrong_entries(entries)
    total = math.prod(want_shape)
    if not wrong:
        return Verdict("correct", "Correct.", "正确。", read_as=read_as, entries=entries)
    where = ", ".join("(" + ", ".join(map(str, w)) + ")" if len(w) > 1 else str(w[0]) for w in wrong[:6])
    more = "…" if len(wrong) > 6 else ""
    return Verdict("incorrect",
                   f"{len(wrong)} of {total} entries wrong: {where}{more} (counting from 1) {tol_en}.",
                   f"{total} 项中有 {len(wrong)} 项不对：{where}{more}（从 1 开始数）{tol_zh}。",
                   read_as=read_as, entries=entries)
