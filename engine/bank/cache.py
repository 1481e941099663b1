"""The bank cache: each bank file is parsed and validated once; later starts read its validated
questions (and its problems) from a cache file.

One cache file per bank file, so editing one file re-parses only that file. A cache file is used
only when its key matches: the bank file's path and displayed name, size, mtime_ns, a SHA-256 hash
of its bytes (size and mtime alone miss an edit that keeps both; SHA-256 because it is
the fastest hashlib has on CPUs with SHA instructions: ~0.1 s for 220 MB), the cache format and a stamp of
the code that validates (the app's version and the engine's bank modules). Anything else -- a stale,
truncated, corrupt or unreadable cache file -- is ignored and rebuilt by parsing the bank file; a
folder that cannot be written just means no cache. The cache is ours (written by this code, in the
user's own cache folder), so it is a pickle of the frozen Question dataclasses.

Layout of a cache file::

    MAGIC | pickle(key) | pickle(ids, topics, types, difficulties, tags, follow_ups, problems, ends) | q0 | q1 | ...

Each question is its own pickle after the index, ``ends`` giving where each one ends, so a bank
served from the cache reads a question only when it is asked for (engine.bank.loader.LazyQuestions):
the home screen of a 100,000-question bank needs the ids and topics, not the texts. The cache file
stays open while the bank uses it, so a newer cache written meanwhile (os.replace) cannot mix in.

Where: ``$QUIZAPP_CACHE_DIR``, else ``<data dir>/cache/bank`` when a data folder is given
(--data-dir or $QUIZAPP_DATA_DIR, as the tests do), else the platform's user cache folder
(``~/.cache/quizapp/bank`` on Linux). Deleting it is always safe.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from engine.bank.problem import Problem

if TYPE_CHECKING:
    from engine.bank.bank import FileEntry
    from engine.bank.model import Question

__all__ = ["BankCache", "default_cache_dir", "CACHE_DIR_ENV", "CACHE_FORMAT"]

CACHE_DIR_ENV = "QUIZAPP_CACHE_DIR"
CACHE_FORMAT = 2       # 2: the index holds each question's tags
MAGIC = b"QZBANK\x00" + bytes([CACHE_FORMAT])
MAX_OPEN = 200          # cache files kept open for lazy reads; beyond, a file's questions are read at once
PROTOCOL = 5


def default_cache_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """$QUIZAPP_CACHE_DIR, else ``<data_dir>/cache/bank`` (``data_dir``, else $QUIZAPP_DATA_DIR),
    else the platform's user cache folder plus ``bank``."""
    from engine.bank.paths import DATA_DIR_ENV

    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV]).expanduser()
    base = data_dir or os.environ.get(DATA_DIR_ENV)
    if base:
        return Path(base).expanduser() / "cache" / "bank"
    import platformdirs

    return Path(platformdirs.user_cache_dir("quizapp", appauthor=False)) / "bank"


def code_stamp(app_version: str) -> tuple:
    """What the cached questions depend on besides the bank file: the app's version, the cache
    format, and the size and mtime of the modules that parse, validate and define questions (the
    bank's, and the checker's and generators' that validation calls), so that a changed validator
    never serves questions it would now reject. ~60 stats: a millisecond or two."""
    engine_dir = Path(__file__).resolve().parent.parent
    files = sorted(engine_dir.glob("*.py"))
    for package in ("bank", "checking", "generators"):
        files += sorted((engine_dir / package).glob("*.py"))
    stamp: list = [CACHE_FORMAT, app_version]
    for f in files:
        try:
            info = f.stat()
            stamp.append((f.parent.name, f.name, info.st_size, info.st_mtime_ns))
        except OSError:
            stamp.append((f.parent.name, f.name, None, None))
    return tuple(stamp)


class BankCache:
    """Cache files in ``folder`` (created when first written). ``app_version`` is part of every key."""

    def __init__(self, folder: str | os.PathLike[str], app_version: str = "") -> None:
        self.folder = Path(folder)
        self.stamp = code_stamp(app_version)
        self.hits = 0           # files served from the cache / parsed, for tests and benchmarks
        self.parsed = 0
        self._open = 0
        self._writable = True

    def path_for(self, source: Path) -> Path:
        name = hashlib.blake2b(str(source).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        return self.folder / f"{name}.bin"

    def entry(self, path: Path, display: str, *, parse: bool = True) -> FileEntry | None:
        """The file's entry from the cache, or parsed (and cached) when ``parse``. None when the file
        cannot be cached at all (not a bank file, unreadable: the loader reports it) or, without
        ``parse``, when it would have to be parsed."""
        from engine.bank.bank import FileEntry
        from engine.bank.loader import BANK_SUFFIXES, parse_bytes, read_bytes

        suffix = path.suffix.lower()
        if suffix not in BANK_SUFFIXES:
            return None
        data, problems = read_bytes(path, display)
        if data is None:
            return None
        try:
            info = path.stat()
            source = path.resolve()
        except OSError:
            return None
        key = (self.stamp, str(source), display, len(data), info.st_mtime_ns,
               hashlib.sha256(data).digest())
        found = self._read(source, key, path, display)
        if found is not None:
            self.hits += 1
            return found
        if not parse:
            return None
        questions, problems = parse_bytes(data, suffix, display)
        del data
        self.parsed += 1
        if self._write(source, key, questions, problems):
            # served from the file just written, as on the next start: the parsed texts need not
            # stay in memory (a first start with a 100,000-question bank)
            found = self._read(source, key, path, display)
            if found is not None:
                return found
        return FileEntry.parsed(questions, problems)

    # -- reading ------------------------------------------------------------------------------------
    def _read(self, source: Path, key: tuple, path: Path, display: str) -> FileEntry | None:
        from engine.bank.bank import FileEntry, ListSource

        try:
            f = open(self.path_for(source), "rb")
        except OSError:
            return None
        try:
            if f.read(len(MAGIC)) != MAGIC:
                return None
            enabled = gc.isenabled()
            gc.disable()        # tens of thousands of small tuples: no collections while they arrive
            try:
                if pickle.load(f) != key:
                    return None
                ids, topics, types, difficulties, tags, follow_ups, problems, ends = pickle.load(f)
            finally:
                if enabled:
                    gc.enable()
            start = f.tell()
            if not (len(ids) == len(topics) == len(types) == len(difficulties) == len(tags) == len(follow_ups)
                    == len(ends)):
                return None
            if os.fstat(f.fileno()).st_size != start + (ends[-1] if ends else 0):
                return None     # truncated (or grown): not the file that was written
            if not all(isinstance(p, Problem) for p in problems):
                return None
            if self._open < MAX_OPEN:
                lazy = CachedSource(f, start, ends, path, display, ids)
                self._open += 1
            else:
                lazy = ListSource(CachedSource(f, start, ends, path, display, ids).read_all())
            return FileEntry(ids, topics, types, difficulties, tags, follow_ups, problems, lazy)
        except Exception:       # a corrupt cache file of any kind: parse the bank file instead
            return None
        finally:
            f.close()

    # -- writing ------------------------------------------------------------------------------------
    def _write(self, source: Path, key: tuple, questions: list[Question], problems: list[Problem]) -> bool:
        if not self._writable:
            return False
        blobs = [pickle.dumps(q, PROTOCOL) for q in questions]
        ends: list[int] = []
        total = 0
        for blob in blobs:
            total += len(blob)
            ends.append(total)
        index = (tuple(q.id for q in questions), tuple(q.topic for q in questions),
                 tuple(q.type for q in questions), tuple(q.difficulty for q in questions),
                 tuple(q.tags for q in questions), tuple(q.follow_ups for q in questions), tuple(problems),
                 tuple(ends))
        target = self.path_for(source)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as f:
                f.write(MAGIC)
                pickle.dump(key, f, PROTOCOL)
                pickle.dump(index, f, PROTOCOL)
                f.writelines(blobs)
            os.replace(tmp, target)
            return True
        except (OSError, pickle.PicklingError, RecursionError):
            self._writable = False      # no cache, and no message: the bank loaded all the same
            try:
                tmp.unlink()
            except OSError:
                pass
            return False


class CachedSource:
    """Question ``j`` of one cached file, read from the open cache file when asked for. It owns the
    file's descriptor (closed with the source, i.e. when the bank goes)."""

    __slots__ = ("_fd", "_start", "_ends", "_path", "_display", "_ids", "_lock", "_fallback")

    def __init__(self, f, start: int, ends, path: Path, display: str, ids) -> None:
        self._fd = os.dup(f.fileno())
        self._start, self._ends = start, ends
        self._path, self._display, self._ids = path, display, ids
        self._lock = threading.Lock()
        self._fallback: dict[str, Question] | None = None

    def __del__(self) -> None:
        try:
            os.close(self._fd)
        except (OSError, AttributeError, TypeError):
            pass

    def _blob(self, begin: int, end: int) -> bytes:
        if hasattr(os, "pread"):
            return os.pread(self._fd, end - begin, self._start + begin)
        with self._lock:        # no pread (Windows): one reader at a time
            os.lseek(self._fd, self._start + begin, os.SEEK_SET)
            return os.read(self._fd, end - begin)

    def get(self, j: int) -> Question:
        begin = self._ends[j - 1] if j else 0
        try:
            question = pickle.loads(self._blob(begin, self._ends[j]))
            if question.id == self._ids[j]:
                return question
        except Exception:
            pass
        return self._reparse(j)

    def read_all(self) -> list[Question]:
        data = self._blob(0, self._ends[-1]) if self._ends else b""
        out = []
        begin = 0
        for end in self._ends:
            out.append(pickle.loads(data[begin:end]))
            begin = end
        return out

    def _reparse(self, j: int) -> Question:
        """The cache file went bad under us (a disk error): the question as the bank file gives it."""
        from engine.bank.loader import load_file

        if self._fallback is None:
            self._fallback = {q.id: q for q in load_file(self._path, display=self._display)[0]}
        return self._fallback[self._ids[j]]
