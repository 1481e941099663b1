"""Drill results in the progress database, through the app's own Storage and Reviewer.

Each step is one row of ``answers`` (question id ``drill/<kind>``, the step's name, its status, the
hints used, what was typed); the drill as a whole is one more row (step NULL) and one FSRS review of
the card ``drill/<kind>``, so drills show in the stats and come back for spaced review.
"""

from __future__ import annotations

from typing import Any

from quizapp.drill.session import DrillSession, StepResult
from quizapp.scheduling import AGAIN, GOOD, HARD
from quizapp.storage import AnswerRecord, Storage


def record_step(storage: Storage, session: DrillSession, result: StepResult, session_id: str) -> int:
    """Store one finished step (call when it closes: right, or wrong and moved on)."""
    return storage.record_answer(AnswerRecord(
        question_id=session.question_id, topic=session.kind.topic, status=result.status, context="drill",
        seed=session.seed, step=result.name, response=_jsonable(result.typed), seconds=round(result.seconds, 2),
        hints=result.hints, session=session_id))


def drill_rating(session: DrillSession) -> int:
    """FSRS rating for the drill as a whole: Good when ≥ 80 % of the steps scored, Hard when ≥ 50 %,
    Again below."""
    share = session.score / session.total if session.total else 0.0
    return GOOD if share >= 0.8 else HARD if share >= 0.5 else AGAIN


def record_drill(storage: Storage, reviewer: Any, session: DrillSession, session_id: str):
    """Store the finished drill as one answer and review its FSRS card; returns the next due time."""
    rating = drill_rating(session)
    storage.record_answer(AnswerRecord(
        question_id=session.question_id, topic=session.kind.topic,
        status="correct" if session.passed else "incorrect", context="drill", seed=session.seed,
        rating=rating, response={"score": session.score, "total": session.total, "difficulty": session.difficulty},
        seconds=round(session.clock() - session.started, 2), hints=session.hints_used, session=session_id))
    if reviewer is None:
        return None
    card = reviewer.review(session.question_id, session.kind.topic, rating, seed=session.seed)
    return card.due


def _jsonable(v: Any) -> Any:
    if isinstance(v, tuple):
        return [_jsonable(x) for x in v]
    return v


def due_drill_kinds(storage: Storage, now=None) -> list[str]:
    """Generator kinds whose drill card (``drill/<kind>``) is due for review, most overdue first."""
    from engine.generators import KINDS

    return [qid.split("/", 1)[1] for qid in storage.due_ids(now, prefix="drill/")
            if qid.startswith("drill/") and qid.split("/", 1)[1] in KINDS]


def last_difficulty(storage: Storage, kind: str) -> str:
    """The difficulty of the last finished drill of ``kind`` (easy if none)."""
    import json

    for row in reversed(storage.answers(f"drill/{kind}")):
        if row["step"] is None and row["response"]:
            try:
                return json.loads(row["response"]).get("difficulty", "easy")
            except (ValueError, AttributeError):
                break
    return "easy"
