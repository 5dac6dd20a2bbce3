"""The indicator scatter: Spearman's rho (Pearson on average ranks), its n, the permutation
test, and the French warnings (fewer than 13 regions, different years or kinds, illustrative)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.analysis import scatter
from dashboard.analysis.model import get_model


def test_spearman_on_a_small_case_with_a_tie():
    # ranks x: 1 2 3 4 5 ; y (5 6 7 8 7): 1 2 3,5 5 3,5 ; Pearson of the ranks = 8 / sqrt(10 x 9,5)
    rho, n = scatter.spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])
    assert n == 5 and rho == pytest.approx(8 / math.sqrt(95))


def test_spearman_counts_only_the_regions_with_both_values():
    rho, n = scatter.spearman([1, 2, None, 4, 5], [10, 20, 30, None, 50])
    assert n == 3 and rho == pytest.approx(1.0)


@pytest.mark.parametrize("x,y", [([1, 2], [2, 1]), ([1, 1, 1, 1], [1, 2, 3, 4]), ([], [])])
def test_spearman_is_not_computed_on_fewer_than_three_pairs_or_a_constant(x, y):
    assert scatter.spearman(x, y)[0] is None


def test_a_reversed_order_gives_minus_one_and_a_small_permutation_p_value():
    x, y = [1, 2, 3, 4, 5, 6], [60, 50, 40, 30, 20, 10]
    assert scatter.spearman(x, y)[0] == pytest.approx(-1.0)
    p = scatter.permutation_p(x, y)
    assert 2 / 720 * 0.5 < p < 2 / 720 * 3  # exact two-sided p = 2 / 6! = 0,0028
    assert scatter.permutation_p(x, y) == p  # reproducible (fixed seed)


def test_the_sentence_names_rho_and_n_in_french():
    text = scatter.correlation_sentence(0.6234, 11, 0.04)
    assert "ρ = 0,62" in text and "n = 11 régions" in text and "p ≈ 0,040" in text
    assert "non calculable" in scatter.correlation_sentence(None, 2, None)


@pytest.fixture(scope="module")
def model():
    return get_model()


def test_fewer_than_13_regions_and_different_years_are_warned(model):
    x = scatter.axis(model, "chomage_2019", "z", "citoyens")
    y = scatter.axis(model, "taux_pauvrete_2018", "z", "citoyens")
    n = scatter.spearman(*scatter.points(x, y, model.region_names)[["x", "y"]].T.values)[1]
    warnings = " ".join(scatter.warnings(x, y, n))
    assert n == 11
    assert "Seules 11 régions sur 13" in warnings and "2019 contre 2018" in warnings


def test_different_kinds_and_illustrative_perception_are_warned(model):
    x = scatter.axis(model, "chomage_2019", "brut", "citoyens")
    y = scatter.axis(model, "perception:emploi", "brut", "citoyens")
    warnings = " ".join(scatter.warnings(x, y, 13))
    assert "pas de même nature" in warnings and "illustrative" in warnings


def test_two_official_indicators_of_the_same_year_on_13_regions_raise_no_warning(model):
    x = scatter.axis(model, "cambriolages_2021", "rang", "citoyens")
    y = scatter.axis(model, "vols_violents_2021", "rang", "citoyens")
    assert scatter.warnings(x, y, 13) == []


def test_the_method_changes_the_values_not_the_order_of_one_indicator(model):
    rows = {m: scatter.axis(model, "pib_hab_2021", m, "citoyens").rows.set_index("region_code")
            for m in ("brut", "ecart", "z", "rang")}
    assert rows["brut"].loc["11", "shown"] == 61417
    assert rows["ecart"].loc["11", "shown"] == pytest.approx(61417 - 37408)
    assert rows["rang"].loc["11", "shown"] == 13  # the richest region is the least fragile
    assert rows["z"].loc["11", "shown"] < -3  # oriented: a high PIB is a low fragility
    ranks = pd.DataFrame({m: r["method_rank"] for m, r in rows.items()})
    assert (ranks.nunique(axis=1) == 1).all()


def test_every_axis_option_can_be_drawn(model):
    for option in scatter.axis_options(model):
        axis = scatter.axis(model, option["value"], "z", "citoyens")
        assert len(axis.rows) <= 13 and axis.label


def test_crowded_labels_get_different_positions_inside_the_plot():
    from dashboard.figures.label_placement import PLACES, label_positions, padded_range

    points = pd.DataFrame({"x": [1.0, 1.01, 5.0], "y": [1.0, 1.0, 3.0], "label": ["Bretagne", "Normandie", "Corse"]})
    positions = label_positions(points)
    assert len(positions) == 3 and positions[0] != positions[1]
    assert set(positions) <= {name for name, _ in PLACES}
    assert padded_range(points["x"], extra=-1.0)[0] < -1.0  # France's point stays in view
