"""A terminal that cannot show Chinese or σ (PYTHONIOENCODING=ascii / latin-1) gets escapes, never a
UnicodeEncodeError (issue 13)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def run(*args: str, encoding: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING=encoding)
    return subprocess.run([sys.executable, "-m", "quizapp", *args], capture_output=True, env=env, timeout=60)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_check_prints_json_that_still_reads_back(encoding):
    done = run("check", "sigma(x)*(1-sigma(x))", "σ(x)(1−σ(x))", encoding=encoding)
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    verdict = json.loads(done.stdout.decode(encoding))
    assert verdict["verdict"] == "correct" and verdict["message_zh"] == "正确。"


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_chinese_topics_degrade_to_escapes(encoding):
    done = run("--lang", "zh", "topics", encoding=encoding)
    assert done.returncode == 0 and done.stderr == b""
    text = done.stdout.decode(encoding)
    assert "nn-basics" in text and "\\u795e\\u7ecf" in text      # 神经 as escapes
