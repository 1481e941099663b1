"""One screen a file.

Extension point: ``OPTIONAL_SCREENS`` names screens that live in modules written separately (the
backprop drill). ``load_optional(name)`` returns the screen class, or None when its module is not
part of this build; the app then says so instead of failing.

    drill   quizapp.screens.drill.DrillScreen — constructed as ``DrillScreen()``; it reads
            ``app.lang``, ``app.storage`` (quizapp.storage.Storage), ``app.reviewer``
            (quizapp.scheduling.Reviewer) and ``app.checker()`` (engine.checking.CheckerPool).
"""

from __future__ import annotations

import importlib

OPTIONAL_SCREENS: dict[str, tuple[str, str]] = {
    "drill": ("quizapp.screens.drill", "DrillScreen"),
}


def load_optional(name: str):
    module_name, class_name = OPTIONAL_SCREENS[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    return getattr(module, class_name, None)
