"""Hostile input: nothing typed is ever executed, nothing is written, every answer comes back
within the limit, and every one is a clear "invalid" (never a traceback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from engine.checking import CheckerPool, ParseError, check_numeric, check_symbolic, parse

SENTINEL = "/tmp/quizapp_checker_sentinel"

INJECTION = [
    f"__import__('os').system('touch {SENTINEL}')",
    f'__import__("os").system("touch {SENTINEL}")',
    f"__import__ ( 'os' ) . system ( 'touch {SENTINEL}' )",
    f"(lambda: __import__('os').system('touch {SENTINEL}'))()",
    f"lambda x: __import__('os').system('touch {SENTINEL}')",
    "x.__class__.__bases__[0].__subclasses__()",
    "().__class__.__mro__[1].__subclasses__()",
    "__builtins__",
    "x.real",
    "sigma.__globals__",
    f"`touch {SENTINEL}`",
    f"x; import os; os.system('touch {SENTINEL}')",
    f"x\nimport os",
    f"eval('__import__(\"os\").system(\"touch {SENTINEL}\")')",
    f"exec('open(\"{SENTINEL}\", \"w\")')",
    f"open('{SENTINEL}', 'w').write('x')",
    "getattr(x, '__class__')",
    "Symbol('x')",
    "S(1)/2",
    "N(pi, 10**9)",
    "E**I",
    "x if __import__('os') else 1",
    "{x}", "x[0]", "x @ x", "x $ 1", "x # comment", "x & 1", "~x", "x % 2", "x // 2",
    "$(touch /tmp/x)", "${IFS}", "%s%s%s%n",
    "\\frac{1}{2}",
]
HUGE = [
    "9^9^9^9", "9**9**9**9", "10^10^10", "x^(9^9^9)", "2^2^2^2^2^2^2", "(10^300)^(10^300)",
    "x^100000", "1e999999", "1" * 45, "9" * 399, "1e-400",
]
DEEP = [
    "(" * 150 + "x" + ")" * 150,
    "-" * 300 + "x",
    "sigma(" * 60 + "x" + ")" * 60,
    "|" * 100 + "x" + "|" * 100,
    "x^" * 150 + "x",
    "√" * 200 + "x",
]
OTHER = [
    "x" * (1 << 20),                      # a 1 MB string
    "σ" * (1 << 20),
    "3!", "x!", "(x+1)!",
    "x\x00", "\x1b[31mx", "x\x7f", "x\u200b+1", "x\u202e+1", "\ufeffx", "x\u2060", "x\u00ad",
    "\ud800", "x\U000f0000",
]
HOSTILE = INJECTION + HUGE + DEEP + OTHER


@pytest.fixture(autouse=True)
def no_sentinel():
    if os.path.exists(SENTINEL):
        os.remove(SENTINEL)
    yield
    assert not os.path.exists(SENTINEL), "a hostile answer was executed"


@pytest.fixture(scope="module")
def pool():
    with CheckerPool(timeout=2.0) as p:
        yield p


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_parse_refuses_with_a_parse_error(text):
    with pytest.raises(ParseError) as info:
        parse(text, variables=("x",))
    assert info.value.message and info.value.message_zh


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_checker_answers_invalid_quickly(pool, text):
    start = time.monotonic()
    verdict = pool.check_symbolic("x", text)
    assert time.monotonic() - start < 2.5
    assert verdict.status == "invalid" and verdict.message and verdict.extra.get("limit") is None
    assert check_symbolic("sigma(x)", text).status == "invalid"
    assert check_numeric(1.0, text).status == "invalid"


def test_hostile_batch_through_the_cli_writes_nothing(tmp_path):
    lines = [json.dumps({"expected": "x", "answer": t}) for t in HOSTILE if len(t) < 5000]
    lines.append(json.dumps({"expected": "x", "answer": "x" * (1 << 20)}))
    lines.append(json.dumps({"expected": f"__import__('os').system('touch {SENTINEL}')", "answer": "x"}))
    lines.append(json.dumps({"expected": "x", "answer": "x", "vars": ["__import__('os')"]}))
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = sorted(os.listdir(tmp_path))
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "quizapp", "check", "--batch", "in.jsonl"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    elapsed = time.monotonic() - start
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(out) == len(lines)
    assert all(o["verdict"] == "invalid" for o in out), [o for o in out if o["verdict"] != "invalid"]
    assert sorted(os.listdir(tmp_path)) == before
    assert elapsed < 30, elapsed
