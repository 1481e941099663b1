"""Single choice: options "A. …", picked with 1-6 / A-F or the arrows, submitted with Enter."""

from __future__ import annotations

from rich.text import Text as RichText
from textual import events
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from quizapp.messages import AnswerSubmitted
from quizapp.render import LETTERS, markdown_styles


def option_index_for_key(character: str | None, count: int) -> int | None:
    """1..n or a..(n-th letter), case-insensitive -> 0-based index; anything else -> None."""
    if not character:
        return None
    if character.isdigit() and 1 <= int(character) <= count:
        return int(character) - 1
    upper = character.upper()
    if len(upper) == 1 and upper in LETTERS[:count]:
        return LETTERS.index(upper)
    return None


def option_marks(right: set[int], chosen: set[int]) -> dict[int, str]:
    """After grading: ✓ on the right options, ✗ on chosen wrong ones."""
    return {i: "✓" for i in right} | {i: "✗" for i in chosen - right}


def option_prompt(i: int, text: str, mark: str | None) -> RichText:
    """The option line "B. text", with its grading mark if any. Rich Text, not str: option text from the bank
    ("[MASK]", "[PAD]") must not be read as markup."""
    out = RichText(f"{LETTERS[i]}. ") + markdown_styles(text)
    if mark:
        out.append(f"  {mark}", style="bold green" if mark == "✓" else "bold red")
    return out


class ChoiceList(OptionList):
    """Options already rendered to text (math converted); posts AnswerSubmitted(index)."""

    def __init__(self, options: list[str], *, id: str | None = None) -> None:
        self.texts = list(options)
        self.marks: dict[int, str] = {}
        # Rich Text, not str: option text from the bank ("[MASK]", "[PAD]") must not be read as markup.
        super().__init__(*[Option(self._prompt(i, text), id=f"opt-{i}") for i, text in enumerate(options)], id=id)
        self.count = len(options)

    def set_texts(self, options: list[str]) -> None:
        """Re-label the options (language switch) keeping the highlight and any marks."""
        self.texts = list(options)
        for i, text in enumerate(options):
            self.replace_option_prompt(f"opt-{i}", self._prompt(i, text))

    def mark(self, right: set[int], chosen: set[int]) -> None:
        """After grading: ✓ on the right options, ✗ on chosen wrong ones."""
        self.marks = option_marks(right, chosen)
        self.set_texts(self.texts)

    def _prompt(self, i: int, text: str) -> RichText:
        return option_prompt(i, text, self.marks.get(i))

    def on_mount(self) -> None:
        self.highlighted = None

    def on_key(self, event: events.Key) -> None:
        index = option_index_for_key(event.character, self.count)
        if index is not None:
            event.stop()
            event.prevent_default()
            self.highlighted = index

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(AnswerSubmitted(event.option_index))
