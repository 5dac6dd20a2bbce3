"""dashboard/comparison_rules.py: the one set of rules every view applies."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dashboard import comparison_rules as rules


@pytest.mark.parametrize("n, level", [
    (13, "comparable"), (10, "comparable"), (9, "partielle"), (3, "partielle"), (2, "valeurs seules"),
    (0, "valeurs seules"), (None, "valeurs seules")])
def test_comparison_level_follows_the_ten_and_three_region_thresholds(n, level):
    assert rules.comparison_level(n) == level


@pytest.mark.parametrize("rank, n, text", [
    (1, 3, "1re\u00a0/\u00a03"), (9, 13, "9e\u00a0/\u00a013"), (10, 11, "10e\u00a0/\u00a011"),
    (1, 2, None), (None, 13, None), (math.nan, 13, None)])
def test_rank_label_says_x_out_of_the_real_n(rank, n, text):
    assert rules.rank_label(rank, n) == text


def test_partial_comparisons_are_named_with_their_real_n():
    assert rules.coverage_note(3) == "comparaison partielle (3 régions)"
    assert rules.coverage_note(12) == ""
    assert rules.coverage_note(1).startswith("valeur seule")


@pytest.mark.parametrize("rank, n, percentile", [(1, 3, 100), (3, 3, 0), (1, 13, 100), (4, 13, 75),
                                                 (13, 13, 0), (2, 3, 50)])
def test_percentile_ranks_put_ranks_out_of_different_totals_on_one_scale(rank, n, percentile):
    assert rules.fragility_percentile(rank, n) == pytest.approx(percentile)


def test_mean_of_percentiles_does_not_mix_totals():
    # 3/3 and 4/13 averaged as ranks gave 3,5; as percentiles: the least fragile of 3 (0) and
    # the 4th most fragile of 13 (75) average to 37,5: below the middle, as the two facts say
    assert (rules.fragility_percentile(3, 3) + rules.fragility_percentile(4, 13)) / 2 == 37.5


@pytest.mark.parametrize("rank, n, z, words", [
    (1, 13, 1.5, "parmi les 3 régions les plus fragiles"),
    (3, 12, 0.9, "parmi les 3 régions les plus fragiles"),
    (13, 13, -1.5, "parmi les 3 régions les moins fragiles"),
    (7, 13, 0.1, "proche de la moyenne"),
    (2, 13, -0.4, "moins fragile que la moyenne"),  # never « parmi les plus fragiles » below the mean
    (5, 13, 0.6, "plus fragile que la moyenne"),
    (9, 13, -0.6, "moins fragile que la moyenne"),
    (9, 13, 0.29, "plus fragile que la moyenne"),   # above the mean though 9e / 13 (skewed spread)
    (3, 12, 0.24, "proche de la moyenne"),   # inside the band, even among the first three
    (1, 3, None, None),                      # a partial comparison is never « parmi les plus fragiles »
])
def test_standing_words_for_elus(rank, n, z, words):
    assert rules.standing_words(rank, n, z) == words


@pytest.mark.parametrize("z, low, high, side", [
    (0.3, None, None, 1), (0.25, None, None, 0), (-0.26, None, None, -1), (0.0, None, None, 0),
    (0.6, 0.2, 1.0, 0),        # the interval reaches into the band: not classed
    (0.6, 0.3, 0.9, 1), (-0.6, -0.9, -0.3, -1), (math.nan, None, None, 0)])
def test_side_of_average_honours_the_neutral_band_and_the_interval(z, low, high, side):
    assert rules.side_of_average(z, low, high) == side


def test_score_interval_uses_the_survey_sd_or_the_largest_possible_spread():
    low, high = rules.score_interval(6.4, 2400, 2.0)
    assert (low, high) == pytest.approx((6.4 - 1.96 * 2 / math.sqrt(2400), 6.4 + 1.96 * 2 / math.sqrt(2400)),
                                        abs=1e-3)
    wide = rules.score_interval(6.4, 2400)
    assert wide[1] - wide[0] == pytest.approx(2 * rules.Z_95 * 5 / math.sqrt(2400))
    assert rules.score_interval(9.9, 10) [1] == 10.0                 # clipped to the 0-10 scale
    assert all(math.isnan(b) for b in rules.score_interval(6.4, None))
    assert rules.is_small_sample(29) and not rules.is_small_sample(30)


def test_spearman_interval_matches_a_reference_fisher_bonett_wright_computation():
    rho, n = 0.5, 13
    se = np.sqrt((1 + rho ** 2 / 2) / (n - 3))
    expected = np.tanh(np.arctanh(rho) + np.array([-1, 1]) * 1.959963984540054 * se)
    assert rules.spearman_interval(rho, n) == pytest.approx(tuple(expected))
    assert rules.spearman_interval(0.5, 13) == pytest.approx((-0.1077, 0.8357), abs=1e-4)
    assert all(math.isnan(b) for b in rules.spearman_interval(0.9, 3))


def test_series_of_strips_a_trailing_year_only():
    assert rules.series_of("taux_pauvrete_2018") == rules.series_of("taux_pauvrete_2020") == "taux_pauvrete"
    assert rules.series_of("rapport2020_co2") == "rapport2020_co2"


def test_indicator_count_label_is_french():
    assert rules.indicator_count_label(2, 3) == "2 indicateurs sur 3"
    assert rules.indicator_count_label(1, 1) == "1 indicateur sur 1"


@pytest.mark.parametrize("rank, n, z, fragile, marked", [
    (1, 13, 1.2, True, True), (9, 13, 0.29, True, False), (2, 13, 0.2, True, False),
    (1, 3, 1.5, True, False), (13, 13, -1.0, False, True), (5, 13, -0.5, False, False)])
def test_a_marked_finding_is_comparable_beyond_the_band_and_in_the_right_half(rank, n, z, fragile, marked):
    assert rules.is_marked(rank, n, z, fragile) is marked
