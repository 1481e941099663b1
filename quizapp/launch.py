"""``quizapp`` with no command: load the bank, open the progress database, run the app."""

from __future__ import annotations

import sys

from quizapp.settings import resolve_settings


def launch(args) -> int:
    settings = resolve_settings(getattr(args, "lang", None), getattr(args, "data_dir", None),
                                getattr(args, "bank", None) or ())
    from quizapp.storage import Storage

    def bank():
        # Read in a worker after the home screen is painted (see quizapp.app.make_app).
        from engine.bank.loader import load_bank

        return load_bank(settings.bank_paths)

    storage = Storage(settings.db_path)
    from quizapp.app import make_app

    app = make_app(bank, settings, storage)
    try:
        app.run()
    finally:
        storage.close()
    if storage.notice:  # say it again on the plain terminal, where it stays visible
        print(f"quizapp: {storage.notice}", file=sys.stderr)
    if app.crash_message:
        print(f"quizapp: {app.crash_message}", file=sys.stderr)
        return 70
    return app.return_code or 0
