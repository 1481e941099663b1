"""``quizapp`` with no command: load the bank, open the progress database, run the app."""

from __future__ import annotations

import sys

from quizapp.settings import Settings, resolve_settings


def bank_cache(settings: Settings):
    """The bank cache for ``settings`` (engine.bank.cache: parsed files are kept, keyed by content)."""
    from engine.bank.cache import BankCache
    from quizapp import __version__

    return BankCache(settings.bank_cache_dir, f"quizapp {__version__}")


def load_settings_bank(settings: Settings, progress=None, cache=None):
    """The bank the app shows for ``settings``: the built-in files, the user bank folder
    ``<data dir>/bank`` (the data dir from --data-dir, else $QUIZAPP_DATA_DIR, else the platform's),
    then the ``--bank`` paths. Files unchanged since they were last parsed come from the bank cache;
    ``progress(done, total)`` is called after each file."""
    from engine.bank.loader import load_bank
    from engine.bank.paths import user_bank_dir

    return load_bank(settings.bank_paths, user_dir=user_bank_dir(settings.data_dir),
                     cache=cache or bank_cache(settings), progress=progress)


def cached_settings_bank(settings: Settings, cache):
    """The bank when every file is in the cache (a few ms for the built-in bank), else None."""
    from engine.bank.loader import load_cached_bank
    from engine.bank.paths import user_bank_dir

    try:
        return load_cached_bank(settings.bank_paths, user_dir=user_bank_dir(settings.data_dir), cache=cache)
    except Exception:   # e.g. a user folder that cannot be listed: the worker's load reports it
        return None


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
    import threading

    cache = bank_cache(settings)
    # Every file unchanged since it was parsed: the bank is there before the first frame (the home
    # screen is usable at once). Otherwise the app parses in a worker and the home shows progress.
    # Read in a thread while Textual is imported: hashing and reading files let go of the GIL.
    cached: list = []
    opened: list = []
    storage_open = threading.Event()

    def read() -> None:
        from quizapp.scheduling import prepare_progress

        cached.append(cached_settings_bank(settings, cache))
        storage_open.wait()
        prepare_progress(cached[0], opened[0] if opened else None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        from quizapp.storage import Storage

        storage = Storage(settings.db_path)
        opened.append(storage)
    finally:
        storage_open.set()
    utf8_terminal()
    from quizapp.app import make_app

    reader.join()
    bank = cached[0] if cached else None
    if bank is None:
        def bank(progress=None):
            return load_settings_bank(settings, progress=progress, cache=cache)

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
