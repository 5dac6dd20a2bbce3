"""dashboard/indicators.py on small hand-made tables whose expected scores are computed by hand.

Conventions under test (module docstring of dashboard/indicators.py): higher = more fragile after
orientation; z-score with the population standard deviation of the regions that have a value; no
z-score under 3 regions; all-equal values score 0; rank 1 = most fragile, ties share the best rank;
missing stays NaN, never 0.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.indicators import (
    domain_index,
    fragility_rank,
    largest_divergences,
    quadrant,
    score_indicators,
    select_perception,
    standardise,
)
from dashboard.schema import (
    QUADRANT_BLIND_SPOT,
    QUADRANT_FELT,
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


# -- z-scores ------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ([0, 0, 2, 2], [-1, -1, 1, 1]),                              # mean 1, population sd 1
    ([2, 4, 4, 6], [-SQRT2, 0, 0, SQRT2]),                       # mean 4, sd sqrt(2)
    ([1, 2, 3], [-SQRT3_2, 0, SQRT3_2]),                         # sd sqrt(2/3), not the sample sd 1
    ([1, NAN, 2, 3], [-SQRT3_2, NAN, 0, SQRT3_2]),               # the missing region is left out
], ids=["symmetric", "ties", "population-sd", "missing-left-out"])
def test_z_score_uses_mean_and_population_sd_of_present_regions(raw, expected):
    assert same(standardise(series(raw)), expected)


@pytest.mark.parametrize("raw", [
    [5, 5, 5],
    [5, NAN, 5, 5],
    [0.1, 0.1, 0.1],                 # floats whose mean is not exactly 0.1: sd is 1e-17, not 0
    [0.01] * 13,
    [6.4] * 13,
    [-2.3] * 7,
], ids=["integers", "with-missing", "0.1-x3", "0.01-x13", "6.4-x13", "negative-x7"])
def test_all_equal_values_give_z_zero(raw):
    expected = [NAN if math.isnan(v) else 0.0 for v in raw]
    assert same(standardise(series(raw)), expected)


@pytest.mark.parametrize("raw", [[], [3], [1, 2], [1, NAN, 2], [NAN, NAN, NAN]],
                         ids=["none", "one", "two", "two-and-missing", "all-missing"])
def test_fewer_than_three_regions_give_no_z(raw):
    z = standardise(series(raw))
    assert len(z) == len(raw)
    assert z.isna().all()


# -- ranks ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("oriented, expected", [
    ([3, 1, 2], [1, 3, 2]),                      # 1 = most fragile = highest oriented value
    ([6, 4, 4, 2], [1, 2, 2, 4]),                # tie for 2nd: both 2nd, next is 4th
    ([5, 5, 5], [1, 1, 1]),
    ([2, NAN, 2, 1], [1, NAN, 1, 3]),            # missing stays missing, not last
], ids=["order", "tie-min", "all-tied", "missing"])
def test_rank_ties_share_the_best_rank(oriented, expected):
    assert same(fragility_rank(series(oriented)), expected)


# -- scoring an indicator ------------------------------------------------------------------------

@pytest.mark.parametrize("higher_is_more_fragile, oriented, z, rank", [
    (True, [0, 0, 2, 2], [-1, -1, 1, 1], [3, 3, 1, 1]),
    (False, [0, 0, -2, -2], [1, 1, -1, -1], [1, 1, 3, 3]),   # lower = more fragile: negated
], ids=["higher-is-fragile", "lower-is-fragile"])
def test_direction_flip_negates_before_scoring(higher_is_more_fragile, oriented, z, rank):
    frame = score_indicators(values("a", {R1: 0, R2: 0, R3: 2, R4: 2}),
                             catalogue(("a", "d1", higher_is_more_fragile, 2019, "officiel")))
    rows = scored(frame, "a").loc[[R1, R2, R3, R4]]
    assert same(rows["value"], [0, 0, 2, 2])                # the raw value is kept as published
    assert same(rows["oriented"], oriented)
    assert same(rows["z"], z)
    assert same(rows["rank"], rank)


def test_region_with_missing_value_keeps_nan_z_and_rank():
    frame = score_indicators(values("a", {R1: 1, R2: 2, R3: 3, R4: NAN}),
                             catalogue(("a", "d1", True, 2019, "officiel")))
    rows = scored(frame, "a")
    assert math.isnan(rows.loc[R4, "z"]) and math.isnan(rows.loc[R4, "rank"])
    assert math.isnan(rows.loc[R4, "gap_to_france"])
    assert same(rows.loc[[R1, R2, R3], "z"], [-SQRT3_2, 0, SQRT3_2])
    assert set(rows["n_regions"]) == {3}


def test_france_and_regions_outside_the_13_are_not_scored():
    frame = score_indicators(values("a", {R1: 1, R2: 2, R3: 3, "FRM": 100, "99": 50}),
                             catalogue(("a", "d1", True, 2019, "officiel")))
    assert set(frame["region_code"]) == {R1, R2, R3}
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

@pytest.fixture
def index_grid() -> pd.DataFrame:
    """d1: indicators a (4 regions) and b (3 regions, lower is fragile); d2: c only; d3: no value;
    d4: e, two regions only (so no z-score)."""
    cat = catalogue(("a", "d1", True, 2019, "officiel"), ("b", "d1", False, 2021, "rapport-2020"),
                    ("c", "d2", True, 2018, "officiel"), ("e", "d4", True, 2020, "officiel"))
    raw = pd.concat([
        values("a", {R1: 0, R2: 0, R3: 2, R4: 2}),      # z -1, -1, 1, 1
        values("b", {R1: 3, R2: 2, R3: 1}),             # oriented -3, -2, -1: z -1.2247, 0, 1.2247
        values("c", {R1: 2, R2: 4, R3: 4, R4: 6}),      # z -1.4142, 0, 0, 1.4142
        values("e", {R1: 1, R2: 9}),
    ], ignore_index=True)
    return domain_index(score_indicators(raw, cat), ["d1", "d2", "d3", "d4"]).set_index(
        ["domain_id", "region_code"])


def test_domain_index_is_mean_of_available_z(index_grid):
    d1 = index_grid.loc["d1"]
    assert same(d1.loc[[R1, R2, R3, R4], "index"],
                [(-1 - SQRT3_2) / 2, (-1 + 0) / 2, (1 + SQRT3_2) / 2, 1.0])  # R4 has only a
    assert list(d1.loc[[R1, R2, R3, R4], "n_indicators"]) == [2, 2, 2, 1]
    assert d1.loc[R1, "years"] == "2019, 2021"
    assert d1.loc[R1, "kinds"] == "officiel, rapport-2020"
    assert d1.loc[R4, "years"] == "2019"


def test_domain_with_one_indicator_has_index_equal_to_its_z(index_grid):
    d2 = index_grid.loc["d2"]
    assert same(d2.loc[[R1, R2, R3, R4], "index"], [-SQRT2, 0, 0, SQRT2])
    assert set(d2.loc[[R1, R2, R3, R4], "n_indicators"]) == {1}


@pytest.mark.parametrize("domain", ["d3", "d4"], ids=["no-value", "fewer-than-3-regions"])
def test_domain_with_no_z_has_no_index(index_grid, domain):
    cells = index_grid.loc[domain]
    assert len(cells) == len(REGION_CODES)             # the full grid, not an empty frame
    assert cells["index"].isna().all()                 # NaN, never 0
    assert cells["rank"].isna().all()
    assert (cells["n_indicators"] == 0).all()
    assert (cells["years"] == "").all() and (cells["kinds"] == "").all()


def test_region_without_any_value_has_nan_index_not_zero(index_grid):
    absent = [c for c in REGION_CODES if c not in (R1, R2, R3, R4)]
    cells = index_grid.loc["d1"].loc[absent]
    assert cells["index"].isna().all() and cells["rank"].isna().all()
    assert (cells["n_indicators"] == 0).all()


def test_domain_rank_is_over_regions_with_an_index(index_grid):
    d2 = index_grid.loc["d2"]
    assert same(d2.loc[[R1, R2, R3, R4], "rank"], [4, 2, 2, 1])


# -- felt versus measured ------------------------------------------------------------------------

@pytest.mark.parametrize("objective, perceived, expected", [
    (0.8, 1.2, QUADRANT_SHARED_ALERT),     # measured and felt
    (0.8, -0.5, QUADRANT_BLIND_SPOT),      # measured, not felt
    (-0.3, 0.9, QUADRANT_FELT),            # felt, not measured
    (-1.1, -0.2, QUADRANT_SHARED_ASSET),   # neither
    (NAN, 1.0, None),
    (1.0, NAN, None),
    (NAN, NAN, None),
    (None, 1.0, None),
], ids=["alerte-partagee", "angle-mort", "fragilite-ressentie", "atout-partage",
        "no-objective", "no-perception", "neither", "none"])
def test_quadrant_names_each_case_and_none_when_missing(objective, perceived, expected):
    assert quadrant(objective, perceived) == expected


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
        "region_code", "domain_id", "score", "year", "n", "kind", "source"]


def test_largest_divergences_orders_by_absolute_gap_and_skips_missing():
    felt = pd.DataFrame([
        dict(region_code=R1, domain_id="a", gap=0.5),
        dict(region_code=R1, domain_id="b", gap=-2.0),
        dict(region_code=R1, domain_id="c", gap=1.0),
        dict(region_code=R1, domain_id="d", gap=NAN),
        dict(region_code=R1, domain_id="e", gap=-0.1),
        dict(region_code=R2, domain_id="f", gap=9.0),          # another region
    ])
    assert list(largest_divergences(felt, R1)["domain_id"]) == ["b", "c", "a"]
    assert list(largest_divergences(felt, R1, count=5)["domain_id"]) == ["b", "c", "a", "e"]
    assert same(largest_divergences(felt, R1, count=2)["distance"], [2.0, 1.0])
    assert largest_divergences(felt, "94").empty
