"""Property-based fuzzing: thousands of random strings, no exception escapes, nothing hangs."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.checking import check_numeric, check_symbolic, preview
from engine.checking.verdict import Verdict

# Mostly the checker's own alphabet, so that many strings get deep into the parser.
TOKENS = st.sampled_from([
    "x", "y", "e", "pi", "π", "σ", "sigma(", "tanh", "exp(", "log", "relu(", "max(", "leaky_relu(", "|",
    "(", ")", "+", "-", "−", "*", "×", "/", "^", "**", "²", "⁻", "√", "?", ":", "if", "else", "and",
    "not", ">", "<=", "=", "!", ",", ";", "[", "]", "0", "1", "2.5", ".5", "1e-3", "9", " ", "xy",
    "λ", "α", "__", "'", ".", "\u200b", "\x00", "ｘ", "１",
])
ALPHABET_STRINGS = st.lists(TOKENS, max_size=40).map("".join)
ANY_STRINGS = st.text(max_size=80)
FUZZ = settings(max_examples=1500, deadline=500, suppress_health_check=[HealthCheck.too_slow])


def _is_verdict(v) -> bool:
    return isinstance(v, Verdict) and v.status in ("correct", "incorrect", "invalid") and isinstance(v.message, str)


@FUZZ
@given(ALPHABET_STRINGS)
def test_token_soup_never_raises(text):
    assert _is_verdict(check_symbolic("sigma(x)*(1 - sigma(x))", text, variables=("x", "y")))
    shown, error = preview(text, variables=("x", "y"))
    assert (error is None) == bool(shown)


@settings(max_examples=1000, deadline=500)
@given(ANY_STRINGS)
def test_arbitrary_unicode_never_raises(text):
    assert _is_verdict(check_symbolic("x", text))
    assert _is_verdict(check_numeric([0.5, 0.25], text))


@settings(max_examples=300, deadline=500)
@given(ALPHABET_STRINGS)
def test_random_expected_answers_never_raise(text):
    assert _is_verdict(check_symbolic(text, "x"))
