"""Option order: a choice question's options in a shuffled order, the same for the same seed.

The bank file keeps its order (exports print it, reviewers diff it); every presentation — a quiz, a
review, an export at ``--seed`` — draws a permutation from (question id, seed), so a returning learner
cannot remember the letter instead of the fact, and the same seed always gives the same order (a
re-export updates the same Anki notes). "All/none of the above"-style options keep their place at the
end, where a reader expects them.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import replace

from engine.bank.model import ChoiceAnswer, MultiAnswer, Question

_STAYS_LAST = re.compile(r"\b(?:all|none|both|neither) of the (?:above|others)\b|以上", re.IGNORECASE)


# "(B)", "B:", "选项 B", "option C", "A、B" in an explanation: a reference to an option by its letter
_LETTER_REF = re.compile(r"选项\s*[A-F]|\b[Oo]ptions?\s+[A-F]\b|\([A-F](?:[,、]\s*[A-F])*\)|"
                         r"(?<![A-Za-z_\\$])[A-F](?:[,、]\s*[A-F])*[)）:：](?!\w)|（[A-F](?:、[A-F])*）")


def refers_by_letter(question: Question) -> bool:
    """The explanation names options by letter ("B: …", "(C)"), so it is only right in the file's order."""
    return any(_LETTER_REF.search(question.explanation(lang)) for lang in ("zh", "en"))


def option_order(question: Question, seed: int) -> tuple[int, ...]:
    """The bank index of the option shown at each position (a permutation of range(n_options)).

    Deterministic in (question.id, seed); () for a question without options. A question whose
    explanation refers to options by letter keeps the file's order (the bank lint flags it), so the
    explanation never names the wrong option."""
    answer = question.answer
    if not isinstance(answer, (ChoiceAnswer, MultiAnswer)):
        return ()
    n = len(answer.options)
    if refers_by_letter(question):
        return tuple(range(n))
    last = [i for i, o in enumerate(answer.options) if _STAYS_LAST.search(o.en)]
    free = [i for i in range(n) if i not in last]
    digest = hashlib.blake2b(f"{question.id}\0{seed}".encode(), digest_size=8).digest()
    random.Random(int.from_bytes(digest, "big")).shuffle(free)
    return tuple(free + last)


def shuffled(question: Question, seed: int) -> tuple[Question, tuple[int, ...]]:
    """The question as shown at ``seed`` (options reordered, the key remapped) and the order used."""
    order = option_order(question, seed)
    if not order:
        return question, ()
    answer = question.answer
    shown_at = {bank: pos for pos, bank in enumerate(order)}
    options = tuple(answer.options[i] for i in order)          # type: ignore[union-attr]
    if isinstance(answer, ChoiceAnswer):
        new_answer = ChoiceAnswer(options, shown_at[answer.correct])
    else:
        new_answer = MultiAnswer(options, frozenset(shown_at[i] for i in answer.correct))  # type: ignore[union-attr]
    return replace(question, answer=new_answer), order


def letters(indices) -> str:
    """0-based option indices as letters, in the order given: (2, 0, 1) -> "CAB"."""
    return "".join(chr(ord("A") + i) for i in indices)
