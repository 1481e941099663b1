"""Language and data folder: command line > environment > defaults."""

from __future__ import annotations

from pathlib import Path

from quizapp.settings import resolve_settings, system_lang


def test_language_from_locale() -> None:
    assert system_lang({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert system_lang({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert system_lang({"LANG": "de_DE.UTF-8"}) == "en"


def test_flag_beats_locale_and_env_beats_default(tmp_path) -> None:
    env = {"LANG": "zh_TW.UTF-8", "QUIZAPP_DATA_DIR": str(tmp_path / "env")}
    s = resolve_settings(None, None, env=env)
    assert s.lang == "zh" and s.data_dir == tmp_path / "env"
    s = resolve_settings("en", str(tmp_path / "flag"), env=env)
    assert s.lang == "en" and s.data_dir == tmp_path / "flag"
    assert s.db_path == tmp_path / "flag" / "progress.db"


def test_default_data_dir_is_the_user_data_folder(monkeypatch) -> None:
    import platformdirs

    s = resolve_settings("en", None, env={})
    assert s.data_dir == Path(platformdirs.user_data_dir("quizapp", appauthor=False))
