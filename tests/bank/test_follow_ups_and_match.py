"""Bank fields for the mock interview: ``follow_ups`` (chains of questions) and key points' ``match``."""

from __future__ import annotations

import json
import textwrap

from engine.bank.fields import describe
from engine.bank.loader import load_bank
from engine.bank.model import OpenAnswer

HEAD = 'topic = "attention"\n'


def open_q(qid: str, *, follow_ups: str = "", match: str = 'match = ["√d_k", "variance", "方差"]') -> str:
    return textwrap.dedent(f'''
    [[question]]
    id = "attention/{qid}"
    type = "open"
    difficulty = 2
    tags = ["t"]
    source = "Vaswani et al. 2017"
    {follow_ups}
    prompt.zh = "为什么除以 √d_k？"
    prompt.en = "Why divide by √d_k?"
    model_answer = {{ zh = "方差", en = "variance" }}
    key_points = [
      {{ zh = "点积方差随 d_k 增长", en = "the dot product's variance grows with d_k", {match} }},
      {{ zh = "softmax 饱和", en = "softmax saturates" }},
    ]
    explanation.zh = "因为"
    explanation.en = "because"
    ''')


def load(tmp_path, body: str):
    path = tmp_path / "mine.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return load_bank([path], include_builtin=False, include_user=False)


def test_match_phrases_load_per_key_point(tmp_path):
    bank = load(tmp_path, open_q("scale"))
    assert bank.problems == ()
    answer = bank.by_id("attention/scale").answer
    assert isinstance(answer, OpenAnswer)
    assert answer.match_phrases(0) == ("√d_k", "variance", "方差") and answer.match_phrases(1) == ()


def test_bad_match_is_reported_with_file_id_field(tmp_path):
    bank = load(tmp_path, open_q("scale", match='match = "variance"'))
    (problem,) = bank.problems
    assert str(problem).endswith("mine.toml: attention/scale: key_points[1].match: must be a non-empty list of "
                                 "phrases (strings), got " + describe("variance"))
    assert "attention/scale" not in bank


def test_follow_ups_load_and_round_trip_through_json(tmp_path):
    body = (open_q("scale", follow_ups='follow_ups = ["attention/variance", "attention/fp16-mask"]')
            + open_q("variance") + open_q("fp16-mask"))
    bank = load(tmp_path, body)
    assert bank.problems == ()
    assert bank.by_id("attention/scale").follow_ups == ("attention/variance", "attention/fp16-mask")
    from engine.export import json_export
    out = tmp_path / "export.json"
    json_export.write(bank.questions, out)
    data = json.loads(out.read_text(encoding="utf-8"))["questions"]
    again = load_bank([out], include_builtin=False, include_user=False)
    assert again.problems == ()
    assert again.by_id("attention/scale").follow_ups == ("attention/variance", "attention/fp16-mask")
    assert again.by_id("attention/scale").answer.match_phrases(0) == ("√d_k", "variance", "方差")
    assert data[0]["follow_ups"] == ["attention/variance", "attention/fp16-mask"]
    assert data[0]["key_points"][0]["match"] == ["√d_k", "variance", "方差"]


def test_unknown_follow_up_id_is_reported_and_the_question_kept(tmp_path):
    bank = load(tmp_path, open_q("scale", follow_ups='follow_ups = ["attention/nope"]'))
    (problem,) = bank.problems
    assert str(problem).endswith("mine.toml: attention/scale: follow_ups: no question has the id 'attention/nope'")
    assert bank.by_id("attention/scale").follow_ups == ()


def test_a_loop_of_follow_ups_is_reported(tmp_path):
    body = (open_q("a", follow_ups='follow_ups = ["attention/b"]')
            + open_q("b", follow_ups='follow_ups = ["attention/c"]')
            + open_q("c", follow_ups='follow_ups = ["attention/a"]'))
    bank = load(tmp_path, body)
    messages = [str(p) for p in bank.problems]
    assert len(messages) == 1 and "follow_ups: makes a loop: attention/a -> attention/b -> attention/c -> attention/a" \
        in messages[0], messages


def test_a_question_cannot_follow_itself(tmp_path):
    bank = load(tmp_path, open_q("a", follow_ups='follow_ups = ["attention/a"]'))
    (problem,) = bank.problems
    assert str(problem).endswith("mine.toml: attention/a: follow_ups: names the question itself; "
                                 "a follow-up is another question")
