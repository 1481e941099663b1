"""The home screen and the bank at start-up: with every bank file in the cache the counts are there
on the first frame; when files must be parsed the home says how many are read, in en and zh, and
fills in the counts when the bank arrives."""

from __future__ import annotations

import threading

import pytest

from quizapp.launch import bank_cache, cached_settings_bank, load_settings_bank
from quizapp.settings import Settings
from ui_helpers import SIZE, build, settle, text_of
from ui_bank import small_bank


def table_text(screen) -> str:
    from quizapp.widgets.topic_table import TopicTable

    return str(screen.query_one("#topics", TopicTable).render())


async def test_a_warm_cache_gives_the_counts_on_the_first_frame(settings, storage, pool, monkeypatch):
    monkeypatch.delenv("QUIZAPP_CACHE_DIR", raising=False)
    load_settings_bank(settings)                                # an earlier start wrote the cache
    bank = cached_settings_bank(settings, bank_cache(settings))  # what quizapp.launch hands the app
    assert bank is not None
    app = build(settings, storage, pool, bank=bank)
    async with app.run_test(size=SIZE) as pilot:
        # no pause, no worker: what the first frame shows
        summary = text_of(pilot.app.screen, "#home-summary")
        assert f"{len(bank)} questions" in summary and "Loading" not in summary
        table = table_text(pilot.app.screen)
        assert str(len(bank.topic_ids("nn-basics"))) in table and "…" not in table


@pytest.mark.parametrize("lang, during", [("en", "Loading the question bank… 3/10 files"),
                                          ("zh", "正在读取题库… 3/10 个文件")])
async def test_while_files_are_parsed_the_home_shows_how_many(settings, storage, pool, lang, during):
    bank = small_bank()
    reached, release = threading.Event(), threading.Event()

    def loader(progress=None):
        for done in range(1, 4):
            progress(done, 10)
        reached.set()
        release.wait(10)
        return bank

    app = build(settings, storage, pool, bank=loader, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):    # the worker starts after the first frame; the event loop must run
            await pilot.pause(0.05)
            if reached.is_set() and during in text_of(pilot.app.screen, "#home-summary"):
                break
        assert text_of(pilot.app.screen, "#home-summary") == during
        assert "…" in table_text(pilot.app.screen)       # counts not known yet
        release.set()
        await settle(pilot)
        summary = text_of(pilot.app.screen, "#home-summary")
        assert during not in summary and str(len(bank)) in summary


async def test_a_first_start_parses_in_a_worker_then_starts_warm(tmp_path, storage, pool, monkeypatch):
    monkeypatch.delenv("QUIZAPP_CACHE_DIR", raising=False)
    settings = Settings("en", tmp_path)
    cache = bank_cache(settings)
    assert cached_settings_bank(settings, cache) is None         # first start: nothing cached

    def loader(progress=None):
        return load_settings_bank(settings, progress=progress, cache=cache)

    app = build(settings, storage, pool, bank=loader)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert pilot.app.bank_progress is not None
        done, total = pilot.app.bank_progress
        assert done == total > 1
        assert f"{len(pilot.app.bank)} questions" in text_of(pilot.app.screen, "#home-summary")
    assert cache.parsed == total
    assert cached_settings_bank(settings, bank_cache(settings)) == pilot.app.bank


async def test_the_bank_is_known_to_the_progress_figures_when_it_arrives(settings, storage, pool):
    """The loading thread works out what the home figures need from the bank (ids and topics), so
    home's first fill does not; the UI thread never does it."""
    from quizapp.scheduling import KnownQuestions

    bank = small_bank()
    where: list[str] = []
    original = KnownQuestions.__init__

    def spy(self, b):
        where.append(threading.current_thread().name)
        original(self, b)

    KnownQuestions.__init__ = spy
    try:
        app = build(settings, storage, pool, bank=lambda: bank)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.bank is bank
            known = KnownQuestions.cached(bank)
            assert known is not None and known.total == len(bank)
            assert where and threading.main_thread().name not in where
            assert f"{len(bank)} questions" in text_of(pilot.app.screen, "#home-summary")
    finally:
        KnownQuestions.__init__ = original


def test_a_new_learners_home_is_filled_without_fsrs_or_numpy(tmp_path):
    """No card yet: home says 0 due and 0 % without importing fsrs (or numpy, with a warm cache), so a
    first start waits for neither."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(f'''
        import asyncio, sys
        from quizapp.settings import resolve_settings
        from quizapp.launch import bank_cache, cached_settings_bank, load_settings_bank
        from quizapp.app import make_app
        from quizapp.storage import Storage
        s = resolve_settings("en", {str(tmp_path)!r}, ())
        if sys.argv[1] == "earlier":
            load_settings_bank(s)                  # an earlier start wrote the cache
            raise SystemExit(0)
        bank = cached_settings_bank(s, bank_cache(s))
        app = make_app(bank, s, Storage(s.db_path), warm_checker=False)
        async def main():
            async with app.run_test(size=(100, 32)) as pilot:
                print(str(app.screen.query_one("#home-summary").render()))
                print("fsrs" in sys.modules, "numpy" in sys.modules)
        asyncio.run(main())
    ''')
    for run in ("earlier", "now"):
        done = subprocess.run([sys.executable, "-c", script, run], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    summary, loaded = done.stdout.strip().splitlines()[-2:]
    assert "0 due for review" in summary and "0 answers" in summary
    assert loaded == "False False"
