"""Where a user's own bank files live.

``$QUIZAPP_DATA_DIR/bank`` when that variable is set (tests and portable installs use it), otherwise
``platformdirs.user_data_dir("quizapp")/bank`` (``~/.local/share/quizapp/bank`` on Linux).
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "QUIZAPP_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user data folder: ``override`` (``--data-dir``), else $QUIZAPP_DATA_DIR, else the platform's."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only needed when no override is given

    return Path(platformdirs.user_data_dir("quizapp"))


def user_bank_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder whose *.toml / *.json bank files load beside the built-in bank (may not exist yet)."""
    return data_dir(override) / "bank"
