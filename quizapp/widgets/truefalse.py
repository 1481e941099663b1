"""True / false: T or 1 = true, F or 2 = false, arrows, Enter submits."""

from __future__ import annotations

from rich.text import Text as RichText
from textual import events
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from quizapp.messages import AnswerSubmitted

KEYS = {"t": 0, "1": 0, "f": 1, "2": 1}


class TrueFalse(OptionList):
    """Posts AnswerSubmitted(bool)."""

    def __init__(self, true_text: str, false_text: str, *, id: str | None = None) -> None:
        super().__init__(Option(RichText(f"T. {true_text}"), id="true"),
                         Option(RichText(f"F. {false_text}"), id="false"), id=id)

    def set_texts(self, true_text: str, false_text: str) -> None:
        self.replace_option_prompt("true", RichText(f"T. {true_text}"))
        self.replace_option_prompt("false", RichText(f"F. {false_text}"))

    def on_mount(self) -> None:
        self.highlighted = None

    def on_key(self, event: events.Key) -> None:
        index = KEYS.get((event.character or "").lower())
        if index is not None:
            event.stop()
            event.prevent_default()
            self.highlighted = index

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(AnswerSubmitted(event.option_index == 0))
