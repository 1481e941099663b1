"""Load question banks: the built-in TOML files, the user's folder, extra files and JSON exports.

Loading never raises on bad content. Every problem becomes a ``Problem`` (file, question id, field,
message); a question with a problem is skipped, a file that cannot be read at all is skipped, and
everything else still loads. The first question with a given id wins; later duplicates are reported
(built-in files load first, so a user file cannot silently replace a built-in question).
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.bank.model import Question
from engine.bank.problem import Problem
from engine.bank.topics import TOPICS
from engine.bank.fields import describe
from engine.bank.validate import parse_question, unknown_topic_message

__all__ = ["Bank", "Problem", "load_bank", "load_file", "load_json_bank", "bank_files", "JSON_FORMAT", "JSON_VERSION"]

JSON_FORMAT = "quizapp-bank"
JSON_VERSION = 1
BANK_SUFFIXES = (".toml", ".json")


@dataclass(frozen=True)
class Bank:
    questions: tuple[Question, ...]
    problems: tuple[Problem, ...] = ()
    _by_id: dict[str, Question] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {q.id: q for q in self.questions})

    def by_id(self, qid: str) -> Question:
        """The question with this id; KeyError if there is none."""
        return self._by_id[qid]

    def __contains__(self, qid: object) -> bool:
        return qid in self._by_id

    def __len__(self) -> int:
        return len(self.questions)

    def by_topic(self, slug: str) -> list[Question]:
        return [q for q in self.questions if q.topic == slug]

    def select(
        self, topics: Iterable[str] = (), types: Iterable[str] = (), difficulties: Iterable[int] = ()
    ) -> list[Question]:
        """Questions matching every given filter (an empty filter matches all), in bank order."""
        topics, types, difficulties = set(topics), set(types), set(difficulties)
        return [
            q for q in self.questions
            if (not topics or q.topic in topics)
            and (not types or q.type in types)
            and (not difficulties or q.difficulty in difficulties)
        ]


MAX_FILE_BYTES = 512 * 1024 * 1024    # a bank file larger than this is a mistake, not a bank


def _short(text: str, limit: int = 120) -> str:
    if "integer string conversion" in text:     # Python's words for a number of thousands of digits
        return "it holds a number of more than 4300 digits"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """The file's text (a UTF-8 BOM is accepted and dropped), or the one problem that stops it."""
    import stat

    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return None, [Problem(display, None, None, "is a folder, not a bank file")]
        if not stat.S_ISREG(info.st_mode):
            # a FIFO or device would block the read forever (or never end)
            return None, [Problem(display, None, None, "is not a regular file (a pipe, device or socket); "
                                                       "name a .toml or .json file")]
        if info.st_size > MAX_FILE_BYTES:
            return None, [Problem(display, None, None, f"is {info.st_size // 2**20} MB; a bank file may be at most "
                                                       f"{MAX_FILE_BYTES // 2**20} MB")]
        text = path.read_bytes().decode("utf-8")
        return (text[1:] if text.startswith("\ufeff") else text), []
    except FileNotFoundError:
        return None, [Problem(display, None, None, "no such file")]
    except IsADirectoryError:
        return None, [Problem(display, None, None, "is a folder, not a bank file")]
    except OSError as exc:
        return None, [Problem(display, None, None, f"cannot be read: {exc.strerror or exc}")]
    except UnicodeDecodeError as exc:
        return None, [Problem(display, None, None, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")]


def _questions(
    raw_questions: Any, display: str, topic: str | None, key: str
) -> tuple[list[Question], list[Problem]]:
    if not isinstance(raw_questions, list):
        hint = "write each question under [[question]]" if key == "question" else '"questions" must be a list'
        return [], [Problem(display, None, key, f"must be a list of questions; {hint}")]
    questions: list[Question] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_questions):
        try:
            question, found = parse_question(raw, file=display, topic=topic, index=i)
        except RecursionError:
            qid = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
            question, found = None, [Problem(display, qid, None, f"question #{i + 1} is nested too deeply")]
        problems.extend(found)
        if question is None:
            continue
        if question.id in seen:
            problems.append(Problem(display, question.id, "id",
                                    f"duplicate id: question #{seen[question.id] + 1} in this file has it too"))
            continue
        seen[question.id] = i
        questions.append(question)
    return questions, problems


def load_file(path: str | os.PathLike[str], *, display: str | None = None) -> tuple[list[Question], list[Problem]]:
    """Load one .toml bank file (or a .json export). ``display`` names the file in problems."""
    path = Path(path)
    display = display or str(path)
    if path.suffix.lower() == ".json":
        return load_json_bank(path, display=display)
    if path.suffix.lower() != ".toml":
        return [], [Problem(display, None, None, "is not a bank file (bank files end in .toml or .json)")]
    text, problems = _read_text(path, display)
    if text is None:
        return [], problems
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends with "(at line N, column M)"
        return [], [Problem(display, None, None, f"TOML syntax error: {exc}")]
    except RecursionError:
        return [], [Problem(display, None, None, "nested too deeply (arrays or tables inside each other "
                                                 "hundreds of levels deep); a bank file needs only a few levels")]
    except (ValueError, MemoryError) as exc:      # e.g. an integer of thousands of digits
        return [], [Problem(display, None, None, f"cannot be read as TOML: {_short(str(exc))}")]
    problems = []
    for key in data:
        if key not in ("topic", "question"):
            problems.append(Problem(display, None, key, "unknown top-level key; a bank file has topic and [[question]]"))
    topic = data.get("topic")
    if topic is None:
        problems.append(Problem(display, None, "topic", f"missing; start the file with topic = \"...\" "
                                                         f"(one of: {', '.join(TOPICS)})"))
        return [], problems
    if not (isinstance(topic, str) and topic in TOPICS):
        problems.append(Problem(display, None, "topic", unknown_topic_message(topic)))
        return [], problems
    if "question" not in data:
        problems.append(Problem(display, None, "question", "no questions; add [[question]] tables"))
        return [], problems
    questions, found = _questions(data["question"], display, topic, "question")
    return questions, problems + found


def load_json_bank(path: str | os.PathLike[str], *, display: str | None = None) -> tuple[list[Question], list[Problem]]:
    """Load a JSON export: ``{"format": "quizapp-bank", "version": 1, "questions": [...]}``."""
    path = Path(path)
    display = display or str(path)
    text, problems = _read_text(path, display)
    if text is None:
        return [], problems
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [Problem(display, None, None, f"JSON syntax error: {exc.msg} (at line {exc.lineno}, column {exc.colno})")]
    except RecursionError:
        return [], [Problem(display, None, None, "nested too deeply (lists or objects inside each other "
                                                 "hundreds of levels deep); a JSON bank needs only a few levels")]
    except (ValueError, MemoryError) as exc:      # e.g. a number of thousands of digits
        return [], [Problem(display, None, None, f"cannot be read as JSON: {_short(str(exc))}")]
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        return [], [Problem(display, None, "format", f"not a quizapp bank (expected \"format\": \"{JSON_FORMAT}\")")]
    version = data.get("version")
    if version != JSON_VERSION:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > JSON_VERSION
        why = "written by a newer quizapp; update quizapp" if newer else f"this quizapp reads version {JSON_VERSION}"
        shown = describe(version) if not isinstance(version, str) else repr(_short(version, 40))
        return [], [Problem(display, None, "version", f"unsupported version {shown} ({why})")]
    problems = [Problem(display, None, key, "unknown top-level key; a JSON bank has format, version and questions")
                for key in data if key not in ("format", "version", "questions")]
    questions, found = _questions(data.get("questions"), display, None, "questions")
    return questions, problems + found


def bank_files(folder: Path) -> list[Path]:
    """The bank files in a folder and its sub-folders, in a stable order."""
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in BANK_SUFFIXES and p.is_file())


def builtin_files() -> list[Path]:
    from question_bank import BANK_DIR

    return sorted(BANK_DIR.glob("*.toml"))


def load_bank(
    extra_paths: Sequence[str | os.PathLike[str]] = (),
    *,
    include_builtin: bool = True,
    include_user: bool = True,
    user_dir: str | os.PathLike[str] | None = None,
) -> Bank:
    """The built-in bank, then the user bank folder, then ``extra_paths`` (files or folders).

    ``user_dir`` overrides the user bank folder (default: engine.bank.paths.user_bank_dir()).
    """
    sources: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    if include_builtin:
        sources += [(p, p.name) for p in builtin_files()]
    if include_user:
        from engine.bank.paths import user_bank_dir

        folder = Path(user_dir) if user_dir is not None else user_bank_dir()
        if folder.is_dir():
            sources += [(p, str(p)) for p in bank_files(folder)]
    for extra in extra_paths:
        path = Path(extra).expanduser()
        if path.is_dir():
            files = bank_files(path)
            if not files:
                problems.append(Problem(str(extra), None, None, "folder has no .toml or .json bank files"))
            sources += [(p, str(p)) for p in files]
        elif path.exists():
            sources.append((path, str(extra)))
        else:
            problems.append(Problem(str(extra), None, None, "no such file or folder"))

    questions: list[Question] = []
    where: dict[str, str] = {}
    seen_files: set[Path] = set()
    for path, display in sources:
        resolved = path.resolve()
        if resolved in seen_files:  # the same file named twice (e.g. a --bank inside the user folder)
            continue
        seen_files.add(resolved)
        try:
            found, file_problems = load_file(path, display=display)
        except (RecursionError, ValueError, MemoryError, OSError) as exc:
            # last line of defence: one hostile file never takes the rest of the bank with it
            found, file_problems = [], [Problem(display, None, None, f"cannot be loaded: {_short(str(exc) or type(exc).__name__)}")]
        problems += file_problems
        for q in found:
            if q.id in where:
                problems.append(Problem(display, q.id, "id", f"duplicate id: already defined in {where[q.id]}"))
                continue
            where[q.id] = display
            questions.append(q)
    questions, chain_problems = check_follow_ups(questions, where)
    return Bank(tuple(questions), tuple(problems + chain_problems))


def check_follow_ups(questions: list[Question], where: dict[str, str]) -> tuple[list[Question], list[Problem]]:
    """Every ``follow_ups`` id must name a loaded question, and chains must not loop back. A question
    with a bad chain is reported (``file: id: follow_ups: message``) and kept without its follow-ups,
    so one typo in a chain does not take the question away."""
    from dataclasses import replace

    ids = {q.id for q in questions}
    problems: list[Problem] = []
    graph = {q.id: q.follow_ups for q in questions if q.follow_ups}
    bad: set[str] = set()
    for qid, nexts in graph.items():
        missing = [n for n in nexts if n not in ids]
        if missing:
            problems.append(Problem(where.get(qid, "?"), qid, "follow_ups",
                                    f"no question has the id {missing[0]!r}"
                                    + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")))
            bad.add(qid)
    # a cycle: depth-first search with colours; report each question on a cycle once
    state: dict[str, int] = {}

    def visit(start: str) -> None:
        stack = [(start, iter(graph.get(start, ())))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                loop = path[path.index(child):] + [child]
                if node not in bad:
                    problems.append(Problem(where.get(node, "?"), node, "follow_ups",
                                            "makes a loop: " + " -> ".join(loop) + "; a chain must end"))
                    bad.add(node)
            elif child not in state and child in ids:
                state[child] = 1
                stack.append((child, iter(graph.get(child, ()))))
                path.append(child)

    for qid in graph:
        if qid not in state:
            visit(qid)
    if bad:
        questions = [replace(q, follow_ups=()) if q.id in bad else q for q in questions]
    return questions, problems
