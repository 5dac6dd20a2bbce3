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
