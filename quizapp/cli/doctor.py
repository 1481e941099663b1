"""``quizapp doctor``: check the progress database on demand and report in one block.

    quizapp doctor [--data-dir DIR] [--fix]

Read-only: the file is opened with ``mode=ro`` and never changed, moved or migrated (``--fix`` aside,
which recounts the figures kept beside the answers). Exit 0 when everything is in order (or there is
no database yet), 1 when something is wrong.
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "doctor", help="check the progress database (integrity, schema, kept totals) and report",
        description="Check the progress database: SQLite's full integrity check, the schema version, whether "
        "the per-question totals and the cards' copied fields agree with the answers and cards, whether the "
        "last session closed cleanly, and answers waiting in progress.db.unsaved.jsonl. Nothing is changed "
        "(except with --fix). Exit 0 when all is in order, 1 when not.")
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="where progress is kept (default: the user data folder; env QUIZAPP_DATA_DIR)")
    parser.add_argument("--fix", action="store_true",
                        help="recount the per-question totals and the cards' copied fields (answers and cards "
                        "themselves are not changed)")
    parser.set_defaults(func=run_doctor)


def run_doctor(args) -> int:
    from quizapp.settings import resolve_settings

    path = resolve_settings(None, getattr(args, "data_dir", None)).db_path
    fixed = None
    lines, ok = check(path)
    if args.fix and not ok:
        if any(name == "integrity" and text.startswith("FAILED") for name, text in lines):
            fixed = "not done: a damaged file is not recounted (the next start moves it aside and starts afresh)"
        else:
            fixed = _fix(path)
            lines, ok = check(path)
    print(f"quizapp doctor: {path}")
    if fixed is not None:
        lines.insert(0, ("fix", fixed))
    width = max(len(name) for name, _ in lines)
    for name, text in lines:
        print(f"  {name:<{width}}  {text}")
    print("result: " + ("ok" if ok else "problems found (above)"))
    return 0 if ok else 1


def _fix(path: Path) -> str:
    from quizapp.storage import Storage

    storage = Storage(path)
    try:
        if storage.notice:
            return f"not done: {storage.notice}"
        return "recounted the totals and the cards' copied fields" if storage.recount() else \
            "not done: the database cannot be written now"
    finally:
        storage.close()


def check(path: Path) -> tuple[list[tuple[str, str]], bool]:
    """(name, finding) lines and whether all is in order."""
    from engine.text import plural
    from quizapp.storage_schema import SCHEMA_VERSION

    lines: list[tuple[str, str]] = []
    aside = sorted(path.parent.glob(path.name + ".corrupt-*")) if path.parent.is_dir() else []
    unsaved = path.with_name(path.name + ".unsaved.jsonl")
    if not path.exists():
        lines.append(("database", "none yet: it is created the first time quizapp starts; nothing to check"))
        _extras(lines, aside, unsaved)
        return lines, True
    if not path.is_file():
        lines.append(("database", "is not a file (a folder?): quizapp cannot keep progress there; "
                                  "use --data-dir to choose another folder"))
        return lines, False
    ok = True
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2.0)
    except sqlite3.Error as exc:
        lines.append(("database", f"cannot be opened ({exc})"))
        return lines, False
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check(20)").fetchall()]
        if problems == ["ok"]:
            lines.append(("integrity", "ok (PRAGMA integrity_check)"))
        else:
            ok = False
            lines.append(("integrity", "FAILED: " + "; ".join(problems[:5])
                          + (f" (+{len(problems) - 5} more)" if len(problems) > 5 else "")))
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall()) if _has(conn, "meta") else {}
        version = meta.get("schema_version")
        if version is None:
            lines.append(("schema", "no version recorded: quizapp brings it to schema "
                                    f"{SCHEMA_VERSION} at the next start"))
        elif not str(version).isdigit() or int(version) > SCHEMA_VERSION:
            ok = False
            lines.append(("schema", f"{version!r}: unknown or newer than this quizapp's ({SCHEMA_VERSION}); "
                                    "it is read, never written"))
        elif int(version) < SCHEMA_VERSION:
            lines.append(("schema", f"{version}: migrated to {SCHEMA_VERSION} at the next start (nothing is lost)"))
        else:
            lines.append(("schema", f"{version} (this quizapp's)"))
        if version is not None and str(version) == str(SCHEMA_VERSION):
            ok &= _kept_figures(conn, meta, lines, plural)
        else:
            n = conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] if _has(conn, "answers") else 0
            lines.append(("answers", plural(n, "answer")))
        marker = meta.get("open")
        lines.append(("last session", "did not close cleanly (or quizapp is running now): the next start "
                                      "runs a quick check first" if marker == "1" else "closed cleanly"))
    except sqlite3.DatabaseError as exc:
        from quizapp.storage import classify

        ok = False
        if classify(exc) == "locked":
            lines.append(("database", f"locked by another program ({exc}); try again once it is closed"))
        else:
            lines.append(("integrity", f"FAILED: {exc}. At the next start quizapp moves the file aside "
                                       f"({path.name}.corrupt-<time>, nothing is deleted) and starts a fresh one"))
    finally:
        conn.close()
    _extras(lines, aside, unsaved)
    return lines, ok


def _has(conn: sqlite3.Connection, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone() is not None


def _kept_figures(conn: sqlite3.Connection, meta: dict, lines: list, plural) -> bool:
    """Do the totals and the cards' copied fields agree with the answers and cards they come from?"""
    from quizapp.storage_schema import RECALLED_SQL, card_columns

    counted = {r[0]: tuple(r[1:]) for r in conn.execute(
        f"SELECT question_id, COUNT(*), SUM(status != 'invalid'), SUM({RECALLED_SQL}) FROM answers"
        " WHERE step IS NULL GROUP BY question_id")}
    kept = {r[0]: tuple(r[1:]) for r in conn.execute(
        "SELECT question_id, answers, graded, recalled FROM totals WHERE answers != 0 OR graded != 0 OR recalled != 0")}
    off = sum(1 for q in counted.keys() | kept.keys() if counted.get(q) != kept.get(q))
    whole = sum(v[0] for v in counted.values())
    total_ok = str(meta.get("answer_total", "0")) == str(whole)
    n = conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    if off or not total_ok:
        lines.append(("answers", f"{plural(n, 'answer')}; the kept totals disagree for "
                                 f"{plural(off, 'question')}" + ("" if total_ok else " and the answer count")
                                 + ": run quizapp doctor --fix"))
    else:
        lines.append(("answers", f"{plural(n, 'answer')} to {plural(len(counted), 'question')}; kept totals agree"))
    wrong = 0
    cards = 0
    for card, state, stability, last in conn.execute("SELECT card, state, stability, last_review FROM cards"):
        cards += 1
        wrong += card_columns(card) != (state, stability, last)
    if wrong:
        lines.append(("cards", f"{plural(cards, 'card')}; the copied fields disagree with the card for "
                               f"{plural(wrong, 'card')}: run quizapp doctor --fix"))
    else:
        lines.append(("cards", f"{plural(cards, 'card')}; copied fields agree"))
    return not off and total_ok and not wrong


def _extras(lines: list, aside: list[Path], unsaved: Path) -> None:
    if unsaved.is_file():
        try:
            n = sum(1 for line in unsaved.read_text(encoding="utf-8").splitlines() if line.strip())
        except (OSError, UnicodeDecodeError):
            n = 0
        lines.append(("unsaved", f"{n} write(s) wait in {unsaved.name}: saved at the next start with a writable database"))
    if aside:
        lines.append(("moved aside", f"{len(aside)} damaged database(s) kept beside it: "
                                     + ", ".join(p.name for p in aside[:3]) + (" …" if len(aside) > 3 else "")))
