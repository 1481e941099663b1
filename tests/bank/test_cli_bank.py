"""`quizapp bank validate|path` and `quizapp topics`, run in-process through the real entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.__main__ import main

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))


def test_validate_clean_file_exits_0(capsys):
    assert main(["bank", "validate", str(FIXTURES / "valid")]) == 0
    assert capsys.readouterr().out == "ok: 7 questions, no problems\n"


def test_validate_lists_every_problem_one_per_line_and_exits_1(capsys):
    broken = FIXTURES / "broken"
    assert main(["bank", "validate", str(broken / "choice_out_of_range.toml"), str(broken / "empty_prompt.toml")]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert f"{broken / 'choice_out_of_range.toml'}: nn-basics/choice-range: answer: 'E' is not one of the options A-C" in lines
    assert f"{broken / 'empty_prompt.toml'}: nn-basics/empty-prompt: prompt.zh: is empty" in lines
    # the good question that both files share is a duplicate the second time
    assert any("duplicate id" in line for line in lines)
    assert len(lines) == 3 and "3 problems" in err and "Traceback" not in err


def test_validate_without_paths_includes_the_user_folder(tmp_path, capsys):
    user = tmp_path / "data" / "bank"
    user.mkdir(parents=True)
    (user / "mine.toml").write_text('topic = "nn-basics"\n[[question]]\nid = 3\n', encoding="utf-8")
    assert main(["bank", "validate"]) == 1
    out = capsys.readouterr().out
    assert f"{user / 'mine.toml'}: question #1: id: must be a string, got 3" in out.splitlines()


def test_bank_path_honours_data_dir(tmp_path, capsys):
    assert main(["bank", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "data" / "bank")
    assert main(["--data-dir", str(tmp_path / "elsewhere"), "bank", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "elsewhere" / "bank")


def test_topics_counts_per_type(tmp_path, capsys):
    assert main(["--bank", str(FIXTURES / "valid"), "topics", "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    header = out[0].split()
    assert header[:10] == ["topic", "choice", "multi", "truefalse", "numeric", "symbolic", "open", "generated",
                           "total", "title"]
    rows = {line.split()[0]: line for line in out[1:]}
    assert list(rows) == ["nn-basics", "rnn", "gcn", "attention", "training", "llm", "all"]
    # the built-in bank loads too, so compare the difference the fixture makes
    assert main(["topics", "--lang", "en"]) == 0
    before = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()[1:]}
    after = {slug: line.split() for slug, line in rows.items()}
    added = [int(a) - int(b) for a, b in zip(after["nn-basics"][1:9], before["nn-basics"][1:9])]
    assert added == [1, 1, 1, 2, 1, 1, 0, 7]
    assert rows["nn-basics"].endswith("Neural-network basics")


def test_topics_lang_zh_given_before_the_command(capsys):
    assert main(["--lang", "zh", "topics"]) == 0
    assert "神经网络基本概念" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["topics", "--lang", "xx"])
    assert exc.value.code == 2 and "invalid choice" in capsys.readouterr().err
