"""Home's way into the mock interview: pick a focus profile (built-in or the user's own)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from engine.interview.plan import Profile
from quizapp.i18n import t
from quizapp.screens.base import BaseModal
from quizapp.widgets.key_footer import KeyFooter


class FocusPicker(BaseModal):
    """Dismisses with the chosen Profile, or None."""

    CSS_PATH = "dialog.tcss"
    BINDINGS = [Binding("escape", "cancel", "key.back")]

    def __init__(self, profiles: dict[str, Profile], initial: str = "general") -> None:
        super().__init__()
        self.profiles = profiles
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(id="iv-focus", classes="dialog"):
            yield Static("", id="iv-focus-title", markup=False)
            yield OptionList(*self._options(self.app.lang), id="iv-focus-list")
        yield KeyFooter()

    def _options(self, lang: str) -> list[Option]:
        return [Option(f"{name} — {p.title(lang)}", id=name) for name, p in self.profiles.items()]

    def on_mount(self) -> None:
        options = self.query_one("#iv-focus-list", OptionList)
        names = list(self.profiles)
        options.highlighted = names.index(self.initial) if self.initial in names else 0
        options.focus()

    def relabel(self) -> None:
        if not self.ready:
            return
        self.query_one("#iv-focus-title", Static).update(t("iv.pick_focus", self.lang))
        options = self.query_one("#iv-focus-list", OptionList)
        for name, p in self.profiles.items():
            options.replace_option_prompt(name, f"{name} — {p.title(self.lang)}")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.profiles[event.option.id])

    def action_cancel(self) -> None:
        self.dismiss(None)
