"""The comparison page's URL: read it, correct it in French, write it back the same."""

from __future__ import annotations

from dashboard.views.compare_url import compare_query
from dashboard.views.compare import read_state
from dashboard.analysis.model import get_model


def test_a_full_link_is_read_and_written_back_identically():
    model = get_model()
    search = ("?methode=rang&couleur=perception&tri_regions=emploi&tri_domaines=53"
              "&x=indice:emploi&y=pib_hab_2021&panier=53,11,FRM")
    state, notices = read_state(model, search)
    assert notices == []
    assert (state.method, state.colouring, state.sort_regions, state.sort_domains) == (
        "rang", "perception", "emploi", "53")
    assert state.basket == ("53", "11", "FRM") and state.x == "indice:emploi"
    assert compare_query(state) == search


def test_unknown_values_fall_back_to_defaults_with_french_notices():
    state, notices = read_state(get_model(), "?methode=moyenne&couleur=rouge&x=<script>&panier=53,99")
    assert state.method == "z" and state.colouring == "indice" and state.basket == ("53",)
    text = " ".join(notices)
    assert "Méthode inconnue" in text and "« 99 »" in text and "axe horizontal" in text


def test_no_query_gives_the_default_view():
    state, notices = read_state(get_model(), None)
    assert notices == [] and state.method == "z" and state.basket == ()
