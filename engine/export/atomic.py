"""Atomic file writes: a temporary file in the target's folder, then os.replace.

A failed or interrupted export never leaves a half-written file and never damages the file it was
going to replace; the temporary file is removed on failure.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _final_mode(target: Path) -> int:
    """An existing regular file keeps its permissions; a new file gets what open() would give it.
    Never wider than an ordinary file under the umask (a device's 0666 is not copied)."""
    ordinary = 0o666 & ~_umask()
    try:
        info = target.stat()
    except FileNotFoundError:
        return ordinary
    if not stat.S_ISREG(info.st_mode):
        return ordinary
    return info.st_mode & 0o777


def _real_target(target: Path) -> Path:
    """Follow a symlink, so that writing through it updates the file it points to (and keeps the link)."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def is_special(target: str | os.PathLike[str]) -> bool:
    """True for an existing target that is not a regular file (a device such as /dev/null or /dev/full,
    a FIFO): it is written in place, since it cannot be replaced by a file."""
    try:
        return not stat.S_ISREG(Path(target).stat().st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return False


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yields a temporary path next to ``target``; on success it replaces ``target``."""
    target = _real_target(Path(target))
    if is_special(target):
        # a device or pipe cannot be replaced: build the file elsewhere, then write it into the target
        fd, tmp = tempfile.mkstemp(prefix="quizapp-export-", suffix=".tmp")
        os.close(fd)
        tmp_path = Path(tmp)
        try:
            yield tmp_path
            with open(target, "wb") as out:
                out.write(tmp_path.read_bytes())
        finally:
            tmp_path.unlink(missing_ok=True)
        return
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, _final_mode(target))
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_open(target: str | os.PathLike[str], *, newline: str | None = None) -> Iterator[IO[str]]:
    """A UTF-8 text file that appears at ``target`` only once it is completely written."""
    if is_special(target):
        # a device or pipe: write into it; a failed write (ENOSPC from /dev/full) raises, never "success"
        with open(target, "w", encoding="utf-8", newline=newline) as f:
            yield f
            f.flush()
        return
    with atomic_path(target) as tmp:
        with open(tmp, "w", encoding="utf-8", newline=newline) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
