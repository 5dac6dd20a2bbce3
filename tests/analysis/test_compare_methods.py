"""Methods of the comparison page (raw, gap to France, z-score, rank), rank classes, and where the
domain cells of the matrix change class from one method to another: hand-computed cases."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.analysis.compare import (
    RANK_CLASSES,
    apply_method,
    class_changes,
    domain_cells,
    main_indicators,
    rank_class,
)
from dashboard.comparison_rules import (
    LEVEL_COMPARABLE,
    LEVEL_PARTIAL,
    LEVEL_VALUES,
    MIN_REGIONS_COMPARABLE,
)
from dashboard.data.schema import REGION_CODES

MOST, MIDDLE, LEAST = RANK_CLASSES


def regions(values, higher_is_more_fragile=True, france=55.0) -> pd.DataFrame:
    sign = 1 if higher_is_more_fragile else -1
    return pd.DataFrame({"region_code": [f"r{k}" for k in range(len(values))], "indicator_id": "i",
                         "value": values, "oriented": [None if v is None else sign * v for v in values],
                         "france_value": france})


TEN = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]  # mean 55, population standard deviation sqrt(825)
SD = math.sqrt(825)


@pytest.mark.parametrize("method,expected", [
    ("brut", TEN),
    ("ecart", [v - 55 for v in TEN]),
    ("z", [(v - 55) / SD for v in TEN]),
    ("rang", list(range(10, 0, -1))),
])
def test_each_method_shows_the_hand_computed_value(method, expected):
    shown = apply_method(regions(TEN), method)
    assert shown["shown"].tolist() == pytest.approx(expected)
    assert shown["method_rank"].tolist() == list(range(10, 0, -1))  # the order never depends on the method
    assert (shown["level"] == LEVEL_COMPARABLE).all()


def test_when_lower_is_more_fragile_the_raw_value_stays_but_z_and_rank_are_oriented():
    shown = {m: apply_method(regions(TEN, higher_is_more_fragile=False), m)
             for m in ("brut", "ecart", "z", "rang")}
    assert shown["brut"]["shown"].tolist() == TEN
    assert shown["ecart"]["shown"].tolist() == [v - 55 for v in TEN]
    assert shown["z"]["shown"].iloc[0] == pytest.approx(45 / SD)
    assert shown["rang"]["shown"].tolist() == list(range(1, 11))
    for frame in shown.values():
        assert frame["method_rank"].tolist() == list(range(1, 11))


def test_ties_share_the_best_rank_and_a_missing_value_stays_missing():
    frame = regions([10, 20, 20, None])
    shown = apply_method(frame, "rang")
    assert shown["shown"].tolist()[:3] == [3, 1, 1] and math.isnan(shown["shown"].iloc[3])
    assert shown["n_shown"].iloc[0] == 3


def test_without_a_france_value_the_gap_is_not_available_never_zero():
    shown = apply_method(regions(TEN, france=float("nan")), "ecart")
    assert shown["shown"].isna().all() and shown["rank_class"].isna().all()


def test_a_partial_comparison_keeps_values_and_a_rank_out_of_its_real_n_but_no_z_and_no_class():
    nine = apply_method(regions(TEN[:MIN_REGIONS_COMPARABLE - 1]), "rang")
    assert nine["shown"].iloc[-1] == 1 and (nine["n_shown"] == MIN_REGIONS_COMPARABLE - 1).all()
    assert (nine["level"] == LEVEL_PARTIAL).all() and nine["rank_class"].isna().all()
    assert apply_method(regions(TEN[:MIN_REGIONS_COMPARABLE - 1]), "z")["shown"].isna().all()
    assert apply_method(regions(TEN[:MIN_REGIONS_COMPARABLE]), "z")["shown"].notna().all()


def test_below_three_regions_there_are_values_only_no_rank():
    frame = regions([10, 20, None, None])
    assert apply_method(frame, "z")["shown"].isna().all()
    assert apply_method(frame, "rang")["shown"].isna().all()
    brut = apply_method(frame, "brut")
    assert brut["shown"].tolist()[:2] == [10, 20] and brut["method_rank"].isna().all()
    assert (brut["level"] == LEVEL_VALUES).all()


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError):
        apply_method(regions([1, 2, 3, 4]), "moyenne")


@pytest.mark.parametrize("rank,n,expected", [
    (1, 13, MOST), (4, 13, MOST), (5, 13, MIDDLE), (8, 13, MIDDLE), (9, 13, LEAST), (13, 13, LEAST),
    (1, 10, MOST), (4, 10, MIDDLE), (10, 10, LEAST),
    (1, 9, None), (1, 4, None), (1, 2, None), (float("nan"), 13, None),
])
def test_rank_classes_are_terciles_of_a_comparable_figure_only(rank, n, expected):
    assert rank_class(rank, n) == expected


def crafted_domain() -> pd.DataFrame:
    """Two indicators of one domain over the 13 regions; region 0 is extreme on the second.

    i1: region k has k (0..12). i2: region 0 has 1000, region k has k. Region 0:
    - ranks 13 and 1 -> fragility percentiles 0 and 100, mean 50, the 7th of 13 (region k >= 1
      averages 100 (2k - 1) / 24: 54,2 for k = 7, 45,8 for k = 6) -> « intermédiaire »;
    - z-scores -1,60 and +3,45 -> mean +0,92, the highest of all -> « parmi les plus fragiles ».
    """
    rows = []
    for k, code in enumerate(REGION_CODES):
        for indicator, value in (("i1", k), ("i2", 1000 if k == 0 else k)):
            rows.append(dict(region_code=code, indicator_id=indicator, domain_id="d", value=float(value),
                             oriented=float(value), france_value=6.0, n_regions=13, year=2019,
                             kind="officiel"))
    return pd.DataFrame(rows)


CATALOGUE = pd.DataFrame({"id": ["i1", "i2"], "domain_id": "d", "label_fr": ["Premier", "Second"],
                          "unit": ["%", "%"], "year": 2019, "kind": "officiel"})


def test_the_domain_cell_is_the_mean_z_or_the_mean_percentile_and_the_class_can_change():
    scores = crafted_domain()
    by_z = domain_cells(scores, CATALOGUE, ["d"], "z").set_index("region_code")
    by_rank = domain_cells(scores, CATALOGUE, ["d"], "rang").set_index("region_code")
    first = REGION_CODES[0]
    assert by_rank.loc[first, "shown"] == pytest.approx(50.0)
    assert by_rank.loc[REGION_CODES[7], "shown"] == pytest.approx(100 * 13 / 24)
    assert by_rank.loc[first, "method_rank"] == 7 and by_rank.loc[first, "rank_class"] == MIDDLE
    assert by_z.loc[first, "method_rank"] == 1 and by_z.loc[first, "rank_class"] == MOST
    changes = class_changes({"z": by_z.reset_index(), "rang": by_rank.reset_index()})
    assert first in changes["region_code"].tolist()
    row = changes[changes["region_code"] == first].iloc[0]
    assert (row["z"], row["rang"]) == (MOST, MIDDLE)


def test_the_gap_to_france_of_a_domain_is_the_mean_relative_gap_in_percent():
    cells = domain_cells(crafted_domain(), CATALOGUE, ["d"], "ecart").set_index("region_code")
    # region of k = 12: (12 - 6) / 6 = +100 % on both indicators
    assert cells.loc[REGION_CODES[12], "shown"] == pytest.approx(100.0)
    assert cells.loc[REGION_CODES[12], "unit"] == "%"


def test_the_raw_value_of_a_domain_is_its_best_covered_indicator_named():
    scores = crafted_domain()
    scores = scores[~((scores["indicator_id"] == "i2") & (scores["region_code"] == REGION_CODES[5]))]
    assert main_indicators(scores, CATALOGUE) == {"d": "i1"}  # 13 regions beat 12
    cells = domain_cells(scores, CATALOGUE, ["d"], "brut").set_index("region_code")
    assert cells.loc[REGION_CODES[3], "shown"] == 3 and cells.loc[REGION_CODES[3], "detail"] == "Premier"


def test_a_domain_without_indicators_is_a_full_column_of_missing_cells():
    cells = domain_cells(crafted_domain(), CATALOGUE, ["d", "vide"], "z")
    empty = cells[cells["domain_id"] == "vide"]
    assert len(empty) == 13 and empty["shown"].isna().all() and (empty["n_indicators"] == 0).all()


@pytest.mark.parametrize("value,colouring,method,expected", [
    (-0.03, "ecart", "z", "0,0"), (-0.06, "ecart", "z", "−0,1"), (1.234, "indice", "z", "+1,23"),
    (83.33, "indice", "rang", "83"), (27.7, "indice", "ecart", "+28\u00a0%"), (61417.0, "indice", "brut", "61\u202f417"),
    (float("nan"), "indice", "z", "n.d."), (None, "perception", "brut", "n.d."),
])
def test_a_cell_writes_its_value_in_french_never_minus_zero(value, colouring, method, expected):
    from dashboard.figures.matrix import cell_text

    assert cell_text(value, colouring, method) == expected


def with_third_indicator(n_regions: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """crafted_domain() plus i3, known for its first `n_regions` regions."""
    extra = [dict(region_code=code, indicator_id="i3", domain_id="d", value=float(k), oriented=float(k),
                  france_value=6.0, n_regions=n_regions, year=2019, kind="officiel")
             for k, code in enumerate(REGION_CODES[:n_regions])]
    catalogue = pd.concat([CATALOGUE, pd.DataFrame([{"id": "i3", "domain_id": "d", "label_fr": "Troisième",
                                                    "unit": "%", "year": 2019, "kind": "officiel"}])])
    return pd.concat([crafted_domain(), pd.DataFrame(extra)], ignore_index=True), catalogue


@pytest.mark.parametrize("method", ["z", "rang", "ecart"])
def test_a_partial_indicator_does_not_enter_the_domain_cell(method):
    scores, catalogue = with_third_indicator(MIN_REGIONS_COMPARABLE - 1)
    cells = domain_cells(scores, catalogue, ["d"], method).set_index("region_code")
    alone = domain_cells(crafted_domain(), CATALOGUE, ["d"], method).set_index("region_code")
    assert cells["shown"].tolist() == pytest.approx(alone["shown"].tolist())
    assert (cells["n_used"] == 2).all() and (cells["n_available"] == 3).all()


def test_with_ten_regions_the_indicator_enters_and_the_three_others_are_incomplete_not_ranked():
    scores, catalogue = with_third_indicator(MIN_REGIONS_COMPARABLE)
    cells = domain_cells(scores, catalogue, ["d"], "z").set_index("region_code")
    left_out = REGION_CODES[MIN_REGIONS_COMPARABLE:]
    assert cells.loc[list(left_out), "shown"].isna().all()
    assert not cells.loc[list(left_out), "complete"].any()
    assert cells.loc[list(left_out), "method_rank"].isna().all()
    assert (cells["n_shown"] == MIN_REGIONS_COMPARABLE).all() and (cells["n_used"] == 3).all()
    assert sorted(cells["method_rank"].dropna()) == list(range(1, MIN_REGIONS_COMPARABLE + 1))


def test_the_rank_method_averages_percentiles_not_ranks_out_of_different_totals():
    scores, catalogue = with_third_indicator(MIN_REGIONS_COMPARABLE)
    cells = domain_cells(scores, catalogue, ["d"], "rang").set_index("region_code")
    # region 9: i1 rank 4 / 13 -> 75 ; i2 rank 5 / 13 (region 0 first) -> 66,7 ; i3 rank 1 / 10 -> 100
    # (a mean of ranks, (4 + 5 + 1) / 3, would weigh « 1re / 10 » like « 1re / 13 »)
    assert cells.loc[REGION_CODES[9], "shown"] == pytest.approx((75 + 100 * 8 / 12 + 100) / 3)


def test_a_doubtful_report_row_stays_out_of_the_cell_unless_the_reader_includes_it():
    catalogue = CATALOGUE.assign(fiabilite=["", "douteuse"])
    default = domain_cells(crafted_domain(), catalogue, ["d"], "z").set_index("region_code")
    included = domain_cells(crafted_domain(), catalogue, ["d"], "z", include_doubtful=True).set_index("region_code")
    assert (default["n_used"] == 1).all() and (included["n_used"] == 2).all()
    assert default.loc[REGION_CODES[0], "method_rank"] == 13  # i1 alone: region 0 has the lowest value
    assert included.loc[REGION_CODES[0], "method_rank"] == 1
