"""Workshop and export-link callbacks, called directly (no browser)."""

from __future__ import annotations

import pytest
from dash import html, no_update

import app  # noqa: F401  (registers the pages and callbacks once)
from callbacks.workshop import show_step
from dashboard.analysis.model import get_model
from dashboard.views.workshop import has_series, parse_workshop_query
from layouts.pages.workshop import layout, step_content
from tests.web.conftest import visible_texts


@pytest.mark.parametrize("region", ["11", "53", "94"])
def test_every_step_of_a_region_renders(region):
    model = get_model()
    for step in range(1, 3 + len(model.domain_ids) + 2):  # + « Évolution »
        state, notices = parse_workshop_query(f"?region={region}&etape={step}", model.domain_ids,
                                              has_series(model))
        assert notices == [] and state.step == step
        slide = step_content(model, state, notices)
        assert slide.to_plotly_json()["props"]["data-step"] == str(step)


def test_step_callback_follows_the_url_and_ignores_other_pages():
    slide = show_step("?region=53&etape=4", None, "/atelier")
    assert "Emploi" in visible_texts(slide)
    assert show_step("?region=53", None, "/") is no_update


def test_the_last_step_shows_the_region_against_france_over_the_years():
    model = get_model()
    last = 3 + len(model.domain_ids) + 1
    slide = show_step(f"?region=53&etape={last}", {"w": 1024, "h": 768}, "/atelier")
    texts = visible_texts(slide)
    assert "Évolution" in texts and f"Étape {last} / {last}" in texts
    assert any("de 2016 à 2024" in t for t in texts if isinstance(t, str))
    graph = slide.to_plotly_json()
    figure = _find_graph(slide, "workshop-graph-evolution").figure
    assert [t["name"] for t in figure["data"]] == ["Bretagne", "France métropolitaine"]
    assert figure["data"][0]["x"][0] == 2016 and figure["data"][0]["x"][-1] == 2024
    assert graph


def _find_graph(component, graph_id):
    if getattr(component, "id", None) == graph_id:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found = _find_graph(child, graph_id)
            if found is not None:
                return found
    return None


def test_layout_without_region_offers_the_13_regions():
    page = layout(get_model(), "")
    choices = [c for c in visible_texts(page) if isinstance(c, str)]
    assert "Bretagne" in choices and "Corse" in choices
    assert isinstance(page, html.Div)
