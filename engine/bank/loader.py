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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.bank.bank import Bank, FileEntry, LazyQuestions, ListSource
from engine.bank.problem import Problem
from engine.bank.topics import TOPICS

if TYPE_CHECKING:
    from engine.bank.cache import BankCache
    from engine.bank.model import Question

# engine.bank.model and engine.bank.validate (~30 ms of imports) load only when a file is parsed or a
# question is read: a start-up served from the cache needs neither before the home screen is drawn.

__all__ = ["Bank", "LazyQuestions", "Problem", "load_bank", "load_cached_bank", "load_file", "load_json_bank", "bank_files", "JSON_FORMAT", "JSON_VERSION"]

JSON_FORMAT = "quizapp-bank"
JSON_VERSION = 1
BANK_SUFFIXES = (".toml", ".json")


MAX_FILE_BYTES = 512 * 1024 * 1024    # a bank file larger than this is a mistake, not a bank


def _short(text: str, limit: int = 120) -> str:
    if "integer string conversion" in text:     # Python's words for a number of thousands of digits
        return "it holds a number of more than 4300 digits"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """The file's text (a UTF-8 BOM is accepted and dropped), or the one problem that stops it."""
    data, problems = read_bytes(path, display)
    if data is None:
        return None, problems
    return decode(data, display)


def read_bytes(path: Path, display: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, or the one problem that stops it (a folder, a pipe, too big, unreadable)."""
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
        return path.read_bytes(), []
    except FileNotFoundError:
        return None, [Problem(display, None, None, "no such file")]
    except IsADirectoryError:
        return None, [Problem(display, None, None, "is a folder, not a bank file")]
    except OSError as exc:
        return None, [Problem(display, None, None, f"cannot be read: {exc.strerror or exc}")]


def decode(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(display, None, None, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")]
    return (text[1:] if text.startswith("\ufeff") else text), []


def _questions(
    raw_questions: Any, display: str, topic: str | None, key: str
) -> tuple[list[Question], list[Problem]]:
    if not isinstance(raw_questions, list):
        hint = "write each question under [[question]]" if key == "question" else '"questions" must be a list'
        return [], [Problem(display, None, key, f"must be a list of questions; {hint}")]
    from engine.bank.validate import parse_question

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
    if path.suffix.lower() not in BANK_SUFFIXES:
        return [], [Problem(display, None, None, "is not a bank file (bank files end in .toml or .json)")]
    text, problems = _read_text(path, display)
    if text is None:
        return [], problems
    return parse_text(text, path.suffix.lower(), display)


def parse_bytes(data: bytes, suffix: str, display: str) -> tuple[list[Question], list[Problem]]:
    """Decode and parse the bytes of a bank file read beforehand (engine.bank.cache hashes them first)."""
    text, problems = decode(data, display)
    if text is None:
        return [], problems
    return parse_text(text, suffix, display)


def parse_text(text: str, suffix: str, display: str) -> tuple[list[Question], list[Problem]]:
    """The questions and problems of a bank file's text; ``suffix`` is ".toml" or ".json"."""
    if suffix == ".json":
        return _parse_json(text, display)
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
        from engine.bank.validate import unknown_topic_message

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
    return _parse_json(text, display)


def _parse_json(text: str, display: str) -> tuple[list[Question], list[Problem]]:
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
        from engine.bank.fields import describe

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


def _sources(extra_paths: Sequence[str | os.PathLike[str]], include_builtin: bool, include_user: bool,
             user_dir: str | os.PathLike[str] | None) -> tuple[list[tuple[Path, str]], list[Problem]]:
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
    unique: list[tuple[Path, str]] = []
    seen_files: set[Path] = set()
    for path, display in sources:
        resolved = path.resolve()
        if resolved in seen_files:  # the same file named twice (e.g. a --bank inside the user folder)
            continue
        seen_files.add(resolved)
        unique.append((path, display))
    return unique, problems


def load_bank(
    extra_paths: Sequence[str | os.PathLike[str]] = (),
    *,
    include_builtin: bool = True,
    include_user: bool = True,
    user_dir: str | os.PathLike[str] | None = None,
    cache: BankCache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Bank:
    """The built-in bank, then the user bank folder, then ``extra_paths`` (files or folders).

    ``user_dir`` overrides the user bank folder (default: engine.bank.paths.user_bank_dir()).
    ``cache`` (an engine.bank.cache.BankCache) serves files unchanged since they were last parsed and
    keeps what is parsed now; ``progress(done, total)`` is called after each file.
    """
    bank = _load(extra_paths, include_builtin, include_user, user_dir, cache, progress, cached_only=False)
    assert bank is not None
    return bank


def load_cached_bank(
    extra_paths: Sequence[str | os.PathLike[str]] = (),
    *,
    include_builtin: bool = True,
    include_user: bool = True,
    user_dir: str | os.PathLike[str] | None = None,
    cache: BankCache,
) -> Bank | None:
    """The bank as load_bank gives it when every file is served by ``cache``; None (quickly, at the
    first file that is not) when something must be parsed."""
    return _load(extra_paths, include_builtin, include_user, user_dir, cache, None, cached_only=True)


def _load(extra_paths, include_builtin, include_user, user_dir, cache, progress, *, cached_only: bool) -> Bank | None:
    sources, problems = _sources(extra_paths, include_builtin, include_user, user_dir)
    entries: list[tuple[FileEntry, str]] = []
    for n, (path, display) in enumerate(sources, 1):
        entry = None
        if cache is not None:
            entry = cache.entry(path, display, parse=not cached_only)
            if entry is None and cached_only:
                return None
        if entry is None:
            try:
                entry = FileEntry.parsed(*load_file(path, display=display))
            except (RecursionError, ValueError, MemoryError, OSError) as exc:
                # last line of defence: one hostile file never takes the rest of the bank with it
                entry = FileEntry.parsed([], [Problem(display, None, None,
                                                      f"cannot be loaded: {_short(str(exc) or type(exc).__name__)}")])
        entries.append((entry, display))
        if progress is not None:
            progress(n, len(sources))
    return _assemble(entries, problems)


def _assemble(entries: list[tuple[FileEntry, str]], problems: list[Problem]) -> Bank:
    """One bank from the files' entries: the first question with an id wins, later ones are reported;
    then the follow-up chains are checked across the whole bank."""
    ids: list[str] = []
    topics: list[str] = []
    types: list[str] = []
    difficulties: list[int] = []
    tags: list[tuple[str, ...]] = []
    source_of: list[int] = []
    local: list[int] = []
    graph: dict[str, tuple[str, ...]] = {}
    where: dict[str, str] = {}
    sources = []
    for s, (entry, display) in enumerate(entries):
        sources.append(entry.source)
        problems += entry.problems
        n = len(entry.ids)
        if where.keys().isdisjoint(entry.ids):      # the usual case, in bulk (100,000 ids: ~20 ms)
            where.update(dict.fromkeys(entry.ids, display))
            ids += entry.ids
            topics += entry.topics
            types += entry.types
            difficulties += entry.difficulties
            tags += entry.tags
            source_of += [s] * n
            local += range(n)
            if any(entry.follow_ups):
                graph.update((qid, f) for qid, f in zip(entry.ids, entry.follow_ups) if f)
            continue
        for j, qid in enumerate(entry.ids):
            if qid in where:
                problems.append(Problem(display, qid, "id", f"duplicate id: already defined in {where[qid]}"))
                continue
            where[qid] = display
            ids.append(qid)
            topics.append(entry.topics[j])
            types.append(entry.types[j])
            difficulties.append(entry.difficulties[j])
            tags.append(entry.tags[j])
            source_of.append(s)
            local.append(j)
            if entry.follow_ups[j]:
                graph[qid] = entry.follow_ups[j]
    bad, chain_problems = _chain_problems(where, graph, where)
    replaced: dict[int, Question] = {}
    if bad:
        from dataclasses import replace

        for i, qid in enumerate(ids):
            if qid in bad:
                replaced[i] = replace(sources[source_of[i]].get(local[i]), follow_ups=())
    follow_ups = tuple(() if qid in bad else graph.get(qid, ()) for qid in ids) if graph else ((),) * len(ids)
    questions = LazyQuestions(tuple(ids), tuple(topics), tuple(types), tuple(difficulties), tuple(tags), follow_ups,
                              sources, source_of, local, replaced)
    if all(isinstance(source, ListSource) for source in sources):
        return Bank(tuple(questions), tuple(problems + chain_problems))   # nothing to read later
    return Bank(questions, tuple(problems + chain_problems))


def check_follow_ups(questions: list[Question], where: dict[str, str]) -> tuple[list[Question], list[Problem]]:
    """Every ``follow_ups`` id must name a loaded question, and chains must not loop back. A question
    with a bad chain is reported (``file: id: follow_ups: message``) and kept without its follow-ups,
    so one typo in a chain does not take the question away."""
    from dataclasses import replace

    ids = {q.id for q in questions}
    bad, problems = _chain_problems(ids, {q.id: q.follow_ups for q in questions if q.follow_ups}, where)
    if bad:
        questions = [replace(q, follow_ups=()) if q.id in bad else q for q in questions]
    return questions, problems


def _chain_problems(ids, graph: dict[str, tuple[str, ...]], where: dict[str, str]) -> tuple[set[str], list[Problem]]:
    """The questions with a bad chain (``ids`` supports ``in``; ``graph`` maps an id to its follow-ups)."""
    problems: list[Problem] = []
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
    return bad, problems
