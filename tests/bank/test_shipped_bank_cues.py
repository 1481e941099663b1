"""The shipped bank gives nothing away by test-wiseness (issue 12), computed from the files so the
figures cannot drift back: the right option is the uniquely longest in at most 30 % of single-choice
questions in each language; no answer letter holds more than 35 % of them; no one count of right
options covers more than 60 % of multiple-choice questions; `bank validate --strict` passes."""

from __future__ import annotations

from collections import Counter

import pytest

from engine.bank.lint import cue_figures, lint
from engine.bank.loader import load_bank
from engine.bank.model import ChoiceAnswer, MultiAnswer
from quizapp.__main__ import main


@pytest.fixture(scope="module")
def bank():
    return load_bank(include_user=False)


def _longest_share(questions, lang: str) -> float:
    """Computed here independently of engine.bank.lint: the key strictly longer than every other option."""
    singles = [q for q in questions if isinstance(q.answer, ChoiceAnswer)]
    hits = 0
    for q in singles:
        lengths = [len(o(lang)) for o in q.answer.options]
        key = lengths[q.answer.correct]
        hits += all(key > n for i, n in enumerate(lengths) if i != q.answer.correct)
    return hits / len(singles)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_key_is_rarely_the_longest_option(bank, lang):
    share = _longest_share(bank.questions, lang)
    assert share <= 0.30, f"{share:.0%} of single-choice keys are the longest option in {lang}"
    assert cue_figures(bank.questions)[f"longest_{lang}"] == pytest.approx(share)


def test_answer_letters_are_balanced(bank):
    singles = [q for q in bank.questions if isinstance(q.answer, ChoiceAnswer)]
    letters = Counter(q.answer.correct for q in singles)
    assert len(singles) >= 100 and max(letters.values()) / len(singles) <= 0.35, letters


def test_multi_questions_vary_their_count_of_right_options(bank):
    multis = [q for q in bank.questions if isinstance(q.answer, MultiAnswer)]
    counts = Counter(len(q.answer.correct) for q in multis)
    assert len(multis) >= 40 and max(counts.values()) / len(multis) <= 0.60, counts
    assert all(1 <= len(q.answer.correct) < len(q.answer.options) for q in multis)


def test_the_lint_is_clean_and_strict_validation_passes(bank, capsys, monkeypatch, tmp_path):
    assert lint(bank.questions) == []
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path))
    assert main(["bank", "validate", "--strict"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")
