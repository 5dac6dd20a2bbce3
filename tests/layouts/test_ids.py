"""Every id a callback uses exists in a page layout, and ids are unique within a page."""

from __future__ import annotations

from collections import Counter

from dash import _callback

import app as app_module

from dashboard.analysis.model import get_model
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


def _callback_specs() -> list[dict]:
    """Every registered callback, whatever test ran before this one.

    `@callback` registrations wait in `dash._callback.GLOBAL_CALLBACK_LIST` until the app's first
    request, which moves them into `app._callback_list` and empties the global list: read both.
    """
    return list(_callback.GLOBAL_CALLBACK_LIST) + list(app_module.app._callback_list)


def _callback_ids() -> set[str]:
    ids = set()
    for spec in _callback_specs():
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


def test_every_registered_callback_is_checked_before_and_after_the_first_request():
    registered = {**_callback.GLOBAL_CALLBACK_MAP, **app_module.app.callback_map}
    assert len(registered) > 0
    assert len(_callback_specs()) == len(registered)
    with app_module.app.server.test_client() as client:
        assert client.get("/").status_code == 200  # Dash hands the global registry to the app here
    assert _callback.GLOBAL_CALLBACK_LIST == []
    assert len(_callback_specs()) == len(registered)


def test_every_id_used_by_a_callback_exists_in_some_layout():
    model = get_model()
    known = set(_ids(shell()))
    for layout in PAGES.values():
        known |= set(_ids(layout(model, "")))
    missing = sorted(_callback_ids() - known)
    assert missing == [], missing
