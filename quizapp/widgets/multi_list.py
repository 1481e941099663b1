"""Multiple choice: tick options with 1-6 / A-F (or space on the highlighted one), Enter submits.

Options wrap (a distractor's tail is often what makes it wrong) and read ``[x] A. text``."""

from __future__ import annotations

from rich.text import Text as RichText
from textual import events
from textual.binding import Binding

from quizapp.messages import AnswerSubmitted
from quizapp.render import LETTERS, markdown_styles
from quizapp.widgets.check_list import CheckList
from quizapp.widgets.choice_list import option_index_for_key, option_marks


class MultiList(CheckList[int]):
    """Posts AnswerSubmitted(set of 0-based indices)."""

    BINDINGS = [Binding("enter", "submit", "submit", show=False)]    # space ticks (CheckList)

    def __init__(self, options: list[str], *, id: str | None = None) -> None:
        self.texts = list(options)
        self.marks: dict[int, str] = {}
        # Rich Text, not str: option text from the bank ("[MASK]", "[PAD]") must not be read as markup.
        super().__init__([(RichText(f"{LETTERS[i]}. ") + markdown_styles(text), i, False) for i, text in enumerate(options)], id=id)
        self.count = len(options)

    def set_texts(self, options: list[str]) -> None:
        self.texts = list(options)
        for i, text in enumerate(options):
            self.set_label(i, RichText(f"{LETTERS[i]}. ") + markdown_styles(text))

    def mark(self, right: set[int], chosen: set[int]) -> None:
        """After grading: ✓ on the right options, ✗ on ticked wrong ones."""
        self.marks = option_marks(right, chosen)
        self.redraw_all()

    def decorate(self, index: int, line: RichText) -> RichText:
        mark = self.marks.get(index)
        if mark:
            line.append(f"  {mark}", style="bold green" if mark == "✓" else "bold red")
        return line

    def on_key(self, event: events.Key) -> None:
        index = option_index_for_key(event.character, self.count)
        if index is not None:
            event.stop()
            event.prevent_default()
            self.highlighted = index
            self.toggle(index)

    def action_submit(self) -> None:
        self.post_message(AnswerSubmitted(set(self.selected)))
