"""Comparison page callbacks, called directly: controls <-> URL, matrix, scatter, cell click."""

from __future__ import annotations

import app  # noqa: F401  (builds the app once: registers the callbacks)
from dash import no_update

from callbacks.compare import open_cell, sync_compare_state, update_matrix, update_scatter
from layouts.pages.compare import BASKET, COMPARE_URL, METHOD, REPORT, SCATTER_X
from tests.web.conftest import visible_texts

DEFAULTS = ("z", "indice", "nom", "ordre", "chomage_2019", "pib_hab_2021")


def test_choosing_a_method_writes_it_in_the_url(trigger):
    out = trigger(sync_compare_state, f"{METHOD}.value", "?methode=z", "rang", *DEFAULTS[1:], [], "exclu", "/comparer")
    assert out[0].startswith("?methode=rang&couleur=indice")
    assert out[1] is no_update  # the radio already shows it


def test_the_url_leads_on_back_and_forward(trigger):
    out = trigger(sync_compare_state, f"{COMPARE_URL}.search", "?methode=ecart&panier=53,11", *DEFAULTS,
                  [], "exclu", "/comparer")
    assert out[0] is no_update and out[1] == "ecart"
    assert out[7] == ["53", "11"]


def test_a_fifth_region_in_the_basket_is_refused_with_a_french_notice(trigger):
    chosen = ["53", "11", "24", "27", "28"]
    out = trigger(sync_compare_state, f"{BASKET}.value", "?panier=53,11,24,27", *DEFAULTS, chosen, "exclu", "/comparer")
    assert "panier=53,11,24,27" in out[0] or out[0] is no_update
    assert out[7] == ["53", "11", "24", "27"]
    assert "au plus 4 régions" in out[9]


def test_france_joins_the_basket_on_top_of_four_regions(trigger):
    chosen = ["53", "11", "24", "27", "FRM"]
    out = trigger(sync_compare_state, f"{BASKET}.value", "?panier=53,11,24,27", *DEFAULTS, chosen, "exclu", "/comparer")
    assert out[0].endswith("panier=53,11,24,27,FRM") and out[9] is None


def test_choosing_an_axis_keeps_the_basket(trigger):
    out = trigger(sync_compare_state, f"{SCATTER_X}.value", "?panier=53", "z", "indice", "nom", "ordre",
                  "perception:emploi", "pib_hab_2021", ["53"], "exclu", "/comparer")
    assert "x=perception:emploi" in out[0] and out[0].endswith("panier=53")


def test_nothing_is_synced_once_the_page_is_left(trigger):
    out = trigger(sync_compare_state, f"{COMPARE_URL}.search", "?region=53", *DEFAULTS, [], "exclu", "/")
    assert all(o is no_update for o in out)


def test_the_matrix_frames_the_basket_and_names_the_method():
    figure, note, table = update_matrix("?methode=rang&panier=53,11", "/comparer")
    layout = figure["layout"]
    assert "Méthode : rang" in layout["title"]["subtitle"]["text"]
    labels = layout["yaxis"]["ticktext"]
    assert "<b>★ Bretagne</b>" in labels and "<b>★ Île-de-France</b>" in labels
    assert len([s for s in layout["shapes"] if s["type"] == "rect"]) == 2
    assert any("changent de classe de rang" in t for t in visible_texts(note))
    assert "n.d." in visible_texts(table)


def test_the_matrix_marks_missing_cells_n_d_in_its_legend_and_illustrative_perception():
    figure, _, _ = update_matrix("?couleur=perception&methode=ecart", "/comparer")
    names = [t.get("name", "") for t in figure["data"]]
    assert any(n.startswith("n.d. : donnée non disponible") for n in names)
    assert any("illustratives" in a["text"] for a in figure["layout"]["annotations"])


def test_the_gap_colouring_says_when_the_chosen_method_does_not_apply():
    figure, note, _ = update_matrix("?couleur=ecart&methode=brut", "/comparer")
    assert "score z" in figure["layout"]["title"]["subtitle"]["text"]
    assert any("ne s'y applique pas" in t for t in visible_texts(note))


def test_the_scatter_gives_13_labelled_points_and_spearman():
    figure, text = update_scatter("?x=cambriolages_2021&y=vols_violents_2021&panier=53", "/comparer")
    labels = [label for trace in figure["data"] for label in trace["text"]]
    assert len(labels) == 13 and "<b>Bretagne</b>" in labels
    texts = " ".join(visible_texts(text))
    assert "Corrélation de rang de Spearman : ρ = " in texts and "n = 13 régions" in texts
    assert "Méthode : score z" in figure["layout"]["title"]["subtitle"]["text"]


def test_the_scatter_warns_when_fewer_regions_or_years_differ():
    figure, text = update_scatter("?x=chomage_2019&y=taux_pauvrete_2018", "/comparer")
    texts = " ".join(visible_texts(text))
    assert "Seules 11 régions sur 13" in texts and "2019 contre 2018" in texts
    assert sum(len(t["x"]) for t in figure["data"]) == 11


def test_france_appears_on_the_scatter_when_in_the_basket():
    figure, _ = update_scatter("?x=chomage_2019&y=pib_hab_2021&methode=brut&panier=FRM", "/comparer")
    france = [t for t in figure["data"] if t["name"].startswith("France")]
    assert france and france[0]["x"] == [8.2] and france[0]["y"] == [37408.0]


def test_clicking_a_cell_opens_that_region_and_domain_keeping_the_basket():
    click = {"points": [{"x": 0, "y": 2, "customdata": ["…", "53", "emploi"]}]}
    assert open_cell(click, "?panier=53,11") == "/?region=53&domaine=emploi&panier=53,11"
    assert open_cell(click, "") == "/?region=53&domaine=emploi"


def test_a_tampered_click_is_ignored():
    for click in (None, {}, {"points": []}, {"points": [{"customdata": "53"}]},
                  {"points": [{"customdata": ["x", "99", "emploi"]}]}):
        assert open_cell(click, "") is no_update


def test_clicking_a_coloured_cell_reads_its_position_in_the_drawn_order():
    # dcc.Graph sends a heatmap point without its customdata: row 2 of the default order (by name)
    # is Bretagne, column 0 Emploi
    click = {"points": [{"curveNumber": 0, "x": 0, "y": 2, "z": -1.0}]}
    assert open_cell(click, "") == "/?region=53&domaine=emploi"
    # sorted by the Emploi column, the most fragile region (Hauts-de-France) comes first
    assert open_cell({"points": [{"x": 0, "y": 0}]}, "?tri_regions=emploi") == "/?region=32&domaine=emploi"


def test_a_click_on_the_france_row_or_outside_the_grid_is_ignored():
    for point in ({"x": 0, "y": 13}, {"x": 16, "y": 0}, {"x": -1, "y": 0}, {"x": True, "y": 0}):
        assert open_cell({"points": [point]}, "?panier=FRM") is no_update


def test_including_the_report_rows_writes_it_in_the_url_and_the_matrix_says_so(trigger):
    out = trigger(sync_compare_state, f"{REPORT}.value", "?methode=z", *DEFAULTS, [], "inclus", "/comparer")
    assert "rapport=inclus" in out[0] and out[10] is no_update
    figure, _, _ = update_matrix(out[0], "/comparer")
    assert "incluses dans les indices" in figure["layout"]["title"]["subtitle"]["text"]


def test_a_tampered_report_choice_shows_a_french_notice_and_resets_the_radio(trigger):
    out = trigger(sync_compare_state, f"{COMPARE_URL}.search", "?rapport=oui", *DEFAULTS, [], "inclus",
                  "/comparer")
    assert out[10] == "exclu"
    assert any("rapport 2020" in t and "« oui »" in t for t in visible_texts(out[8]))


def test_the_scatter_text_gives_the_interval_its_words_and_the_chance_note():
    _, text = update_scatter("?x=cambriolages_2021&y=vols_violents_2021", "/comparer")
    texts = " ".join(visible_texts(text))
    assert "intervalle de confiance à 95 % [" in texts and "liaison" in texts
    assert "par hasard" in texts


def test_the_trend_colouring_draws_the_change_and_keeps_it_in_the_url(trigger):
    out = trigger(sync_compare_state, "compare-colouring.value", "?methode=z", "z", "tendance",
                  *DEFAULTS[2:], [], "exclu", "/comparer")
    assert "couleur=tendance" in out[0]
    figure, _, _ = update_matrix("?couleur=tendance&methode=z", "/comparer")
    assert figure["layout"]["title"]["text"].startswith("Tendance")
    heat = figure["data"][0]
    assert any(v is not None and not (isinstance(v, float) and v != v) for row in heat["z"] for v in row)


def test_the_scatter_puts_a_change_against_a_level():
    figure, text = update_scatter("?x=tendance:cambriolages_2021&y=pib_hab_2021", "/comparer")
    assert "Évolution 2016-2024" in figure["layout"]["xaxis"]["title"]["text"]
    assert "n = 13 régions" in " ".join(visible_texts(text))
