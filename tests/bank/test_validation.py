"""Each kind of broken bank file gets its own specific message, naming file, question and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.bank.loader import load_bank, load_file
from engine.bank.model import ChoiceAnswer, MultiAnswer, NumericAnswer, OpenAnswer, SymbolicAnswer, TrueFalseAnswer
from engine.bank.problem import Problem

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = FIXTURES / "broken"
VALID = FIXTURES / "valid" / "nn-basics-sample.toml"

# file -> (question id, field, words the message must contain)
EXPECTED = {
    "syntax_error.toml": (None, None, ["TOML syntax error", "line 12"]),
    "unknown_key.toml": ("nn-basics/typo", "explaination", ["unknown key", "did you mean 'explanation'"]),
    "missing_language.toml": ("nn-basics/no-english", "prompt.en", ["missing the English text"]),
    "duplicate_id.toml": ("nn-basics/relu-range", "id", ["duplicate id"]),
    "choice_out_of_range.toml": ("nn-basics/choice-range", "answer", ["'E' is not one of the options A-C"]),
    "choice_not_letter.toml": ("nn-basics/choice-number", "answer", ["one capital letter", "got 2"]),
    "multi_no_answer.toml": ("nn-basics/multi-empty", "answer", ["at least one right option"]),
    "truefalse_string.toml": ("nn-basics/tf-string", "answer", ["boolean", "without quotes", "'false'"]),
    "numeric_not_number.toml": ("nn-basics/num-string", "answer", ["must be a number", "the string '0.25'"]),
    "numeric_ragged.toml": ("nn-basics/num-ragged", "answer", ["ragged matrix", "2, 3"]),
    "symbolic_unparseable.toml": ("nn-basics/sym-broken", "answer", ["checker cannot read"]),
    "unknown_kind.toml": ("nn-basics/gen-typo", "kind", ["unknown generator kind 'mlp-backprob'", "known kinds"]),
    "unknown_topic.toml": (None, "topic", ["unknown topic 'cnn'", "nn-basics"]),
    "difficulty_out_of_range.toml": ("nn-basics/too-hard", "difficulty", ["must be 1, 2 or 3", "got 4"]),
    "empty_prompt.toml": ("nn-basics/empty-prompt", "prompt.zh", ["is empty"]),
}


def test_every_broken_fixture_is_listed():
    assert sorted(p.name for p in BROKEN.glob("*.toml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_gets_its_specific_message(name):
    qid, field, words = EXPECTED[name]
    questions, problems = load_file(BROKEN / name)
    matching = [p for p in problems if p.qid == qid and p.field == field]
    assert matching, f"no problem for {qid}/{field}; got {[str(p) for p in problems]}"
    for word in words:
        assert any(word in p.message for p in matching), (word, [str(p) for p in matching])
    # Only the broken question is reported (a typo'd key also leaves its real key missing) ...
    assert {p.qid for p in problems} == {qid}
    # ... and the good question beside it still loads.
    if name not in ("syntax_error.toml", "unknown_topic.toml"):
        assert [q.id for q in questions] == ["nn-basics/relu-range"]


def test_problem_line_names_file_question_field():
    _, problems = load_file(BROKEN / "choice_out_of_range.toml", display="nn-basics.toml")
    assert [str(p) for p in problems] == [
        "nn-basics.toml: nn-basics/choice-range: answer: 'E' is not one of the options A-C"
    ]
    assert str(Problem("x.toml", None, None, "no such file")) == "x.toml: no such file"


def test_valid_file_loads_every_type_with_letters_as_indices():
    questions, problems = load_file(VALID)
    assert problems == []
    by_id = {q.id: q for q in questions}
    choice = by_id["nn-basics/fixture-sigmoid-derivative-max"].answer
    assert isinstance(choice, ChoiceAnswer) and choice.correct == 0 and len(choice.options) == 3
    assert choice.options[1].en == "0.5"
    multi = by_id["nn-basics/fixture-relu-properties"].answer
    assert isinstance(multi, MultiAnswer) and multi.correct == frozenset({0, 2})
    assert by_id["nn-basics/fixture-relu-range"].answer == TrueFalseAnswer(True)
    num = by_id["nn-basics/fixture-sigmoid-at-zero"].answer
    assert isinstance(num, NumericAnswer) and num.value == 0.5 and num.tolerance.rel == 0.001
    assert by_id["nn-basics/fixture-identity-matrix"].answer.value == [[1.0, 0.0], [0.0, 1.0]]
    sym = by_id["nn-basics/fixture-sigmoid-derivative"].answer
    assert isinstance(sym, SymbolicAnswer)
    assert sym.aliases == {"s": "sigma(x)"} and sym.forbid == ("exp",) and sym.domain == {"x": (-4.0, 4.0)}
    assert sym.form is not None and sym.form.en == "in terms of σ(x)"
    assert isinstance(by_id["nn-basics/fixture-why-bias"].answer, OpenAnswer)
    q = by_id["nn-basics/fixture-sigmoid-derivative-max"]
    assert q.topic == "nn-basics" and q.prompt.zh.startswith("sigmoid 的导数 $\\sigma'(x)$")  # backslash kept
    assert q.difficulty == 1 and q.tags == ("test",) and q.source == "notes 1.3"


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def _generated_file(kind: str, extra: str = "") -> str:
    return f'''topic = "nn-basics"
[[question]]
id = "nn-basics/gen"
type = "generated"
difficulty = 2
tags = []
source = "notes 1.4"
prompt = {{ zh = "算一算", en = "Work it out" }}
explanation = {{ zh = "逐步", en = "Step by step" }}
kind = "{kind}"
generator_difficulty = "easy"
{extra}'''


def test_generated_question_with_every_known_kind(tmp_path):
    from engine.generators import KINDS

    assert KINDS, "no generator kinds are installed"
    for kind in KINDS:
        questions, problems = load_file(_write(tmp_path, "g.toml", _generated_file(kind)))
        assert problems == [] and questions[0].answer.kind == kind


def test_generated_ask_path_must_name_an_answer(tmp_path):
    from engine.generators import KINDS, generate

    kind = sorted(KINDS)[0]
    first_key = next(iter(generate(kind, 0, "easy").answers))
    good = _write(tmp_path, "good.toml", _generated_file(kind, f'ask = ["{first_key}"]\n'))
    questions, problems = load_file(good)
    assert problems == [] and questions[0].answer.ask == (first_key,)
    bad = _write(tmp_path, "bad.toml", _generated_file(kind, 'ask = ["no-such-answer"]\n'))
    _, problems = load_file(bad)
    assert [(p.field, "names no answer" in p.message) for p in problems] == [("ask[1]", True)]


def test_bad_generator_difficulty(tmp_path):
    from engine.generators import KINDS

    text = _generated_file(sorted(KINDS)[0]).replace('generator_difficulty = "easy"', 'generator_difficulty = "extreme"')
    _, problems = load_file(_write(tmp_path, "g.toml", text))
    assert [p.field for p in problems] == ["generator_difficulty"]


def test_key_of_another_type_is_named_as_such(tmp_path):
    text = VALID.read_text(encoding="utf-8").replace("answer = true\n", "answer = true\noptions = []\n", 1)
    _, problems = load_file(_write(tmp_path, "x.toml", text))
    assert len(problems) == 1
    assert problems[0].field == "options" and "does not belong to a truefalse question" in problems[0].message


def test_duplicate_id_across_files_keeps_the_first(tmp_path):
    copy = tmp_path / "copy.toml"
    shutil.copy(VALID, copy)
    bank = load_bank([VALID, copy], include_builtin=False, include_user=False)
    assert len(bank.questions) == 7
    dups = [p for p in bank.problems if p.field == "id"]
    assert len(dups) == 7 and all(p.file == str(copy) and str(VALID) in p.message for p in dups)


def test_broken_user_file_is_reported_and_the_rest_loads(tmp_path):
    user = tmp_path / "bank"
    user.mkdir()
    shutil.copy(BROKEN / "syntax_error.toml", user / "mine-broken.toml")
    shutil.copy(VALID, user / "mine.toml")
    bank = load_bank(include_builtin=False, user_dir=user)
    assert len(bank.questions) == 7
    assert len(bank.problems) == 1 and "mine-broken.toml" in bank.problems[0].file


def test_missing_extra_path_and_wrong_suffix(tmp_path):
    txt = _write(tmp_path, "notes.txt", "hello")
    bank = load_bank([tmp_path / "nope.toml", txt], include_builtin=False, include_user=False)
    messages = [p.message for p in bank.problems]
    assert messages == ["no such file or folder", "is not a bank file (bank files end in .toml or .json)"]


def test_json_bank_problems(tmp_path):
    _, problems = load_file(_write(tmp_path, "a.json", '{"format": "quizapp-bank",\n "version": 1,, }'))
    assert problems[0].message.startswith("JSON syntax error") and "line 2" in problems[0].message
    _, problems = load_file(_write(tmp_path, "b.json", '{"format": "something-else"}'))
    assert problems[0].field == "format"
    _, problems = load_file(_write(tmp_path, "c.json", '{"format": "quizapp-bank", "version": 2, "questions": []}'))
    assert "newer quizapp" in problems[0].message
    _, problems = load_file(_write(tmp_path, "d.json", '{"format": "quizapp-bank", "version": 1, "questions": '
                                   '[{"id": "x/y", "topic": "cnn"}]}'))
    assert any(p.field == "topic" and "unknown topic 'cnn'" in p.message for p in problems)


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('topic = "nn-basics"\n# caf\xe9\n'.encode("latin-1"))
    _, problems = load_file(path)
    assert len(problems) == 1 and "not UTF-8" in problems[0].message


def test_bank_lookup_and_select():
    bank = load_bank([VALID], include_builtin=False, include_user=False)
    assert bank.by_id("nn-basics/fixture-why-bias").type == "open"
    with pytest.raises(KeyError):
        bank.by_id("nn-basics/none")
    assert len(bank.by_topic("nn-basics")) == 7 and bank.by_topic("rnn") == []
    assert [q.id for q in bank.select(types=["numeric"])] == ["nn-basics/fixture-sigmoid-at-zero", "nn-basics/fixture-identity-matrix"]
    assert [q.id for q in bank.select(difficulties=[3])] == ["nn-basics/fixture-sigmoid-derivative"]
    assert bank.select(topics=["rnn"], types=["numeric"]) == []
    assert len(bank.select()) == 7


def test_unbalanced_dollar_is_reported(tmp_path):
    text = VALID.read_text(encoding="utf-8").replace(
        "prompt.en = '''ReLU's output is always $\\ge 0$.'''", "prompt.en = '''ReLU's output is always $\\ge 0.'''")
    assert text != VALID.read_text(encoding="utf-8")
    _, problems = load_file(_write(tmp_path, "x.toml", text))
    assert [(p.qid, p.field) for p in problems] == [("nn-basics/fixture-relu-range", "prompt.en")]
    assert "odd number of $" in problems[0].message
    fine = VALID.read_text(encoding="utf-8").replace("0.25\", en = \"0.25\"", "0.25\", en = \"costs \\\\$5 `$`\"")
    assert "costs" in fine and load_file(_write(tmp_path, "y.toml", fine))[1] == []


def test_difficulty_must_be_a_whole_number(tmp_path):
    text = VALID.read_text(encoding="utf-8").replace("difficulty = 1\n", "difficulty = 1.0\n", 1)
    _, problems = load_file(_write(tmp_path, "x.toml", text))
    assert [(p.field, p.message) for p in problems] == [("difficulty", "must be 1, 2 or 3, got 1.0")]


def test_loader_never_raises_on_arbitrary_json(tmp_path):
    """Whatever a JSON bank holds, loading reports problems and never raises."""
    import json

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    scalars = st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True) | st.text(max_size=8) \
        | st.sampled_from(["A", "nn-basics", "choice", "multi", "numeric", "symbolic", "generated", "x*(1-x"])
    values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(st.sampled_from(["zh", "en", "rel", "abs", "x"]), inner, max_size=3),
                          max_leaves=12)
    keys = st.sampled_from(["id", "topic", "type", "difficulty", "tags", "source", "prompt", "explanation",
                            "options", "answer", "tolerance", "variables", "aliases", "domain", "form",
                            "model_answer", "key_points", "kind", "generator_difficulty", "ask", "bogus"])
    question = st.dictionaries(keys, values, max_size=10) | values
    path = tmp_path / "fuzz.json"

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(question, max_size=3))
    def check(questions):
        path.write_text(json.dumps({"format": "quizapp-bank", "version": 1, "questions": questions}),
                        encoding="utf-8")
        loaded, problems = load_file(path)
        assert all(isinstance(p, Problem) and p.message for p in problems)
        assert len(loaded) <= len(questions)

    check()


def test_unknown_type_and_odd_values_in_toml(tmp_path):
    text = VALID.read_text(encoding="utf-8").replace('type = "truefalse"', 'type = "true-false"', 1)
    _, problems = load_file(_write(tmp_path, "x.toml", text))
    assert [(p.field, p.message.split(";")[0]) for p in problems] == [("type", "unknown type 'true-false'")]
    _, problems = load_file(_write(tmp_path, "y.toml", "topic = 1979-05-27\n"))
    assert [p.field for p in problems] == ["topic"] and "unknown topic" in problems[0].message
