"""The bank cache (engine/bank/cache.py): a file unchanged since it was parsed is served from the
cache with the same questions and problems; anything else -- an edit that keeps size and mtime, a
corrupt cache file, another version, a folder that cannot be written -- still loads what the file
says now."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from engine.bank.cache import BankCache, default_cache_dir
from engine.bank.loader import load_bank, load_cached_bank
from quizapp.settings import Settings, resolve_settings

GOOD = Path(__file__).parent / "fixtures" / "valid" / "nn-basics-sample.toml"

MINE = '''topic = "rnn"

[[question]]
id = "rnn/mine-a"
type = "truefalse"
difficulty = 1
tags = ["mine"]
source = "my notes"
prompt.zh = 'RNN 在时间上共享权重。'
prompt.en = "An RNN shares its weights across time steps."
answer = true
explanation.zh = '同一组 W 用于每一步。'
explanation.en = 'The same W is used at every step.'
follow_ups = ["rnn/mine-b"]

[[question]]
id = "rnn/mine-b"
type = "truefalse"
difficulty = 2
tags = ["mine"]
source = "my notes"
prompt.zh = 'BPTT 需要保存每一步的隐藏状态。'
prompt.en = "BPTT keeps the hidden state of every step."
answer = true
explanation.zh = '反向传播要用到它们。'
explanation.en = 'The backward pass needs them.'
'''

# problems of several kinds: a bad question, a duplicate id in the file, a follow-up naming nothing
BROKEN = MINE.replace('follow_ups = ["rnn/mine-b"]', 'follow_ups = ["rnn/nowhere"]') + '''
[[question]]
id = "rnn/mine-b"
type = "truefalse"
difficulty = 1
tags = []
source = "x"
prompt.zh = '重复'
prompt.en = "again"
answer = true
explanation.zh = '重复'
explanation.en = 'again'

[[question]]
id = "rnn/mine-bad"
type = "choice"
difficulty = 7
tags = []
source = "x"
prompt.zh = '坏'
prompt.en = "bad"
options = ["a", "b"]
answer = "E"
explanation.zh = '坏'
explanation.en = 'bad'
'''


@pytest.fixture
def folder(tmp_path) -> Path:
    bank = tmp_path / "mine"
    bank.mkdir()
    (bank / "mine.toml").write_text(MINE, encoding="utf-8")
    shutil.copy(GOOD, bank / "sample.toml")
    return bank


def load(folder: Path, cache: BankCache):
    return load_bank([folder], include_builtin=False, include_user=False, cache=cache)


def test_a_second_load_comes_from_the_cache_with_equal_questions(folder, tmp_path):
    parsed = load_bank([folder], include_builtin=False, include_user=False)
    cache = BankCache(tmp_path / "cache", "test")
    first = load(folder, cache)
    assert (cache.parsed, cache.hits) == (2, 0)
    again = BankCache(tmp_path / "cache", "test")
    second = load(folder, again)
    assert (again.parsed, again.hits) == (0, 2)
    assert tuple(second.questions) == parsed.questions == tuple(first.questions)
    assert second.problems == parsed.problems == ()
    # what the app uses, without reading every question
    assert second.by_id("rnn/mine-b").prompt("en") == "BPTT keeps the hidden state of every step."
    assert second.topic_ids("rnn") == ["rnn/mine-a", "rnn/mine-b"]
    assert [q.id for q in second.select(types=["truefalse"], topics=["rnn"])] == ["rnn/mine-a", "rnn/mine-b"]
    assert second.by_id("rnn/mine-a").follow_ups == ("rnn/mine-b",)


def test_the_builtin_bank_from_the_cache_is_the_parsed_bank(tmp_path):
    parsed = load_bank(include_user=False)
    load_bank(include_user=False, cache=BankCache(tmp_path / "c", "test"))
    cached = load_cached_bank(include_user=False, cache=BankCache(tmp_path / "c", "test"))
    assert cached is not None and cached == parsed
    assert [len(cached.by_topic(t)) for t in ("nn-basics", "rnn")] == [len(parsed.by_topic(t)) for t in ("nn-basics", "rnn")]


def test_an_edit_keeping_size_and_mtime_is_seen_and_the_new_text_loads(folder, tmp_path):
    path = folder / "mine.toml"
    load(folder, BankCache(tmp_path / "cache", "test"))
    before = path.stat()
    edited = MINE.replace("An RNN shares its weights across time steps.",
                          "An RNN shares its WEIGHTS across time steps.")
    assert len(edited.encode()) == before.st_size
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    cache = BankCache(tmp_path / "cache", "test")
    bank = load(folder, cache)
    assert cache.parsed == 1 and cache.hits == 1           # only the edited file is parsed again
    assert bank.by_id("rnn/mine-a").prompt("en") == "An RNN shares its WEIGHTS across time steps."


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "flip"])
def test_a_corrupt_cache_file_is_ignored_and_rebuilt(folder, tmp_path, damage):
    cache_dir = tmp_path / "cache"
    load(folder, BankCache(cache_dir, "test"))
    files = sorted(cache_dir.glob("*.bin"))
    assert len(files) == 2
    for f in files:
        data = f.read_bytes()
        if damage == "truncate":
            f.write_bytes(data[: len(data) // 2])
        elif damage == "garbage":
            f.write_bytes(os.urandom(len(data)))
        elif damage == "empty":
            f.write_bytes(b"")
        else:     # one byte changed inside the key: a different key, not a crash
            f.write_bytes(data[:40] + bytes([data[40] ^ 0xFF]) + data[41:])
    cache = BankCache(cache_dir, "test")
    bank = load(folder, cache)
    assert cache.parsed == 2 and bank.problems == ()
    assert bank.by_id("rnn/mine-a").prompt("en") == "An RNN shares its weights across time steps."
    rebuilt = BankCache(cache_dir, "test")
    assert load(folder, rebuilt) == bank and rebuilt.hits == 2


def test_another_version_parses_again(folder, tmp_path):
    load(folder, BankCache(tmp_path / "cache", "quizapp 0.1.0"))
    same = BankCache(tmp_path / "cache", "quizapp 0.1.0")
    load(folder, same)
    newer = BankCache(tmp_path / "cache", "quizapp 0.2.0")
    bank = load(folder, newer)
    assert same.hits == 2 and newer.hits == 0 and newer.parsed == 2
    assert "rnn/mine-a" in bank


def test_a_cache_folder_that_cannot_be_written_still_loads(folder, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cache = BankCache(blocker / "cache", "test")    # mkdir fails whoever runs the tests (even root)
    bank = load(folder, cache)
    again = load(folder, BankCache(blocker / "cache", "test"))
    assert bank == again == load_bank([folder], include_builtin=False, include_user=False)
    assert len(bank) == 2 + len(load_bank([GOOD], include_builtin=False, include_user=False)) and not blocker.is_dir()


def test_problems_from_the_cache_are_the_problems_from_a_parse(folder, tmp_path):
    (folder / "mine.toml").write_text(BROKEN, encoding="utf-8")
    parsed = load_bank([folder], include_builtin=False, include_user=False)
    assert len(parsed.problems) >= 3
    load(folder, BankCache(tmp_path / "cache", "test"))
    cache = BankCache(tmp_path / "cache", "test")
    cached = load(folder, cache)
    assert cache.hits == 2
    assert [str(p) for p in cached.problems] == [str(p) for p in parsed.problems]
    assert any("no question has the id 'rnn/nowhere'" in str(p) for p in cached.problems)
    assert cached.by_id("rnn/mine-a").follow_ups == ()       # the bad chain is dropped, the question kept
    assert tuple(cached.questions) == parsed.questions


def test_duplicates_across_files_are_reported_from_the_cache_too(folder, tmp_path):
    (folder / "copy.toml").write_text(MINE, encoding="utf-8")
    parsed = load_bank([folder], include_builtin=False, include_user=False)
    load(folder, BankCache(tmp_path / "cache", "test"))
    cached = load(folder, BankCache(tmp_path / "cache", "test"))
    assert [str(p) for p in cached.problems] == [str(p) for p in parsed.problems]
    assert sum("duplicate id: already defined in" in p.message for p in cached.problems) == 2


def test_only_a_fully_cached_bank_is_served_without_parsing(folder, tmp_path):
    assert load_cached_bank([folder], include_builtin=False, include_user=False,
                            cache=BankCache(tmp_path / "cache", "test")) is None
    load(folder, BankCache(tmp_path / "cache", "test"))
    (folder / "new.toml").write_text(MINE.replace("mine-", "new-"), encoding="utf-8")
    assert load_cached_bank([folder], include_builtin=False, include_user=False,
                            cache=BankCache(tmp_path / "cache", "test")) is None


def test_deleting_the_cache_while_the_bank_is_in_use_is_safe(folder, tmp_path):
    load(folder, BankCache(tmp_path / "cache", "test"))
    bank = load(folder, BankCache(tmp_path / "cache", "test"))
    shutil.rmtree(tmp_path / "cache")
    assert bank.by_id("rnn/mine-b").prompt("en") == "BPTT keeps the hidden state of every step."
    assert [q.id for q in bank.questions] == list(bank.ids) and len(bank) == 2 + len(load_bank([GOOD], include_builtin=False, include_user=False))


def test_hostile_files_report_the_same_through_the_cache(tmp_path):
    from test_hostile_files import HOSTILE

    hostile = tmp_path / "hostile"
    hostile.mkdir()
    for name, text in HOSTILE.items():
        (hostile / name).write_text(text, encoding="utf-8")
    plain = load_bank([hostile], include_builtin=False, include_user=False)
    load(hostile, BankCache(tmp_path / "cache", "test"))
    cached = load(hostile, BankCache(tmp_path / "cache", "test"))
    assert [str(p) for p in cached.problems] == [str(p) for p in plain.problems]
    assert len(cached.problems) == len(HOSTILE)


def test_the_cache_lives_in_the_data_folder_when_one_is_given(tmp_path, monkeypatch):
    monkeypatch.delenv("QUIZAPP_CACHE_DIR", raising=False)
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "env"))
    assert default_cache_dir() == tmp_path / "env" / "cache" / "bank"
    assert default_cache_dir(tmp_path / "flag") == tmp_path / "flag" / "cache" / "bank"
    assert resolve_settings("en", str(tmp_path / "flag")).bank_cache_dir == tmp_path / "flag" / "cache" / "bank"
    assert Settings("en", tmp_path / "d").bank_cache_dir == tmp_path / "d" / "cache" / "bank"
    home = resolve_settings("en", None, env={}).bank_cache_dir      # no data folder given: the platform's
    assert home.name == "bank" and "cache" in str(home).lower()
    monkeypatch.setenv("QUIZAPP_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert default_cache_dir() == tmp_path / "elsewhere"


def test_the_app_start_reads_and_writes_the_cache_in_its_data_folder(tmp_path, monkeypatch):
    from quizapp.launch import bank_cache, cached_settings_bank, load_settings_bank

    monkeypatch.delenv("QUIZAPP_CACHE_DIR", raising=False)
    settings = Settings("en", tmp_path)
    assert cached_settings_bank(settings, bank_cache(settings)) is None      # nothing cached yet
    parsed = load_settings_bank(settings)
    assert any((tmp_path / "cache" / "bank").glob("*.bin"))
    cached = cached_settings_bank(settings, bank_cache(settings))
    assert cached == parsed and len(cached) > 500


def test_a_sample_for_a_quiz_takes_at_most_the_count_of_each_topic(tmp_path):
    import random

    load_bank(include_user=False, cache=BankCache(tmp_path / "c", "test"))
    bank = load_bank(include_user=False, cache=BankCache(tmp_path / "c", "test"))
    picked = bank.sample(5, random.Random(1), topics=["rnn", "gcn"], types=["choice"])
    assert sorted({q.topic for q in picked}) == ["gcn", "rnn"]
    assert all(sum(q.topic == t for q in picked) == 5 for t in ("rnn", "gcn"))
    assert all(q.type == "choice" for q in picked)
    assert bank.sample(5, random.Random(1), topics=["rnn"]) != bank.sample(5, random.Random(2), topics=["rnn"])


def test_a_changed_validator_parses_again(folder, tmp_path, monkeypatch):
    import engine.bank.cache as cache_module

    load(folder, BankCache(tmp_path / "cache", "test"))
    real = cache_module.code_stamp
    monkeypatch.setattr(cache_module, "code_stamp", lambda version: real(version) + (("bank", "validate.py", 1, 2),))
    changed = BankCache(tmp_path / "cache", "test")
    load(folder, changed)
    assert changed.parsed == 2 and changed.hits == 0


def test_topics_and_tags_come_from_the_cache_index_without_reading_questions(tmp_path, monkeypatch):
    from engine.bank import bank as bank_module
    from quizapp.drill.derive import derivation_questions

    cache = BankCache(tmp_path / "cache", "quizapp test")
    parsed = load_bank(include_user=False)
    load_bank(include_user=False, cache=cache)
    served = load_bank(include_user=False, cache=cache)
    assert isinstance(served.questions, bank_module.LazyQuestions)
    reads = []
    original = bank_module.LazyQuestions.__getitem__
    monkeypatch.setattr(bank_module.LazyQuestions, "__getitem__", lambda self, i: reads.append(i) or original(self, i))
    assert served.topics == tuple(q.topic for q in parsed.questions)
    assert served.tags == tuple(q.tags for q in parsed.questions)
    assert served.topic_of("rnn/tanh-not-for-multiclass") == "rnn" and served.topic_of("no/such") is None
    assert served.tags_of(parsed.questions[5].id) == parsed.questions[5].tags
    assert not reads
    derivations = derivation_questions(served)          # reads only the questions it returns
    assert derivations == derivation_questions(parsed) and len(reads) == len(derivations) > 0
