"""The cue lint (engine/bank/lint.py) and `quizapp bank validate --strict`."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from engine.bank.lint import lint
from engine.bank.loader import load_file

HEAD = 'topic = "nn-basics"\n'


def choice(qid: str, options: list[str], answer: str, prompt: str = "Which activation saturates for large |x|?") -> str:
    opts = ",\n".join(f'  {{ zh = "{o}", en = "{o}" }}' for o in options)
    return textwrap.dedent(f'''
    [[question]]
    id = "nn-basics/{qid}"
    type = "choice"
    difficulty = 1
    tags = ["t"]
    source = "s"
    prompt.zh = \'\'\'{prompt}\'\'\'
    prompt.en = \'\'\'{prompt}\'\'\'
    options = [
    ''') + opts + f'''
]
answer = "{answer}"
explanation.zh = "because"
explanation.en = "because"
'''


def multi(qid: str, answer: list[str]) -> str:
    letters = ", ".join(f'"{a}"' for a in answer)
    return textwrap.dedent(f'''
    [[question]]
    id = "nn-basics/{qid}"
    type = "multi"
    difficulty = 1
    tags = ["t"]
    source = "s"
    prompt.zh = "Which of these saturate?"
    prompt.en = "Which of these saturate?"
    options = [{{ zh = "sigmoid", en = "sigmoid" }}, {{ zh = "tanh", en = "tanh" }},
               {{ zh = "ReLU for x > 0", en = "ReLU for x > 0" }}, {{ zh = "hard tanh", en = "hard tanh" }}]
    answer = [{letters}]
    explanation.zh = "because"
    explanation.en = "because"
    ''')


def warnings_for(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "mine.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    questions, problems = load_file(path, display="mine.toml")
    assert problems == []
    return [str(w) for w in lint(questions)]


def test_a_key_much_longer_than_the_rest_is_flagged_in_both_languages(tmp_path):
    out = warnings_for(tmp_path, choice("long-key", [
        "tanh, because its output is bounded and its derivative goes to zero for large inputs", "ReLU", "GELU"], "A"))
    assert any("nn-basics/long-key: options.en: warning: the right option is much longer" in w for w in out)
    assert any("options.zh" in w for w in out)


def test_options_of_similar_length_are_not_flagged(tmp_path):
    out = warnings_for(tmp_path, choice("fair", [
        "tanh: bounded output, derivative → 0 for large |x|",
        "ReLU: bounded output, derivative → 0 for large |x|",
        "GELU: unbounded output, derivative → 1 for large x"], "A"))
    assert out == []


def test_one_letter_for_most_answers_in_a_file_is_flagged(tmp_path):
    body = "".join(choice(f"q{i}", ["sigmoid", "tanh", "ReLU"], "A" if i < 5 else "B") for i in range(7))
    out = warnings_for(tmp_path, body)
    assert "mine.toml: warning: 5 of 7 single-choice answers are 'A'; place the right option at random" in out[0]


def test_balanced_letters_are_not_flagged(tmp_path):
    body = "".join(choice(f"q{i}", ["sigmoid", "tanh", "ReLU"], "ABC"[i % 3]) for i in range(7))
    assert warnings_for(tmp_path, body) == []


def test_multi_questions_that_all_have_the_same_count_are_flagged(tmp_path):
    same = "".join(multi(f"m{i}", ["A", "B", "D"]) for i in range(4))
    assert any("all 4 multiple-choice questions have 3 right options" in w for w in warnings_for(tmp_path, same))
    varied = "".join(multi(f"m{i}", ["A", "B", "D"] if i % 2 else ["A"]) for i in range(4))
    assert warnings_for(tmp_path, varied) == []


def test_negative_stem_needs_emphasis_and_all_of_the_above_is_flagged(tmp_path):
    out = warnings_for(tmp_path, choice("neg", ["sigmoid", "tanh", "ReLU"], "C",
                                         prompt="Which activation does not saturate?"))
    assert any("prompt.en: warning: negative stem without emphasis" in w for w in out)
    fine = warnings_for(tmp_path, choice("neg", ["sigmoid", "tanh", "ReLU"], "C",
                                          prompt="Which activation does **NOT** saturate?"))
    assert fine == []
    above = warnings_for(tmp_path, choice("above", ["sigmoid", "tanh", "All of the above"], "C"))
    assert any("options[2]: warning: 'all/none of the above'" in w for w in above)


def test_a_negation_in_the_set_up_is_not_a_negative_stem(tmp_path):
    out = warnings_for(tmp_path, choice("setup", ["sigmoid", "tanh", "ReLU"], "B",
                                         prompt="The model does not use dropout. Which activation is zero-centred?"))
    assert out == []


def run_validate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quizapp", "bank", "validate", *args],
                          capture_output=True, text=True, timeout=120)


def test_strict_turns_warnings_into_exit_1_and_plain_validate_still_passes(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(HEAD + choice("long-key", [
        "tanh, because its output is bounded and its derivative goes to zero for large inputs", "ReLU", "GELU"], "A"),
        encoding="utf-8")
    plain = run_validate(str(path))
    assert plain.returncode == 0
    assert "warning: the right option is much longer" in plain.stdout
    assert "--strict makes them fail" in plain.stderr
    strict = run_validate("--strict", str(path))
    assert strict.returncode == 1


def test_an_explanation_that_names_options_by_letter_is_flagged(tmp_path):
    body = choice("letters", ["sigmoid", "tanh", "ReLU"], "B").replace(
        'explanation.en = "because"', 'explanation.en = "(A) saturates too; C: does not saturate"')
    out = warnings_for(tmp_path, body)
    assert any("nn-basics/letters: explanation: warning: the explanation names options by letter" in w for w in out)
