"""The result of grading one answer; shared by the CLI, the TUI, the drill and the tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["correct", "incorrect", "invalid"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """
    status          correct | incorrect | invalid (could not be read; the learner should retype)
    message         one line for the learner, English
    message_zh      the same line in Chinese
    read_as         how the answer was understood, pretty-printed (Unicode), "" if unreadable
    counterexample  for a wrong symbolic answer: {"point": {var: value}, "got": float, "expected": float}
    entries         for vectors/matrices: nested lists of booleans (True = that entry is right)
    proved          a symbolic confirmation also found the two expressions equal (never decides)
    position        for invalid: 0-based character offset of the problem in the answer, if known
    """

    status: Status
    message: str = ""
    message_zh: str = ""
    read_as: str = ""
    counterexample: dict[str, Any] | None = None
    entries: Any = None
    proved: bool = False
    position: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def text(self, lang: str) -> str:
        return self.message_zh if lang == "zh" and self.message_zh else self.message

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"verdict": self.status, "message": self.message, "message_zh": self.message_zh,
                               "read_as": self.read_as}
        if self.counterexample is not None:
            out["counterexample"] = self.counterexample
        if self.entries is not None:
            out["entries"] = self.entries
        if self.proved:
            out["proved"] = True
        if self.position is not None:
            out["position"] = self.position
        out.update(self.extra)
        return out
