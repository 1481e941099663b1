"""A number, vector or matrix typed into a grid of small inputs (reused by the backprop drill).

    NumericGrid(shape=())        one cell
    NumericGrid(shape=(3,))      a vector: one row of 3 cells
    NumericGrid(shape=(2, 3))    a matrix: 2 rows of 3 cells

Enter moves to the next cell and, on the last one, posts ``NumericGrid.Submitted`` with
``values`` shaped like the grid (str, list[str] or list[list[str]]) — exactly what
``engine.checking.check_numeric`` grades. ``mark(entries)`` colours cells right/wrong from a
Verdict's ``entries``; ``mark_all(ok)`` colours every cell. Up/down move between rows. Every cell
has a visible background, so an empty grid still shows where to type; an empty cell shows a
placeholder that is never a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label


class GridCell(Input):
    """One cell. Ctrl+U clears it whatever the cursor position (Input's own Ctrl+U only deletes to
    the left of the cursor)."""

    BINDINGS = [Binding("ctrl+u", "clear_cell", "clear", show=False)]

    def action_clear_cell(self) -> None:
        self.value = ""


SCALAR_WIDTH = 32      # a single number may be typed as arithmetic: 4096^2*2/2^20 stays in sight


class NumericGrid(Widget, can_focus=False):
    DEFAULT_CSS = """
    NumericGrid { height: auto; width: auto; }
    NumericGrid > .grid-row { height: 1; width: auto; margin-bottom: 0; }
    NumericGrid .grid-bracket { width: 2; color: $text-muted; }
    NumericGrid Input.grid-cell {
        width: 12; height: 1; border: none; padding: 0 1; margin-right: 1;
        background: $foreground 15%;
    }
    NumericGrid Input.grid-cell:focus { background: $accent 40%; }
    NumericGrid Input.grid-cell.-right { background: $success 35%; }
    NumericGrid Input.grid-cell.-wrong { background: $error 40%; }
    """

    BINDINGS = [
        Binding("down", "move(1)", "next row", show=False),
        Binding("up", "move(-1)", "previous row", show=False),
    ]

    @dataclass
    class Submitted(Message):
        grid: "NumericGrid"
        values: Any

        @property
        def control(self) -> "NumericGrid":
            return self.grid

    def __init__(self, shape: tuple[int, ...] = (), *, cell_width: int = 12, placeholder: str = "",
                 id: str | None = None, classes: str | None = None) -> None:
        """``placeholder``: shown in an empty single cell (e.g. "type here"); the cells of a vector
        or matrix show "?" (a position such as "2" would read as a typed value). Neither hints at
        the answer."""
        super().__init__(id=id, classes=classes)
        if len(shape) > 2:
            raise ValueError(f"NumericGrid supports numbers, vectors and matrices, not shape {shape}")
        self.shape = tuple(shape)
        self.cell_width = cell_width
        self.placeholder = placeholder

    @property
    def rows(self) -> int:
        return self.shape[0] if len(self.shape) == 2 else 1

    @property
    def cols(self) -> int:
        return self.shape[-1] if self.shape else 1

    def compose(self) -> ComposeResult:
        for r in range(self.rows):
            with Horizontal(classes="grid-row"):
                if self.shape:
                    yield Label(self._bracket(r, left=True), classes="grid-bracket", markup=False)
                for c in range(self.cols):
                    cell = GridCell(id=f"cell-{r}-{c}", classes="grid-cell", compact=True,
                                    placeholder=self._cell_placeholder(r, c))
                    cell.styles.width = self.cell_width if self.shape else max(self.cell_width, SCALAR_WIDTH)
                    yield cell
                if self.shape:
                    yield Label(self._bracket(r, left=False), classes="grid-bracket", markup=False)

    def set_placeholder(self, text: str) -> None:
        """A new placeholder for a single cell (after a language switch)."""
        self.placeholder = text
        if not self.shape and self.is_mounted:
            self.cell(0, 0).placeholder = text

    def _cell_placeholder(self, r: int, c: int) -> str:
        return self.placeholder if not self.shape else "?"

    def _bracket(self, r: int, left: bool) -> str:
        if self.rows == 1:
            return "[" if left else "]"
        if r == 0:
            return "⎡" if left else "⎤"
        if r == self.rows - 1:
            return "⎣" if left else "⎦"
        return "⎢" if left else "⎥"

    # -- reading and writing --------------------------------------------------------------------
    @property
    def cells(self) -> list[Input]:
        return list(self.query(Input).results(Input))

    def cell(self, r: int, c: int) -> Input:
        return self.query_one(f"#cell-{r}-{c}", Input)

    @property
    def values(self) -> Any:
        """Typed text shaped like the grid: str for a number, list for a vector, lists for a matrix."""
        grid = [[self.cell(r, c).value.strip() for c in range(self.cols)] for r in range(self.rows)]
        if not self.shape:
            return grid[0][0]
        if len(self.shape) == 1:
            return grid[0]
        return grid

    @property
    def complete(self) -> bool:
        return all(cell.value.strip() for cell in self.cells)

    def set_values(self, values: Any) -> None:
        if not self.shape:
            values = [[values]]
        elif len(self.shape) == 1:
            values = [values]
        for r in range(self.rows):
            for c in range(self.cols):
                self.cell(r, c).value = str(values[r][c])

    def clear_marks(self) -> None:
        for cell in self.cells:
            cell.remove_class("-right", "-wrong")

    def mark_all(self, ok: bool) -> None:
        for cell in self.cells:
            cell.set_class(ok, "-right")
            cell.set_class(not ok, "-wrong")

    def mark(self, entries: Any) -> None:
        """Colour cells from per-entry booleans (a bool for a number; nested lists otherwise)."""
        if entries is None:
            return
        if not self.shape:
            entries = [[bool(entries)]]
        elif len(self.shape) == 1:
            entries = [entries]
        for r in range(self.rows):
            for c in range(self.cols):
                try:
                    ok = bool(entries[r][c])
                except (IndexError, TypeError):
                    continue
                cell = self.cell(r, c)
                cell.set_class(ok, "-right")
                cell.set_class(not ok, "-wrong")

    def focus_first(self, empty_only: bool = False) -> None:
        for cell in self.cells:
            if not empty_only or not cell.value.strip():
                cell.focus()
                return

    # -- keys -----------------------------------------------------------------------------------
    def _position(self, cell: Input) -> tuple[int, int]:
        _, r, c = (cell.id or "cell-0-0").split("-")
        return int(r), int(c)

    def on_key(self, event) -> None:
        # Shift+Tab on the first cell / Tab on the last stay in the grid: focus leaving it silently
        # (onto a scroll view, where typing goes nowhere) read as lost text.
        focused = self.screen.focused
        cells = self.cells
        if not cells or focused not in cells:
            return
        if event.key == "shift+tab" and focused is cells[0] and self._single_grid():
            event.stop()
            event.prevent_default()
            cells[-1].focus()
        elif event.key == "tab" and focused is cells[-1] and self._single_grid():
            event.stop()
            event.prevent_default()
            cells[0].focus()

    def _single_grid(self) -> bool:
        """Wrap Tab around only when this is the one grid of its form (several grids: Tab moves on)."""
        parent = self.parent
        while parent is not None and not getattr(parent, "grids", None):
            parent = parent.parent
        return parent is None or len(parent.grids) <= 1

    @on(Input.Submitted, ".grid-cell")
    def _next_cell(self, event: Input.Submitted) -> None:
        event.stop()
        r, c = self._position(event.input)
        flat = r * self.cols + c
        if flat + 1 < self.rows * self.cols:
            nr, nc = divmod(flat + 1, self.cols)
            self.cell(nr, nc).focus()
        else:
            self.post_message(self.Submitted(self, self.values))

    @on(Input.Changed, ".grid-cell")
    def _typing_clears_mark(self, event: Input.Changed) -> None:
        event.input.remove_class("-right", "-wrong")

    def action_move(self, delta: int) -> None:
        focused = self.screen.focused
        if not isinstance(focused, Input) or focused not in self.cells:
            return
        r, c = self._position(focused)
        if 0 <= r + delta < self.rows:
            self.cell(r + delta, c).focus()
