"""Every id a callback uses exists in a page layout, and ids are unique within a page."""

from __future__ import annotations

from collections import Counter

import app as app_module
from dash._callback import GLOBAL_CALLBACK_LIST

from dashboard.model import get_model
from layouts.pages import PAGES
from layouts.shell import shell


def _ids(component) -> list[str]:
    found = []
    stack = [component]
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(node)
            continue
        node_id = getattr(node, "id", None)
        if isinstance(node_id, str):
            found.append(node_id)
        children = getattr(node, "children", None)
        if children is not None and not isinstance(children, str):
            stack.append(children)
    return found


def _callback_ids() -> set[str]:
    ids = set()
    for spec in GLOBAL_CALLBACK_LIST:
        for dep in spec["inputs"] + spec.get("state", []):
            if isinstance(dep["id"], str) and not dep["id"].startswith("{"):
                ids.add(dep["id"])
        outputs = spec["output"].strip(".").split("...")
        ids.update(o.rsplit(".", 1)[0] for o in outputs if not o.startswith("{"))
    return ids


def test_every_page_layout_builds_with_unique_ids():
    model = get_model()
    for path, layout in PAGES.items():
        counts = Counter(_ids(shell()) + _ids(layout(model, "")))
        duplicated = [i for i, n in counts.items() if n > 1]
        assert duplicated == [], (path, duplicated)


def test_every_id_used_by_a_callback_exists_in_some_layout():
    assert app_module.app is not None
    model = get_model()
    known = set(_ids(shell()))
    for layout in PAGES.values():
        known |= set(_ids(layout(model, "")))
    missing = sorted(_callback_ids() - known)
    assert missing == [], missing
