"""The pdf extra is optional: without typst, --format pdf says in one line how to install it; the
other formats, the engine and `quizapp --help` never import it; engine/pdf never imports quizapp."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import engine.pdf
from quizapp.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))


def test_without_the_extra_the_command_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(engine.pdf, "available", lambda: False)
    out = tmp_path / "ws.pdf"
    assert main(["export", "--format", "pdf", "-o", str(out), "--generate", "mlp-backprop=6"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'quizapp[pdf]'" in err
    assert not out.exists()


@pytest.mark.parametrize("argv,words", [
    (["-f", "markdown", "--paper", "a4"], "--paper applies to --format pdf only"),
    (["-f", "csv", "--font", "x.ttf"], "--font applies to --format pdf only"),
    (["-f", "pdf", "--paper", "a5"], "invalid choice: 'a5'"),
    (["-f", "pdf", "--difficulty", "extreme"], "use 1, 2, 3 or easy, medium, hard"),
    (["-f", "pdf", "--generate", "activation=1001"], "a PDF worksheet holds at most 1,000"),
])
def test_pdf_only_options_are_refused_elsewhere(tmp_path, capsys, argv, words):
    try:
        code = main(["export", *argv, "-o", str(tmp_path / "x")])
    except SystemExit as exc:      # argparse's own errors
        code = exc.code
    assert code == 2
    assert words in capsys.readouterr().err


def test_other_formats_and_help_do_not_load_typst(tmp_path):
    out = tmp_path / "x.md"
    code = ("import json, sys; from quizapp.__main__ import main; "
            f"rc = main(['export', '-f', 'markdown', '-o', {str(out)!r}, '--topic', 'rnn']); "
            "print(json.dumps({'rc': rc, 'mods': [m for m in sys.modules if m.split('.')[0] in ('typst', 'engine')"
            " and (m == 'typst' or m.startswith('engine.pdf'))]}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT,
                            env={**os.environ, "QUIZAPP_DATA_DIR": str(tmp_path / "d")})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"rc": 0, "mods": []}


def test_engine_pdf_does_not_import_quizapp():
    pattern = re.compile(r"^\s*(import quizapp|from quizapp)", re.MULTILINE)
    sources = list((ROOT / "engine" / "pdf").rglob("*.py"))
    assert sources and not [p.name for p in sources if pattern.search(p.read_text(encoding="utf-8"))]


def test_generator_difficulty_follows_a_single_difficulty(tmp_path):
    out = tmp_path / "x.json"
    assert main(["export", "-f", "json", "-o", str(out), "--topic", "llm", "--type", "open",
                 "--difficulty", "hard", "--generate", "attention=1", "--generate", "mlp-forward/medium=1"]) == 0
    ids = [q["id"] for q in json.loads(out.read_text(encoding="utf-8"))["questions"] if q["id"].startswith("generated/")]
    assert ids == ["generated/attention/hard/seed-0", "generated/mlp-forward/medium/seed-0"]
