"""Perception as a series (issue 14): PHARE-Citoyens 2015 and IMPACT-Citoyens 2019 are two years of
one question for France métropolitaine, shown with their change and the break between two surveys;
an imported file of several years is a series of its own; illustrative scores never are."""

from __future__ import annotations

import pytest

from dashboard.analysis import series
from dashboard.views import region as region_view
from dashboard.imports.intake import check_file
from dashboard.imports.rules import Vocabulary
from dashboard.imports.merging import add_entry
from dashboard.analysis.model import get_model, model_with_imports


def test_france_perception_of_2015_and_2019_is_one_series_said_with_its_break():
    model = get_model()
    found = region_view.perception_trends(model, "53", "emploi", "citoyens")
    assert [t["code"] for t in found] == ["FRM"]           # the illustrative regions are no series
    france = found[0]
    assert (france["first_year"], france["last_year"]) == (2015, 2019)
    assert france["change"] == pytest.approx(6.4 - 7.1)
    assert france["sentence"] == (
        "Perception des citoyens dans le temps. France métropolitaine : 7,1\u00a0/\u00a010 en 2015, "
        "6,4\u00a0/\u00a010 en 2019, soit −0,7\u00a0point ; rupture de série : deux enquêtes "
        "différentes (PHARE-Citoyens 2015 puis IMPACT-Citoyens 2019), dont l'échantillon et la "
        "méthode diffèrent ; l'évolution n'est qu'indicative.")


def test_only_the_domains_both_surveys_asked_have_a_france_series():
    model = get_model()
    with_both = [d for d in model.domain_ids if region_view.perception_trends(model, "11", d, "citoyens")]
    assert set(with_both) == {"developpement_economique", "emploi", "niveau_de_vie", "securite",
                              "environnement"}
    assert not region_view.perception_trends(model, "11", "pauvrete_exclusion", "citoyens")   # 2015 only
    assert not region_view.perception_trends(model, "11", "mobilite", "citoyens")             # 2019 only
    assert not region_view.perception_trends(model, "11", "emploi", "elus")                   # no survey


def test_an_imported_file_of_several_years_is_a_series_of_one_survey_without_break():
    model = get_model()
    text = ("region;domaine;profil;annee;note;effectif\n"
            "Bretagne;Emploi;citoyens;2021;5,8;700\nBretagne;Emploi;citoyens;2023;6,4;800\n")
    result = check_file(text.encode("utf-8"), "bretagne.csv", Vocabulary.from_bundle(model.bundle))
    assert result.valid, result.problems
    session = model_with_imports(model, add_entry(None, result.entry))
    mine, france = region_view.perception_trends(session, "53", "emploi", "citoyens")
    assert mine["code"] == "53" and mine["break_"] == ""
    assert mine["sentence"].endswith("Bretagne : 5,8\u00a0/\u00a010 en 2021, 6,4\u00a0/\u00a010 en 2023, "
                                     "soit +0,6\u00a0point.")
    assert "rupture de série" in france["sentence"]
    shown = session.perception["citoyens"].set_index(["region_code", "domain_id"]).loc[("53", "emploi")]
    assert (int(shown["year"]), shown["score"]) == (2023, 6.4)   # the current score: the latest year


def test_a_single_year_or_a_year_missing_is_no_series():
    assert series.perception_change([dict(year=2019, score=6.0, source="x", kind="publié")]) is None
    model = get_model()
    rows = model.bundle.perception
    assert series.perception_points(rows, "75", "emploi", "entreprises") == []   # year not given
