"""Home page callbacks, called directly."""

from __future__ import annotations

import app  # noqa: F401  (builds the app once: registers the callbacks)
from dash import no_update

from callbacks.explore import sync_view_state, update_domain_comparison, update_map, update_region_view
from layouts import ids


def test_choosing_a_domain_writes_it_in_the_url_and_resets_the_indicator(trigger):
    search, domain, options, indicator, region, notice = trigger(
        sync_view_state, f"{ids.DOMAIN}.value", "?domaine=emploi&indicateur=chomage_2019", "securite",
        "chomage_2019", None, None)
    assert search == "?domaine=securite"
    assert indicator == "indice"
    assert any(o["value"] == "cambriolages_2021" for o in options)
    assert domain is no_update and region is no_update


def test_clicking_a_region_on_the_map_selects_it(trigger):
    click = {"points": [{"location": "53"}]}
    search, *_, region, notice = trigger(sync_view_state, f"{ids.MAP}.clickData", "?domaine=emploi",
                                         "emploi", "indice", None, click)
    assert search == "?region=53&domaine=emploi"
    assert region == "53"


def test_back_button_url_sets_the_pickers_and_only_what_changed(trigger):
    out = trigger(sync_view_state, f"{ids.HOME_URL}.search", "?region=11&domaine=emploi", "securite",
                  "indice", None, None)
    search, domain, options, indicator, region, notice = out
    assert search is no_update
    assert domain == "emploi" and region == "11"
    assert indicator is no_update  # already the index


def test_a_tampered_url_gives_a_french_notice_and_defaults(trigger):
    out = trigger(sync_view_state, f"{ids.HOME_URL}.search", "?region=99&domaine=<b>", "emploi",
                  "indice", None, None)
    notice = out[-1]
    assert "Région « 99 » inconnue" in str(notice)
    assert out[1] is no_update  # default domain already shown


def test_map_update_is_a_small_patch_without_geometry():
    patch, description = update_map("securite", "cambriolages_2021", "53")
    text = str(patch.to_plotly_json())
    assert "coordinates" not in text and "geojson" not in text
    assert "Cambriolages" in text
    assert "Corse" in description or "régions sur 13" in description


def test_map_update_ignores_an_unknown_domain():
    assert update_map("inconnu", "indice", None) == (no_update, no_update)


def test_region_view_lists_16_domain_panels_and_marks_illustrative_perception():
    profile, panels, quadrant, table = update_region_view("53")
    text = str(profile) + str(panels)
    assert text.count("domain-panel-") == 16
    assert "Bretagne" in text
    assert any("illustratives" in a["text"] for a in quadrant["layout"]["annotations"])


def test_region_view_without_region_invites_to_choose_one():
    profile, panels, quadrant, table = update_region_view(None)
    assert "Cliquez sur une région" in str(profile) and panels == []
    assert table is None


def test_domain_comparison_shows_13_regions_and_its_text_alternative():
    figure, text = update_domain_comparison("emploi", "53")
    assert len(figure["data"][0]["y"]) == 13
    assert "<b>Bretagne</b>" in figure["data"][0]["y"]
    assert "13 régions sur 13" in text
