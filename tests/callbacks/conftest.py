"""Call Dash callbacks directly, as the server would, with a chosen trigger."""

from __future__ import annotations

from contextvars import copy_context

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict


def call_with_trigger(function, prop_id: str, *args):
    def run():
        context_value.set(AttributeDict(**{"triggered_inputs": [{"prop_id": prop_id, "value": None}]}))
        return function(*args)

    return copy_context().run(run)


@pytest.fixture
def trigger():
    return call_with_trigger


def patched(patch) -> dict:
    """What a Dash Patch assigns, as {"data.1.z": value, "layout.title.text": value, …}."""
    operations = patch.to_plotly_json()["operations"]
    return {".".join(str(part) for part in op["location"]): op["params"]["value"]
            for op in operations if op["operation"] == "Assign"}
