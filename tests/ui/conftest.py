"""Fixtures for the app's Pilot tests: a settings object in a temporary data folder, a fresh
progress database, and one warm checker pool shared by every test (the real checker)."""

from __future__ import annotations

import pytest

from quizapp.settings import Settings
from quizapp.storage import Storage


@pytest.fixture(scope="session")
def pool():
    from engine.checking import CheckerPool

    p = CheckerPool()
    yield p
    p.close()


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path))
    return Settings(lang="en", data_dir=tmp_path)


@pytest.fixture
def storage(settings):
    s = Storage(settings.db_path)
    yield s
    s.close()
