"""A loaded bank: ``Bank`` (its questions, ids, topics, problems) and the sequences it reads them from.

engine.bank.loader builds it from the files' entries (``FileEntry``: parsed now, or served by the
bank cache, engine.bank.cache).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from engine.bank.problem import Problem

if TYPE_CHECKING:
    from engine.bank.model import Question

__all__ = ["Bank", "LazyQuestions", "FileEntry", "ListSource"]


class Bank:
    """The loaded questions (in load order) and the problems found on the way.

    ``questions`` is a tuple, or -- for a bank served from the cache -- a ``LazyQuestions`` sequence
    that reads a question from the cache file each time it is asked for. The ids, topics, types
    and difficulties are known without reading any question, so counting, filtering and looking up
    by id never touch the questions that are not returned.
    """

    __slots__ = ("questions", "problems", "ids", "_topics", "_types", "_difficulties", "_tags", "_follow_ups", "_pos",
                 "_by_topic")

    def __init__(self, questions: Sequence[Question] = (), problems: Sequence[Problem] = ()) -> None:
        if isinstance(questions, LazyQuestions):
            self.questions: Sequence[Question] = questions
            self.ids: tuple[str, ...] = questions.ids
            self._topics, self._types, self._difficulties = questions.topics, questions.types, questions.difficulties
            self._tags, self._follow_ups = questions.tags, questions.follow_ups
        else:
            self.questions = tuple(questions)
            self.ids = tuple(q.id for q in self.questions)
            self._topics = tuple(q.topic for q in self.questions)
            self._types = tuple(q.type for q in self.questions)
            self._difficulties = tuple(q.difficulty for q in self.questions)
            self._tags = tuple(q.tags for q in self.questions)
            self._follow_ups = tuple(q.follow_ups for q in self.questions)
        self.problems: tuple[Problem, ...] = tuple(problems)
        self._pos = dict(zip(self.ids, range(len(self.ids))))
        self._by_topic: dict[str, tuple[int, ...]] | None = None

    def __repr__(self) -> str:
        return f"Bank({len(self)} questions, {len(self.problems)} problems)"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Bank):
            return NotImplemented
        return self.problems == other.problems and tuple(self.questions) == tuple(other.questions)

    __hash__ = None  # type: ignore[assignment]

    def by_id(self, qid: str) -> Question:
        """The question with this id; KeyError if there is none."""
        return self.questions[self._pos[qid]]

    def __contains__(self, qid: object) -> bool:
        return qid in self._pos

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def topics(self) -> tuple[str, ...]:
        """Each question's topic, in the order of ``ids`` (no question is read)."""
        return self._topics

    @property
    def tags(self) -> tuple[tuple[str, ...], ...]:
        """Each question's tags, in the order of ``ids`` (no question is read)."""
        return self._tags

    @property
    def types(self) -> tuple[str, ...]:
        """Each question's type, in the order of ``ids`` (no question is read)."""
        return self._types

    @property
    def follow_ups(self) -> tuple[tuple[str, ...], ...]:
        """Each question's follow-up ids (after the chain checks), in the order of ``ids``."""
        return self._follow_ups

    def topic_of(self, qid: str) -> str | None:
        """The question's topic, or None if the bank has no such question (no question is read)."""
        i = self._pos.get(qid)
        return None if i is None else self._topics[i]

    def positions(self, qids: Iterable[str]) -> list[int | None]:
        """Each id's position in ``ids`` (and so in ``topics`` and ``tags``), None where the bank has no
        such question: one look-up each, for passes over many ids."""
        return list(map(self._pos.get, qids))

    def not_under(self, topic: str, qids: Iterable[str]) -> list[str]:
        """Those of ``qids`` this bank does not have under ``topic`` (no such question, or another
        topic), in their order; one dictionary look-up each (50,000 ids: a few ms)."""
        pos, topics = self._pos.get, self._topics
        return [q for q in qids if (i := pos(q)) is None or topics[i] != topic]

    def tags_of(self, qid: str) -> tuple[str, ...]:
        """The question's tags; KeyError if there is none (no question is read)."""
        return self._tags[self._pos[qid]]

    def _topic_positions(self, slug: str) -> tuple[int, ...]:
        if self._by_topic is None:      # one pass over the topics, then every topic is a lookup
            groups: dict[str, list[int]] = {}
            for i, topic in enumerate(self._topics):
                groups.setdefault(topic, []).append(i)
            self._by_topic = {topic: tuple(found) for topic, found in groups.items()}
        return self._by_topic.get(slug, ())

    def topic_ids(self, slug: str) -> list[str]:
        """The ids of the topic's questions, in bank order (no question is read)."""
        ids = self.ids
        return [ids[i] for i in self._topic_positions(slug)]

    def by_topic(self, slug: str) -> list[Question]:
        questions = self.questions
        return [questions[i] for i in self._topic_positions(slug)]

    def select_ids(
        self, topics: Iterable[str] = (), types: Iterable[str] = (), difficulties: Iterable[int] = ()
    ) -> list[str]:
        """The ids of the questions matching every given filter (an empty filter matches all), in bank order."""
        ids = self.ids
        return [ids[i] for i in self._select(topics, types, difficulties)]

    def select(
        self, topics: Iterable[str] = (), types: Iterable[str] = (), difficulties: Iterable[int] = ()
    ) -> list[Question]:
        """Questions matching every given filter (an empty filter matches all), in bank order."""
        questions = self.questions
        return [questions[i] for i in self._select(topics, types, difficulties)]

    def sample(self, per_topic: int, rng, topics: Iterable[str] = (), types: Iterable[str] = (),
               difficulties: Iterable[int] = ()) -> list[Question]:
        """Of the questions matching the filters, at most ``per_topic`` of each topic drawn at random
        (``rng``: a random.Random), in bank order: all a quiz of ``per_topic`` questions spread over
        the topics can pick from, read without reading the rest of a large bank."""
        groups: dict[str, list[int]] = {}
        for i in self._select(topics, types, difficulties):
            groups.setdefault(self._topics[i], []).append(i)
        chosen = sorted(i for found in groups.values()
                        for i in (found if len(found) <= per_topic else rng.sample(found, per_topic)))
        questions = self.questions
        return [questions[i] for i in chosen]

    def _select(self, topics: Iterable[str], types: Iterable[str], difficulties: Iterable[int]) -> list[int]:
        topics, types, difficulties = set(topics), set(types), set(difficulties)
        tp, ty, di = self._topics, self._types, self._difficulties
        return [
            i for i in range(len(tp))
            if (not topics or tp[i] in topics)
            and (not types or ty[i] in types)
            and (not difficulties or di[i] in difficulties)
        ]


class LazyQuestions(Sequence):
    """A bank's questions, read one by one from their sources when asked for (see engine.bank.cache).

    ``sources`` are objects with ``get(j) -> Question``; ``where`` gives, per question, its source's
    index and its position in that source. ``replaced`` holds the few questions changed after loading
    (a bad follow-up chain dropped). Questions read are not kept: what a caller holds is what stays in
    memory, so a 100,000-question bank costs its ids, not its texts.
    """

    __slots__ = ("ids", "topics", "types", "difficulties", "tags", "follow_ups", "_sources", "_source_of", "_local",
                 "_replaced")

    def __init__(self, ids, topics, types, difficulties, tags, follow_ups, sources, source_of, local,
                 replaced=None) -> None:
        self.ids, self.topics, self.types, self.difficulties, self.tags = ids, topics, types, difficulties, tags
        self.follow_ups = follow_ups
        self._sources, self._source_of, self._local = sources, source_of, local
        self._replaced: dict[int, Question] = replaced or {}

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(len(self))))
        if i < 0:
            i += len(self.ids)
        if not 0 <= i < len(self.ids):
            raise IndexError(i)
        if i in self._replaced:
            return self._replaced[i]
        return self._sources[self._source_of[i]].get(self._local[i])

    def __iter__(self):
        sources, source_of, local, replaced = self._sources, self._source_of, self._local, self._replaced
        for i in range(len(self.ids)):
            yield replaced[i] if i in replaced else sources[source_of[i]].get(local[i])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, list, LazyQuestions)):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class FileEntry:
    """What one bank file holds: its questions' ids, topics, types, difficulties, tags and follow-ups,
    its problems, and a source that returns question ``j`` of the file (the parsed list, or the cache)."""

    __slots__ = ("ids", "topics", "types", "difficulties", "tags", "follow_ups", "problems", "source")

    def __init__(self, ids, topics, types, difficulties, tags, follow_ups, problems, source) -> None:
        self.ids, self.topics, self.types, self.difficulties = ids, topics, types, difficulties
        self.tags, self.follow_ups, self.problems, self.source = tags, follow_ups, problems, source

    @classmethod
    def parsed(cls, questions: list[Question], problems: list[Problem]) -> FileEntry:
        return cls(tuple(q.id for q in questions), tuple(q.topic for q in questions),
                   tuple(q.type for q in questions), tuple(q.difficulty for q in questions),
                   tuple(q.tags for q in questions), tuple(q.follow_ups for q in questions), tuple(problems),
                   ListSource(questions))


class ListSource:
    __slots__ = ("questions",)

    def __init__(self, questions: Sequence[Question]) -> None:
        self.questions = questions

    def get(self, j: int) -> Question:
        return self.questions[j]
