"""Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer rebuilds itself (one widget per key, each styled anew) whenever the screen's
bindings *may* have changed: once mounted, on every focus change, on every refresh_bindings(). On
the home screen (eight keys) that meant three rebuilds of the same keys right after the first
frame, competing with that frame's way to the terminal — a fifth of the start-up time. This footer
compares what it would show (key, label, enabled) with what it shows and rebuilds only when they
differ; a language switch changes the labels, so it still redraws.
"""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    _shown: tuple | None = None

    def _signature(self, screen) -> tuple:
        return tuple((key, active.binding.key_display, active.binding.description, active.enabled, active.tooltip)
                     for key, active in screen.active_bindings.items() if active.binding.show)

    def bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = self._signature(screen)
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)
