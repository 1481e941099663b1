"""Multiple choice: tick options with 1-6 / A-F (or space on the highlighted one), Enter submits."""

from __future__ import annotations

from rich.text import Text as RichText
from textual import events
from textual.binding import Binding
from textual.widgets import SelectionList

from quizapp.messages import AnswerSubmitted
from quizapp.widgets.choice_list import option_index_for_key, option_marks, option_prompt


class MultiList(SelectionList[int]):
    """Posts AnswerSubmitted(set of 0-based indices)."""

    BINDINGS = [
        Binding("space", "select", "tick", show=False),
        Binding("enter", "submit", "submit", show=False),
    ]

    def __init__(self, options: list[str], *, id: str | None = None) -> None:
        self.texts = list(options)
        self.marks: dict[int, str] = {}
        # Rich Text, not str: option text from the bank ("[MASK]", "[PAD]") must not be read as markup.
        super().__init__(*[(self._prompt(i, text), i) for i, text in enumerate(options)], id=id)
        self.count = len(options)

    def set_texts(self, options: list[str]) -> None:
        self.texts = list(options)
        chosen = set(self.selected)
        highlighted = self.highlighted
        self.clear_options()
        self.add_options([(self._prompt(i, text), i, i in chosen) for i, text in enumerate(options)])
        self.highlighted = highlighted

    def mark(self, right: set[int], chosen: set[int]) -> None:
        """After grading: ✓ on the right options, ✗ on ticked wrong ones."""
        self.marks = option_marks(right, chosen)
        self.set_texts(self.texts)

    def _prompt(self, i: int, text: str) -> RichText:
        return option_prompt(i, text, self.marks.get(i))

    def on_key(self, event: events.Key) -> None:
        index = option_index_for_key(event.character, self.count)
        if index is not None:
            event.stop()
            event.prevent_default()
            self.highlighted = index
            self.toggle(index)

    def action_submit(self) -> None:
        self.post_message(AnswerSubmitted(set(self.selected)))
