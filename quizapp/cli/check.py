"""``quizapp check``: grade one answer (or a JSON Lines batch) and print the verdict as JSON.

    quizapp check EXPECTED ANSWER [--var NAME]... [--forbid NAME]... [--require NAME]... [--alias NAME=EXPR]...
    quizapp check --batch FILE|-

Exit codes (single check): 0 correct, 1 incorrect, 2 invalid (or a usage error). A batch exits 0 once
every line has its verdict line; a bad input line gets an "invalid" verdict, never an abort.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from quizapp.cli import UsageError

EXIT_CODES = {"correct": 0, "incorrect": 1, "invalid": 2}
BATCH_FIELDS = {"expected", "answer", "vars", "forbid", "require", "aliases", "domain", "rel", "abs"}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check", help="grade an answer against the expected one; prints JSON",
        description="Grade ANSWER against EXPECTED in the checker syntax (see question_bank/README.md): "
        "symbolic answers are compared as functions at random points, never evaluated as code. Prints one "
        "JSON object {verdict, message, message_zh, read_as, ...}; exit 0 correct, 1 incorrect, 2 invalid. "
        "With --batch, reads JSON Lines {expected, answer, vars?, forbid?, require?, aliases?, domain?} "
        "(a number or list as expected means a numeric check; rel?/abs? set its tolerance) and writes one "
        "verdict line per input line, in order.")
    parser.add_argument("expected", nargs="?", help="the expected answer, e.g. 'sigma(x)*(1 - sigma(x))'")
    parser.add_argument("answer", nargs="?", help="the answer to grade, e.g. 'σ(x)(1−σ(x))'")
    parser.add_argument("--var", action="append", default=[], metavar="NAME",
                        help="a variable (repeatable; default: the names used in EXPECTED)")
    parser.add_argument("--forbid", action="append", default=[], metavar="NAME",
                        help="a function or name the answer must not use, e.g. exp (repeatable)")
    parser.add_argument("--require", action="append", default=[], metavar="NAME",
                        help="a function or name the answer must use, e.g. sigma (repeatable)")
    parser.add_argument("--alias", action="append", default=[], metavar="NAME=EXPR",
                        help="a name standing for an expression, e.g. s=sigma(x) (repeatable)")
    parser.add_argument("--domain", action="append", default=[], metavar="NAME=LO:HI",
                        help="where to sample a variable, e.g. p=0.01:0.99 (default: mostly -3..3)")
    parser.add_argument("--numeric", action="store_true",
                        help="compare as numbers with a tolerance (EXPECTED may be a number, [vector] or [[matrix]])")
    parser.add_argument("--rel", type=float, default=0.01, help="relative tolerance for --numeric (default 0.01)")
    parser.add_argument("--abs", type=float, default=None,
                        help="absolute tolerance for --numeric (default: none; numbers are graded relative to "
                        "their size, zeros by a zero level: the rule in question_bank/README.md)")
    parser.add_argument("--prove", action="store_true",
                        help="also try a symbolic proof (adds \"proved\": true when found; never changes the verdict)")
    parser.add_argument("--batch", metavar="FILE", help="read JSON Lines from FILE ('-' for stdin)")
    parser.set_defaults(func=run_check)


def _pairs(items: list[str], option: str) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise UsageError(f"{option} expects NAME=VALUE, got {item!r}")
        out[name.strip()] = value.strip()
    return out


def _domain(items: list[str]) -> dict[str, tuple[float, float]]:
    out = {}
    for name, box in _pairs(items, "--domain").items():
        lo, sep, hi = box.partition(":")
        try:
            bounds = (float(lo), float(hi))
        except ValueError:
            bounds = None
        if not sep or bounds is None or not bounds[0] < bounds[1]:
            raise UsageError(f"--domain expects NAME=LO:HI with LO < HI, got {name}={box}")
        from engine.checking.domain import domain_problem

        problem = domain_problem(bounds)
        if problem:
            raise UsageError(f"--domain {name}: {problem[0]}, got {box}")
        out[name] = bounds
    return out


def run_check(args) -> int:
    if args.batch is not None:
        if args.expected is not None or args.answer is not None:
            raise UsageError("--batch reads EXPECTED and ANSWER from the file; do not give them as well")
        return run_batch(args.batch, prove=args.prove)
    if args.expected is None or args.answer is None:
        raise UsageError("give EXPECTED and ANSWER (or --batch FILE)")
    if args.numeric or (_looks_numeric(args.expected) and not (args.var or args.forbid or args.require
                                                                   or args.alias or args.domain)):
        # a number as EXPECTED is graded as the app grades a numeric answer (not as a formula)
        request = {"expected": _expected_number(args.expected), "answer": args.answer, "rel": args.rel}
        if args.abs is not None:
            request["abs"] = args.abs
    else:
        request = {"expected": args.expected, "answer": args.answer, "vars": args.var or None,
                   "forbid": args.forbid, "require": args.require, "aliases": _pairs(args.alias, "--alias"),
                   "domain": _domain(args.domain)}
    with command_pool() as pool:
        verdict = safe_grade(pool, request, prove=args.prove)
    print(json.dumps(verdict.to_json(), ensure_ascii=False))
    return EXIT_CODES[verdict.status]


def _looks_numeric(text: str) -> bool:
    """EXPECTED written as a JSON number or list of numbers ("0.00353", "[0.5, 0.2]")."""
    try:
        return _is_numbers(json.loads(text))
    except (ValueError, RecursionError):      # not JSON, 100,000 '[', a 5,000-digit number ...
        return False


def _expected_number(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        from engine.checking import ParseError, evaluate_number

        try:
            return evaluate_number(text)
        except ParseError as exc:
            raise UsageError(f"EXPECTED is not a number: {exc.message}") from None


def _invalid(message: str, message_zh: str):
    from engine.checking import Verdict

    return Verdict("invalid", message, message_zh)


def safe_grade(pool, request: Any, *, prove: bool = False):
    """grade_request, but a failure inside the checker is this request's "invalid" verdict, never an
    abort: every batch line gets its own verdict and a single check exits 2."""
    try:
        return grade_request(pool, request, prove=prove)
    except (RecursionError, MemoryError):
        return _invalid("this input is nested too deeply or too large to check",
                        "这个输入嵌套太深或太大，无法检查")
    except Exception as exc:  # a checker bug: reported as this line's verdict, the batch goes on
        return _invalid(f"the checker could not grade this ({type(exc).__name__}); please report it",
                        f"检查程序无法判定这一项（{type(exc).__name__}）；请报告这个问题")


def grade_request(pool, request: Any, *, prove: bool = False):
    """One check described as a dict (the batch format) -> Verdict; a malformed request -> invalid."""
    if not isinstance(request, dict):
        return _invalid("each line must be a JSON object {\"expected\": ..., \"answer\": ...}",
                        "每一行都必须是 JSON 对象 {\"expected\": ..., \"answer\": ...}")
    unknown = sorted(set(request) - BATCH_FIELDS)
    if unknown:
        return _invalid(f"unknown field(s): {', '.join(unknown)}", f"未知字段：{', '.join(unknown)}")
    expected, answer = request.get("expected"), request.get("answer")
    if expected is None or answer is None:
        return _invalid("both \"expected\" and \"answer\" are required", "必须同时给出 \"expected\" 和 \"answer\"")
    if not isinstance(expected, str):                       # a number, vector or matrix
        if not _is_numbers(expected):
            return _invalid("\"expected\" must be a string, a number or nested lists of numbers",
                            "\"expected\" 必须是字符串、数字或数字的嵌套列表")
        if not _is_regular(expected):
            return _invalid("\"expected\" has rows of different lengths: give a number, a vector or a matrix",
                            "\"expected\" 的各行长短不一：请给出一个数、向量或矩阵")
        rel, abs_ = request.get("rel", 0.01), request.get("abs")
        if not all(isinstance(t, (int, float)) and not isinstance(t, bool) and t >= 0
                   for t in ((rel,) if abs_ is None else (rel, abs_))):
            return _invalid("\"rel\" and \"abs\" must be non-negative numbers", "\"rel\" 和 \"abs\" 必须是非负数")
        if not (isinstance(answer, str) or _is_strings(answer)):
            return _invalid("\"answer\" must be a string or nested lists of strings",
                            "\"answer\" 必须是字符串或字符串的嵌套列表")
        return pool.check_numeric(expected, answer, rel=float(rel), abs=None if abs_ is None else float(abs_))
    if not isinstance(answer, str):
        return _invalid("\"answer\" must be a string", "\"answer\" 必须是字符串")
    lists = {k: request.get(k) or [] for k in ("forbid", "require")}
    variables = request.get("vars")
    aliases = request.get("aliases") or {}
    domain = request.get("domain") or {}
    if not all(isinstance(v, list) and all(isinstance(s, str) for s in v) for v in lists.values()) or \
            not (variables is None or (isinstance(variables, list) and all(isinstance(s, str) for s in variables))):
        return _invalid("\"vars\", \"forbid\" and \"require\" must be lists of names",
                        "\"vars\"、\"forbid\"、\"require\" 必须是名字的列表")
    if not isinstance(aliases, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in aliases.items()):
        return _invalid("\"aliases\" must map names to expressions", "\"aliases\" 必须把名字映射到表达式")
    if not isinstance(domain, dict) or not all(isinstance(k, str) for k in domain):
        return _invalid("\"domain\" must map names to [low, high]", "\"domain\" 必须把名字映射到 [下界, 上界]")
    from engine.checking.domain import domain_problem

    for name, box in domain.items():
        problem = domain_problem(box)
        if problem:
            return _invalid(f"\"domain\" of {name} {problem[0]}", f"\"domain\" 中 {name} 的范围{problem[1]}")
    if variables is None:
        from engine.checking import ParseError
        from engine.checking.lexer import free_names

        try:
            variables = [v for v in free_names(expected) if v not in aliases]
        except ParseError as exc:
            return _invalid(f"the expected answer cannot be read: {exc.message}", f"标准答案无法读取：{exc.message_zh}")
    return pool.check_symbolic(expected, answer, variables=tuple(variables), aliases=aliases,
                               forbid=tuple(lists["forbid"]), require=tuple(lists["require"]),
                               domain={k: tuple(v) for k, v in domain.items()} or None, prove=prove)


def _is_numbers(value: Any) -> bool:
    if isinstance(value, list):
        return bool(value) and all(_is_numbers(v) for v in value)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_regular(value: Any) -> bool:
    """A number, or lists whose entries at each level all have the same shape (no ragged rows)."""
    from engine.checking.numeric import shape_of

    return -1 not in shape_of(value)


def _is_strings(value: Any) -> bool:
    if isinstance(value, list):
        return bool(value) and all(_is_strings(v) for v in value)
    return isinstance(value, str)


def command_pool():
    """The checker for one command: a worker forked from this process (no second Python start),
    with the same time and memory limits as the app's."""
    from engine.checking import CheckerPool

    return CheckerPool(fork=True)


def run_batch(path: str, *, prove: bool = False) -> int:
    try:
        stream = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    with stream, command_pool() as pool:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                request = json.loads(line)
            except json.JSONDecodeError as exc:
                verdict = _invalid(f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})",
                                   f"第 {number} 行不是有效的 JSON（第 {exc.colno} 列：{exc.msg}）")
            except ValueError:                 # Python's limit on int digits: a 5,000-digit number
                verdict = _invalid(f"line {number}: a number has too many digits to read",
                                   f"第 {number} 行有位数太多、无法读取的数字")
            except RecursionError:             # 100,000 '['
                verdict = _invalid(f"line {number}: nested too deeply to read",
                                   f"第 {number} 行嵌套太深，无法读取")
            else:
                verdict = safe_grade(pool, request, prove=prove)
            sys.stdout.write(json.dumps(verdict.to_json(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
    return 0
