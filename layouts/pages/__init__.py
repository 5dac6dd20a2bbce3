"""Page registry: each page module calls register(path, layout) when imported.

`layout(model, search)` returns the page for a Model (bundled or with a session's imports) and the
URL's query string. callbacks/router.py looks pages up here.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Callable

PAGES: dict[str, Callable] = {}
TITLES: dict[str, str] = {}


def register(path: str, layout: Callable, title: str = "") -> None:
    PAGES[path] = layout
    TITLES[path] = title


def load_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
