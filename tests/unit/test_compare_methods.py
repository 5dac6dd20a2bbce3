"""Methods of the comparison page (raw, gap to France, z-score, rank), rank classes, and where the
domain cells of the matrix change class from one method to another: hand-computed cases."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.compare import (
    RANK_CLASSES,
    apply_method,
    class_changes,
    domain_cells,
    main_indicators,
    rank_class,
)
from dashboard.schema import REGION_CODES

MOST, MIDDLE, LEAST = RANK_CLASSES


def four_regions(values, higher_is_more_fragile=True, france=25.0) -> pd.DataFrame:
    sign = 1 if higher_is_more_fragile else -1
    return pd.DataFrame({"region_code": ["a", "b", "c", "d"], "indicator_id": "i",
                         "value": values, "oriented": [None if v is None else sign * v for v in values],
                         "france_value": france})


@pytest.mark.parametrize("method,expected", [
    ("brut", [10, 20, 30, 40]),
    ("ecart", [-15, -5, 5, 15]),
    # mean 25, population standard deviation sqrt(125) = 11,18
    ("z", [-15 / math.sqrt(125), -5 / math.sqrt(125), 5 / math.sqrt(125), 15 / math.sqrt(125)]),
    ("rang", [4, 3, 2, 1]),
])
def test_each_method_shows_the_hand_computed_value(method, expected):
    shown = apply_method(four_regions([10, 20, 30, 40]), method)
    assert shown["shown"].tolist() == pytest.approx(expected)
    assert shown["method_rank"].tolist() == [4, 3, 2, 1]  # the order never depends on the method


def test_when_lower_is_more_fragile_the_raw_value_stays_but_z_and_rank_are_oriented():
    shown = {m: apply_method(four_regions([10, 20, 30, 40], higher_is_more_fragile=False), m)
             for m in ("brut", "ecart", "z", "rang")}
    assert shown["brut"]["shown"].tolist() == [10, 20, 30, 40]
    assert shown["ecart"]["shown"].tolist() == [-15, -5, 5, 15]
    assert shown["z"]["shown"].iloc[0] == pytest.approx(15 / math.sqrt(125))
    assert shown["rang"]["shown"].tolist() == [1, 2, 3, 4]
    for frame in shown.values():
        assert frame["method_rank"].tolist() == [1, 2, 3, 4]


def test_ties_share_the_best_rank_and_a_missing_value_stays_missing():
    frame = four_regions([10, 20, 20, None])
    shown = apply_method(frame, "rang")
    assert shown["shown"].tolist()[:3] == [3, 1, 1] and math.isnan(shown["shown"].iloc[3])
    assert shown["n_shown"].iloc[0] == 3


def test_without_a_france_value_the_gap_is_not_available_never_zero():
    shown = apply_method(four_regions([10, 20, 30, 40], france=float("nan")), "ecart")
    assert shown["shown"].isna().all() and shown["rank_class"].isna().all()


def test_fewer_than_three_regions_give_no_z_score_and_no_class():
    frame = four_regions([10, 20, None, None])
    assert apply_method(frame, "z")["shown"].isna().all()
    assert apply_method(frame, "brut")["rank_class"].isna().all()


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError):
        apply_method(four_regions([1, 2, 3, 4]), "moyenne")


@pytest.mark.parametrize("rank,n,expected", [
    (1, 13, MOST), (4, 13, MOST), (5, 13, MIDDLE), (8, 13, MIDDLE), (9, 13, LEAST), (13, 13, LEAST),
    (1, 4, MOST), (2, 4, MIDDLE), (3, 4, LEAST), (1, 2, None), (float("nan"), 13, None),
])
def test_rank_classes_are_terciles_of_the_classed_regions(rank, n, expected):
    assert rank_class(rank, n) == expected


def crafted_domain() -> pd.DataFrame:
    """Two indicators of one domain over the 13 regions; region 0 is extreme on the second.

    i1: region k has k (0..12). i2: region 0 has 1000, region k has k. Region 0:
    - ranks 13 and 1 -> mean rank 7, the 7th of 13 -> « intermédiaire »;
    - z-scores -1,60 and +3,45 -> mean +0,92, the highest of all -> « parmi les plus fragiles ».
    """
    rows = []
    for k, code in enumerate(REGION_CODES):
        for indicator, value in (("i1", k), ("i2", 1000 if k == 0 else k)):
            rows.append(dict(region_code=code, indicator_id=indicator, domain_id="d", value=float(value),
                             oriented=float(value), france_value=6.0, n_regions=13, year=2019,
                             kind="officiel"))
    return pd.DataFrame(rows)


CATALOGUE = pd.DataFrame({"id": ["i1", "i2"], "label_fr": ["Premier", "Second"], "unit": ["%", "%"]})


def test_the_domain_cell_is_the_mean_z_or_the_mean_rank_and_the_class_can_change():
    scores = crafted_domain()
    by_z = domain_cells(scores, CATALOGUE, ["d"], "z").set_index("region_code")
    by_rank = domain_cells(scores, CATALOGUE, ["d"], "rang").set_index("region_code")
    first = REGION_CODES[0]
    assert by_rank.loc[first, "shown"] == 7  # (13 + 1) / 2
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
    (4.333, "indice", "rang", "4,3"), (27.7, "indice", "ecart", "+28\u00a0%"), (61417.0, "indice", "brut", "61\u202f417"),
    (float("nan"), "indice", "z", "n.d."), (None, "perception", "brut", "n.d."),
])
def test_a_cell_writes_its_value_in_french_never_minus_zero(value, colouring, method, expected):
    from dashboard.figures_compare import cell_text

    assert cell_text(value, colouring, method) == expected
