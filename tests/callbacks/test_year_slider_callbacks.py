"""The map's year slider (issue 14): the URL keeps the year, a tampered year is a French notice,
Back/Forward move the slider, a year change is a small Patch of values and hover only."""

from __future__ import annotations

import app  # noqa: F401  (builds the app once: registers the callbacks)
from dash import no_update
from plotly.io.json import to_json_plotly

from callbacks.explore import sync_view_state, update_map
from dashboard.analysis.model import get_model
from dashboard.views.urlstate import parse_query, to_query
from layouts import ids
from layouts.pages.home import YEAR, url_context
from tests.callbacks.conftest import patched

CRIME = "?region=53&domaine=securite&indicateur=cambriolages_2021"


def year_outputs(out):
    """(value, min, max, marks, style, step) of the slider: the last six outputs."""
    return out[-6:]


def test_the_url_keeps_the_year_and_reads_it_back():
    context = url_context(get_model())
    state, notices = parse_query(CRIME + "&annee=2019", **context)
    assert state.year == 2019 and not notices
    assert to_query(state) == CRIME + "&annee=2019"
    assert "annee" not in to_query(state.with_(indicator="indice"))   # the index has no years


def test_a_tampered_year_is_a_french_notice_and_the_current_year_is_shown():
    context = url_context(get_model())
    for bad in ("1999", "deux-mille", "2019<b>"):
        state, notices = parse_query(CRIME + f"&annee={bad}", **context)
        assert state.year is None
        assert "non disponible pour cet indicateur (années : 2016 à 2024)" in notices[0]
    state, notices = parse_query("?domaine=securite&annee=2019", **context)
    assert state.year is None and "l'indice ou l'indicateur affiché n'a pas de série" in notices[0]


def test_moving_the_slider_writes_the_year_in_the_url(trigger):
    out = trigger(sync_view_state, f"{YEAR}.value", CRIME, "securite", "cambriolages_2021", "53", None,
                  None, None, [], None, "citoyens", 2018)
    assert out[0] == CRIME + "&annee=2018"
    assert year_outputs(out) == (no_update,) * 6   # the slider already shows 2018


def test_back_and_forward_move_the_slider_to_the_year_of_the_url(trigger):
    out = trigger(sync_view_state, f"{ids.HOME_URL}.search", CRIME + "&annee=2017", "securite",
                  "cambriolages_2021", "53", None, None, None, [], None, "citoyens", 2020)
    assert out[0] is no_update
    assert year_outputs(out)[0] == 2017
    out = trigger(sync_view_state, f"{ids.HOME_URL}.search", CRIME, "securite", "cambriolages_2021", "53",
                  None, None, None, [], None, "citoyens", 2017)
    assert year_outputs(out)[0] == 2024       # no year in the URL: the current year


def test_choosing_an_indicator_with_years_shows_the_slider_and_the_index_hides_it(trigger):
    out = trigger(sync_view_state, f"{ids.INDICATOR}.value", "?region=53&domaine=securite", "securite",
                  "cambriolages_2021", "53", None, None, None, [], None, "citoyens", None)
    value, low, high, marks, style, step = year_outputs(out)
    assert (value, low, high) == (2024, 2016, 2024) and set(marks) == set(range(2016, 2025))
    assert style == {} and step == 1          # consecutive years: the arrow keys move year by year
    out = trigger(sync_view_state, f"{ids.INDICATOR}.value", CRIME, "securite", "indice", "53", None,
                  None, None, [], None, "citoyens", 2024)
    assert year_outputs(out)[4] == {"display": "none"}


def test_another_crime_indicator_keeps_the_year_when_it_has_it(trigger):
    out = trigger(sync_view_state, f"{ids.INDICATOR}.value", CRIME + "&annee=2019", "securite",
                  "vols_violents_2021", "53", None, None, None, [], None, "citoyens", 2019)
    assert out[0].endswith("indicateur=vols_violents_2021&annee=2019")


def test_a_year_change_is_a_small_patch_of_values_and_hover_only(trigger):
    patch, description = trigger(update_map, f"{YEAR}.value", "securite", "cambriolages_2021", "53", [],
                                 None, 2017)
    sent = patched(patch)
    assert set(sent) == {"data.1.z", "data.1.customdata", "data.1.hovertemplate", "data.1.colorbar.title.text",
                         "layout.title.text", "layout.annotations.0.text"}
    assert "2017" in sent["layout.title.text"] and "2017" in sent["data.1.hovertemplate"]
    assert len(to_json_plotly(patch.to_plotly_json())) < 2500     # uncompressed; ~700 B compressed
    assert "2017" in description


def test_a_year_the_indicator_lacks_draws_its_current_year(trigger):
    patch, _ = trigger(update_map, f"{ids.INDICATOR}.value", "securite", "cambriolages_2021", "53", [],
                       None, 1990)
    assert "(2024)" in patched(patch)["layout.title.text"]
