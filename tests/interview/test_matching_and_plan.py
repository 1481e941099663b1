"""The mock interview's engine: key-point matching, ratings, focus profiles, chains."""

from __future__ import annotations

import random
import textwrap

import pytest

from engine.bank.loader import load_bank
from engine.interview.matching import AGAIN, EASY, GOOD, HARD, points_made, rating_for
from engine.interview.plan import ProfileError, chains, load_profiles, minutes_for, parse_profiles, plan
from engine.text import Text
from engine.bank.model import OpenAnswer

SCALE = OpenAnswer(
    Text("…", "…"),
    (Text("点积方差随 d_k 增长", "q·k's variance grows with d_k"),
     Text("softmax 饱和、梯度变小", "softmax saturates and gradients vanish"),
     Text("除以 √d_k 使方差为 1", "dividing by √d_k makes the variance 1")),
    (("方差", "variance"), ("饱和", "saturat", "梯度消失", "vanishing gradient", "one-hot"), ("√d_k", "sqrt(d_k)", "单位方差")),
)


def test_english_answer_pre_ticks_exactly_the_points_it_makes():
    typed = "The dot product's Variance grows with d_k, so softmax becomes nearly one-hot."
    assert points_made(SCALE, typed) == (True, True, False)


def test_chinese_answer_pre_ticks_exactly_the_points_it_makes():
    typed = "点积的方差和维度成正比，除以 √ d_k 之后方差回到 1。"
    assert points_made(SCALE, typed) == (True, False, True)


def test_whole_words_only_for_latin_phrases_and_full_width_is_folded():
    assert points_made(SCALE, "the covariance matrix") == (False, False, False)
    assert points_made(SCALE, "ＶＡＲＩＡＮＣＥ") == (True, False, False)


def test_rating_follows_the_share_of_points():
    assert rating_for([False, False, False]) == AGAIN
    assert rating_for([True, False, False]) == HARD
    assert rating_for([True, True, False]) == GOOD
    assert rating_for([True, True, True]) == EASY


BANK = textwrap.dedent('''
topic = "attention"
[[question]]
id = "attention/open-a"
type = "open"
difficulty = 2
tags = ["spatio-temporal"]
source = "s"
follow_ups = ["attention/f1", "attention/f2"]
prompt = { zh = "问", en = "q" }
model_answer = { zh = "答", en = "a" }
key_points = [ { zh = "点", en = "p", match = ["p"] } ]
explanation = { zh = "因为", en = "because" }
''') + "".join(textwrap.dedent(f'''
[[question]]
id = "attention/{qid}"
type = "truefalse"
difficulty = 1
tags = []
source = "s"
{extra}
prompt = {{ zh = "问", en = "q" }}
answer = true
explanation = {{ zh = "因为", en = "because" }}
''') for qid, extra in (("f1", 'follow_ups = ["attention/f1a"]'), ("f1a", ""), ("f2", "")))


def test_a_chain_is_the_opening_then_its_follow_ups_depth_first(tmp_path):
    path = tmp_path / "b.toml"
    path.write_text(BANK, encoding="utf-8")
    bank = load_bank([path], include_builtin=False, include_user=False)
    assert bank.problems == ()
    (chain,) = chains(bank.questions)
    assert [q.id for q in chain] == ["attention/open-a", "attention/f1", "attention/f1a", "attention/f2"]
    profiles = load_profiles()
    assert {"general", "map", "llm"} <= set(profiles)
    planned = plan(bank.questions, profiles["map"], 20, random.Random(1))
    assert [[q.id for q in c] for c in planned] == [[q.id for q in chain]]
    assert plan(bank.questions, profiles["llm"], 20, random.Random(1))[0][0].id == "attention/open-a"


def test_the_map_profile_prefers_spatio_temporal_openings():
    shipped = load_bank(include_user=False).questions
    profile = load_profiles()["map"]
    picks = [c[0] for seed in range(30) for c in plan(shipped, profile, 20, random.Random(seed))]
    assert picks and all(profile.weight(q) > 0 for q in picks)
    assert {q.topic for q in picks} <= {"attention", "gcn", "rnn", "training", "nn-basics", "llm"}
    share = sum(q.topic in ("attention", "gcn", "rnn") for q in picks) / len(picks)
    assert share > 0.6


def test_an_interview_opens_with_questions_to_talk_through():
    """Chains opening with an open question come first; the map focus has plenty for 20 minutes."""
    shipped = load_bank(include_user=False).questions
    profile = load_profiles()["map"]
    for seed in range(10):
        planned = plan(shipped, profile, 20, random.Random(seed))
        assert all(c[0].type == "open" for c in planned), seed
        assert 15 <= sum(minutes_for(q) for c in planned for q in c) <= 25


def test_a_bad_profile_names_file_and_field(tmp_path):
    with pytest.raises(ProfileError, match=r"mine.toml: focus #1: topics.vision: unknown topic"):
        parse_profiles('[[focus]]\nname = "x"\ntitle = { zh = "x", en = "x" }\ntopics = { vision = 1 }\n', "mine.toml")
    with pytest.raises(ProfileError, match=r"topics: give at least one topic a weight above 0"):
        parse_profiles('[[focus]]\nname = "x"\ntitle = { zh = "x", en = "x" }\ntopics = { gcn = 0 }\n', "mine.toml")


def test_planning_from_the_candidates_is_planning_from_the_whole_bank(tmp_path):
    """The app plans from plan_candidates (chains and open questions, read from the bank's index): the
    same interviews as from every question, for every profile and many seeds, from a cached bank too."""
    from engine.bank.cache import BankCache
    from engine.bank.bank import LazyQuestions
    from engine.interview.plan import plan_candidates

    parsed = load_bank(include_user=False)
    cache = BankCache(tmp_path / "cache", "test")
    load_bank(include_user=False, cache=cache)
    cached = load_bank(include_user=False, cache=cache)
    assert isinstance(cached.questions, LazyQuestions)
    assert cached.follow_ups == tuple(q.follow_ups for q in parsed.questions)
    assert cached.types == tuple(q.type for q in parsed.questions)
    candidates = plan_candidates(cached)
    assert 0 < len(candidates) < len(parsed)                   # the rest of the bank is not read
    for name, profile in load_profiles().items():
        for seed in range(25):
            for minutes in (5, 20, 45):
                whole = plan(parsed.questions, profile, minutes, random.Random(seed))
                assert [[q.id for q in c] for c in plan(candidates, profile, minutes, random.Random(seed))] == \
                    [[q.id for q in c] for c in whole], (name, seed, minutes)
