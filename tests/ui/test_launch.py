"""``quizapp`` (no command) reads the user bank folder of the data folder it was given."""

from __future__ import annotations

import quizapp.app
from quizapp.__main__ import main

MINE = '''topic = "nn-basics"

[[question]]
id = "nn-basics/mine-relu-range"
type = "truefalse"
difficulty = 1
tags = ["mine"]
source = "my notes"
prompt.zh = 'ReLU 的输出总是非负。'
prompt.en = "ReLU's output is never negative."
answer = true
explanation.zh = 'max(0, x) ≥ 0'
explanation.en = 'max(0, x) ≥ 0'
'''


class _NoTerminal:
    """Stands in for the app: the test only needs what the CLI handed to make_app."""

    return_code = 0
    crash_message = None

    def run(self) -> None:
        pass


def _bank_the_cli_would_show(monkeypatch, argv):
    handed = {}

    def fake_make_app(bank, settings, storage=None, **kwargs):
        handed["bank"], handed["settings"] = bank, settings
        return _NoTerminal()

    monkeypatch.setattr(quizapp.app, "make_app", fake_make_app)
    assert main(argv) == 0
    bank = handed["bank"]
    return (bank() if callable(bank) else bank), handed["settings"]


def test_data_dir_flag_loads_its_bank_folder(tmp_path, monkeypatch):
    env_dir, flag_dir = tmp_path / "env", tmp_path / "flag"
    (flag_dir / "bank").mkdir(parents=True)
    (flag_dir / "bank" / "mine.toml").write_text(MINE, encoding="utf-8")
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(env_dir))   # the flag must win over the environment
    bank, settings = _bank_the_cli_would_show(monkeypatch, ["--lang", "en", "--data-dir", str(flag_dir)])
    assert settings.data_dir == flag_dir
    mine = bank.by_id("nn-basics/mine-relu-range")
    assert mine.prompt("en") == "ReLU's output is never negative."
    assert not bank.problems
    assert len(bank.by_topic("nn-basics")) > 1          # the built-in questions are still there


def test_env_data_dir_loads_its_bank_folder(tmp_path, monkeypatch):
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "mine.toml").write_text(MINE, encoding="utf-8")
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path))
    bank, _ = _bank_the_cli_would_show(monkeypatch, ["--lang", "en"])
    assert "nn-basics/mine-relu-range" in bank
