"""Indicators as series (issue 14): coverage per year, the current year, change since the first year,
the gap to France widening or narrowing, change over a common period, and what the home page says."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.analysis import series
from dashboard.views import home as views
from dashboard.views import region as region_view
from dashboard.analysis.model import get_model
from dashboard.data.schema import REGION_CODES


def frame(rows):
    return pd.DataFrame(rows, columns=["region_code", "year", "value"])


def full_years(years, value=lambda code, year: 1.0, skip=()):
    return frame([(c, y, value(c, y)) for y in years for c in REGION_CODES if (c, y) not in skip])


# -- coverage and the current year ---------------------------------------------------------------

def test_coverage_counts_regions_per_year_without_france():
    points = pd.concat([full_years([2019]), frame([("FRM", 2019, 1.0), ("53", 2020, 2.0)])])
    assert series.coverage_by_year(points) == {2019: 13, 2020: 1}


def test_current_year_is_the_latest_year_covered_by_ten_regions_not_the_latest_of_one_region():
    nine = [(c, 2021) for c in REGION_CODES[:4]]  # 2021: 9 regions only
    points = pd.concat([full_years([2019, 2020]), full_years([2021], skip=nine)])
    coverage = series.coverage_by_year(points)
    assert coverage[2021] == 9
    assert series.current_year(coverage) == 2020
    assert series.current_year({2018: 4, 2019: 6}) == 2019   # none comparable: the latest
    assert series.current_year({}) is None


# -- change and gap -------------------------------------------------------------------------------

def test_change_is_in_the_unit_and_in_percent_of_the_first_year():
    moved = series.change([(2016, 4.0), (2020, 4.5), (2024, 3.0)])
    assert (moved["first_year"], moved["last_year"]) == (2016, 2024)
    assert moved["change"] == pytest.approx(-1.0)
    assert moved["percent"] == pytest.approx(-25.0)
    assert math.isnan(series.change([(2016, 0.0), (2017, 1.0)])["percent"])
    assert series.change([(2016, 1.0)]) is None


def test_gap_to_france_widens_narrows_or_stays_on_the_years_both_have():
    region = [(2016, 5.0), (2017, 5.5), (2018, 6.0)]
    widened = series.gap_to_france(region, [(2016, 4.0), (2018, 4.0)])
    assert (widened["first"], widened["last"], widened["trend"]) == (1.0, 2.0, series.WIDENED)
    narrowed = series.gap_to_france(region, [(2016, 2.0), (2017, 5.0), (2018, 5.5)])
    assert narrowed["trend"] == series.NARROWED and narrowed["last"] == pytest.approx(0.5)
    # the gap changed sign but kept its size: stable, not « narrowed »
    assert series.gap_to_france([(2016, 5.0), (2018, 3.0)], [(2016, 4.0), (2018, 4.0)])["trend"] == series.STABLE
    assert series.gap_to_france(region, [(2016, 4.0)]) is None   # one common year


def test_signed_changes_use_french_typography():
    assert series.signed(0.4, "% de la population") == "+0,4\u00a0point"
    assert series.signed(-12.3, "", 1) == "−12,3"
    assert series.percent_text(-12.345) == "−12,3\u00a0%"
    assert series.signed(3.0, "% des ménages") == "+3,0\u00a0points"
    assert series.signed(1.7, "victimes pour 1 000 habitants") == "+1,7\u00a0victime pour 1 000 habitants"
    assert series.signed(0.0012, "infractions pour 1 000 habitants").startswith("+0,001")  # never « +0,00 »


def test_the_sentence_says_change_percent_years_and_the_gap():
    sentence = series.trend_sentence("Bretagne", "%", series.change([(2016, 10.0), (2024, 12.0)]),
                                     series.gap_to_france([(2016, 10.0), (2024, 12.0)], [(2016, 9.0), (2024, 9.5)]))
    assert sentence == ("Bretagne : +2,0\u00a0points (+20,0\u00a0%) de 2016 à 2024 ; l'écart à la France "
                        "métropolitaine s'est creusé (+1,0 en 2016, +2,5 en 2024).")


def test_no_trend_under_three_years_for_the_region():
    points = frame([("53", 2018, 1.0), ("53", 2020, 2.0), ("FRM", 2018, 1.0), ("FRM", 2020, 1.0)])
    assert series.trend(points, "53", "Bretagne", "%") is None


def test_change_over_the_common_period_leaves_a_region_without_either_year_empty():
    points = pd.concat([full_years([2016, 2017, 2018], value=lambda c, y: float(y - 2015)),
                        frame([("53", 2019, 9.0)])])
    points = points[~((points["region_code"] == "94") & (points["year"] == 2018))]
    moved = series.change_over_common_period(points).set_index("region_code")
    assert set(moved["first_year"]) == {2016} and set(moved["last_year"]) == {2018}  # 2019: one region
    assert moved.loc["53", "change"] == pytest.approx(2.0) and moved.loc["53", "percent"] == pytest.approx(200.0)
    assert math.isnan(moved.loc["94", "change"])
    assert series.change_over_common_period(full_years([2016])).empty


# -- the bundled data ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def model():
    return get_model()


def test_crime_is_a_series_2016_2024_whose_current_year_is_2024(model):
    assert model.indicator_years("cambriolages_2021") == tuple(range(2016, 2025))
    assert model.year_coverage("cambriolages_2021") == {y: 13 for y in range(2016, 2025)}
    assert int(model.indicator("cambriolages_2021")["year"]) == 2024
    scores = model.indicator_scores("cambriolages_2021")
    points = model.series_points("cambriolages_2021")
    assert scores.by_region["53"][0] == series.values_in(points, 2024)["53"]


def test_poverty_2018_and_2020_are_one_series_each_year_ranked_among_its_own_regions(model):
    assert {2018, 2020} <= set(model.indicator_years("taux_pauvrete_2020"))
    values, ranks, n = views.year_values(model, "taux_pauvrete_2020", 2018)
    assert n == 11 and "75" not in values                      # Nouvelle-Aquitaine: no 2018 value
    assert max(ranks.values()) == 11                           # ranked out of the 11, not 13
    assert views.year_values(model, "taux_pauvrete_2020", 2020)[2] == 11


def test_bretagne_crime_trend_against_france_with_its_sentence(model):
    trends = {t["id"]: t for t in region_view.region_trends(model, "53")}
    burglary = trends["cambriolages_2021"]
    assert [y for y, _ in burglary["region"]] == list(range(2016, 2025))
    assert [y for y, _ in burglary["france"]] == list(range(2016, 2025))
    points = model.series_points("cambriolages_2021")
    first, last = series.values_in(points, 2016)["53"], series.values_in(points, 2024)["53"]
    assert burglary["change"]["change"] == pytest.approx(last - first)
    assert burglary["sentence"].startswith("Bretagne : ")
    assert "de 2016 à 2024" in burglary["sentence"] and "France métropolitaine" in burglary["sentence"]
    assert {"esperance_vie_2018", "haut_debit_2018"} <= set(trends)
    assert "licences_sportives_2022" not in trends               # one year: no line


def test_the_region_view_shows_a_trend_line_and_sentence_next_to_each_series(model):
    rows = {r["id"]: r for r in region_view.indicator_rows(model, "53", "securite")}
    assert rows["cambriolages_2021"]["trend"]["sentence"].startswith("Bretagne")
    uri = series.sparkline_uri(rows["cambriolages_2021"]["trend"])
    assert uri.startswith("data:image/svg+xml") and "polyline" in uri
    poverty = {r["id"]: r for r in region_view.indicator_rows(model, "53", "pauvrete_exclusion")}
    assert poverty["taux_pauvrete_2020"]["trend"] is None        # two years: no line


def test_a_year_of_the_map_greys_the_regions_without_that_year(model):
    view = views.map_view(model, "pauvrete_exclusion", "taux_pauvrete_2020", 2018)
    assert "(2018)" in view.title
    assert view.missing_count == 2                               # Nouvelle-Aquitaine and Occitanie
    assert "Donnée non disponible : Nouvelle-Aquitaine et Occitanie" in view.description
    names = list(views.region_names(model))
    assert view.layer["z"][names.index("75")] is None


def test_the_trend_figure_draws_the_region_against_france(model):
    item = region_view.region_trends(model, "53")[0]
    figure = series.trend_figure(item, region_name="Bretagne", unit=item["unit"], title="Test")
    assert [t["name"] for t in figure["data"]] == ["Bretagne", "France métropolitaine"]
    assert figure["layout"]["separators"] == ",\u202f"


def test_imported_files_of_one_indicator_for_several_years_become_a_series(model):
    """Three imports of the same indicator (same label, domain and unit), one per year: the session's
    model sees one series with a year slider and a trend line."""
    from dashboard.imports.entry import indicator_id
    from dashboard.imports.merging import merged_bundle
    from dashboard.analysis.model import build_model

    def entry(year, shift):
        meta = dict(libelle="Part des jeunes sans diplôme", domaine="education", unite="% des 18-24 ans",
                    annee=year, source="Observatoire", url="", sens=True, definition="", licence="")
        meta["id"] = indicator_id(meta["libelle"], year)
        values = [[code, 10.0 + shift + i / 10] for i, code in enumerate(REGION_CODES)] + [["FRM", 11.0]]
        return {"nom": f"jeunes-{year}.csv", "type": "indicateur", "indicateur": meta, "valeurs": values}

    session = build_model(merged_bundle(model.bundle, [entry(2019, 0), entry(2020, 1), entry(2021, 2)],
                                        "Données importées"))
    latest = indicator_id("Part des jeunes sans diplôme", 2021)
    assert session.indicator_years(latest) == (2019, 2020, 2021)
    trend = {t["id"]: t for t in region_view.region_trends(session, "53")}
    found = next(t for t in trend.values() if t["label"] == "Part des jeunes sans diplôme")
    assert found["change"]["change"] == pytest.approx(2.0)
    assert "l'écart à la France métropolitaine s'est creusé" in found["sentence"]


def test_every_year_of_a_series_shares_one_colour_range(model):
    """A colour means the same value whichever year the slider shows."""
    first = views.map_view(model, "securite", "cambriolages_2021", 2016).layer
    last = views.map_view(model, "securite", "cambriolages_2021", None).layer
    assert (first["zmin"], first["zmax"]) == (last["zmin"], last["zmax"])
    every = model.series_points("cambriolages_2021")
    regional = every[every["region_code"].isin(REGION_CODES)]["value"]
    assert first["zmin"] == pytest.approx(regional.min(), abs=1e-4)
    assert first["zmax"] == pytest.approx(regional.max(), abs=1e-4)
    index = views.map_view(model, "securite", "indice").layer
    assert index["zmin"] is None and index["zmax"] is None      # the index keeps its own scale
