"""A problem found while loading a bank file: which file, which question, which field, what is wrong."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    file: str                 # the file as the user knows it ("nn-basics.toml", "~/my-bank/x.toml")
    qid: str | None           # the question's id, None for file-level problems or a question without one
    field: str | None         # dotted path inside the question ("prompt.en", "options[2].zh"), or None
    message: str              # what is wrong and, where it helps, what to write instead

    def __str__(self) -> str:
        # "nn-basics.toml: nn-basics/x: answer: 'E' is not one of the options A-C"
        return ": ".join(part for part in (self.file, self.qid, self.field, self.message) if part)
