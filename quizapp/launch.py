"""``quizapp`` with no command: load the bank, open the progress database, run the app."""

from __future__ import annotations

import sys

from quizapp.settings import Settings, resolve_settings


def load_settings_bank(settings: Settings):
    """The bank the app shows for ``settings``: the built-in files, the user bank folder
    ``<data dir>/bank`` (the data dir from --data-dir, else $QUIZAPP_DATA_DIR, else the platform's),
    then the ``--bank`` paths."""
    from engine.bank.loader import load_bank
    from engine.bank.paths import user_bank_dir

    return load_bank(settings.bank_paths, user_dir=user_bank_dir(settings.data_dir))


def utf8_terminal() -> None:
    """Textual draws with Unicode (box lines, ·, ✓, Chinese). A Python told to write ASCII or latin-1
    (PYTHONIOENCODING) would show "·" as "\\xb7"; the terminal itself almost always takes UTF-8, so the
    app writes UTF-8 (anything unencodable replaced, never an error)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass


def launch(args) -> int:
    settings = resolve_settings(getattr(args, "lang", None), getattr(args, "data_dir", None),
                                getattr(args, "bank", None) or ())
    from quizapp.storage import Storage

    def bank():
        # Read in a worker after the home screen is painted (see quizapp.app.make_app).
        return load_settings_bank(settings)

    storage = Storage(settings.db_path)
    utf8_terminal()
    from quizapp.app import make_app

    app = make_app(bank, settings, storage)
    try:
        app.run()
    finally:
        unsaved = storage.close()
    if unsaved:
        print(f"quizapp: {unsaved}", file=sys.stderr)
    if storage.notice:  # say it again on the plain terminal, where it stays visible
        print(f"quizapp: {storage.notice}", file=sys.stderr)
    if app.crash_message:
        print(f"quizapp: {app.crash_message}", file=sys.stderr)
        return 70
    return app.return_code or 0
