"""A list of options with a tick box each, built on OptionList so long options wrap.

Textual's SelectionList draws one line per option (long options end in "…") and shows ticked and
unticked boxes with the same glyph, told apart only by colour. Here each option reads ``[x] text``
or ``[ ] text``: whole, and readable on a monochrome or ASCII-only terminal.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Generic, TypeVar

from rich.table import Table
from rich.text import Text as RichText
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList, RadioButton
from textual.widgets.option_list import Option

V = TypeVar("V", bound=Hashable)

TICKED, UNTICKED = "[x]", "[ ]"


class CheckList(OptionList, Generic[V]):
    """Space (or a click) ticks the highlighted option; ``selected`` lists the ticked values in order."""

    BINDINGS = [Binding("space", "toggle_highlighted", "tick", show=False)]

    class Changed(Message):
        """The set of ticked options changed."""

        def __init__(self, check_list: "CheckList") -> None:
            super().__init__()
            self.check_list = check_list

        @property
        def control(self) -> "CheckList":
            return self.check_list

    def __init__(self, items: Sequence[tuple[str | RichText, V, bool]], *, id: str | None = None) -> None:
        self._values: list[V] = [value for _, value, _ in items]
        self._labels: list[str | RichText] = [label for label, _, _ in items]
        self._ticked: set[int] = {i for i, (_, _, on) in enumerate(items) if on}
        super().__init__(*[Option(self._line(i), id=f"opt-{i}") for i in range(len(items))], id=id)

    # -- state ----------------------------------------------------------------------------------
    @property
    def selected(self) -> list[V]:
        return [self._values[i] for i in sorted(self._ticked)]

    def is_ticked(self, index: int) -> bool:
        return index in self._ticked

    def toggle(self, index: int) -> None:
        self._ticked ^= {index}
        self._redraw(index)
        self.post_message(self.Changed(self))

    def set_label(self, index: int, label: str | RichText) -> None:
        self._labels[index] = label
        self._redraw(index)

    # -- drawing --------------------------------------------------------------------------------
    def decorate(self, index: int, line: RichText) -> RichText:
        """Subclasses add to an option's line (e.g. a grading mark)."""
        return line

    def _line(self, index: int) -> Table:
        """``[x] text``, with wrapped lines of a long option indented under its text (a hanging indent)."""
        label = self._labels[index]
        body = label.copy() if isinstance(label, RichText) else RichText(label)
        box = RichText(TICKED if index in self._ticked else UNTICKED, style="bold" if index in self._ticked else "")
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(box, self.decorate(index, body))
        return grid

    def _redraw(self, index: int) -> None:
        self.replace_option_prompt(f"opt-{index}", self._line(index))

    def redraw_all(self) -> None:
        for i in range(len(self._values)):
            self._redraw(i)

    # -- keys and clicks --------------------------------------------------------------------------
    def action_toggle_highlighted(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.highlighted)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Enter or a click on an option ticks it (subclasses may bind Enter to something else)
        event.stop()
        self.toggle(event.option_index)


class Radio(RadioButton):
    """A radio button whose dot is drawn only when it is on: on and off differ without colour."""

    @property
    def _button(self):  # type: ignore[override]
        self.BUTTON_INNER = "●" if self.value else " "
        return super()._button
