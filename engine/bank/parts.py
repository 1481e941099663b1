"""The quantities a generated question asks for, shared by the TUI (one input per part) and the
exporters (one named blank or answer line per part).

    parts_of(exercise, ask=()) -> [Part]    the ``ask`` paths, or every step that is an answer
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.bank.ask import format_path, parse_path, resolve_path, same_path
from engine.text import Text

if TYPE_CHECKING:
    from engine.generators.base import Exercise


@dataclass(frozen=True, slots=True)
class Part:
    """One quantity a generated question asks for."""

    path: tuple[str | int, ...]      # where it lives in Exercise.answers, e.g. ("a", 1) or ("loss",)
    name: str                        # display name: the step's name ("a_2") or the dotted path
    label: Text | None               # what it is, in words
    formula: str                     # the step's LaTeX formula ("" when unknown)
    expected: Any                    # float or nested lists

    @property
    def shape(self) -> tuple[int, ...]:
        return shape_of(self.expected)


def shape_of(value: Any) -> tuple[int, ...]:
    """() for a number, (n,) for a vector, (rows, cols) for a matrix (nested lists or arrays)."""
    if hasattr(value, "shape"):
        return tuple(int(n) for n in value.shape)
    if isinstance(value, (list, tuple)):
        return (len(value),) + (shape_of(value[0]) if value else ())
    return ()


def parts_of(exercise: Exercise, ask: tuple[str, ...] = ()) -> list[Part]:
    """The quantities to ask, in order: the ``ask`` paths, or every step that is an answer.

    A path naming a per-layer list (``"dW"`` in an MLP: one matrix per layer) is asked as its
    layers, one part each ("dW_1", "dW_2"), as the steps record them."""
    answer_steps = [s for s in exercise.steps if s.answer is not None]
    paths: list[tuple[str | int, ...]] = []
    for asked in ([parse_path(p) for p in ask] if ask else [tuple(s.answer) for s in answer_steps]):
        if any(same_path(asked, tuple(s.answer), exercise.answers) for s in answer_steps):
            paths.append(asked)
            continue
        deeper = [tuple(s.answer) for s in answer_steps
                  if len(s.answer) == len(asked) + 1 and tuple(s.answer[:len(asked)]) == asked]
        if deeper:
            paths += deeper
            continue
        value = resolve_path(exercise.answers, asked)
        if isinstance(value, (list, tuple)) and len(shape_of_safe(value)) > 2:
            paths += [asked + (i,) for i in range(len(value))]
        else:
            paths.append(asked)
    parts = []
    for path in paths:
        step = next((s for s in answer_steps if same_path(path, tuple(s.answer), exercise.answers)), None)
        name = step.name if step else format_path(path)
        parts.append(Part(path, name, step.label if step else None, step.formula if step else "",
                          _plain(resolve_path(exercise.answers, path))))
    return parts


def shape_of_safe(value: Any) -> tuple[int, ...]:
    """shape_of for values that may be ragged lists of arrays (their depth is what matters here)."""
    if hasattr(value, "shape"):
        return tuple(int(n) for n in value.shape)
    if isinstance(value, (list, tuple)) and value:
        return (len(value),) + shape_of_safe(value[0])
    return ()


def _plain(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    return value
