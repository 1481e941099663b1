"""Bilingual text: every user-facing string in the bank and the generators has zh and en."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """A string in Chinese and English. ``text("zh")`` picks one language."""

    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def to_json(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> "Text":
        return cls(zh=data["zh"], en=data["en"])

    @classmethod
    def same(cls, s: str) -> "Text":
        """Language-neutral text such as a formula."""
        return cls(zh=s, en=s)


def plural(n: int, noun: str, plural_form: str | None = None) -> str:
    """ "1 input", "3 inputs": an English count with its noun in the right number."""
    return f"{n} {noun if n == 1 else (plural_form or noun + 's')}"
