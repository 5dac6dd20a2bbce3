"""Every registered callback, called directly as Dash would call it (its context set), plus checks
on what the user would read in its answer."""

from __future__ import annotations

import json
import re
from contextvars import copy_context

import pytest

import app as application  # noqa: F401  (builds the app once: registers the callbacks)


def registered_callbacks() -> list[tuple[str, dict]]:
    """(module.function, registry entry) for every callback of the callbacks package.

    Dash moves the global registry (`dash._callback.GLOBAL_CALLBACK_MAP`) into the app's
    `callback_map` at the first request: read both, so a callback added tomorrow is covered too.
    """
    from dash import _callback

    entries = {**application.app.callback_map, **_callback.GLOBAL_CALLBACK_MAP}
    found = {}
    for entry in entries.values():
        if "callback" not in entry:
            continue  # a clientside callback: JavaScript, nothing to call here
        function = entry["callback"].__wrapped__
        if function.__module__.startswith("callbacks."):
            found[f"{function.__module__}.{function.__name__}"] = entry
    return sorted(found.items())


def dependency_ids(entry: dict, kind: str) -> list[tuple[object, str]]:
    """[(component id, property)] of the inputs or states; a wildcard id is a dict with lists."""
    out = []
    for dep in entry[kind]:
        component = dep["id"]
        if isinstance(component, str) and component.startswith("{"):
            component = json.loads(component)
        out.append((component, dep["property"]))
    return out


def is_wildcard(component) -> bool:
    return isinstance(component, dict) and any(isinstance(v, list) for v in component.values())


def call_callback(entry: dict, args: list, triggered: str | None):
    """Run the callback function in a Dash callback context, as a request would."""
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    function = entry["callback"].__wrapped__

    def run():
        context_value.set(
            AttributeDict(
                triggered_inputs=[{"prop_id": triggered or ".", "value": None}],
                inputs_list=[],
                states_list=[],
                outputs_list=[],
                updated_props={},
            )
        )
        return function(*args)

    return copy_context().run(run)


# -- what the user reads -------------------------------------------------------------------------

FRENCH_WORDS = {
    "le",
    "la",
    "les",
    "de",
    "des",
    "du",
    "un",
    "une",
    "et",
    "est",
    "à",
    "au",
    "aux",
    "en",
    "pour",
    "sur",
    "par",
    "dans",
    "ne",
    "pas",
    "aucune",
    "aucun",
    "ou",
    "avec",
    "sa",
    "ses",
    "son",
    "région",
    "régions",
    "domaine",
    "donnée",
    "non",
    "disponible",
    "page",
    "adresse",
    "inconnu",
    "inconnue",
    "choisissez",
    "cliquez",
    "voir",
    "lien",
    "plus",
    "moins",
}
PYTHON_LEAKS = re.compile(
    r"Traceback|Exception|Error\b|NoneType|object has no attribute|"
    r"\bnan\b|\bNaN\b|\bNone\b|\bNaT\b|<dash\.|<function|\bundefined\b"
)


def visible_texts(value) -> list[str]:
    """Every text a user would read in a callback output: the children of components, recursively
    (figures are plotly dicts: their text is checked by the figure tests, not here)."""
    from dash.development.base_component import Component

    texts = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, Component):
            children = getattr(node, "children", None)
            if children is not None:
                stack.append(children)
        elif isinstance(node, dict) and "props" in node and "type" in node:
            # a component in its JSON form (the bundled region view is cached that way)
            children = node["props"].get("children")
            if children is not None:
                stack.append(children)
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
    return texts


def looks_french(text: str) -> bool:
    """A sentence (5 words or more, with punctuation) has a French word, an accent or « »."""
    words = [w for w in re.findall(r"[\wÀ-ÿ']+", text.lower()) if re.search(r"[a-zà-ÿ]{2}", w)]
    if len(words) < 5 or not re.search(r"[.!?;:]", text):
        return True  # a name, a number, a label, a title: nothing to judge
    if re.search(r"[éèêàâçùûôîï«»]", text.lower()):
        return True
    return any(w.strip("'") in FRENCH_WORDS or w.split("'")[-1] in FRENCH_WORDS for w in words)


def assert_readable_french(output, inputs: list) -> None:
    """No Python leak (traceback, repr, nan/None shown as a value) and sentences in French."""
    echoed = " ".join(str(a) for a in _flatten(inputs))
    for text in visible_texts(output):
        for leak in PYTHON_LEAKS.findall(text):
            assert leak in echoed, f"{leak!r} shown to the user: {text[:200]!r}"
        assert looks_french(text), f"not French: {text[:200]!r}"


def _flatten(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _flatten(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _flatten(v)
    else:
        yield value


@pytest.fixture(scope="session")
def model():
    from dashboard.analysis.model import get_model

    return get_model()
