"""Atomic file writes: a temporary file in the target's folder, then os.replace.

A failed or interrupted export never leaves a half-written file and never damages the file it was
going to replace; the temporary file is removed on failure.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def _final_mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777          # keep an existing file's permissions
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask                          # what open() would have created


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yields a temporary path next to ``target``; on success it replaces ``target``."""
    target = Path(target)
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
    with atomic_path(target) as tmp:
        with open(tmp, "w", encoding="utf-8", newline=newline) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
