"""/comparer « tendance » (issue 14): each region's change over the common period of a series,
oriented, standardised and ranked under the same comparison rules as the rest."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.analysis import matrix
from dashboard.analysis import scatter
from dashboard.analysis import series
from dashboard.views.compare_url import compare_query, parse_compare_query
from dashboard.views.compare import method_note
from dashboard.analysis.indicators import standardise
from dashboard.analysis.model import get_model


@pytest.fixture(scope="module")
def model():
    return get_model()


def test_a_trend_cell_is_the_mean_z_score_of_the_oriented_changes_of_the_domain_index(model):
    cells = matrix.matrix_cells(model, "tendance", "z", "citoyens")
    ids = [i for i in model.index_composition()["securite"]
           if not series.change_over_common_period(model.series_points(i)).empty]
    assert len(ids) >= 4
    z = []
    for indicator_id in ids:
        moved = series.change_over_common_period(model.series_points(indicator_id)).set_index("region_code")
        sign = 1 if model.indicator(indicator_id)["higher_is_more_fragile"] else -1
        z.append(standardise(sign * moved["change"].astype(float)))
    expected = np.mean([part["53"] for part in z])
    bretagne = cells[(cells["region_code"] == "53") & (cells["domain_id"] == "securite")].iloc[0]
    assert bretagne["shown"] == pytest.approx(expected)
    assert bretagne["years"] == "2016-2024" and bretagne["n_used"] == len(ids)
    assert isinstance(bretagne["rank_class"], str)


def test_a_domain_without_a_series_has_no_trend_and_is_never_zero(model):
    cells = matrix.matrix_cells(model, "tendance", "z", "citoyens")
    emploi = cells[cells["domain_id"] == "emploi"]
    assert emploi["shown"].isna().all() and emploi["rank_class"].isna().all()


def test_only_indicators_whose_common_period_is_covered_by_10_regions_enter(model):
    cells = matrix.matrix_cells(model, "tendance", "z", "citoyens")
    trends = matrix.trend_scores(model)
    covered = trends.dropna(subset=["value"]).groupby("indicator_id")["region_code"].nunique()
    for domain, rows in trends.groupby("domain_id"):
        enough = [i for i in rows["indicator_id"].unique() if covered.get(i, 0) >= 10]
        used = cells[cells["domain_id"] == domain]["n_used"].iloc[0]
        assert used == len(enough), domain


def test_the_trend_is_compared_as_z_scores_or_ranks_only(model):
    assert matrix.effective_method("tendance", "brut") == "z"
    assert matrix.effective_method("tendance", "rang") == "rang"
    state, notices = parse_compare_query("?couleur=tendance&methode=brut", domains=model.domain_ids,
                                         regions=model.region_names, axes=["a", "b"], default_axes=("a", "b"))
    assert notices == [] and state.colouring == "tendance"
    assert "couleur=tendance" in compare_query(state)
    assert "La tendance se compare sur des scores z ou des rangs" in method_note(state)


def test_the_scatter_can_put_a_change_on_either_axis(model):
    keys = [o["value"] for o in scatter.axis_options(model)]
    assert "tendance:cambriolages_2021" in keys
    label = next(o["label"] for o in scatter.axis_options(model) if o["value"] == "tendance:cambriolages_2021")
    assert label.startswith("Évolution 2016-2024 : Cambriolages")
    axis = scatter.axis(model, "tendance:cambriolages_2021", "brut", "citoyens")
    moved = series.change_over_common_period(model.series_points("cambriolages_2021")).set_index("region_code")
    shown = axis.rows.set_index("region_code")["shown"]
    assert shown["53"] == pytest.approx(moved.loc["53", "change"])
    with pytest.raises(KeyError):
        scatter.axis(model, "tendance:chomage_2019", "z", "citoyens")  # one year: no change


def test_the_exports_follow_the_trend_colouring_and_a_change_axis(model):
    import io

    import pandas as pd

    from dashboard.outputs.exports import export

    content, _, name = export(model, "matrice", "csv", "?couleur=tendance&methode=z")
    assert name == "matrice-tendance-z.csv"
    frame = pd.read_csv(io.BytesIO(content), sep=";", dtype=str, keep_default_na=False)
    bretagne = frame[(frame["code_region"] == "53") & (frame["code_domaine"] == "securite")].iloc[0]
    assert bretagne["annees"] == "2016-2024" and bretagne["valeur"] not in ("", "0")
    emploi = frame[(frame["code_region"] == "53") & (frame["code_domaine"] == "emploi")].iloc[0]
    assert emploi["valeur"] == ""   # no series: empty, never 0
    content, _, _ = export(model, "nuage", "csv", "?x=tendance:cambriolages_2021&y=pib_hab_2021&methode=brut")
    text = content.decode("utf-8-sig")
    assert "Évolution 2016-2024 : Cambriolages de logement enregistrés;" in text
    assert "infractions pour 1 000 logements" in text
    assert len(frame) >= 13 * 16


def test_the_rank_class_note_of_the_trend_compares_only_z_scores_and_ranks(model):
    from dashboard.views import compare as compare_view

    state, _ = compare_view.read_state(model, "?couleur=tendance")
    assert compare_view.class_note(model, state).methods == ("z", "rang")
    state, _ = compare_view.read_state(model, "?couleur=indice")
    assert len(compare_view.class_note(model, state).methods) == 4
