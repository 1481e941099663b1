"""Answer paths of generated questions: ``ask = ["loss", "a.-1", "dW.0"]`` in a bank file.

A path names one entry of ``Exercise.answers``: dot-separated keys, integers index lists
("a.-1" is the last layer's activation, ``answers["a"][-1]``). Steps record the same paths as tuples.
"""

from __future__ import annotations

from typing import Any


def parse_path(text: str) -> tuple[str | int, ...]:
    """"a.-1" -> ("a", -1); "loss" -> ("loss",)."""
    parts: list[str | int] = []
    for part in text.split("."):
        try:
            parts.append(int(part))
        except ValueError:
            parts.append(part)
    return tuple(parts)


def format_path(path: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in path)


def resolve_path(answers: Any, path: tuple[str | int, ...]) -> Any:
    """The value at ``path``; KeyError / IndexError / TypeError when there is none."""
    value = answers
    for part in path:
        if isinstance(part, int) and isinstance(value, dict):
            raise KeyError(part)
        value = value[part]
    return value


def same_path(a: tuple[str | int, ...], b: tuple[str | int, ...], answers: Any) -> bool:
    """Whether two paths name the same entry (so "a.-1" matches a step recorded as ("a", 2))."""
    if len(a) != len(b):
        return False
    value = answers
    for x, y in zip(a, b):
        if isinstance(x, int) and isinstance(y, int) and isinstance(value, (list, tuple)):
            n = len(value)
            if x % n != y % n:
                return False
        elif x != y:
            return False
        value = value[x]
    return True
