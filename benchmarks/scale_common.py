"""Shared by the bench_scale parts: synthetic banks and a synthetic history, built with the project's
own APIs (the built-in bank's questions copied under new ids and written by the JSON exporter; answers
recorded through Storage and reviews through the FSRS Reviewer), so they are what a real user's
files and database would hold.
"""

from __future__ import annotations

import dataclasses
import os
import random
import resource
import time
from collections.abc import Iterator
from pathlib import Path

FILE_SIZE = 1000      # questions per synthetic bank file (a user with 100,000 questions has many files)


def builtin_questions():
    from engine.bank.loader import load_bank

    bank = load_bank(include_user=False)
    # Follow-up chains name ids that the copies do not keep: the copies carry none.
    return [dataclasses.replace(q, follow_ups=()) for q in bank.questions]


def synthetic_questions(n: int) -> Iterator:
    """n questions: the built-in bank's questions over and over, each copy under a new id."""
    base = builtin_questions()
    for i in range(n):
        q = base[i % len(base)]
        yield dataclasses.replace(q, id=f"syn{i:06d}-{q.id}")


def build_bank(folder: Path, n: int) -> Path:
    """Write n synthetic questions into ``folder`` as JSON bank files of FILE_SIZE questions each."""
    from engine.export import json_export

    folder.mkdir(parents=True, exist_ok=True)
    questions = list(synthetic_questions(n))
    for start in range(0, n, FILE_SIZE):
        json_export.write(questions[start:start + FILE_SIZE], folder / f"bank-{start // FILE_SIZE:03d}.json")
    return folder


def build_history(db_path: Path, question_ids: list[str], topics: dict[str, str], *, answers: int,
                  cards: int, days: int = 365, seed: int = 0) -> None:
    """``answers`` answers over ``cards`` distinct questions spread over ``days`` days, each recorded
    and reviewed the way the app does it (Storage.record_answer, Reviewer.review)."""
    from datetime import timedelta

    from quizapp.scheduling import AGAIN, GOOD, Reviewer
    from quizapp.storage import AnswerRecord, Storage, utcnow

    rng = random.Random(seed)
    storage = Storage(db_path)
    reviewer = Reviewer(storage)
    chosen = rng.sample(question_ids, cards)
    start = utcnow() - timedelta(days=days)
    order = chosen + [rng.choice(chosen) for _ in range(answers - cards)]
    times = sorted(start + timedelta(seconds=rng.uniform(0, days * 86400)) for _ in order)
    for qid, when in zip(order, times):
        correct = rng.random() < 0.7
        rating = GOOD if correct else AGAIN
        storage.record_answer(AnswerRecord(question_id=qid, topic=topics[qid], rating=rating,
                                           status="correct" if correct else "incorrect",
                                           response="x", answered_at=when, seconds=5.0))
        reviewer.review(qid, topics[qid], rating, now=when)
    storage.close()


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, *args, **kw) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args, **kw)
    return time.perf_counter() - start, out


def scratch(name: str) -> Path:
    """A folder for the synthetic files, kept between runs (building 100,000 answers takes a while);
    QUIZAPP_BENCH_DIR moves it."""
    root = Path(os.environ.get("QUIZAPP_BENCH_DIR", "/tmp/quizapp-bench"))
    path = root / name
    path.mkdir(parents=True, exist_ok=True)
    return path
