"""Workshop and export-link callbacks, called directly (no browser)."""

from __future__ import annotations

import pytest
from dash import html, no_update

import app  # noqa: F401  (registers the pages and callbacks once)
from callbacks.workshop import show_step
from dashboard.model import get_model
from dashboard.workshop import parse_workshop_query
from layouts.pages.workshop import layout, step_content
from tests.hardening.conftest import visible_texts


@pytest.mark.parametrize("region", ["11", "53", "94"])
def test_every_step_of_a_region_renders(region):
    model = get_model()
    for step in range(1, 3 + len(model.domain_ids) + 1):
        state, notices = parse_workshop_query(f"?region={region}&etape={step}", model.domain_ids)
        assert notices == [] and state.step == step
        slide = step_content(model, state, notices)
        assert slide.to_plotly_json()["props"]["data-step"] == str(step)


def test_step_callback_follows_the_url_and_ignores_other_pages():
    slide = show_step("?region=53&etape=4", None, "/atelier")
    assert "Emploi" in visible_texts(slide)
    assert show_step("?region=53", None, "/") is no_update


def test_layout_without_region_offers_the_13_regions():
    page = layout(get_model(), "")
    choices = [c for c in visible_texts(page) if isinstance(c, str)]
    assert "Bretagne" in choices and "Corse" in choices
    assert isinstance(page, html.Div)
