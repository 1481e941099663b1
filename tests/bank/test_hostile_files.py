"""Hostile or broken bank files (issue 13): each is reported on its own line, named, and skipped; the
rest of the bank (built-in questions included) still loads; nothing blocks, recurses or echoes Python."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from engine.bank.loader import load_bank
from quizapp.__main__ import main

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "valid"

HOSTILE = {
    "deep_arrays.toml": 'topic = "rnn"\nx = ' + "[" * 5000 + "]" * 5000 + "\n",
    "deep_tables.toml": 'topic = "rnn"\nx = ' + "{a = " * 3000 + "1" + "}" * 3000 + "\n",
    "deep.json": '{"format": "quizapp-bank", "version": 1, "questions": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "long_version.json": '{"format": "quizapp-bank", "version": ' + "9" * 5000 + ', "questions": []}',
    "huge_int.toml": 'topic = "rnn"\nx = ' + "7" * 5000 + "\n",
}
EXPECTED = {
    "deep_arrays.toml": "nested too deeply",
    "deep_tables.toml": "nested too deeply",
    "deep.json": "nested too deeply",
    "long_version.json": "more than 4300 digits",
    "huge_int.toml": "more than 4300 digits",
}


@pytest.fixture
def hostile(tmp_path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name, text in HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))


def test_each_hostile_file_is_one_named_problem_and_the_rest_loads(hostile):
    bank = load_bank([hostile, GOOD], include_user=False)
    builtin_only = load_bank(include_user=False)
    assert len(bank.questions) == len(builtin_only.questions) + len(load_bank([GOOD], include_builtin=False,
                                                                              include_user=False).questions)
    by_file = {Path(p.file).name: p.message for p in bank.problems}
    assert set(by_file) == set(HOSTILE)
    for name, words in EXPECTED.items():
        assert words in by_file[name], (name, by_file[name])
        assert "Error" not in by_file[name] and "sys.set_int" not in by_file[name]


def test_bank_validate_lists_them_and_exits_1(hostile, capsys):
    assert main(["bank", "validate", str(hostile)]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == len(HOSTILE) and "Traceback" not in out + err


def test_a_fifo_is_refused_at_once(tmp_path, capsys):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    bank = load_bank([fifo], include_builtin=False, include_user=False)     # would block forever if read
    assert [p.message for p in bank.problems] == [
        "is not a regular file (a pipe, device or socket); name a .toml or .json file"]


def test_a_utf8_bom_is_accepted(tmp_path):
    source = next(GOOD.glob("*.toml"))
    with_bom = tmp_path / "bom.toml"
    with_bom.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())
    plain = load_bank([source], include_builtin=False, include_user=False)
    bommed = load_bank([with_bom], include_builtin=False, include_user=False)
    assert bommed.problems == () and [q.id for q in bommed.questions] == [q.id for q in plain.questions]


def test_a_toml_datetime_is_named_as_such(tmp_path):
    path = tmp_path / "date.toml"
    path.write_text('topic = "nn-basics"\n[[question]]\nid = "nn-basics/d"\ntype = "numeric"\ndifficulty = 1\n'
                    'tags = ["a"]\nsource = "s"\nprompt.zh = "x"\nprompt.en = "x"\nexplanation.zh = "x"\n'
                    'explanation.en = "x"\nanswer = 1979-05-27T07:32:00\n', encoding="utf-8")
    [problem] = load_bank([path], include_builtin=False, include_user=False).problems
    assert "the TOML date-time 1979-05-27T07:32:00" in problem.message and "datetime.datetime" not in problem.message


# ---------------------------------------------------------------- exit codes of mistakes in what was typed

def test_validate_a_missing_file_is_one_line_and_exit_2(capsys):
    assert main(["bank", "validate", "missing.toml"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == "quizapp: error: missing.toml: no such file or folder\n"


@pytest.mark.parametrize("command", [["topics"], ["export", "--format", "csv", "--output", "x.csv"]])
def test_a_missing_bank_option_is_one_line_and_exit_2(command, capsys):
    assert main(["--bank", "missing.toml", *command]) == 2
    assert capsys.readouterr().err == "quizapp: error: --bank missing.toml: no such file or folder\n"


def test_long_echoes_are_cut(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["-" * 120_000])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert len(err) < 400 and "characters in all" in err and err.count("\n") == 1
