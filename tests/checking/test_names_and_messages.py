"""How names are read and what the messages say: Greek letters with an index, 1-based positions,
the nesting limit exactly where the message puts it, e as a variable next to a number."""

from __future__ import annotations

import pytest

from engine.checking import ParseError, check_symbolic, parse, preview
from engine.checking.parser import MAX_DEPTH


@pytest.mark.parametrize("typed", ["β1", "β₁", "beta1"])
def test_greek_with_an_index_is_the_variable_it_names(typed):
    v = check_symbolic("beta1*m + (1 - beta1)*g", f"{typed} m + (1 − {typed}) g", variables=("beta1", "m", "g"))
    assert v.correct and v.read_as == "β₁·m + (1 − β₁)·g"


@pytest.mark.parametrize("typed", ["μ0", "μ₀", "mu0"])
def test_mu0(typed):
    assert check_symbolic("mu0 + x", f"x + {typed}", variables=("mu0", "x")).correct


def test_adam_bias_correction_with_both_betas():
    v = check_symbolic("m/(1 - beta1^t)", "m/(1-β₁^t)", variables=("m", "beta1", "beta2", "t"),
                       domain={"beta1": (0.5, 0.99), "t": (1, 20)})
    assert v.correct
    wrong = check_symbolic("m/(1 - beta1^t)", "m/(1-β₂^t)", variables=("m", "beta1", "beta2", "t"),
                           domain={"beta1": (0.5, 0.99), "beta2": (0.5, 0.99), "t": (1, 20)})
    assert wrong.status == "incorrect" and "β₁ = " in wrong.message and "β₂ = " in wrong.message


def test_an_index_the_question_does_not_have_is_an_unknown_name():
    _, error = preview("β3", variables=("beta1", "beta2"))
    assert "unknown name 'beta3'" in error and "β₁, β₂" in error


def test_no_variables_no_empty_point_in_the_counterexample():
    v = check_symbolic("5", "4", variables=())
    assert v.message == "Not equivalent: your answer gives 4, expected 5."
    assert "at  " not in v.message and "在  " not in v.message_zh


@pytest.mark.parametrize("typed, words, position", [
    ("+x", None, None),
    ("*x", "unexpected '*' at position 1", 0),
    ("x +* 2", "unexpected '*' at position 4", 3),
    ("(x", "missing ')' for the one opened at position 1", 0),
    ("x$", "unexpected character '$' at position 2", 1),
    ("x!", "factorial '!' at position 2", 1),
    ("x\x07", "control character U+0007", 1),
    ("2 3", "missing operator before the number at position 3", 2),
    ("xy", "unknown name 'xy' at position 1", 0),
])
def test_positions_count_from_1_in_messages(typed, words, position):
    read_as, error = preview(typed)
    if words is None:
        assert error is None
        return
    assert words in error
    with pytest.raises(ParseError) as info:
        parse(typed)
    assert info.value.position == position          # the field stays a 0-based offset (for the cursor)


def test_control_character_position_is_1_based():
    assert "at position 2" in preview("x\x07")[1]


@pytest.mark.parametrize("build", [
    lambda n: "(" * n + "x" + ")" * n,
    lambda n: "-" * n + "x",
    lambda n: "sqrt(" * n + "x" + ")" * n,
    lambda n: "abs(" * n + "x" + ")" * n,
    lambda n: "(" * (n % 2) + "|(" * (n // 2) + "x" + ")|" * (n // 2) + ")" * (n % 2),   # |(|(x)|)|
])
def test_nesting_refused_exactly_past_the_limit_the_message_names(build):
    assert preview(build(MAX_DEPTH))[1] is None
    _, error = preview(build(MAX_DEPTH + 1))
    assert f"nested too deeply" in error and f"at most {MAX_DEPTH} levels" in error


def test_nested_piecewise_counts_as_nesting():
    chain = ":".join(f"x>{k}?{k}" for k in range(MAX_DEPTH)) + ":0"
    assert preview(chain)[1] is None
    chain = ":".join(f"x>{k}?{k}" for k in range(MAX_DEPTH + 1)) + ":0"
    assert "at most 40 levels" in preview(chain)[1]


def test_scientific_notation_when_e_is_not_a_variable():
    assert check_symbolic("2000*x", "2e+3 x").correct
    assert check_symbolic("0.002*x", "2E-3*x").correct
    assert check_symbolic("2000*x", "2e3*x").correct


def test_e_as_a_variable_is_never_swallowed_by_a_number_and_the_reading_is_said():
    v = check_symbolic("2*e + 3", "2e+3", variables=("e",))
    assert v.correct
    assert "read with the variable e" in v.read_as and "not 2×10^3" in v.read_as
    assert v.extra["ambiguous"]
    v = check_symbolic("2*E - 3", "2E-3", variables=("E",))
    assert v.correct and "2·E − 3" in v.read_as
    # the scientific reading would be graded wrong here, and is not what was applied
    assert check_symbolic("2000", "2e+3", variables=("e",)).status == "incorrect"
    read_as, error = preview("2e+3", variables=("e",))
    assert error is None and "read with the variable e" in read_as


def test_2e3_with_e_a_variable_is_refused_as_ambiguous():
    _, error = preview("2e3", variables=("e", "x"))
    assert "ambiguous" in error and "2*e*3" in error and "2*10^3" in error


def test_only_the_letter_that_is_a_variable_changes_the_reading():
    # E is a variable, e is not: 2e-3 is still 0.002
    assert check_symbolic("0.002 + E", "2e-3 + E", variables=("E",)).correct
    assert "ambiguous" not in check_symbolic("0.002 + E", "2e-3 + E", variables=("E",)).extra


def test_positions_in_a_vector_count_in_the_whole_answer():
    from engine.checking import check_numeric

    v = check_numeric([1, 2], "[1, 2x]")
    assert v.message.startswith("entry 2: unknown name 'x' at position 6") and v.position == 5
    assert "at position 11" in check_numeric([[1, 2], [3, 4]], "1, 2; 3, 4$").message
    assert "at position 1" in check_numeric(1, "[1").message


@pytest.mark.parametrize("typed", ["❶", "x + ❷", "2٣"])
def test_non_ascii_digits_are_unexpected_characters_not_a_crash(typed):
    read_as, error = preview(typed)
    assert read_as == "" and "unexpected character" in error


def test_a_variable_e_after_a_number_is_shown_with_a_dot_and_notes_follow_the_language():
    assert preview("2e+3", variables=("e",))[0].startswith("2·e + 3 (")
    assert preview("2 E x", variables=("E", "x"))[0] == "2·E·x"
    assert preview("2e", variables=("x",))[0] == "2e"            # Euler's e, as written
    read_as, _ = preview("2e+3", variables=("e",), lang="zh")
    assert "按变量 e 理解为 2·e + 3" in read_as
    assert preview("xy", lang="zh")[1].startswith("第 1 个位置有未知的名字 'xy'")
