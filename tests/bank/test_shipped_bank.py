"""The built-in bank validates cleanly and meets the content floor of issue 4."""

from __future__ import annotations

import re
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


# English text is for readers (and PDF worksheets, fonts) without Chinese; the only exception is a
# question about Chinese text itself.
ABOUT_CHINESE_TEXT = {"llm/practice-utf8-chinese-bytes"}
CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def _english_texts(q):
    a = q.answer
    yield "prompt", q.prompt.en
    yield "explanation", q.explanation.en
    for o in getattr(a, "options", None) or ():
        yield "option", o.en
    if getattr(a, "model_answer", None) is not None:
        yield "model_answer", a.model_answer.en
    for p in getattr(a, "key_points", None) or ():
        yield "key point", p.en
    if getattr(a, "form", None) is not None:
        yield "form", a.form.en


def test_english_text_has_no_chinese_characters(bank):
    found = [(q.id, field, "".join(CJK.findall(text))[:12]) for q in bank.questions if q.id not in ABOUT_CHINESE_TEXT
             for field, text in _english_texts(q) if CJK.search(text)]
    assert not found
    assert all(i in bank for i in ABOUT_CHINESE_TEXT)
