"""The equivalence corpus (equivalence_corpus.toml): every case graded as recorded, every
disagreement with its source system explained, and the agreement figure recomputed.

Run with -s to see the figure and the list of disagreements."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from engine.checking import check_numeric, check_symbolic

CORPUS = tomllib.loads((Path(__file__).parent / "equivalence_corpus.toml").read_text(encoding="utf-8"))
CASES = CORPUS["case"]
VERDICTS = {"correct", "incorrect", "invalid"}
OURS = "quizapp"        # cases of our own (deep-learning identities): the source verdict is the mathematics


def grade(case: dict):
    if case["kind"] == "numeric":
        return check_numeric(case["expected"], case["answer"])
    domain = {k: tuple(v) for k, v in case.get("domain", {}).items()} or None
    return check_symbolic(case["expected"], case["answer"], variables=tuple(case["variables"]), domain=domain)


def _label(case: dict) -> str:
    return f"{case['source'].split()[0]}: {case['expected']} | {case['answer']}"


@pytest.mark.parametrize("case", CASES, ids=[_label(c)[:80] for c in CASES])
def test_each_case_gets_our_recorded_verdict(case):
    assert case["kind"] in ("symbolic", "numeric")
    assert case["source_verdict"] in VERDICTS and case["our_verdict"] in VERDICTS
    verdict = grade(case)
    assert verdict.status == case["our_verdict"], (verdict.status, verdict.message)


@pytest.mark.parametrize("case", CASES, ids=[_label(c)[:80] for c in CASES])
def test_a_case_says_why_exactly_when_we_differ_from_its_source(case):
    differs = case["our_verdict"] != case["source_verdict"]
    assert ("why" in case) == differs
    if differs:
        assert len(case["why"]) > 40 and not case["source"].startswith(OURS)


def _figure(cases: list[dict]) -> str:
    agree = sum(c["our_verdict"] == c["source_verdict"] for c in cases)
    return f"{agree}/{len(cases)}"


def test_size_sources_and_agreement_figure(capsys):
    assert len(CASES) >= 150 and CORPUS["cases"] == len(CASES)
    sources = {c["source"].split()[0] for c in CASES}
    assert {"STACK", "PrairieLearn", "WeBWorK", OURS} <= sources
    external = [c for c in CASES if not c["source"].startswith(OURS)]
    assert _figure(CASES) == CORPUS["agreement"]
    assert _figure(external) == CORPUS["agreement_external"]
    differ = [c for c in CASES if c["our_verdict"] != c["source_verdict"]]
    with capsys.disabled():
        agree = len(CASES) - len(differ)
        print(f"\nequivalence corpus: {len(CASES)} cases, agreement with the source system "
              f"{agree}/{len(CASES)} = {agree / len(CASES):.1%} (external systems only: "
              f"{CORPUS['agreement_external']})")
        for c in differ:
            print(f"  {_label(c)}: source {c['source_verdict']}, ours {c['our_verdict']} — {c['why']}")


def test_the_deep_learning_identities_all_grade_as_the_mathematics_says():
    ours = [c for c in CASES if c["source"].startswith(OURS)]
    assert len(ours) >= 30
    assert all(c["our_verdict"] == c["source_verdict"] for c in ours)
