"""French number formats of dashboard/labels.py: decimal comma, narrow no-break space (U+202F) as
thousands separator, no-break space (U+00A0) before the unit, ranks « 1re / 13 », signed gaps with
a true minus sign (U+2212), « donnée non disponible » for anything missing."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.labels import format_number, format_rank, format_signed, format_value, join_french
from dashboard.data.schema import NOT_AVAILABLE

NNBSP = "\u202f"   # narrow no-break space: thousands
NBSP = "\u00a0"    # no-break space: before the unit, around the slash of a rank
MINUS = "\u2212"


@pytest.mark.parametrize("value, decimals, expected", [
    (1234.5, 1, f"1{NNBSP}234,5"),
    (1234567.891, 2, f"1{NNBSP}234{NNBSP}567,89"),
    (61417, 0, f"61{NNBSP}417"),
    (999.96, 1, f"1{NNBSP}000,0"),
    (12.4, 1, "12,4"),
    (0.5, 2, "0,50"),
    (7, 1, "7,0"),
    (np.float64(8.46), 1, "8,5"),        # numpy floats too
], ids=["thousands", "millions", "integer", "rounds-up-to-thousand", "rate", "ratio", "whole", "numpy"])
def test_format_number_uses_decimal_comma_and_narrow_nbsp(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize("value, unit, expected", [
    (12.4, "%", f"12,4{NBSP}%"),
    (8.0, "% de la population active", f"8,0{NBSP}% de la population active"),
    (61417, "euros par habitant", f"61{NNBSP}417{NBSP}euros par habitant"),   # >= 10 000: no decimals
    (1234.5, "", f"1{NNBSP}234,5"),                                          # rates keep one decimal
    (0.123, "", "0,12"),                                                     # small ratios keep two
    (3.14159, "t CO2 par habitant", f"3,1{NBSP}t CO2 par habitant"),
], ids=["percent", "long-unit", "large-count", "no-unit", "small-ratio", "tonnes"])
def test_format_value_puts_a_no_break_space_before_the_unit(value, unit, expected):
    assert format_value(value, unit) == expected


def test_format_value_explicit_decimals_win():
    assert format_value(12.0, "%", 0) == f"12{NBSP}%"
    assert format_value(61417, "", 1) == f"61{NNBSP}417,0"


@pytest.mark.parametrize("rank, total, expected", [
    (1, 13, f"1re{NBSP}/{NBSP}13"),
    (2, 13, f"2e{NBSP}/{NBSP}13"),
    (13, 13, f"13e{NBSP}/{NBSP}13"),
    (1.0, 11, f"1re{NBSP}/{NBSP}11"),       # ranks come as floats from pandas
    (3.0, 12, f"3e{NBSP}/{NBSP}12"),
], ids=["first", "second", "last", "float-first", "float-other-total"])
def test_format_rank_in_french(rank, total, expected):
    assert format_rank(rank, total) == expected


def test_format_rank_defaults_to_13_regions():
    assert format_rank(4) == f"4e{NBSP}/{NBSP}13"


@pytest.mark.parametrize("value, unit, decimals, expected", [
    (1.2, "point", None, f"+1,2{NBSP}point"),
    (-1.2, "point", None, f"{MINUS}1,2{NBSP}point"),
    (-0.4, "", 1, f"{MINUS}0,4"),
    (0.37, "", 2, "+0,37"),
    (-1234.5, "euros", 1, f"{MINUS}1{NNBSP}234,5{NBSP}euros"),
    (0.0, "point", 1, f"0,0{NBSP}point"),                            # no sign for zero
], ids=["positive", "negative", "small-negative", "index", "thousands", "zero"])
def test_format_signed_shows_plus_or_true_minus(value, unit, decimals, expected):
    assert format_signed(value, unit, decimals) == expected


MISSING = [None, math.nan, float("nan"), np.nan, np.float64("nan"), pd.NA, np.float32("nan")]
MISSING_IDS = ["None", "math.nan", "float-nan", "np.nan", "np.float64-nan", "pd.NA", "np.float32-nan"]


@pytest.mark.parametrize("missing", MISSING, ids=MISSING_IDS)
@pytest.mark.parametrize("formatter", [
    lambda v: format_number(v),
    lambda v: format_value(v, "%"),
    lambda v: format_signed(v, "point"),
    lambda v: format_rank(v),
], ids=["number", "value", "signed", "rank"])
def test_missing_value_reads_donnee_non_disponible(formatter, missing):
    assert formatter(missing) == NOT_AVAILABLE == "donnée non disponible"


def test_zero_is_a_value_not_missing():
    assert format_value(0.0, "%") == f"0,00{NBSP}%"
    assert format_number(0, 0) == "0"


@pytest.mark.parametrize("items, expected", [
    ([], ""),
    (["emploi"], "emploi"),
    (["emploi", "santé"], "emploi et santé"),
    (["2018", "2019", "2021"], "2018, 2019 et 2021"),
    ([2018, 2019], "2018 et 2019"),
])
def test_join_french_uses_et_before_the_last_item(items, expected):
    assert join_french(items) == expected


def test_wrap_words_breaks_long_units_for_the_colour_bar():
    from dashboard.labels import wrap_words

    assert wrap_words("pour 1 000 habitants de 20-59 ans", 18) == "pour 1 000<br>habitants de 20-59<br>ans"
    assert all(len(line) <= 18 for line in wrap_words("euros par an (par unité de consommation)", 18).split("<br>"))
    assert wrap_words("%", 18) == "%"
