"""The comparison basket in the URL: `?panier=53,11,FRM`, at most 4 regions plus France."""

from __future__ import annotations

import pytest

from dashboard.analysis.basket import basket_from_query, basket_query, basket_regions, parse_basket
from dashboard.data.schema import REGION_CODES

REGIONS = {c: c for c in REGION_CODES}


def test_codes_are_kept_in_the_order_given():
    assert parse_basket("53,11", REGIONS) == (["53", "11"], [])


def test_france_is_accepted_in_any_case_and_put_last_without_counting_among_the_four():
    codes, notices = parse_basket("frm,53,11,24,27", REGIONS)
    assert codes == ["53", "11", "24", "27", "FRM"] and notices == []
    assert basket_regions(codes) == ["53", "11", "24", "27"]


def test_a_fifth_region_is_dropped_with_a_french_notice():
    codes, notices = parse_basket("53,11,24,27,28", REGIONS)
    assert codes == ["53", "11", "24", "27"]
    assert "au plus 4 régions" in notices[0]


def test_unknown_and_repeated_codes_are_dropped_and_named():
    codes, notices = parse_basket("53, 99,53,<b>", REGIONS)
    assert codes == ["53"]
    assert "« 99 »" in notices[0] and "« <b> »" in notices[0]


@pytest.mark.parametrize("text", [None, "", " ", 53, ["53"], "x" * 500])
def test_anything_else_gives_an_empty_basket(text):
    codes, notices = parse_basket(text, REGIONS)
    assert codes == []
    assert all(isinstance(n, str) for n in notices)


def test_the_query_writes_back_what_was_read():
    codes, _ = parse_basket("53,11,FRM", REGIONS)
    assert basket_query(codes) == "panier=53,11,FRM"
    assert basket_from_query("?region=53&" + basket_query(codes), REGIONS) == (codes, [])
    assert basket_query([]) == "" and basket_query(None) == ""


def test_the_query_puts_france_last_and_drops_repeats():
    assert basket_query(["FRM", "53", "53", "11"]) == "panier=53,11,FRM"
