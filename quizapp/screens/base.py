"""What every screen shares: the current language, and footer key descriptions in that language."""

from __future__ import annotations

import dataclasses

from textual.binding import ActiveBinding
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen

from quizapp.i18n import t


class Translated:
    """Mixin: ``lang`` follows the app; binding descriptions that are i18n keys ("key.quit") show
    translated in the footer. Subclasses override ``relabel()`` to redraw their own words."""

    lang = reactive("en")
    ready = False        # True once mounted: relabel() may then query the screen's widgets

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        bindings = super().active_bindings  # type: ignore[misc]
        lang = self.app.lang  # type: ignore[attr-defined]
        out = {}
        for key, active in bindings.items():
            b = active.binding
            if b.description.startswith("key."):
                b = dataclasses.replace(b, description=t(b.description, lang))
            elif b.description == "palette":           # Textual's own command-palette key
                b = dataclasses.replace(b, description=t("key.palette", lang))
            out[key] = ActiveBinding(active.node, b, active.enabled, active.tooltip)
        return out

    def on_mount(self) -> None:
        self.ready = True
        self.lang = self.app.lang  # type: ignore[attr-defined]
        self.relabel()

    def on_resize(self) -> None:
        if self.ready:
            self.app.check_size()  # type: ignore[attr-defined]

    def watch_lang(self) -> None:
        self.refresh_bindings()  # type: ignore[attr-defined]
        self.relabel()

    def relabel(self) -> None:
        """Redraw this screen's own text in ``self.lang``."""


class BaseScreen(Translated, Screen):
    pass


class BaseModal(Translated, ModalScreen):
    pass
