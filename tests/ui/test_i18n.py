"""Every interface string the app asks for exists in Chinese and English."""

from __future__ import annotations

import re
from pathlib import Path

from quizapp.i18n import STRINGS, t

QUIZAPP = Path(__file__).resolve().parents[2] / "quizapp"


def test_every_key_used_is_defined_in_both_languages() -> None:
    used: set[str] = set()
    for path in QUIZAPP.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_0-9]+)["']""", text))
        used |= set(re.findall(r"""Binding\([^)]*?["'](key\.[a-z_]+)["']""", text))
    import quizapp.drill.text  # noqa: F401  (the drill adds its own words to the table)

    missing = sorted(k for k in used if k not in STRINGS)
    assert not missing, missing
    for key, (zh, en) in STRINGS.items():
        assert zh.strip() and en.strip(), key


def test_format_fields_match_between_languages() -> None:
    for key, (zh, en) in STRINGS.items():
        fields = lambda s: sorted(re.findall(r"\{(\w+)", s))  # noqa: E731
        assert fields(zh) == fields(en), key
    assert t("q.header", "zh", pos=2, total=5) == "第 2/5 题"
    assert t("no.such.key", "en") == "no.such.key"
