"""Where the app keeps progress and which language it speaks.

    language:  --lang  >  the system locale (zh* -> zh)  >  en
    data dir:  --data-dir  >  $QUIZAPP_DATA_DIR  >  platformdirs' user data folder
    bank cache: $QUIZAPP_CACHE_DIR  >  <data dir>/cache/bank when a data dir is given  >  platformdirs'
               user cache folder/bank  (engine.bank.cache; always safe to delete)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

APP_NAME = "quizapp"
DB_NAME = "progress.db"


@dataclass(frozen=True)
class Settings:
    lang: str
    data_dir: Path
    bank_paths: tuple[str, ...] = field(default_factory=tuple)
    cache_dir: Path | None = None       # None: <data_dir>/cache/bank (what tests and --data-dir get)

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def bank_cache_dir(self) -> Path:
        if os.environ.get("QUIZAPP_CACHE_DIR"):
            return Path(os.environ["QUIZAPP_CACHE_DIR"]).expanduser()
        return self.cache_dir or self.data_dir / "cache" / "bank"


def system_lang(env: Mapping[str, str] | None = None) -> str:
    """zh when the locale (LC_ALL, LC_MESSAGES, LANG, LANGUAGE, then Python's locale) starts with zh."""
    env = os.environ if env is None else env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    import locale

    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "zh" if code.lower().startswith("zh") else "en"


def default_data_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("QUIZAPP_DATA_DIR"):
        return Path(env["QUIZAPP_DATA_DIR"]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_settings(lang: str | None = None, data_dir: str | os.PathLike | None = None,
                     bank_paths: tuple[str, ...] | list[str] = (), env: Mapping[str, str] | None = None) -> Settings:
    """Settings from command-line values (None = not given) and the environment."""
    env = os.environ if env is None else env
    cache_dir = None
    if not data_dir and not env.get("QUIZAPP_DATA_DIR"):
        import platformdirs     # the default data folder: the cache goes to the platform's cache folder

        cache_dir = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "bank"
    return Settings(
        lang=lang if lang in ("zh", "en") else system_lang(env),
        data_dir=Path(data_dir).expanduser() if data_dir else default_data_dir(env),
        bank_paths=tuple(bank_paths or ()),
        cache_dir=cache_dir,
    )
