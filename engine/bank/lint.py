"""Cue lint: warnings for choice questions that can be answered by test-wiseness instead of knowledge.

The rules follow the item-writing guidelines in shared/CONTENT.md (Haladyna, Downing & Rodriguez 2002;
the NBME item-writing guide). They are warnings, not errors: a question with a long key may still be
a fair question, but a bank full of them teaches learners to pick the longest option. ``quizapp bank
validate --strict`` turns them into a failing exit code, and the shipped bank passes it.

Rules
- the right option is the uniquely longest by a clear margin (in either language);
- within one file, one answer letter holds more than half of the single-choice answers;
- within one file, every multiple-choice question has the same number of right options;
- a negative stem ("which is not …", "不正确的是") whose negation is not emphasised (**NOT**, **不**);
- an "all of the above" / "none of the above" option;
- an explanation that names options by letter (options are shuffled on display).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from engine.bank.model import ChoiceAnswer, MultiAnswer, Question
from engine.bank.problem import Problem

# The key stands out when it is longer than every other option by this factor AND this many characters
# (both, so that short options such as "0.25" vs "0.5" are not flagged for a one-character difference).
LONGEST_FACTOR = 1.3
LONGEST_MIN_CHARS = 12
# A letter holding more than this share of a file's single-choice answers (with at least
# LETTER_MIN_QUESTIONS of them) is a pattern a returning learner learns.
LETTER_MAX_SHARE = 0.5
LETTER_MIN_QUESTIONS = 6
# Every multi question of a file with the same count of right options lets a learner count.
MULTI_MIN_QUESTIONS = 4

_NEG_EN = re.compile(r"\b(?:is|are|does|do|would|will|can|could|should)\s+not\b|\bisn't\b|\baren't\b|\bdoesn't\b|"
                     r"\bincorrect\b|\bfalse\b|\bexcept\b", re.IGNORECASE)
_NEG_EN_EMPHASISED = re.compile(r"\*\*[^*]*\b(?:NOT|INCORRECT|FALSE|EXCEPT)\b[^*]*\*\*|\b(?:NOT|INCORRECT|FALSE|EXCEPT)\b")
_NEG_ZH = re.compile(r"(?:不正确|不是|不属于|不能|不会|错误)的(?:是|一项|选项|说法)")
_NEG_ZH_EMPHASISED = re.compile(r"\*\*[^*]*(?:不|错误)[^*]*\*\*")
_ABOVE = re.compile(r"\b(?:all|none|both|neither) of the (?:above|others)\b|以上(?:都|皆|均|全)|都不(?:对|正确)",
                    re.IGNORECASE)


def _question_sentence(prompt: str) -> str:
    """The sentence that asks (the last one ending in a question mark), where a negation is a cue;
    a negation in the set-up ("BERT does not replace every token ...") is not."""
    asks = [m.group(0) for m in re.finditer(r"[^.。:：!！?？\n]*[?？]", prompt)]
    return asks[-1] if asks else prompt.rsplit("\n", 1)[-1]


def _plain_len(s: str) -> int:
    """Length as a reader sees it: LaTeX commands and markup count less than their source."""
    s = re.sub(r"\\[a-zA-Z]+", "x", s)
    return len(re.sub(r"[$*`{}]", "", s))


def _key_stands_out(q: Question, lang: str) -> bool:
    ans = q.answer
    assert isinstance(ans, ChoiceAnswer)
    lengths = [_plain_len(o(lang)) for o in ans.options]
    key = lengths[ans.correct]
    others = [n for i, n in enumerate(lengths) if i != ans.correct]
    if not others:
        return False
    longest_other = max(others)
    return key > longest_other * LONGEST_FACTOR and key - longest_other >= LONGEST_MIN_CHARS


def _question_warnings(q: Question, file: str) -> list[Problem]:
    out: list[Problem] = []
    ans = q.answer
    if isinstance(ans, ChoiceAnswer):
        for lang in ("zh", "en"):
            if _key_stands_out(q, lang):
                out.append(Problem(file, q.id, f"options.{lang}",
                                   "warning: the right option is much longer than every other one (a learner "
                                   "can pick it without knowing the fact); write distractors as long and as "
                                   "specific as the key, or shorten the key"))
    if isinstance(ans, (ChoiceAnswer, MultiAnswer)):
        for i, option in enumerate(ans.options):
            if _ABOVE.search(option.en) or _ABOVE.search(option.zh):
                out.append(Problem(file, q.id, f"options[{i}]",
                                   "warning: 'all/none of the above' options reward test-wiseness; "
                                   "write a specific option instead"))
        from engine.bank.shuffle import refers_by_letter

        if refers_by_letter(q):
            out.append(Problem(file, q.id, "explanation",
                               "warning: the explanation names options by letter; options are shuffled "
                               "when shown, so refer to them by content (the app keeps this question's "
                               "order until then)"))
        en, zh = _question_sentence(q.prompt.en), _question_sentence(q.prompt.zh)
        if _NEG_EN.search(en) and not _NEG_EN_EMPHASISED.search(en):
            out.append(Problem(file, q.id, "prompt.en",
                               "warning: negative stem without emphasis; write NOT in capitals (or **NOT**), "
                               "or ask the question positively"))
        if _NEG_ZH.search(zh) and not _NEG_ZH_EMPHASISED.search(zh):
            out.append(Problem(file, q.id, "prompt.zh",
                               "warning: negative stem without emphasis; mark the negation (**不**正确), "
                               "or ask the question positively"))
    return out


def lint(questions: Iterable[Question]) -> list[Problem]:
    """Every cue warning for ``questions``, per question and per file (by ``Question.origin``)."""
    out: list[Problem] = []
    by_file: dict[str, list[Question]] = defaultdict(list)
    for q in questions:
        file = q.origin or "?"
        by_file[file].append(q)
        out += _question_warnings(q, file)
    for file, qs in by_file.items():
        singles = [q for q in qs if isinstance(q.answer, ChoiceAnswer)]
        if len(singles) >= LETTER_MIN_QUESTIONS:
            letters = Counter(chr(ord("A") + q.answer.correct) for q in singles)   # type: ignore[union-attr]
            letter, n = letters.most_common(1)[0]
            if n / len(singles) > LETTER_MAX_SHARE:
                out.append(Problem(file, None, None,
                                   f"warning: {n} of {len(singles)} single-choice answers are {letter!r}; "
                                   "place the right option at random (the app shuffles on display, but "
                                   "exports print the file's order)"))
        multis = [q for q in qs if isinstance(q.answer, MultiAnswer)]
        if len(multis) >= MULTI_MIN_QUESTIONS:
            counts = Counter(len(q.answer.correct) for q in multis)   # type: ignore[union-attr]
            if len(counts) == 1:
                (count, _), = counts.items()
                out.append(Problem(file, None, None,
                                   f"warning: all {len(multis)} multiple-choice questions have {count} right "
                                   "options; vary the count (from 1 to all but one) so a learner cannot count"))
    return out


def cue_figures(questions: Iterable[Question]) -> dict[str, float]:
    """Bank-wide figures (for tests and reports): share of single-choice questions whose key is the
    uniquely longest option (zh, en), the largest share of one answer letter, and the largest share of
    one right-option count among multi questions."""
    singles: list[Question] = []
    multis: list[Question] = []
    for q in questions:
        if isinstance(q.answer, ChoiceAnswer):
            singles.append(q)
        elif isinstance(q.answer, MultiAnswer):
            multis.append(q)
    figures: dict[str, float] = {}
    for lang in ("zh", "en"):
        longest = 0
        for q in singles:
            lengths = [len(o(lang)) for o in q.answer.options]   # type: ignore[union-attr]
            key = lengths[q.answer.correct]                      # type: ignore[union-attr]
            if key == max(lengths) and lengths.count(key) == 1:
                longest += 1
        figures[f"longest_{lang}"] = longest / len(singles) if singles else 0.0
    letters = Counter(q.answer.correct for q in singles)          # type: ignore[union-attr]
    figures["letter_max"] = max(letters.values()) / len(singles) if singles else 0.0
    counts = Counter(len(q.answer.correct) for q in multis)       # type: ignore[union-attr]
    figures["multi_count_max"] = max(counts.values()) / len(multis) if multis else 0.0
    return figures
