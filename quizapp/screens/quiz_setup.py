"""Quiz setup: topics, question types, how many, and the mode (practice or timed exam)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, RadioButton, RadioSet, Static

from engine.bank.model import ANSWER_TYPES
from engine.bank.topics import TOPICS
from quizapp.i18n import t
from quizapp.screens.base import BaseScreen
from quizapp.widgets.check_list import CheckList, Radio
from quizapp.widgets.key_footer import KeyFooter

COUNTS = (5, 10, 20, 50)


@dataclass(frozen=True)
class QuizConfig:
    topics: tuple[str, ...]
    types: tuple[str, ...]
    count: int
    mode: str                # practice | exam


class QuizSetupScreen(BaseScreen):
    """Dismisses with a QuizConfig (start) or None (back)."""

    CSS_PATH = "quiz_setup.tcss"
    BINDINGS = [
        Binding("s", "start", "key.start"),
        Binding("escape", "back", "key.back"),
    ]

    def __init__(self, topics: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.initial_topics = tuple(topics) or tuple(TOPICS)

    def compose(self) -> ComposeResult:
        with Vertical(id="setup"):
            yield Static("", id="setup-title", markup=False)
            with Horizontal(id="setup-lists"):
                with Vertical(classes="setup-column"):
                    yield Label("", id="topics-label")
                    yield CheckList([(s, s, s in self.initial_topics) for s in TOPICS], id="setup-topics")
                with Vertical(classes="setup-column"):
                    yield Label("", id="types-label")
                    yield CheckList([(ty, ty, True) for ty in ANSWER_TYPES], id="setup-types")
            with Horizontal(id="setup-options"):
                with Vertical(classes="setup-column"):
                    yield Label("", id="count-label")
                    with RadioSet(id="setup-count"):
                        for n in COUNTS:
                            yield Radio(str(n), value=(n == 10), id=f"count-{n}")
                with Vertical(classes="setup-column"):
                    yield Label("", id="mode-label")
                    with RadioSet(id="setup-mode"):
                        yield Radio("", value=True, id="mode-practice")
                        yield Radio("", id="mode-exam")
            with Horizontal(id="setup-bottom"):
                yield Static("", id="setup-matching", markup=False)
                yield Button("", id="setup-start", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#setup-topics").focus()

    def relabel(self) -> None:
        if not self.ready:
            return
        lang = self.lang
        self.query_one("#setup-title", Static).update(t("setup.title", lang))
        self.query_one("#topics-label", Label).update(t("setup.topics", lang))
        self.query_one("#types-label", Label).update(t("setup.types", lang))
        self.query_one("#count-label", Label).update(t("setup.count", lang))
        self.query_one("#mode-label", Label).update(t("setup.mode", lang))
        self.query_one("#mode-practice", RadioButton).label = t("setup.practice", lang)
        self.query_one("#mode-exam", RadioButton).label = t("setup.exam", lang)
        self.query_one("#setup-start", Button).label = t("setup.start", lang)
        topics = self.query_one("#setup-topics", CheckList)
        for i, slug in enumerate(TOPICS):
            topics.set_label(i, f"{TOPICS[slug].number}. {TOPICS[slug].title(lang)}")
        types = self.query_one("#setup-types", CheckList)
        for i, ty in enumerate(ANSWER_TYPES):
            types.set_label(i, t(f"type.{ty}", lang))
        self._update_matching()

    @property
    def config(self) -> QuizConfig:
        count = next((n for n in COUNTS if self.query_one(f"#count-{n}", RadioButton).value), 10)
        mode = "exam" if self.query_one("#mode-exam", RadioButton).value else "practice"
        return QuizConfig(
            topics=tuple(self.query_one("#setup-topics", CheckList).selected),
            types=tuple(self.query_one("#setup-types", CheckList).selected),
            count=count,
            mode=mode,
        )

    def _matching(self) -> int:
        cfg = self.config
        if not cfg.topics or not cfg.types:
            return 0
        return len(self.app.bank.select_ids(topics=cfg.topics, types=cfg.types))   # no question read

    @on(CheckList.Changed)
    def _update_matching(self) -> None:
        n = self._matching()
        self.query_one("#setup-matching", Static).update(
            t("setup.matching", self.lang, n=n) if n else t("setup.none", self.lang))

    @on(Button.Pressed, "#setup-start")
    def _start_pressed(self) -> None:
        self.action_start()

    def action_start(self) -> None:
        if self._matching() == 0:
            self.notify(t("setup.none", self.lang), severity="warning")
            return
        self.dismiss(self.config)

    def action_back(self) -> None:
        self.dismiss(None)
