"""One rank per cell everywhere (issue 11): for the 13 regions x 16 domains, the home page
(region_view.domain_standing, region_view.indicator_rows), the workshop's slides and the PDF report's table
write the same « x / n », with the real n (« 1re / 3 », never « 1re / 13 » for a 3-region figure)."""

from __future__ import annotations

import re

import pytest

from dashboard.views import region as region_view
from dashboard.labels import french_text

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2019": "'"})


def _spaced(text: str) -> str:
    """The words of a text, whatever spaces the PDF's paragraphs keep."""
    return text.translate(_SPACES)
from dashboard.analysis.model import get_model
from dashboard.outputs.report import Sources, _fonts, _styles, domain_table
from dashboard.data.schema import REGION_CODES
from dashboard.views.workshop import Viewport
from layouts.pages.workshop import domain_body, overview_body
from tests.web.conftest import visible_texts

RANK = re.compile(r"\d+(?:re|e)\u00a0/\u00a0\d+")


def _flat(component) -> str:
    return " ".join(visible_texts(component))


def _home(model, region):
    """domain -> (label, domain rank or None, [(indicator label, rank or None)]) as the home page
    has them (in the home page's order; two years of a series share one label)."""
    out = {}
    for domain in region_view.region_domains(model, region).to_dict("records"):
        rows = region_view.indicator_rows(model, region, domain["domain_id"])
        out[domain["domain_id"]] = (domain["label"], domain["standing"]["rank"],
                                    [(r["label"], r["rank_text"]) for r in rows])
    return out


def _pdf_ranks(model, region) -> dict[str, tuple[str, dict[str, str]]]:
    """domain label -> (rank cell, [(indicator label, rank cell)]) of the report's table, in order."""
    _fonts()
    table = domain_table(model, region, _styles(), Sources())
    out, current = {}, None
    for row in table._cellvalues[1:]:
        name = getattr(row[0], "text", str(row[0])).split("<br/>")[0]  # the marks come after <br/>
        label = re.sub(r"<[^>]+>", "", name).strip()
        rank = getattr(row[2], "text", str(row[2])).strip()
        if getattr(row[0], "text", "").startswith("<b>"):
            current = label
            out[current] = (rank, [])
        elif "Aucun indicateur" not in label:
            out[current][1].append((label, rank))
    return out


@pytest.mark.parametrize("region", REGION_CODES)
def test_home_workshop_and_report_write_the_same_rank_for_every_domain(region):
    model = get_model()
    home = _home(model, region)
    pdf = _pdf_ranks(model, region)
    assert len(home) == 16 and len(pdf) == 16
    for domain_id, (label, rank, indicators) in home.items():
        expected = {r for r in [rank, *(r for _, r in indicators)] if r}
        slide = _flat(domain_body(model, region, domain_id, "citoyens", Viewport()))
        if rank:
            assert f" : {rank}" in slide or f"· {rank}" in slide, (label, rank, slide)
        assert set(RANK.findall(slide)) <= expected, (label, slide)

        pdf_rank, pdf_indicators = pdf[french_text(label)]
        assert pdf_rank == (rank or "—"), (label, pdf_rank, rank)
        assert len(pdf_indicators) == len(indicators), label
        for (name, home_rank), (printed_name, printed) in zip(indicators, pdf_indicators):
            # the report prints the same names in French typography
            assert _spaced(printed_name).startswith(_spaced(name)), (label, name, printed_name)
            assert printed == (home_rank or "—"), (label, name, printed)

    summary = region_view.region_summary(model, region)
    opening = _flat(overview_body(model, region, Viewport()))
    for item in summary["fragile"] + summary["strong"]:
        assert item["rank"] in opening
    assert set(RANK.findall(opening)) <= {i["rank"] for i in summary["fragile"] + summary["strong"]}


def test_a_three_region_indicator_reads_1re_sur_3_in_the_workshop_and_the_report():
    model = get_model()
    rows = region_view.indicator_rows(model, "53", "mobilite")
    partial = next(r for r in rows if r["n_regions"] == 3)
    slide = _flat(domain_body(model, "53", "mobilite", "citoyens", Viewport()))
    assert partial["rank_text"] in slide and "comparaison partielle (3 régions)" in slide
    assert "/\u00a013" not in slide
    assert (french_text(partial["label"]), partial["rank_text"]) in _pdf_ranks(model, "53")["Mobilité"][1]
