"""dashboard/analysis/indicators.py on small hand-made tables whose expected scores are computed by hand.

Conventions under test (module docstring of dashboard/analysis/indicators.py): higher = more fragile after
orientation; z-score with the population standard deviation of the regions that have a value; no
z-score under 10 regions and no rank under 3 (dashboard/comparison_rules.py); all-equal values score 0; rank 1 = most fragile, ties share the best rank;
missing stays NaN, never 0.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.analysis.indicators import (
    domain_index,
    index_composition,
    fragility_rank,
    largest_divergences,
    quadrant,
    score_indicators,
    select_perception,
    standardise,
)
from dashboard.data.schema import (
    QUADRANT_BLIND_SPOT,
    QUADRANT_FELT,
    QUADRANT_NEAR_AVERAGE,
    QUADRANT_SHARED_ALERT,
    QUADRANT_SHARED_ASSET,
    REGION_CODES,
)

NAN = math.nan
R1, R2, R3, R4 = "11", "24", "27", "28"      # four real region codes (the maths filters on them)
SQRT2 = math.sqrt(2)
SQRT3_2 = math.sqrt(1.5)                     # z of 1, 2, 3: deviations ±1 over sqrt(2/3)


def series(values) -> pd.Series:
    return pd.Series(values, dtype=float)


def same(actual, expected) -> bool:
    """Equal within 1e-9, NaN equal to NaN (and only to NaN)."""
    actual, expected = list(actual), list(expected)
    return len(actual) == len(expected) and all(
        (math.isnan(a) and math.isnan(e)) or (not math.isnan(a) and not math.isnan(e) and abs(a - e) < 1e-9)
        for a, e in zip(actual, expected))


def catalogue(*rows) -> pd.DataFrame:
    """rows: (id, domain_id, higher_is_more_fragile, year, kind)."""
    return pd.DataFrame([dict(id=i, domain_id=d, higher_is_more_fragile=h, year=y, kind=k)
                         for i, d, h, y, k in rows])


def values(indicator_id: str, by_region: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame([dict(region_code=code, indicator_id=indicator_id, value=value)
                         for code, value in by_region.items()])


def scored(frame: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    return frame[frame["indicator_id"] == indicator_id].set_index("region_code")


# -- z-scores (only for a comparable indicator: at least 10 of the 13 regions) -----------------------

@pytest.mark.parametrize("raw, expected", [
    ([0, 0, 2, 2] * 3, [-1, -1, 1, 1] * 3),                            # mean 1, population sd 1
    ([2, 4, 4, 6] * 3, [-SQRT2, 0, 0, SQRT2] * 3),                     # mean 4, sd sqrt(2)
    ([1, 2, 3] * 4, [-SQRT3_2, 0, SQRT3_2] * 4),                       # sd sqrt(2/3), not the sample sd
    ([1, NAN, 2, 3] * 4, [-SQRT3_2, NAN, 0, SQRT3_2] * 4),             # the missing regions are left out
], ids=["symmetric", "ties", "population-sd", "missing-left-out"])
def test_z_score_uses_mean_and_population_sd_of_present_regions(raw, expected):
    assert same(standardise(series(raw)), expected)


@pytest.mark.parametrize("raw", [
    [5] * 10,
    [5, NAN] + [5] * 10,
    [0.1] * 11,                      # floats whose mean is not exactly 0.1: sd is 1e-17, not 0
    [0.01] * 13,
    [6.4] * 13,
    [-2.3] * 12,
], ids=["integers", "with-missing", "0.1-x11", "0.01-x13", "6.4-x13", "negative-x12"])
def test_all_equal_values_give_z_zero(raw):
    expected = [NAN if math.isnan(v) else 0.0 for v in raw]
    assert same(standardise(series(raw)), expected)


@pytest.mark.parametrize("raw", [[], [3], [1, 2], [1, NAN, 2], [NAN, NAN, NAN], [1, 2, 3],
                                 list(range(9)), list(range(9)) + [NAN] * 4],
                         ids=["none", "one", "two", "two-and-missing", "all-missing", "three",
                              "nine", "nine-of-thirteen"])
def test_fewer_than_ten_regions_give_no_z(raw):
    z = standardise(series(raw))
    assert len(z) == len(raw)
    assert z.isna().all()


def test_ten_regions_are_enough_for_a_z_score():
    assert standardise(series(list(range(10)))).notna().all()


# -- ranks ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("oriented, expected", [
    ([3, 1, 2], [1, 3, 2]),                      # 1 = most fragile = highest oriented value
    ([6, 4, 4, 2], [1, 2, 2, 4]),                # tie for 2nd: both 2nd, next is 4th
    ([5, 5, 5], [1, 1, 1]),
    ([2, NAN, 2, 1], [1, NAN, 1, 3]),            # missing stays missing, not last
    ([2, 1], [NAN, NAN]),                        # two regions: values only, no rank
], ids=["order", "tie-min", "all-tied", "missing", "two-regions-no-rank"])
def test_rank_ties_share_the_best_rank(oriented, expected):
    assert same(fragility_rank(series(oriented)), expected)


# -- scoring an indicator ------------------------------------------------------------------------

TWELVE = REGION_CODES[:12]


@pytest.mark.parametrize("higher_is_more_fragile, oriented, z, rank", [
    (True, [0, 0, 2, 2] * 3, [-1, -1, 1, 1] * 3, [7, 7, 1, 1] * 3),
    (False, [0, 0, -2, -2] * 3, [1, 1, -1, -1] * 3, [1, 1, 7, 7] * 3),   # lower = more fragile
], ids=["higher-is-fragile", "lower-is-fragile"])
def test_direction_flip_negates_before_scoring(higher_is_more_fragile, oriented, z, rank):
    raw = dict(zip(TWELVE, [0, 0, 2, 2] * 3))
    frame = score_indicators(values("a", raw),
                             catalogue(("a", "d1", higher_is_more_fragile, 2019, "officiel")))
    rows = scored(frame, "a").loc[list(TWELVE)]
    assert same(rows["value"], [0, 0, 2, 2] * 3)          # the raw value is kept as published
    assert same(rows["oriented"], oriented)
    assert same(rows["z"], z)
    assert same(rows["rank"], rank)
    assert set(rows["level"]) == {"comparable"}


def test_region_with_missing_value_keeps_nan_z_and_rank():
    raw = dict(zip(REGION_CODES, [1, 2, 3] * 4 + [NAN]))
    frame = score_indicators(values("a", raw), catalogue(("a", "d1", True, 2019, "officiel")))
    rows = scored(frame, "a")
    last = REGION_CODES[-1]
    assert math.isnan(rows.loc[last, "z"]) and math.isnan(rows.loc[last, "rank"])
    assert math.isnan(rows.loc[last, "gap_to_france"])
    assert same(rows.loc[list(REGION_CODES[:3]), "z"], [-SQRT3_2, 0, SQRT3_2])
    assert set(rows["n_regions"]) == {12}


def test_partial_indicator_has_values_and_rank_out_of_its_real_n_but_no_z():
    frame = score_indicators(values("a", {R1: 86.1, R2: 85.6, R3: 85.5}),
                             catalogue(("a", "d1", True, 2017, "officiel")))
    rows = scored(frame, "a").loc[[R1, R2, R3]]
    assert rows["z"].isna().all()                             # 3 regions: no standardised score
    assert same(rows["rank"], [1, 2, 3])
    assert set(rows["n_regions"]) == {3} and set(rows["level"]) == {"partielle"}
    assert same(rows["percentile"], [100, 50, 0])


def test_two_regions_give_values_only():
    frame = score_indicators(values("a", {R1: 1, R2: 2}), catalogue(("a", "d1", True, 2017, "officiel")))
    rows = scored(frame, "a")
    assert rows["rank"].isna().all() and rows["z"].isna().all()
    assert set(rows["level"]) == {"valeurs seules"}


def test_france_and_regions_outside_the_13_are_not_scored():
    raw = dict(zip(TWELVE, [1, 2, 3] * 4))
    frame = score_indicators(values("a", {**raw, "FRM": 100, "99": 50}),
                             catalogue(("a", "d1", True, 2019, "officiel")))
    assert set(frame["region_code"]) == set(TWELVE)
    assert same(frame.set_index("region_code").loc[[R1, R2, R3], "z"], [-SQRT3_2, 0, SQRT3_2])


@pytest.mark.parametrize("france, gaps", [
    (2.0, [-1.0, 0.0, 1.5]),
    (None, [NAN, NAN, NAN]),
], ids=["france-has-a-value", "france-has-none"])
def test_gap_to_france_is_raw_value_minus_france(france, gaps):
    raw = {R1: 1.0, R2: 2.0, R3: 3.5}
    if france is not None:
        raw["FRM"] = france
    # the direction does not change the gap: it is in the indicator's own unit
    frame = score_indicators(values("a", raw), catalogue(("a", "d1", False, 2019, "officiel")))
    rows = scored(frame, "a").loc[[R1, R2, R3]]
    assert same(rows["gap_to_france"], gaps)
    assert same(rows["france_value"], [NAN if france is None else france] * 3)


def test_score_carries_year_kind_and_domain_of_the_catalogue():
    frame = score_indicators(values("a", {R1: 1, R2: 2, R3: 3}),
                             catalogue(("a", "d9", True, 2016, "rapport-2020")))
    assert set(frame["domain_id"]) == {"d9"}
    assert set(frame["year"]) == {2016}
    assert set(frame["kind"]) == {"rapport-2020"}


# -- domain index --------------------------------------------------------------------------------

ALL = list(REGION_CODES)
LAST = ALL[-1]


@pytest.fixture
def index_grid() -> pd.DataFrame:
    """d1: a (13 regions) and b (12: the last region lacks it, lower is fragile), c (3 regions:
    partial, kept out); d2: d only; d3: no value; d4: e, two regions only."""
    cat = catalogue(("a", "d1", True, 2019, "officiel"), ("b", "d1", False, 2021, "rapport-2020"),
                    ("c", "d1", True, 2017, "officiel"),
                    ("d", "d2", True, 2018, "officiel"), ("e", "d4", True, 2020, "officiel"))
    raw = pd.concat([
        values("a", dict(zip(ALL, [0, 0, 2, 2] * 3 + [1]))),
        values("b", dict(zip(ALL[:12], [3, 2, 1] * 4))),
        values("c", {R1: 9, R2: 1, R3: 5}),
        values("d", dict(zip(ALL, [2, 4, 4, 6] * 3 + [4]))),
        values("e", {R1: 1, R2: 9}),
    ], ignore_index=True)
    scores = score_indicators(raw, cat)
    composition = index_composition(scores, cat)
    assert composition == {"d1": ["a", "b"], "d2": ["d"]}       # c (3 regions) and e (2) stay out
    return domain_index(scores, ["d1", "d2", "d3", "d4"], composition,
                        {"d1": 3, "d2": 1, "d4": 1}).set_index(["domain_id", "region_code"])


def test_domain_index_is_mean_of_the_z_of_its_eligible_indicators(index_grid):
    a = standardise(series([0, 0, 2, 2] * 3 + [1]))
    b = standardise(series([-3, -2, -1] * 4))
    d1 = index_grid.loc["d1"]
    assert same(d1.loc[[R1, R2, R3], "index"], [(a[i] + b[i]) / 2 for i in range(3)])
    assert set(d1.loc[ALL[:12], "n_indicators"]) == {2}
    assert (d1["n_used"] == 2).all() and (d1["n_available"] == 3).all()
    assert d1.loc[R1, "years"] == "2019, 2021"
    assert d1.loc[R1, "kinds"] == "officiel, rapport-2020"


def test_region_lacking_one_index_indicator_is_not_ranked_as_if_complete(index_grid):
    d1 = index_grid.loc["d1"]
    assert not d1.loc[LAST, "complete"] and math.isnan(d1.loc[LAST, "index"])
    assert math.isnan(d1.loc[LAST, "rank"])
    assert d1.loc[LAST, "n_indicators"] == 1
    assert (d1["n_ranked"] == 12).all() and d1["comparable"].all()
    assert d1.loc[ALL[:12], "rank"].max() <= 12


def test_domain_with_one_indicator_has_index_equal_to_its_z(index_grid):
    d2 = index_grid.loc["d2"]
    assert same(d2.loc[[R1, R2, R3, R4], "index"],
                list(standardise(series([2, 4, 4, 6] * 3 + [4]))[:4]))
    assert set(d2["n_indicators"]) == {1}


@pytest.mark.parametrize("domain", ["d3", "d4"], ids=["no-value", "fewer-than-3-regions"])
def test_domain_with_no_z_has_no_index(index_grid, domain):
    cells = index_grid.loc[domain]
    assert len(cells) == len(REGION_CODES)             # the full grid, not an empty frame
    assert cells["index"].isna().all()                 # NaN, never 0
    assert cells["rank"].isna().all()
    assert (cells["n_indicators"] == 0).all() and (cells["n_used"] == 0).all()
    assert (cells["years"] == "").all() and (cells["kinds"] == "").all()
    assert not cells["comparable"].any()


def test_domain_rank_is_over_regions_with_an_index(index_grid):
    d2 = index_grid.loc["d2"]
    assert same(d2.loc[[R1, R2, R3, R4], "rank"], [11, 4, 4, 1])   # three 6s, seven 4s, three 2s


def test_doubtful_report_rows_stay_out_of_the_index_unless_asked():
    cat = catalogue(("a", "d1", True, 2019, "officiel"), ("r", "d1", True, 2019, "rapport-2020"))
    cat["fiabilite"] = ["", "douteuse"]
    raw = pd.concat([values("a", dict(zip(ALL, range(13)))), values("r", dict(zip(ALL, range(13))))])
    scores = score_indicators(raw, cat)
    assert index_composition(scores, cat) == {"d1": ["a"]}
    assert index_composition(scores, cat, include_doubtful=True) == {"d1": ["a", "r"]}


def test_two_years_of_one_series_enter_the_index_once_with_the_latest_comparable_year():
    cat = catalogue(("taux_2018", "d1", True, 2018, "officiel"), ("taux_2020", "d1", True, 2020, "officiel"),
                    ("taux_2021", "d1", True, 2021, "officiel"))
    raw = pd.concat([values("taux_2018", dict(zip(ALL, range(13)))),
                     values("taux_2020", dict(zip(ALL[:11], range(11)))),
                     values("taux_2021", dict(zip(ALL[:6], range(6))))])      # 2021: 6 regions, partial
    assert index_composition(score_indicators(raw, cat), cat) == {"d1": ["taux_2020"]}


# -- felt versus measured ------------------------------------------------------------------------

@pytest.mark.parametrize("objective, perceived, expected", [
    (0.8, 1.2, QUADRANT_SHARED_ALERT),     # measured and felt
    (0.8, -0.5, QUADRANT_BLIND_SPOT),      # measured, not felt
    (-0.3, 0.9, QUADRANT_FELT),            # felt, not measured
    (-1.1, -0.4, QUADRANT_SHARED_ASSET),   # neither
    (0.068, -1.0, QUADRANT_NEAR_AVERAGE),  # inside the ±0,25 band: not an « angle mort »
    (1.0, 0.2, QUADRANT_NEAR_AVERAGE),
    (-0.25, -0.9, QUADRANT_NEAR_AVERAGE),  # on the band's edge
    (NAN, 1.0, None),
    (1.0, NAN, None),
    (NAN, NAN, None),
    (None, 1.0, None),
], ids=["alerte-partagee", "angle-mort", "fragilite-ressentie", "atout-partage", "neutral-measure",
        "neutral-felt", "band-edge", "no-objective", "no-perception", "neither", "none"])
def test_quadrant_names_each_case_and_none_when_missing(objective, perceived, expected):
    assert quadrant(objective, perceived) == expected


def test_quadrant_does_not_classify_a_perception_whose_interval_reaches_the_band():
    assert quadrant(1.0, 0.6, 0.1, 1.1) == QUADRANT_NEAR_AVERAGE
    assert quadrant(1.0, 0.6, 0.3, 0.9) == QUADRANT_SHARED_ALERT


def test_quadrant_names_are_french():
    assert (QUADRANT_SHARED_ALERT, QUADRANT_BLIND_SPOT, QUADRANT_FELT, QUADRANT_SHARED_ASSET) == (
        "alerte partagée", "angle mort", "fragilité ressentie", "atout partagé")


def perception(rows) -> pd.DataFrame:
    """rows: (region, domain, profile, year, score, kind)."""
    frame = pd.DataFrame([dict(region_code=r, domain_id=d, profile=p, year=y, score=s, n=None,
                               kind=k, source=f"{k} {y}") for r, d, p, y, s, k in rows])
    frame["year"] = frame["year"].astype("Int64")
    frame["n"] = frame["n"].astype("Int64")
    return frame


@pytest.mark.parametrize("candidates, chosen", [
    ([(2019, 5.0, "illustratif"), (2015, 6.0, "publié")], (2015, 6.0, "publié")),
    ([(2019, 5.0, "publié"), (2015, 7.0, "importé")], (2015, 7.0, "importé")),
    ([(2021, 5.0, "illustratif"), (2020, 7.0, "importé"), (2021, 6.0, "publié")], (2020, 7.0, "importé")),
    ([(2015, 6.6, "publié"), (2019, 6.4, "publié")], (2019, 6.4, "publié")),
    ([(None, 6.0, "publié"), (2015, 6.6, "publié")], (2015, 6.6, "publié")),   # unknown year last
    ([(2019, 5.3, "illustratif")], (2019, 5.3, "illustratif")),
], ids=["published-beats-illustrative", "imported-beats-published", "imported-beats-all",
        "latest-year", "unknown-year-last", "only-illustrative"])
def test_select_perception_prefers_imported_then_published_then_illustrative_then_latest(candidates, chosen):
    rows = perception([(R1, "emploi", "citoyens", y, s, k) for y, s, k in candidates])
    result = select_perception(rows, "citoyens")
    assert len(result) == 1
    row = result.iloc[0]
    year, score, kind = chosen
    assert (row["kind"], row["score"]) == (kind, score)
    assert (pd.isna(row["year"]) if year is None else row["year"] == year)


def test_select_perception_keeps_one_row_per_region_and_domain_of_the_profile_only():
    rows = perception([
        (R1, "emploi", "citoyens", 2019, 5.0, "illustratif"),
        (R1, "emploi", "elus", 2019, 9.0, "importé"),           # other profile: ignored
        (R1, "securite", "citoyens", 2019, 4.0, "illustratif"),
        (R2, "emploi", "citoyens", 2019, 6.0, "illustratif"),
        ("FRM", "emploi", "citoyens", 2019, 6.4, "publié"),     # France is not a region
    ])
    result = select_perception(rows, "citoyens").set_index(["region_code", "domain_id"]).sort_index()
    assert list(result.index) == [(R1, "emploi"), (R1, "securite"), (R2, "emploi")]
    assert list(result["score"]) == [5.0, 4.0, 6.0]
    assert list(select_perception(rows, "entreprises").columns) == [
        "region_code", "domain_id", "score", "year", "n", "ecart_type", "kind", "source"]


def test_largest_divergences_orders_by_absolute_gap_and_skips_missing_and_near_average():
    felt = pd.DataFrame([
        dict(region_code=R1, domain_id="a", gap=0.5, quadrant=QUADRANT_FELT),
        dict(region_code=R1, domain_id="b", gap=-2.0, quadrant=QUADRANT_BLIND_SPOT),
        dict(region_code=R1, domain_id="c", gap=1.0, quadrant=QUADRANT_FELT),
        dict(region_code=R1, domain_id="d", gap=NAN, quadrant=None),
        dict(region_code=R1, domain_id="e", gap=-0.1, quadrant=QUADRANT_SHARED_ALERT),
        dict(region_code=R1, domain_id="g", gap=5.0, quadrant=QUADRANT_NEAR_AVERAGE),  # not classed
        dict(region_code=R2, domain_id="f", gap=9.0, quadrant=QUADRANT_FELT),          # another region
    ])
    assert list(largest_divergences(felt, R1)["domain_id"]) == ["b", "c", "a"]
    assert list(largest_divergences(felt, R1, count=5)["domain_id"]) == ["b", "c", "a", "e"]
    assert same(largest_divergences(felt, R1, count=2)["distance"], [2.0, 1.0])
    assert largest_divergences(felt, "94").empty
