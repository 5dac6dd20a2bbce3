"""A downloaded file says whose perception it shows when it is not the citizens' (issue 12 §6):
two downloads of the same chart for the élus and for the citizens no longer share one name."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.outputs.exports import export

DAY = date(2026, 11, 30)


@pytest.mark.parametrize("chart, query", [
    ("comparaison", "?domaine=sante&profil=elus"),
    ("quadrant", "?region=53&domaine=emploi&profil=elus"),
])
def test_a_chart_of_the_elus_perception_is_named_after_them(model, chart, query):
    _, _, name = export(model, chart, "csv", query, DAY)
    assert name.endswith("-elus.csv") and name.startswith(chart + "-")


@pytest.mark.parametrize("profile", ["entreprises", "associations"])
def test_each_other_profile_is_named_too(model, profile):
    _, _, name = export(model, "comparaison", "csv", f"?domaine=sante&profil={profile}", DAY)
    assert name.endswith(f"-{profile}.csv")


def test_the_citizens_perception_keeps_the_plain_name(model):
    _, _, plain = export(model, "comparaison", "csv", "?domaine=sante", DAY)
    _, _, citizens = export(model, "comparaison", "csv", "?domaine=sante&profil=citoyens", DAY)
    assert plain == citizens == "comparaison-sante.csv"


def test_the_map_shows_no_perception_and_keeps_its_name_whatever_the_profile(model):
    _, _, name = export(model, "carte", "csv", "?domaine=emploi&region=53&profil=elus", DAY)
    assert "elus" not in name
