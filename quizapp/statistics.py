"""The statistics screen's figures (quizapp.screens.stats shows them): answers and right ones per local
day, per topic and per tag, key points usually missed in mock interviews, reviews coming up.

Sums over every answer are kept in the database (a note, with the bank's fingerprint and the last
answer counted) and brought up to date from the answers given since; working them out again for a
new bank goes through every question answered once. Safe to call from threads: nothing here touches
a widget, and two threads never count the same sums at once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

DAYS = 14
MIN_ANSWERS_FOR_TAG = 2
# Above this many answers the figures are worked out in a thread; below, at once (the first frame has them).
SYNC_ANSWERS = 10_000

_COUNTING = threading.Lock()    # one count of the kept sums at a time (home's warm-up, the screen's thread)


@dataclass(frozen=True)
class StatsData:
    """Everything the statistics screen shows, worked out in one pass (in a thread when large)."""

    days: list                                  # DayCount per local day, oldest first
    total: int                                  # answers to bank questions
    right: int
    drills: int                                 # whole drills answered
    per_topic: dict[str, tuple[int, int]]       # topic -> (answers, right ones)
    weakest: list[tuple[str, int, int]]         # (tag, answers, right ones), weakest first
    missed: list                                # key points usually missed in mock interviews
    upcoming: list                              # (local day, reviews due that day), today first
    due_now: int


def stats_data(app, bank, now) -> StatsData:
    """The figures, from indexed queries: per_day reads only the days shown, per-question totals are kept
    as answers arrive. Safe to call from a thread (nothing here touches a widget)."""
    storage = app.storage
    days = storage.per_day(DAYS, today=now.astimezone().date())
    sums = answer_sums(storage, bank)
    weakest = sorted(((tag, n, c) for tag, (n, c) in sums["tags"].items() if n >= MIN_ANSWERS_FOR_TAG),
                     key=lambda r: (r[2] / r[1], -r[1], r[0]))
    return StatsData(days, sums["total"], sums["right"], sums["drills"],
                     {k: (v[0], v[1]) for k, v in sums["topics"].items()}, weakest,
                     _usually_missed(storage, bank), storage.upcoming(7, now=now), storage.due_count(now))


def answer_sums(storage, bank) -> dict:
    """Answers and right ones: to bank questions in all, per topic, per tag; drills apart.

    These are sums over answers, so they are kept in the database (with the bank's fingerprint and the
    last answer counted) and brought up to date from the answers given since — a few rows — instead of
    going through every question answered (~60 ms at 50,000) each time the screen opens. Home starts
    that count in its thread once it is filled (``warm_up``), so the screen seldom waits for it."""
    with _COUNTING:
        return _answer_sums(storage, bank)


def warm_up(storage, bank) -> None:
    """Bring the kept sums up to date ahead of the statistics screen when there are enough answers for
    the screen to work them out in a thread; below that (it counts at once), the bank's tag fingerprint
    the count starts from (~30 ms at 100,000 questions)."""
    if storage.answer_marks()[0] > SYNC_ANSWERS:
        answer_sums(storage, bank)
    else:
        from quizapp.scheduling import KnownQuestions

        KnownQuestions.of(bank).tags_fingerprint


def _answer_sums(storage, bank) -> dict:
    import json

    from quizapp.scheduling import KnownQuestions

    fingerprint = KnownQuestions.of(bank).tags_fingerprint
    last, count = storage.answer_marks()
    try:
        kept = json.loads(storage.get_note("stats-sums") or "null")
        if (isinstance(kept, dict) and kept.get("bank") == fingerprint and isinstance(kept.get("last"), int)
                and kept["last"] <= last):
            new = storage.whole_answers_between(kept["last"], last) if kept["last"] < last else []
            if kept.get("count") == count - len(new):
                for qid, graded, recalled in new:
                    _add(kept, bank, qid, graded, recalled)
                if new:
                    kept.update(last=last, count=count)
                    storage.put_note("stats-sums", json.dumps(kept, ensure_ascii=False))
                return kept
    except (ValueError, TypeError, KeyError, AttributeError):
        pass
    sums = {"bank": fingerprint, "last": last, "count": count, "total": 0, "right": 0, "drills": 0,
            "topics": {}, "tags": {}}
    qids, graded, recalled = storage.per_question_columns()
    if storage.answer_marks() != (last, count):      # answers arrived meanwhile: count them next time
        sums["last"], sums["count"] = -1, -1
    _add_all(sums, bank, qids, graded, recalled)
    storage.put_note("stats-sums", json.dumps(sums, ensure_ascii=False))
    return sums


def _add_all(sums: dict, bank, qids: list[str], graded: list[int], recalled: list[int]) -> None:
    """``_add`` for every question at once (the first time for a bank): summed first per (topic, tags)
    -- questions share them, a few hundred in a bank of 100,000 -- then spread over topics and tags
    (50,000 questions answered: ~25 ms)."""
    topics, tags = bank.topics, bank.tags
    groups: dict[tuple, list[int]] = {}
    for i, qid, n, c in zip(bank.positions(qids), qids, graded, recalled):
        if not n:
            continue
        if i is None:
            if qid.startswith("drill/"):
                sums["drills"] += n
            continue
        key = (topics[i], tags[i])
        counts = groups.get(key)
        if counts is None:
            groups[key] = [n, c]
        else:
            counts[0] += n
            counts[1] += c
    for (topic, its_tags), (n, c) in groups.items():
        sums["total"] += n
        sums["right"] += c
        for name, kind in ((topic, "topics"), *((tag, "tags") for tag in its_tags)):
            counts = sums[kind].setdefault(name, [0, 0])
            counts[0] += n
            counts[1] += c


def _add(sums: dict, bank, qid: str, n: int, c: int) -> None:
    if not n:
        return
    topic = bank.topic_of(qid)      # topic and tags without reading the question (a cached bank)
    if topic is not None:
        sums["total"] += n
        sums["right"] += c
        counts = sums["topics"].setdefault(topic, [0, 0])
        counts[0] += n
        counts[1] += c
        for tag in bank.tags_of(qid):
            counts = sums["tags"].setdefault(tag, [0, 0])
            counts[0] += n
            counts[1] += c
    elif qid.startswith("drill/"):
        sums["drills"] += n


def _usually_missed(storage, bank):
    """Key points missed in mock interviews at least twice (none before the first interviews)."""
    rows = storage.interview_points()
    if not rows:
        return []
    from quizapp.interview_session import usually_missed

    return usually_missed(bank, rows)
