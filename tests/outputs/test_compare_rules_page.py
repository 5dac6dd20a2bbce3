"""The comparison rules (dashboard/comparison_rules.py) as the comparison page applies them: no
partial comparison coloured or classed, ranks « x / n » with their real n, domain cells over the
index's indicators, the report rows' choice in the URL, Spearman's interval and its words, and the
same rules in France's reference row and in the exports."""

from __future__ import annotations

import io
import math

import pandas as pd
import pytest

from dashboard.views import compare as compare_view
from dashboard.analysis import scatter
from dashboard.views.compare_url import compare_query
from dashboard.comparison_rules import (
    LEVEL_COMPARABLE,
    LEVEL_PARTIAL,
    MIN_REGIONS_COMPARABLE,
    TOTAL_REGIONS,
    coverage_note,
    spearman_interval,
)
from dashboard.outputs.exports import export
from dashboard.analysis.model import get_model
from dashboard.data.schema import FRANCE

DAY = pd.Timestamp("2026-12-01").date()


@pytest.fixture(scope="module")
def model():
    return get_model()


def state_of(model, search):
    state, notices = compare_view.read_state(model, search)
    assert notices == []
    return state


def coverage(model) -> dict[str, int]:
    present = model.scores.dropna(subset=["value"])
    return present.groupby("indicator_id")["region_code"].nunique().to_dict()


def partial_indicators(model) -> list[str]:
    return [i for i, n in coverage(model).items() if 3 <= n < MIN_REGIONS_COMPARABLE]


# -- Spearman's interval and its words ------------------------------------------------------------

def bonett_wright(rho: float, n: int) -> tuple[float, float]:
    """Reference computation, written out: Fisher z ± 1,96 x sqrt((1 + rho²/2) / (n - 3))."""
    half = 1.959964 * math.sqrt((1 + rho ** 2 / 2) / (n - 3))
    return math.tanh(math.atanh(rho) - half), math.tanh(math.atanh(rho) + half)


def test_the_interval_of_rho_0_5_on_13_regions_is_minus_0_108_to_0_836():
    low, high = spearman_interval(0.5, 13)
    assert (round(low, 3), round(high, 3)) == (-0.108, 0.836)
    assert (low, high) == pytest.approx(bonett_wright(0.5, 13), abs=1e-6)
    assert scatter.interval_text((low, high)) == "[−0,11\u00a0; 0,84]"


@pytest.mark.parametrize("rho,n,words", [
    (0.5, 13, "liaison incertaine"),                           # [−0,11 ; 0,84] holds 0
    (0.9, 13, "liaison modérée, de même sens"),                # lower bound 0,63
    (0.95, 13, "liaison forte, de même sens"),                 # lower bound 0,80
    (-0.8, 13, "liaison faible, de sens contraire"),           # upper bound −0,37
    (0.6, 4, "liaison incertaine"),                            # four regions: anything goes
])
def test_strength_words_follow_the_bound_nearest_zero_not_rho(rho, n, words):
    assert scatter.strength_words(rho, spearman_interval(rho, n)) == words


def test_the_sentence_gives_rho_n_the_interval_and_p_and_says_uncertain():
    text = scatter.correlation_sentence(0.5, 13, 0.08)
    assert "ρ = 0,50 (n = 13 régions)" in text
    assert "intervalle de confiance à 95 % [−0,11\u00a0; 0,84]" in text
    assert "liaison incertaine" in text and "p ≈ 0,080" in text
    assert "liaison modérée" not in text  # rho alone would have said so


def test_the_page_warns_that_some_pairs_correlate_by_chance(model):
    view = compare_view.scatter_view(model, state_of(model, "?x=cambriolages_2021&y=vols_violents_2021"))
    assert "par hasard" in view.chance_note
    assert view.interval == pytest.approx(spearman_interval(view.rho, view.n))
    assert "intervalle de confiance à 95 %" in view.sentence


# -- the matrix ---------------------------------------------------------------------------------

def heatmap_column(figure, column: int) -> list:
    return [row[column] for row in figure["data"][0]["z"]]


def test_no_partial_indicator_is_coloured_classed_or_ranked_out_of_13(model):
    figure = compare_view.matrix_figure(model, state_of(model, "?methode=brut"))
    cells = compare_view.cells_of(model, state_of(model, "?methode=brut"))
    partial = cells[(cells["level"] != LEVEL_COMPARABLE) & cells["shown"].notna()]
    assert len(partial), "the bundled data has domains shown by a 3-to-9-region indicator"
    domains = compare_view.matrix_order(model, state_of(model, "?methode=brut"))[1]
    hovers = {}
    for trace in figure["data"][1:]:
        for data in trace.get("customdata") or []:
            hovers[(data[1], data[2])] = data[0]
    for row in partial.itertuples():
        assert set(heatmap_column(figure, domains.index(row.domain_id))) == {None}
        assert coverage_note(row.n_shown) in hovers[(row.region_code, row.domain_id)]
        assert f"/\u00a0{TOTAL_REGIONS}" not in hovers[(row.region_code, row.domain_id)]
        assert row.rank_class is None
    first = partial[partial["level"] == LEVEL_PARTIAL].iloc[0]
    tick = figure["layout"]["xaxis"]["ticktext"][domains.index(first["domain_id"])]
    assert tick.endswith(f"partielle ({first['n_shown']} régions)</i>")



def test_every_rank_in_a_hover_is_x_out_of_its_real_n(model):
    figure = compare_view.matrix_figure(model, state_of(model, "?methode=z"))
    cells = compare_view.cells_of(model, state_of(model, "?methode=z")).set_index(["region_code", "domain_id"])
    for row in figure["data"][0]["customdata"]:
        for hover, code, domain in row:
            cell = cells.loc[(code, domain)]
            if not pd.isna(cell["method_rank"]):
                rank = int(cell["method_rank"])
                assert f"Rang : {rank}{'re' if rank == 1 else 'e'}\u00a0/\u00a0{int(cell['n_shown'])}" in hover


def test_domain_cells_are_the_home_page_index_and_say_how_many_indicators(model):
    for search, include in (("?methode=z", False), ("?methode=z&rapport=inclus", True)):
        cells = compare_view.cells_of(model, state_of(model, search)).set_index(["region_code", "domain_id"])
        index = model.index_for(include).set_index(["region_code", "domain_id"])
        pd.testing.assert_series_equal(cells["shown"], index["index"].reindex(cells.index),
                                       check_names=False)
        for mine, theirs in (("n_used", "n_used"), ("n_available", "n_available"), ("n_shown", "n_ranked"),
                             ("method_rank", "rank")):
            pd.testing.assert_series_equal(cells[mine].astype(float),
                                           index[theirs].reindex(cells.index).astype(float), check_names=False)
    figure = compare_view.matrix_figure(model, state_of(model, "?methode=z"))
    hovers = " ".join(c[0] for row in figure["data"][0]["customdata"] for c in row)
    assert "indicateurs sur" in hovers


def test_an_incomplete_region_is_shown_as_such_and_not_ranked(model):
    state = state_of(model, "?methode=z")
    cells = compare_view.cells_of(model, state)
    incomplete = cells[(cells["n_used"] > cells["n_indicators"]) & (cells["n_indicators"] > 0)]
    assert len(incomplete) and incomplete["shown"].isna().all() and incomplete["method_rank"].isna().all()
    figure = compare_view.matrix_figure(model, state)
    marked = [t for t in figure["data"] if t.get("name", "").startswith("incompl.")]
    assert marked
    header, rows = compare_view.matrix_table(model, state)
    assert any("incompl." in r for r in rows)


def test_the_rank_method_shows_mean_percentiles(model):
    state = state_of(model, "?methode=rang")
    figure = compare_view.matrix_figure(model, state)
    assert "Centile de fragilité moyen" in figure["layout"]["title"]["text"]
    cells = compare_view.cells_of(model, state)
    assert cells["shown"].dropna().between(0, 100).all()


def test_the_report_rows_choice_changes_the_indices_and_the_legend_says_which(model):
    default = state_of(model, "")
    included = state_of(model, "?rapport=inclus")
    assert not default.include_doubtful and included.include_doubtful
    assert "rapport=" not in compare_query(default) and "rapport=inclus" in compare_query(included)
    off = compare_view.matrix_figure(model, default)["layout"]["title"]["subtitle"]["text"]
    on = compare_view.matrix_figure(model, included)["layout"]["title"]["subtitle"]["text"]
    assert "exclues des indices" in off and "incluses dans les indices" in on
    used = {s: compare_view.cells_of(model, s).groupby("domain_id")["n_used"].first().sum()
            for s in (default, included)}
    assert used[included] > used[default]


def test_a_tampered_report_choice_is_a_french_notice_and_the_default(model):
    state, notices = compare_view.read_state(model, "?rapport=tout")
    assert state.report == "exclu" and not state.include_doubtful
    assert len(notices) == 1 and "« tout »" in notices[0] and "exclues des indices" in notices[0]


def test_france_reference_row_follows_the_same_rules(model):
    from dashboard.analysis import matrix

    z = matrix.france_cells(model, "indice", "z", "citoyens")
    cells = compare_view.cells_of(model, state_of(model, "?methode=z"))
    without_index = set(cells.groupby("domain_id")["n_used"].first().loc[lambda s: s == 0].index)
    assert without_index and not (without_index & set(z))  # no domain value without an index


# -- the exports --------------------------------------------------------------------------------

def read_csv(content: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(content), sep=";", encoding="utf-8-sig", dtype={"code_region": str})


def test_the_matrix_csv_leaves_withheld_values_empty_and_says_why(model):
    frame = read_csv(export(model, "matrice", "csv", "?methode=z&panier=FRM", DAY)[0])
    regions = frame[frame["code_region"] != FRANCE]
    incomplete = regions[regions["comparaison"].str.startswith("indice incomplet", na=False)]
    assert len(incomplete) and incomplete["valeur"].isna().all() and incomplete["rang"].isna().all()
    ranked = regions.dropna(subset=["rang"])
    assert ranked["rang_sur_n"].str.contains("\u00a0/\u00a0").all()
    assert regions["indicateurs_indice"].str.contains("sur").any()


def test_the_scatter_csv_has_no_z_for_a_partial_indicator(model):
    partial = partial_indicators(model)[0]
    frame = read_csv(export(model, "nuage", "csv", f"?methode=z&x={partial}&y=chomage_2019", DAY)[0])
    assert frame["valeur_x"].isna().all() and frame["valeur_y"].notna().all()
    view = compare_view.scatter_view(model, state_of(model, f"?methode=z&x={partial}&y=chomage_2019"))
    assert any("comparaison partielle" in w and "valeur brute" in w for w in view.warnings)


def test_an_export_with_the_report_rows_included_says_so_in_its_name_and_about(model):
    content, _, name = export(model, "matrice", "xlsx", "?methode=z&rapport=inclus", DAY)
    assert name == "matrice-indice-z-rapport-inclus.xlsx"
    about = pd.read_excel(io.BytesIO(content), sheet_name="À propos")
    lines = dict(zip(about["rubrique"], about["valeur"]))
    assert "incluses dans les indices" in lines["Tableau du rapport 2020"]
    assert export(model, "nuage", "csv", "?rapport=inclus", DAY)[2].endswith("-rapport-inclus.csv")
