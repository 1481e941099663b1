"""Exercise.dumps (orjson, straight from the arrays) against the standard library's reading of
Exercise.to_json (the to_jsonable copy), and mlp-backprop's one-pass draw_solved against the plain
make_given + solve path it replaces."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pytest

from engine.generators import DIFFICULTIES, KINDS, get_kind
from engine.generators.base import dumps_json

SEEDS = range(60)


def strict_loads(text: str):
    """json.loads that refuses NaN/Infinity, which are not JSON."""
    def refuse(name):
        raise AssertionError(f"not JSON: {name}")
    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_dumps_reads_back_as_to_json_exactly(kind: str) -> None:
    k = get_kind(kind)
    for difficulty in DIFFICULTIES:
        for seed in SEEDS:
            ex = k.generate(seed, difficulty)
            text = ex.dumps()
            # Equal after parsing, floats bit for bit: the JSON shows exactly the computed values.
            assert strict_loads(text) == ex.to_json(), (kind, difficulty, seed)
            assert text == k.generate(seed, difficulty).dumps()


def test_chinese_text_is_written_as_is_not_escaped() -> None:
    text = get_kind("mlp-backprop").generate(3, "medium").dumps()
    assert "全连接网络" in text and "\\u" not in text
    assert "\n" not in text  # one line per exercise: the CLI streams them


def test_numbers_the_standard_library_would_write_in_exponent_form_read_back_equal() -> None:
    values = np.array([1e-05, -2.5e-09, 1.2345678901234567e-300, 1e16, 0.1 + 0.2, 5e-324])
    doc = {"small": values, "scalar": np.float64(1e-07), "int": np.int64(7), "zero": -0.0,
           "strided": np.arange(12.0).reshape(3, 4)[:, ::2]}   # not contiguous: the fallback writer
    back = strict_loads(dumps_json(doc))
    assert back["small"] == values.tolist()
    assert back["scalar"] == 1e-07 and back["int"] == 7
    assert math.copysign(1.0, back["zero"]) == -1.0
    assert back["strided"] == [[0.0, 2.0], [4.0, 6.0], [8.0, 10.0]]


def test_a_seed_beyond_64_bits_still_gives_valid_json() -> None:
    seed = 2**70 + 5
    ex = get_kind("softmax-cross-entropy").generate(seed, "easy")
    back = strict_loads(ex.dumps())
    assert back["seed"] == seed and back == ex.to_json()


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_mlp_backprop_one_pass_draw_gives_the_plain_path_exercise(difficulty: str) -> None:
    """The same draws, the same redraws, the same answers and steps as make_given + solve."""
    fast = get_kind("mlp-backprop")
    assert fast.draw_solved is not None
    plain = dataclasses.replace(fast, draw_solved=None)
    for seed in range(300):
        assert fast.generate(seed, difficulty).dumps() == plain.generate(seed, difficulty).dumps(), seed


def test_kind_rng_streams_are_fixed_by_seed_kind_and_difficulty_and_differ_otherwise() -> None:
    """The same (seed, kind, difficulty) always starts the same stream; changing any one of the
    three starts another (seeds beyond 64 bits included)."""
    kinds = [get_kind("mlp-backprop"), get_kind("mlp-forward")]
    seeds = (0, 1, 2, 255, 256, 2**31, 2**32 - 1, 2**32, 2**64, 2**70 + 5)
    starts = {}
    for k in kinds:
        for seed in seeds:
            for difficulty in DIFFICULTIES:
                first = k.rng(seed, difficulty).random(4).tolist()
                assert k.rng(seed, difficulty).random(4).tolist() == first
                assert isinstance(k.rng(seed, difficulty), np.random.Generator)
                starts[(k.name, seed, difficulty)] = tuple(first)
    assert len(set(starts.values())) == len(starts)


def test_a_kinds_stream_has_no_visible_bias_across_seeds() -> None:
    """The first uniform of 4,000 consecutive seeds spreads evenly over [0, 1) (a chi-square test on
    10 bins: the 99.9 % quantile of chi² with 9 degrees of freedom is 27.9)."""
    k = get_kind("mlp-backprop")
    firsts = np.array([k.rng(seed, "medium").random() for seed in range(4000)])
    counts = np.bincount((firsts * 10).astype(int), minlength=10)
    assert float(((counts - 400.0) ** 2 / 400.0).sum()) < 27.9
