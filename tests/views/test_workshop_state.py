"""Workshop links: what a facilitator types or sends always opens a slide, never an error."""

from __future__ import annotations

import pytest

from dashboard.views.workshop import FIXED_STEPS, parse_workshop_query, projector

DOMAINS = ["emploi", "niveau_de_vie", "sante"]


def test_link_names_region_step_and_domains_in_the_given_order():
    state, notices = parse_workshop_query("?region=53&etape=5&domaines=sante,emploi", DOMAINS)
    assert notices == []
    assert (state.region, state.step, state.domains) == ("53", 5, ("sante", "emploi"))
    assert state.steps == FIXED_STEPS + ("domaine:sante", "domaine:emploi")
    assert state.current == "domaine:emploi"
    assert state.query(4) == "?region=53&etape=4&domaines=sante,emploi"


def test_no_domains_parameter_means_every_domain():
    state, _ = parse_workshop_query("?region=11", DOMAINS)
    assert state.step == 1 and len(state.steps) == 3 + len(DOMAINS) and not state.custom_domains


@pytest.mark.parametrize("search, fragment", [
    ("?region=99", "Région « 99 » inconnue"),
    ("?region=53&etape=0", "Étape « 0 » inexistante"),
    ("?region=53&etape=abc", "Étape « abc » inexistante"),
    ("?region=53&etape=7", "Étape « 7 » inexistante"),
    ("?region=53&domaines=zz,emploi", "« zz »"),
    ("?region=53&domaines=zz", "les 16 domaines"),
    ("?" + "x" * 3000, "trop longue"),
])
def test_bad_values_give_a_french_notice_and_a_default(search, fragment):
    state, notices = parse_workshop_query(search, DOMAINS)
    assert any(fragment in n for n in notices)
    assert 1 <= state.step <= len(state.steps)


def test_projector_copy_raises_every_text_to_24_px_without_touching_the_original():
    fig = {"data": [{"type": "scatter", "textfont": {"size": 13}}],
           "layout": {"title": {"text": "t"}, "annotations": [{"text": "a", "font": {"size": 12}}],
                      "xaxis": {"title": {"text": "x"}}}}
    big = projector(fig)
    assert big["layout"]["font"]["size"] >= 24
    assert big["layout"]["annotations"][0]["font"]["size"] >= 24
    assert big["data"][0]["textfont"]["size"] >= 24
    assert fig["layout"]["annotations"][0]["font"]["size"] == 12


def test_a_region_with_a_series_ends_with_the_evolution_step_kept_in_the_link():
    state, notices = parse_workshop_query("?region=53&etape=7", DOMAINS, lambda region: region == "53")
    assert notices == [] and state.current == "evolution"
    assert state.steps[-1] == "evolution" and len(state.steps) == 3 + len(DOMAINS) + 1
    assert state.query() == "?region=53&etape=7"


def test_a_region_without_a_series_has_no_evolution_step():
    state, notices = parse_workshop_query("?region=11&etape=7", DOMAINS, lambda region: region == "53")
    assert "evolution" not in state.steps
    assert any("Étape « 7 » inexistante" in n for n in notices) and state.step == 1


def test_the_evolution_slide_names_the_most_moved_series_in_one_short_sentence():
    from dashboard.views import region as region_view
    from dashboard.analysis.model import get_model
    from dashboard.views.workshop import evolution_message, headline_trend

    model = get_model()
    item, others = headline_trend(model, "53")
    trends = region_view.region_trends(model, "53")
    assert item in trends and others == len(trends) - 1
    assert all(abs(t["change"]["percent"]) <= abs(item["change"]["percent"]) for t in trends)
    text = evolution_message(item)
    assert f"de {item['change']['first_year']} à {item['change']['last_year']}" in text
    assert "l’écart à la France métropolitaine" in text and len(text.split()) <= 25
    assert "." not in text.split("(")[1].split("%")[0]  # French decimal comma in the percent
