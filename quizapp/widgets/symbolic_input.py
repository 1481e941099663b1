"""A formula input with a live preview of how the checker reads it, updated as the learner types.

The preview comes from ``engine.checking.preview`` (cheap, never raises), computed in a thread
worker so typing never waits on it; only the newest text's preview is shown.
"""

from __future__ import annotations

from rich.text import Text as RichText

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Input, Static

from quizapp.i18n import t
from quizapp.messages import AnswerSubmitted, PreviewReady


class SymbolicInput(Vertical):
    """Posts AnswerSubmitted(text). ``variables`` and ``aliases`` shape how the preview reads names."""

    lang = reactive("en")
    ready = False        # set on mount; watchers before that have nothing to update

    def __init__(self, variables: tuple[str, ...] = ("x",), aliases: dict[str, str] | None = None, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.variables = tuple(variables)
        self.aliases = dict(aliases or {})
        self._read_as = ""
        self._error: str | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="…", id="formula")
        yield Static("", id="preview", markup=False)

    @property
    def value(self) -> str:
        return self.query_one("#formula", Input).value

    @on(Input.Changed, "#formula")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._preview(event.value)

    @on(Input.Submitted, "#formula")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(AnswerSubmitted(event.value))

    @work(thread=True, exclusive=True, group="preview")
    def _preview(self, text: str) -> None:
        if not text.strip():
            self.post_message(PreviewReady(text, "", None))
            return
        from engine.checking import preview

        read_as, error = preview(text, variables=self.variables, aliases=self.aliases, lang=self.lang)
        self.post_message(PreviewReady(text, read_as, error))

    def on_preview_ready(self, message: PreviewReady) -> None:
        message.stop()
        if message.text != self.value:  # an older keystroke's preview
            return
        self._read_as, self._error = message.read_as, message.error
        self._show()

    def on_mount(self) -> None:
        self.ready = True

    def watch_lang(self) -> None:
        if self.ready and self.value.strip():
            self._preview(self.value)        # messages and notes in the new language
        self._show()

    def _show(self) -> None:
        if not self.ready:
            return
        preview = self.query_one("#preview", Static)
        if self._error:
            preview.update(f"⚠ {self._error}")
            preview.set_class(True, "-error")
        elif self._read_as:
            # the label in words, the expression apart from it: "理解为：" must not read as part of the formula
            line = RichText(t("q.reads_as", self.lang), style="italic")
            line.append(" " + self._read_as if self.lang == "zh" else self._read_as, style="bold")
            preview.update(line)
            preview.set_class(False, "-error")
        else:
            preview.update("")
