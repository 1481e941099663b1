"""engine/ stays free of Textual, and importing it stays free of sympy (start-up time)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "engine"


def test_importing_the_engine_loads_neither_sympy_nor_textual():
    code = ("import json, sys; import engine, engine.generators, engine.nn; "
            "from engine.generators import KINDS; "
            "print(json.dumps({'kinds': len(KINDS), 'mods': [m for m in sys.modules if m.split('.')[0] in ('sympy', 'textual')]}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["kinds"] >= 6            # the imports really loaded the generators
    assert report["mods"] == []


def test_no_engine_source_imports_textual():
    pattern = re.compile(r"^\s*(import textual|from textual)", re.MULTILINE)
    sources = list(ENGINE.rglob("*.py"))
    assert len(sources) > 10
    offenders = [str(p.relative_to(ENGINE)) for p in sources if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
