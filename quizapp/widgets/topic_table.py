"""The home screen's table of topics: a header and a few rows, one highlighted; Enter or a click picks it.

A single widget that draws itself as lines of text: the home screen is the first thing on screen,
and Textual's DataTable (a scrolling grid with per-cell caches, built for thousands of rows) cost
about as much time before the first frame as a whole minimal Textual app. Seven rows need none of it.

    table.set_rows(columns, rows)    columns: [(title, width)], rows: [(key, [cell, ...])]
    table.cursor_row                 the highlighted row (0-based); ↑ ↓ Home End move it
    table.get_row_at(i)              the cells of row i, as given
    TopicTable.RowSelected           posted on Enter or a click, with the row's key
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

Cell = Union[str, Text]
GAP = "  "   # between columns


class TopicTable(Widget, can_focus=True):
    DEFAULT_CSS = """
    TopicTable { height: auto; }
    TopicTable > .topic-table--header { text-style: bold; background: $panel; }
    TopicTable > .topic-table--odd { background: $foreground 4%; }
    TopicTable > .topic-table--cursor { background: $surface-lighten-2; }
    TopicTable:focus > .topic-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground;
                                              text-style: bold; }
    """
    COMPONENT_CLASSES = {"topic-table--header", "topic-table--odd", "topic-table--cursor"}
    BINDINGS = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
        Binding("enter", "select", show=False),
    ]

    cursor_row: reactive[int] = reactive(0)

    @dataclass
    class RowSelected(Message):
        table: "TopicTable"
        key: str

        @property
        def control(self) -> "TopicTable":
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._columns: list[tuple[str, int]] = []
        self._rows: list[tuple[str, list[Cell]]] = []

    # -- contents ---------------------------------------------------------------------------------
    def set_rows(self, columns: list[tuple[str, int]], rows: list[tuple[str, list[Cell]]]) -> None:
        """Replace the header and rows (the cursor stays on the same row number when it still exists)."""
        self._columns = list(columns)
        self._rows = list(rows)
        self.cursor_row = min(self.cursor_row, max(0, len(self._rows) - 1))
        self.refresh(layout=True)

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def get_row_at(self, index: int) -> list[Cell]:
        return list(self._rows[index][1])

    def row_key(self, index: int) -> str:
        return self._rows[index][0]

    def move_cursor(self, *, row: int) -> None:
        if self._rows:
            self.cursor_row = max(0, min(row, len(self._rows) - 1))

    # -- drawing ----------------------------------------------------------------------------------
    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._rows) + 1

    def get_content_width(self, container, viewport) -> int:
        return sum(w for _, w in self._columns) + len(GAP) * max(0, len(self._columns) - 1) + 2

    def _line(self, cells: list[Cell]) -> Text:
        line = Text(" ")
        for i, (cell, (_title, width)) in enumerate(zip(cells, self._columns)):
            if i:
                line.append(GAP)
            text = cell if isinstance(cell, Text) else Text(str(cell))
            line.append_text(text)
            line.append(" " * max(0, width - cell_len(text.plain)))
        return line

    def render(self) -> Text:
        width = self.size.width
        header = self._line([title for title, _ in self._columns])
        header.stylize(self.get_component_rich_style("topic-table--header"))
        lines = [header]
        odd = self.get_component_rich_style("topic-table--odd")
        cursor = self.get_component_rich_style("topic-table--cursor")
        for i, (_key, cells) in enumerate(self._rows):
            line = self._line(cells)
            if i == self.cursor_row:
                line.stylize(cursor)
            elif i % 2:
                line.stylize(odd)
            lines.append(line)
        for line in lines:   # the row's style reaches the right edge
            line.pad_right(max(0, width - cell_len(line.plain)))
        out = Text("\n").join(lines)
        out.no_wrap = True
        out.overflow = "ellipsis"
        return out

    def watch_cursor_row(self) -> None:
        self.refresh()

    # -- keys and mouse ---------------------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        self.move_cursor(row=self.cursor_row + delta)

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=len(self._rows) - 1)

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.RowSelected(self, self.row_key(self.cursor_row)))

    def on_click(self, event: events.Click) -> None:
        row = event.y - 1          # the header is line 0
        if 0 <= row < len(self._rows):
            self.move_cursor(row=row)
            self.action_select()
