"""A shared link may name the region as people write it: `?region=bretagne` opens Bretagne."""

from __future__ import annotations

import pytest

from dashboard.views.urlstate import parse_query, region_code, to_query

REGIONS = {"11": "Île-de-France", "53": "Bretagne", "93": "Provence-Alpes-Côte d'Azur",
           "94": "Corse", "27": "Bourgogne-Franche-Comté"}
CONTEXT = dict(domains=["emploi", "sante"], indicators_by_domain={"emploi": ["chomage_2019"]},
               regions=REGIONS, default_domain="emploi")


@pytest.mark.parametrize("written, code", [
    ("53", "53"),
    ("bretagne", "53"),
    ("Bretagne", "53"),
    ("BRETAGNE", "53"),
    (" Bretagne ", "53"),
    ("Provence-Alpes-Côte d'Azur", "93"),
    ("provence-alpes-cote-d-azur", "93"),
    ("Provence Alpes Côte d’Azur", "93"),   # typographic apostrophe
    ("provencealpescotedazur", "93"),
    ("ile-de-france", "11"),
    ("Île de France", "11"),
    ("bourgogne franche comte", "27"),
])
def test_a_region_written_by_name_in_any_case_or_accents_opens_that_region(written, code):
    state, notices = parse_query("?" + "region=" + written.replace(" ", "+").replace("'", "%27"),
                                 **CONTEXT)
    assert (state.region, notices) == (code, [])
    assert region_code(written, REGIONS) == code


def test_the_link_written_back_uses_the_region_code():
    state, _ = parse_query("?region=bretagne&domaine=sante", **CONTEXT)
    assert to_query(state) == "?region=53&domaine=sante"


@pytest.mark.parametrize("written", ["bretagn", "france", "53x", "corse du sud", "-", "'", "é" * 300])
def test_a_name_that_is_no_region_is_dropped_with_a_french_notice(written):
    state, notices = parse_query("?region=" + written, **CONTEXT)
    assert state.region is None
    assert len(notices) == 1 and notices[0].startswith("Région « ") and "inconnue" in notices[0]


@pytest.mark.parametrize("value", [None, 53, "", "   ", ["53"]])
def test_region_code_of_anything_else_is_none(value):
    assert region_code(value, REGIONS) is None
