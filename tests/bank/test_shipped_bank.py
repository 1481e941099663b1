"""The built-in bank validates cleanly and meets the content floor of issue 4."""

from __future__ import annotations

from collections import Counter

import pytest

from engine.bank.loader import builtin_files, load_bank
from engine.bank.model import ANSWER_TYPES
from engine.bank.topics import TOPICS

FLOOR = {"nn-basics": 50, "rnn": 40, "gcn": 40, "attention": 40, "training": 40, "llm": 40}


@pytest.fixture(scope="module")
def bank():
    return load_bank(include_user=False)


# A topic's questions may span several files: "<topic>.toml" first, then files named after the topic
# ("rnn-more.toml") or after a theme ("spatio-temporal.toml", "derivations.toml": the derivation drill
# asks that file's questions in file order). Each file says its topic.
def test_every_topic_has_its_main_file_and_every_file_one_known_topic():
    import tomllib

    stems = {p.stem for p in builtin_files()}
    assert set(TOPICS) <= stems
    for path in builtin_files():
        topic = tomllib.loads(path.read_text(encoding="utf-8")).get("topic")
        assert topic in TOPICS, path.name
        if path.stem in TOPICS or path.stem.startswith(tuple(f"{t}-" for t in TOPICS)):
            assert path.stem == topic or path.stem.startswith(f"{topic}-"), path.name


def test_every_shipped_file_validates(bank):
    assert [str(p) for p in bank.problems] == []


def test_ids_start_with_their_topic(bank):
    assert [q.id for q in bank.questions if not q.id.startswith(q.topic + "/")] == []


@pytest.mark.parametrize("slug", list(TOPICS))
def test_count_per_topic(bank, slug):
    assert len(bank.by_topic(slug)) >= FLOOR[slug]


@pytest.mark.parametrize("slug", list(TOPICS))
def test_every_type_used_in_every_topic_where_it_makes_sense(bank, slug):
    from engine.generators import KINDS

    # "generated" makes sense where a generator kind belongs to the topic (none is about LLMs)
    expected = {t for t in ANSWER_TYPES if t != "generated" or any(k.topic == slug for k in KINDS.values())}
    used = Counter(q.type for q in bank.by_topic(slug))
    assert sorted(expected - set(used)) == []
