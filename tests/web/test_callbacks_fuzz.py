"""Every callback, with arbitrary and invalid inputs (None, unknown codes, very long strings, wrong
types, dicts, lists), answers without raising; what the user reads is French, with no Python leak.

The callbacks are found in Dash's registry: a callback added to callbacks/ is covered automatically.
"""

from __future__ import annotations

import importlib.util
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.analysis.model import get_model
from tests.web.conftest import (
    assert_readable_french,
    call_callback,
    dependency_ids,
    is_wildcard,
    registered_callbacks,
)

CALLBACKS = registered_callbacks()
# modest and reproducible by default; IMPACT_FUZZ_EXAMPLES=500 explores further, with random seeds
EXAMPLES = int(os.environ.get("IMPACT_FUZZ_EXAMPLES", "30"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="IMPACT_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _known_values() -> list:
    model = get_model()
    from layouts.pages import PAGES

    return (
        model.domain_ids
        + list(model.region_names)
        + model.bundle.indicators["id"].tolist()
        + list(PAGES)
        + [
            "indice",
            "",
            "?",
            "?domaine=emploi&region=53",
            "?region=99&domaine=<b>",
            "?etape=3&region=53",
            "?etape=-1",
            "/atelier",
            "/inconnue",
            "FRM",
            "00",
        ]
    )


KNOWN = _known_values()
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(min_size=3000, max_size=6000),
    st.sampled_from(KNOWN),
    st.sampled_from(KNOWN).map(lambda v: "?" + str(v)),
    st.sampled_from(KNOWN).map(lambda v: str(v) * 2),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)


def imported_values():
    """The session's import store: a tampered browser can send anything. Without the import feature
    (dashboard/imports/merging.py) only « nothing imported » is meaningful."""
    if importlib.util.find_spec("dashboard.imports.merging") is None:
        return st.sampled_from([None, {}, [], ""])
    return st.one_of(st.sampled_from([None, {}, [], ""]), VALUES)


def dependency_values(component, prop):
    from layouts import ids

    if component == ids.IMPORTED:
        return imported_values()
    if is_wildcard(component):  # ALL: one value per matching component on the page
        if prop == "id":  # Dash sends the components' ids: their shape, with arbitrary values
            fields = {
                k: (st.text(max_size=20) | st.sampled_from(KNOWN))
                if isinstance(v, list)
                else st.just(v)
                for k, v in component.items()
            }
            return st.lists(st.fixed_dictionaries(fields), max_size=6)
        return st.lists(VALUES, max_size=6)
    return VALUES


def arguments(entry):
    deps = dependency_ids(entry, "inputs") + dependency_ids(entry, "state")
    triggers = [None] + [
        f"{c}.{p}" if isinstance(c, str) else None for c, p in dependency_ids(entry, "inputs")
    ]
    return st.tuples(
        st.tuples(*(dependency_values(c, p) for c, p in deps)), st.sampled_from(triggers)
    )


def test_every_module_of_the_callbacks_package_is_discovered():
    import pkgutil

    import callbacks

    modules = {f"callbacks.{m.name}" for m in pkgutil.iter_modules(callbacks.__path__)}
    covered = {name.rsplit(".", 1)[0] for name, _ in CALLBACKS}
    assert {"callbacks.explore", "callbacks.router"} <= covered
    clientside_only = {"callbacks.phone"}   # runs in the browser: nothing on the server to fuzz
    assert modules - covered <= {"callbacks.__init__"} | clientside_only, modules - covered


@pytest.mark.parametrize("name,entry", CALLBACKS, ids=[name for name, _ in CALLBACKS])
def test_a_callback_answers_any_input_without_raising_and_in_french(name, entry):
    @SETTINGS
    @given(arguments(entry))
    def check(drawn):
        args, triggered = drawn
        output = call_callback(entry, list(args), triggered)
        assert_readable_french(output, list(args))

    check()


def test_the_quadrant_text_table_says_donnee_non_disponible_rather_than_nan(model):
    """Regression found by the fuzzing above: a missing quadrant (NaN) was printed « nan »."""
    from callbacks.explore import update_region_view
    from tests.web.conftest import visible_texts

    for region in [c for c in model.region_names if c != "FRM"]:
        texts = visible_texts(update_region_view(region))
        assert "nan" not in texts and "None" not in texts, region


@pytest.mark.parametrize(
    "click",
    [
        True,
        "53",
        {"points": "53"},
        {"points": [None]},
        {"points": [{"location": ["53"]}]},
        {"points": [{"location": {"x": 1}}]},
    ],
)
def test_a_tampered_map_click_is_ignored(click):
    from dash import no_update

    from layouts import ids
    from tests.web.conftest import call_callback, registered_callbacks

    entry = dict(registered_callbacks())["callbacks.explore.sync_view_state"]
    search, _, _, _, region, notice, *basket = call_callback(
        entry, ["?domaine=emploi", "emploi", "indice", "", click, None, None, [], None], f"{ids.MAP}.clickData"
    )
    assert search == "?domaine=emploi" and region is no_update
