"""Which key points of an open question a typed answer makes, from the points' ``match`` phrases.

The matcher only pre-ticks: the learner confirms or changes every tick, so it errs towards simple,
predictable rules a learner can understand — a point counts as made when any of its phrases occurs in
the answer, compared without case, width (full-width ／ half-width) or spacing differences. Latin
phrases match whole words ("variance" does not match "covariance"); Chinese phrases, which have no
spaces, match anywhere.
"""

from __future__ import annotations

import re
import unicodedata

from engine.bank.model import OpenAnswer

# Ratings as FSRS numbers them (Again 1, Hard 2, Good 3, Easy 4).
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
MAX_ANSWER_CHARS = 20_000     # a typed answer longer than this is matched on its first 20,000 characters

_LATIN = re.compile(r"[A-Za-z0-9_]")


def normalise(text: str) -> str:
    """Casefolded, NFKC (full-width → half-width, ｄ_ｋ → d_k), whitespace squeezed to one space."""
    text = unicodedata.normalize("NFKC", text[:MAX_ANSWER_CHARS]).casefold()
    return " ".join(text.split())


def phrase_in(phrase: str, text: str) -> bool:
    """Does ``phrase`` occur in the normalised ``text``? Spacing inside the phrase is optional
    ("d_k" matches "d _ k", "√d_k" matches "√ d_k"); a phrase that starts or ends with a Latin letter or
    digit must start or end at a word boundary there."""
    p = normalise(phrase)
    if not p:
        return False
    pieces = [re.escape(ch) for ch in p if not ch.isspace()]
    body = r"\s?".join(pieces)
    left = r"(?<![a-z0-9_])" if _LATIN.match(p[0]) else ""
    right = r"(?![a-z0-9_])" if _LATIN.match(p[-1]) else ""
    return re.search(left + body + right, text) is not None


def points_made(answer: OpenAnswer, typed: str) -> tuple[bool, ...]:
    """One flag per key point: True when one of its match phrases is in ``typed``."""
    text = normalise(typed)
    return tuple(any(phrase_in(m, text) for m in answer.match_phrases(i)) for i in range(len(answer.key_points)))


def rating_for(made: tuple[bool, ...] | list[bool]) -> int:
    """The FSRS rating a share of key points suggests: all made → Easy, at least two thirds → Good,
    at least one third → Hard, fewer → Again. The learner may override it."""
    if not made:
        return AGAIN
    share = sum(made) / len(made)
    if share >= 1:
        return EASY
    if share >= 2 / 3:
        return GOOD
    if share >= 1 / 3:
        return HARD
    return AGAIN
