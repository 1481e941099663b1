"""Progress in SQLite (WAL): every answer as it is given, and one FSRS card per question.

Tables
    answers  one row per graded answer (or per drill step): when, which question, the seed of a
             generated variant, the verdict, the learner's own rating, what was typed, seconds taken,
             hints used, the session it belongs to. Written immediately, so a crash loses at most the
             answer being typed.
    cards    the FSRS card of each question (JSON from fsrs.Card.to_json) with its due time
             denormalised for fast "what is due" queries.

Faults lose nothing and are said plainly (``Storage.notice`` at start, a ``WriteStatus`` per write):

- a database that is really damaged (it is not a database, or the integrity check fails) is moved
  aside (``progress.db.corrupt-<time>``) and a fresh one started; a database that is only *locked*
  by another program is waited for, then used from memory until it frees — never moved aside;
- a read-only file or folder, a database of a newer or unknown schema: progress is read (into
  memory) and shown, the file is left untouched, and the session's answers are kept in memory;
- a write that fails (disk full, locked past the short write timeout, read-only, a damaged table)
  switches to a copy in memory: the answer is kept there and queued, every later write retries the
  queue first, and ``close()`` writes what is still queued to ``progress.db.unsaved.jsonl`` (replayed
  into the database at the next start) when the database itself still refuses it.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from engine.text import plural
from quizapp.storage_reads import DayCount, ProgressReads
from quizapp.storage_schema import SCHEMA_VERSION, add_math, card_columns, iso, rebuild, upgrade, utcnow

__all__ = ["AnswerRecord", "DayCount", "Storage", "WriteStatus", "classify", "utcnow"]


@dataclass(frozen=True)
class AnswerRecord:
    """One answer to store. ``status`` is a Verdict status, or "rated" for a self-rated open answer."""

    question_id: str
    topic: str
    status: str
    context: str = "quiz"
    seed: int | None = None
    step: str | None = None
    rating: int | None = None
    response: Any = None
    seconds: float | None = None
    hints: int = 0
    session: str | None = None
    answered_at: datetime | None = None


OPEN_TIMEOUT = 3.0     # seconds to wait at start for another program's lock
WRITE_TIMEOUT = 0.25   # per write: the UI never freezes for long behind someone else's lock
CLOSE_TIMEOUT = 2.0    # at quit, one more patient try for what is still queued

_INSERT_ANSWER = ("INSERT INTO answers (answered_at, question_id, topic, context, seed, step, status, rating,"
                  " response, seconds, hints, session) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
_UPSERT_CARD = ("INSERT INTO cards (question_id, topic, card, due, last_seed, state, stability, last_review, reps)"
                " VALUES (?,?,?,?,?,?,?,?,1)"
                " ON CONFLICT(question_id) DO UPDATE SET topic=excluded.topic, card=excluded.card,"
                " due=excluded.due, last_seed=excluded.last_seed, state=excluded.state,"
                " stability=excluded.stability, last_review=excluded.last_review, reps=reps+1")


def _card_params(params: tuple) -> tuple:
    """A card write queued by schema 1 (in progress.db.unsaved.jsonl) lacks the copied fields: add them."""
    if len(params) == 5:
        return (*params, *card_columns(params[2]))
    return params
_SQL = {"answer": _INSERT_ANSWER, "card": _UPSERT_CARD}

# Why a write did not reach the file, as the learner reads it.
REASONS: dict[str, tuple[str, str]] = {
    "full": ("the disk is full", "磁盘已满"),
    "readonly": ("the progress database or its folder is read-only", "进度数据库或其文件夹是只读的"),
    "locked": ("another program is holding the progress database", "另一个程序正占用进度数据库"),
    "schema": ("the progress database is of an unknown or newer version and is left untouched",
               "进度数据库版本未知或更新，未做改动"),
    "damaged": ("the progress database refused the write", "进度数据库拒绝写入"),
}


def classify(exc: BaseException) -> str:
    """The kind of a storage failure: full | readonly | locked | cantopen | schema | corrupt | damaged."""
    import errno

    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return "full"
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "readonly"
        return "damaged"
    text = str(exc).lower()
    if "full" in text:
        return "full"
    if "readonly" in text or "read-only" in text:
        return "readonly"
    if "locked" in text or "busy" in text:
        return "locked"
    if "unable to open" in text:
        return "cantopen"
    if "not a database" in text or "malformed" in text or "integrity" in text or "corrupt" in text:
        return "corrupt"
    if isinstance(exc, sqlite3.OperationalError):
        return "damaged"
    return "corrupt"


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Copy a database into ``target`` without ever waiting forever: Connection.backup retries a busy
    or locked source endlessly, so take the read lock first (that wait obeys the busy timeout)."""
    in_transaction = source.in_transaction
    if not in_transaction:
        source.execute("BEGIN")
    try:
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()   # raises "database is locked"
        source.backup(target)
    finally:
        if not in_transaction:
            source.execute("COMMIT")


class SchemaMismatch(sqlite3.DatabaseError):
    """The file is a quizapp database of another (newer or unreadable) schema version."""


@dataclass(frozen=True)
class WriteStatus:
    """What happened to one write. ``saved``: this write (and everything queued before it) is in the
    file. Otherwise it is kept in memory: ``waiting`` writes are queued, and ``reason`` says why."""

    saved: bool
    waiting: int = 0
    reason: str | None = None        # a key of REASONS
    flushed: int = 0                 # queued writes of earlier answers that reached the file now

    def message(self, lang: str) -> str | None:
        """One plain sentence for the learner, or None when there is nothing to say."""
        if self.saved:
            if not self.flushed:
                return None
            return (f"已把之前暂存在内存中的 {self.flushed} 条记录写入进度数据库。" if lang == "zh"
                    else f"Saved {plural(self.flushed, 'earlier answer')} that had been waiting in memory.")
        why_en, why_zh = REASONS.get(self.reason or "damaged", REASONS["damaged"])
        if lang == "zh":
            return (f"未保存：{why_zh}。这次作答保存在内存中（共 {self.waiting} 条待写入），"
                    f"数据库恢复可写后会自动写入；退出时仍无法写入则存到 progress.db.unsaved.jsonl。")
        return (f"Not saved: {why_en}. This answer is kept in memory ({self.waiting} waiting) and is written "
                f"as soon as the database accepts writes; if it still cannot be written when you quit, it goes "
                f"to progress.db.unsaved.jsonl.")


class Storage(ProgressReads):
    """The progress database. Thread-safe (one connection behind a lock); cheap calls."""

    def __init__(self, path: Path | str | None) -> None:
        """``path`` None keeps everything in memory (used when the data folder is unusable)."""
        self.path = Path(path) if path is not None else None
        self.notice: str | None = None
        self.notice_zh: str | None = None
        self._lock = threading.Lock()
        self._file: sqlite3.Connection | None = None      # the database file, when it is open for writing
        self._retry = False                                # keep trying to open the file for writing
        self._pending: list[tuple[str, tuple]] = []        # writes kept in memory, not yet in the file
        self._problem: str | None = None                   # why the last write to the file failed
        self.integrity_checked = False                     # PRAGMA quick_check ran at this start
        self._conn = self._open()

    # -- opening --------------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return self._memory()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if not self.path.exists():
                self._say(f"Cannot create the data folder {self.path.parent} ({exc.strerror}); progress is kept "
                          f"only until you quit. Use --data-dir to choose another folder.",
                          f"无法创建数据文件夹 {self.path.parent}（{exc.strerror}）；本次进度只保存在内存中，退出即丢失。"
                          f"可用 --data-dir 指定其他文件夹。")
                return self._memory()
        try:
            self._file = self._connect(str(self.path), OPEN_TIMEOUT)
        except SchemaMismatch as exc:
            self._say(f"The progress database {self.path} {exc}; it is left untouched and this session's "
                      f"answers are kept only until you quit.",
                      f"进度数据库 {self.path} {exc.args[1] if len(exc.args) > 1 else exc}；文件未做改动，"
                      f"本次作答只保存在内存中，退出即丢失。")
            self._retry, self._problem = True, "schema"   # queued, then kept in progress.db.unsaved.jsonl
            return self._read_into_memory()
        except (sqlite3.DatabaseError, OSError) as exc:
            kind = classify(exc)
            if kind == "locked":
                self._retry = True
                self._problem = "locked"
                self._say(f"The progress database {self.path} is in use by another program (it stayed locked for "
                          f"{OPEN_TIMEOUT:.0f} s). Nothing was changed; this session runs in memory and its answers "
                          f"are written to the database as soon as it frees.",
                          f"进度数据库 {self.path} 正被另一个程序占用（锁定超过 {OPEN_TIMEOUT:.0f} 秒）。文件未做改动；"
                          f"本次先在内存中运行，数据库空闲后自动写入本次作答。")
                return self._read_into_memory()
            if kind in ("readonly", "cantopen"):
                self._retry = True
                self._problem = "readonly"
                shown = self.path.exists()
                self._say(f"The progress database {self.path} cannot be written (read-only file or folder). "
                          + ("Your progress is shown; " if shown else "")
                          + "this session's answers are kept in memory and are lost when you quit, unless the "
                            "folder becomes writable. Use --data-dir to choose another folder.",
                          f"进度数据库 {self.path} 无法写入（文件或文件夹只读）。"
                          + ("已显示原有进度；" if shown else "")
                          + "本次作答只保存在内存中，除非文件夹恢复可写，否则退出即丢失。可用 --data-dir 指定其他文件夹。")
                return self._read_into_memory()
            try:
                moved = self._move_aside()
            except OSError as move_exc:
                self._say(f"The progress database {self.path} could not be read ({exc}) and could not be moved "
                          f"aside ({move_exc.strerror}); it is left as it is and this session runs in memory.",
                          f"进度数据库 {self.path} 无法读取（{exc}），也无法移开（{move_exc.strerror}）；"
                          f"文件保持原样，本次在内存中运行。")
                return self._memory()
            self._say(f"The progress database {self.path} could not be read ({exc}); it was moved to {moved.name} "
                      f"and a fresh one was started.",
                      f"进度数据库 {self.path} 无法读取（{exc}），已移到 {moved.name}，并新建了一个数据库。")
            try:
                self._file = self._connect(str(self.path), OPEN_TIMEOUT)
            except (sqlite3.DatabaseError, OSError):
                return self._memory()
        self._replay_unsaved()
        return self._file

    def _connect(self, target: str, timeout: float) -> sqlite3.Connection:
        conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None, timeout=timeout)
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            version = rows.get("schema_version")
            if version is None:
                pass                          # a new file (or one without its meta rows): upgrade sets it
            elif not str(version).isdigit():
                raise SchemaMismatch(f"has an unknown schema version {str(version)[:40]!r}",
                                     f"的数据库版本号 {str(version)[:40]!r} 无法识别")
            elif int(version) > SCHEMA_VERSION:
                raise SchemaMismatch(f"was written by a newer quizapp (schema {version})",
                                     f"由更新版本的 quizapp 写入（schema {version}）")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            if rows.get("open") == "1" and target != ":memory:":
                # The last session did not close cleanly: check the file before trusting it. A clean
                # start skips this (it reads the whole file); ``quizapp doctor`` runs it on demand.
                self.integrity_checked = True
                ok = conn.execute("PRAGMA quick_check").fetchone()
                if not ok or ok[0] != "ok":
                    raise sqlite3.DatabaseError(f"integrity check failed: {ok[0] if ok else 'no answer'}")
            upgrade(conn, int(version) if version is not None else None)   # only once it is known to be ours
            if target != ":memory:":
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('open', '1')")
        except BaseException:
            conn.close()
            raise
        conn.execute(f"PRAGMA busy_timeout={int(WRITE_TIMEOUT * 1000)}")
        conn.execute("PRAGMA cache_size=-16384")     # 16 MB: the indexes home and stats read stay cached
        if target != ":memory:":
            # Read pages straight from the OS's cache instead of copying each one in: the first query of
            # a session (home's sums over 50,000 cards) takes 14 ms instead of 25.
            conn.execute("PRAGMA mmap_size=268435456")
        add_math(conn)
        return conn

    def _memory(self) -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        upgrade(conn, None)
        add_math(conn)
        return conn

    def _read_into_memory(self) -> sqlite3.Connection:
        """A copy in memory of what the file holds (empty when even reading fails), to work on."""
        memory = self._memory()
        if self.path is None or not self.path.exists():
            return memory
        uri = self.path.resolve().as_uri()
        # read-only first; a WAL file in a read-only folder can only be read as immutable (no -shm file)
        for query in ("?mode=ro", "?mode=ro&immutable=1"):
            try:
                source = sqlite3.connect(uri + query, uri=True, timeout=0.5, check_same_thread=False)
                try:
                    _copy(source, memory)
                finally:
                    source.close()
                # the copy is ours to change: bring an older (or unknown) layout to this schema
                version = dict(memory.execute("SELECT key, value FROM meta").fetchall()).get("schema_version")
                upgrade(memory, int(version) if str(version).isdigit() and int(version) <= SCHEMA_VERSION else None)
                return memory
            except (sqlite3.Error, OSError, ValueError):
                memory.close()
                memory = self._memory()
        return memory

    def _move_aside(self) -> Path:
        assert self.path is not None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            src = Path(str(self.path) + suffix)
            if src.exists():
                src.replace(Path(str(target) + suffix))
        return target

    def _say(self, en: str, zh: str) -> None:
        self.notice, self.notice_zh = en, zh

    # -- writing ------------------------------------------------------------------------------------
    @property
    def unsaved_path(self) -> Path | None:
        return None if self.path is None else self.path.with_name(self.path.name + ".unsaved.jsonl")

    @property
    def waiting(self) -> int:
        """Answers kept in memory that have not reached the database file yet."""
        return sum(op == "answer" for op, _ in self._pending)

    def _write(self, op: str, params: tuple) -> WriteStatus:
        with self._lock:
            if self._conn is not self._file:
                # working in memory: the write always lands there, and is queued for the file
                self._conn.execute(_SQL[op], params)
                if self.path is None or (self._file is None and not self._retry):
                    return WriteStatus(True)       # in memory by design: nothing to write to
                self._pending.append((op, params))
                return self._flush(current=op)
            try:
                self._file.execute(_SQL[op], params)
                return WriteStatus(True)
            except sqlite3.Error as exc:
                self._problem = classify(exc)
            # the file refused it: go on in a copy in memory, with this write queued
            self._degrade()
            self._conn.execute(_SQL[op], params)
            self._pending.append((op, params))
            return WriteStatus(False, self.waiting, self._problem)

    def _degrade(self) -> None:
        """Switch reads and writes to a copy in memory of the file, keeping the file to retry."""
        memory = self._memory()
        try:
            assert self._file is not None
            _copy(self._file, memory)
        except (sqlite3.Error, AssertionError):
            memory = self._memory()
        self._conn = memory

    def _flush(self, timeout: float = WRITE_TIMEOUT, current: str | None = None) -> WriteStatus:
        """Try to write every queued write to the file, in one transaction. Caller holds the lock."""
        if self._file is None:
            try:
                assert self.path is not None
                self._file = self._connect(str(self.path), timeout)
            except (sqlite3.Error, OSError, SchemaMismatch) as exc:
                self._file = None
                self._problem = "schema" if isinstance(exc, SchemaMismatch) else classify(exc)
                if self._problem in ("cantopen", "corrupt"):
                    self._problem = "readonly" if self._problem == "cantopen" else "damaged"
                return WriteStatus(False, self.waiting, self._problem)
        n = self.waiting - (current == "answer")          # earlier answers among the queued writes
        try:
            self._file.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            self._file.execute("BEGIN IMMEDIATE")
            for op, params in self._pending:
                self._file.execute(_SQL[op], params)
            self._file.execute("COMMIT")
        except sqlite3.Error as exc:
            self._problem = classify(exc)
            try:
                self._file.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            return WriteStatus(False, self.waiting, self._problem)
        finally:
            try:
                self._file.execute(f"PRAGMA busy_timeout={int(WRITE_TIMEOUT * 1000)}")
            except sqlite3.Error:
                pass
        self._pending.clear()
        self._problem = None
        memory, self._conn = self._conn, self._file        # the file holds everything again
        if memory is not self._file:
            memory.close()
        return WriteStatus(True, 0, None, n)

    def retry(self) -> WriteStatus:
        """Try the queued writes again now (e.g. on a timer); WriteStatus(True) when none wait."""
        with self._lock:
            if not self._pending:
                return WriteStatus(True)
            return self._flush()     # every queued answer is an earlier one: flushed counts them all

    def _replay_unsaved(self) -> None:
        """Write into the database what an earlier session queued in progress.db.unsaved.jsonl."""
        import json

        path = self.unsaved_path
        if self._file is None or path is None or not path.is_file():
            return
        ops = []
        try:
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    item = json.loads(line)
                    if item.get("op") in _SQL and isinstance(item.get("params"), list):
                        params = tuple(item["params"])
                        ops.append((item["op"], _card_params(params) if item["op"] == "card" else params))
            self._file.execute("BEGIN IMMEDIATE")
            for op, params in ops:
                self._file.execute(_SQL[op], params)
            self._file.execute("COMMIT")
            path.unlink()
        except (OSError, ValueError, sqlite3.Error) as exc:
            try:
                self._file.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            self._say(f"Answers an earlier session could not save ({len(ops)}) are still in {path} ({exc}).",
                      f"之前未能保存的 {len(ops)} 条记录仍在 {path}（{exc}）。")
            return
        answers = sum(op == "answer" for op, _ in ops)
        self._say(f"Saved {plural(answers, 'answer')} that an earlier session could not write (from {path.name}).",
                  f"已写入之前未能保存的 {answers} 条作答（来自 {path.name}）。")

    def recount(self) -> bool:
        """Work out again everything kept beside the answers and cards (per-question totals, the cards'
        copied fields); for ``quizapp doctor --fix``. False when the file cannot be written now."""
        with self._lock:
            if self._file is None or self._conn is not self._file:
                return False
            try:
                rebuild(self._file, only_missing=False)
            except sqlite3.Error:
                return False
            return True

    def close(self) -> str | None:
        """Write what is still queued (one patient try, then progress.db.unsaved.jsonl) and close.
        Returns a sentence for the terminal when answers could not be kept, else None."""
        import json

        with self._lock:
            message = None
            if self._pending:
                status = self._flush(CLOSE_TIMEOUT)
                if not status.saved:
                    answers = sum(op == "answer" for op, _ in self._pending)
                    path = self.unsaved_path
                    try:
                        assert path is not None
                        with path.open("a", encoding="utf-8") as f:
                            for op, params in self._pending:
                                f.write(json.dumps({"op": op, "params": list(params)}, ensure_ascii=False) + "\n")
                        message = (f"{plural(answers, 'answer')} could not be written to {self.path} "
                                   f"({REASONS.get(status.reason or 'damaged', REASONS['damaged'])[0]}); they are in "
                                   f"{path} and are saved the next time quizapp starts with a writable database.")
                    except (OSError, AssertionError) as exc:
                        message = (f"{plural(answers, 'answer')} of this session could not be saved "
                                   f"({REASONS.get(status.reason or 'damaged', REASONS['damaged'])[0]}; "
                                   f"{getattr(exc, 'strerror', None) or exc}).")
                    self._pending.clear()
            for conn in {id(c): c for c in (self._conn, self._file) if c is not None}.values():
                try:
                    if conn is self._file:
                        conn.execute("INSERT OR REPLACE INTO meta VALUES ('open', '0')")
                except sqlite3.Error:
                    pass
                conn.close()
            return message

    # -- answers --------------------------------------------------------------------------------
    def record_answer(self, rec: AnswerRecord) -> WriteStatus:
        import json  # not on the start-up path

        when = rec.answered_at or utcnow()
        return self._write("answer", (
            iso(when), rec.question_id, rec.topic, rec.context, rec.seed, rec.step, rec.status, rec.rating,
            None if rec.response is None else json.dumps(rec.response, ensure_ascii=False, default=str),
            rec.seconds, rec.hints, rec.session))

    # -- cards ----------------------------------------------------------------------------------
    def save_card(self, question_id: str, topic: str, card_json: str, due: datetime, seed: int | None) -> WriteStatus:
        return self._write("card", (question_id, topic, card_json, iso(due), seed, *card_columns(card_json)))

