"""Focus profiles and the chains of questions a mock interview asks.

A chain is an opening question followed by its ``follow_ups`` (depth first, each asked once), as an
interviewer drills down. Profiles weigh topics and tags (question_bank/interview/focus.toml, plus the
user's own focus.toml); the plan draws chains by weight, without repeats, until the time is filled.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from engine.bank.model import OpenAnswer, Question
from engine.bank.topics import TOPICS
from engine.text import Text

from question_bank import BANK_DIR

BUILTIN_PROFILES = BANK_DIR / "interview" / "focus.toml"
# How long an interviewer gives each kind of question (minutes): open questions are talked through.
MINUTES_OPEN = 4.0
MINUTES_OTHER = 1.5


class ProfileError(ValueError):
    """A focus file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Profile:
    name: str
    title: Text
    topics: dict[str, float]
    tags: dict[str, float] = field(default_factory=dict)

    def weight(self, q: Question) -> float:
        return self.topics.get(q.topic, 0.0) * (1.0 + sum(self.tags.get(t, 0.0) for t in q.tags))


def _weights(raw, where: str, what: str, known: Sequence[str] | None) -> dict[str, float]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ProfileError(f"{where}: {what}: must be a table of name = weight")
    out: dict[str, float] = {}
    for k, v in raw.items():
        if known is not None and k not in known:
            raise ProfileError(f"{where}: {what}.{k}: unknown topic; use one of: {', '.join(known)}")
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 100:
            raise ProfileError(f"{where}: {what}.{k}: must be a number from 0 to 100")
        out[k] = float(v)
    return out


def parse_profiles(text: str, where: str) -> dict[str, Profile]:
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
        raise ProfileError(f"{where}: {exc}") from None
    out: dict[str, Profile] = {}
    for i, raw in enumerate(data.get("focus", [])):
        here = f"{where}: focus #{i + 1}"
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
            raise ProfileError(f"{here}: name: missing; give the profile a name")
        title = raw.get("title", {})
        if not (isinstance(title, dict) and isinstance(title.get("zh"), str) and isinstance(title.get("en"), str)):
            raise ProfileError(f"{here}: title: write title = {{ zh = \"...\", en = \"...\" }}")
        topics = _weights(raw.get("topics"), here, "topics", TOPICS)
        if not any(topics.values()):
            raise ProfileError(f"{here}: topics: give at least one topic a weight above 0")
        out[raw["name"]] = Profile(raw["name"], Text(title["zh"], title["en"]), topics,
                                   _weights(raw.get("tags"), here, "tags", None))
    return out


def load_profiles(user_file: Path | None = None) -> dict[str, Profile]:
    """The built-in profiles, then the user's (a user profile with a built-in name replaces it)."""
    profiles = parse_profiles(BUILTIN_PROFILES.read_text(encoding="utf-8"), BUILTIN_PROFILES.name)
    if user_file is not None and user_file.is_file():
        profiles.update(parse_profiles(user_file.read_text(encoding="utf-8"), str(user_file)))
    return profiles


def chain_of(opening: Question, by_id: dict[str, Question]) -> list[Question]:
    """The opening question and its follow-ups, depth first, each once (the bank has no loops)."""
    out: list[Question] = []
    seen: set[str] = set()
    stack = [opening.id]
    while stack:
        qid = stack.pop()
        if qid in seen or qid not in by_id:
            continue
        seen.add(qid)
        q = by_id[qid]
        out.append(q)
        stack.extend(reversed(q.follow_ups))
    return out


def chains(questions: Iterable[Question]) -> list[list[Question]]:
    """Every chain of the bank: questions with follow-ups that are nobody's follow-up open one."""
    qs = list(questions)
    by_id = {q.id: q for q in qs}
    followers = {f for q in qs for f in q.follow_ups}
    return [chain_of(q, by_id) for q in qs if q.follow_ups and q.id not in followers]


def plan_candidates(bank) -> list[Question]:
    """The questions ``plan`` can pick from (the members of chains and the open questions), read from
    a Bank without reading the others: ``plan(plan_candidates(bank), ...)`` plans what
    ``plan(bank.questions, ...)`` does, without reading every question of a large (cached) bank."""
    followers = {f for fs in bank.follow_ups for f in fs}
    return [bank.by_id(qid) for qid, qtype, fs in zip(bank.ids, bank.types, bank.follow_ups)
            if fs or qtype == "open" or qid in followers]


def minutes_for(q: Question) -> float:
    return MINUTES_OPEN if isinstance(q.answer, OpenAnswer) else MINUTES_OTHER


def plan(questions: Sequence[Question], profile: Profile, minutes: float, rng: random.Random) -> list[list[Question]]:
    """Chains drawn by the profile's weights, without repeats, until ``minutes`` are filled (at least
    one chain). Chains that open with an open question come first, as an interviewer opens with a
    question to talk through; the others (opening with a choice or a number) only fill the time left.
    Where the bank has no chains for the profile, its open questions serve as chains of one."""
    pool = [c for c in chains(questions) if profile.weight(c[0]) > 0]
    if not pool:
        pool = [[q] for q in questions if isinstance(q.answer, OpenAnswer) and profile.weight(q) > 0]
    tiers = ([c for c in pool if isinstance(c[0].answer, OpenAnswer)],
             [c for c in pool if not isinstance(c[0].answer, OpenAnswer)])
    chosen: list[list[Question]] = []
    used = 0.0
    for tier in tiers:
        while tier and (not chosen or used < minutes):
            weights = [profile.weight(c[0]) for c in tier]
            pick = rng.choices(range(len(tier)), weights=weights)[0]
            chain = tier.pop(pick)
            cost = sum(minutes_for(q) for q in chain)
            if chosen and used + cost > minutes * 1.25:
                continue                     # too long for the time left; a shorter chain may fit
            chosen.append(chain)
            used += cost
    return chosen
