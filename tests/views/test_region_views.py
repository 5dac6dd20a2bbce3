"""What the region view says (dashboard/views/home.py, layouts/components.py) under the comparison rules."""

from __future__ import annotations

import re

import pytest

from dashboard import comparison_rules as rules
from dashboard.views import region as region_view
from dashboard.analysis.model import get_model
from dashboard.data.schema import REGION_CODES
from layouts.components import score_uncertainty


@pytest.fixture(scope="module")
def model():
    return get_model()


@pytest.mark.parametrize("region", REGION_CODES)
def test_the_summary_names_only_comparable_domains_beyond_the_band(model, region):
    summary = region_view.region_summary(model, region)
    cells = model.index[model.index["region_code"] == region].set_index("domain_id")
    for item in summary["fragile"] + summary["strong"]:
        cell = cells.loc[item["domain_id"]]
        assert cell["comparable"] and cell["n_ranked"] >= rules.MIN_REGIONS_COMPARABLE
        assert abs(cell["index"]) > rules.NEUTRAL_BAND
        assert item["rank"] == rules.rank_label(cell["rank"], cell["n_ranked"])
    assert len(summary["fragile"]) <= 3 and len(summary["strong"]) <= 3
    assert summary["lead"].startswith(model.region_names[region] + " : ")
    assert "fictif" not in summary["lead"] and "illustrati" not in summary["lead"]


def test_bretagne_mobility_from_three_regions_is_not_a_finding(model):
    summary = region_view.region_summary(model, "53")
    assert "mobilite" not in [i["domain_id"] for i in summary["fragile"] + summary["strong"]]
    standing = region_view.region_domains(model, "53").set_index("domain_id").loc["mobilite", "standing"]
    assert standing["words"] is None and "pas d'indice" in standing["note"]


def test_the_divergence_with_illustrative_perception_is_marked_as_a_fictional_example(model):
    sentence, illustrative = region_view.divergence(model, "53")
    assert illustrative
    assert region_view.divergence_sentence(model, "53").startswith("Exemple fictif")


@pytest.mark.parametrize("region", REGION_CODES)
def test_every_rank_of_the_region_view_is_out_of_its_real_n(model, region):
    for domain in model.domain_ids:
        for row in region_view.indicator_rows(model, region, domain):
            if row["rank_text"]:
                n = int(re.search(r"/\u00a0(\d+)$", row["rank_text"]).group(1))
                assert n == row["n_regions"] >= rules.MIN_REGIONS_FOR_RANK
            if row["n_regions"] < rules.MIN_REGIONS_COMPARABLE and row["value"] is not None:
                assert row["comparison_note"] and not row["in_index"]


def test_similar_regions_use_at_least_five_shared_comparable_domains(model):
    similar = region_view.similar_regions(model, "53")
    assert len(similar) == 3
    assert all(s["shared"] >= region_view.MIN_SHARED_DOMAINS for s in similar)
    assert [s["distance"] for s in similar] == sorted(s["distance"] for s in similar)
    assert "53" not in [s["code"] for s in similar]


def test_a_perception_score_with_an_effectif_shows_its_interval_and_flags_a_small_sample():
    assert score_uncertainty(dict(n=2400, score=6.4, score_low=6.2, score_high=6.6)) == (
        " (IC 95\u00a0% : 6,2 à 6,6 ; n\u00a0=\u00a02\u202f400)")
    assert "effectif faible" in score_uncertainty(dict(n=12, score=6.4, score_low=3.6, score_high=9.2))
    assert score_uncertainty(dict(n=None, score=6.4, score_low=float("nan"), score_high=float("nan"))) == ""


def test_the_report_table_keeps_doubtful_rows_visible_but_out_of_the_indices(model):
    from layouts.report_table import report_rows

    rows = {r["id"]: r for r in report_rows(model, "53")}
    assert rows["rapport2020_co2"]["reliability"] == "douteuse" and not rows["rapport2020_co2"]["in_index"]
    assert rows["rapport2020_chomage_t1"]["in_index"] is False       # never counted twice in emploi
    assert all(r["reason"] for r in rows.values() if r["reliability"] == "douteuse")
    assert "emploi" in model.index_composition() and "rapport2020_chomage_t1" not in model.index_composition()["emploi"]


def test_the_ageing_index_reads_as_a_sentence_after_its_value(model):
    """« 93,1 personnes de 65 ans ou plus pour 100 de moins de 20 ans », not « 93,1 65 ans ou plus
    pour 100 moins de 20 ans » (two numbers side by side)."""
    from dashboard.labels import format_value

    row = next(r for r in region_view.indicator_rows(model, "53", "vieillissement")
               if r["id"].startswith("indice_vieillissement"))
    assert format_value(row["value"], row["unit"]) == "93,1\u00a0personnes de 65 ans ou plus pour 100 de moins de 20 ans"
