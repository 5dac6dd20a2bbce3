"""An imported indicator file may hold several years (an « annee » column): each region and year once,
the latest year covered by the comparison rules is the indicator's year, and the session's Model
holds every year as a series, as the bundled series (issue 14, imports)."""

from __future__ import annotations

import json

import pytest

from dashboard.views import home as views
from dashboard.views import region as region_view
from dashboard.imports.intake import check_file
from dashboard.imports.entry import indicator_id, normalise_entry
from dashboard.imports.rules import Vocabulary
from dashboard.imports.merging import add_entry, read_store
from dashboard.analysis.model import get_model, model_with_imports
from dashboard.data.schema import REGION_CODES

LABEL = "Part des jeunes sans diplôme"
METADATA = [f"libellé;{LABEL}", "domaine;Éducation", "unité;% des 18-24 ans", "source;Observatoire",
            "plus élevé = plus fragile;oui"]


def table(years=(2019, 2020, 2021), regions=REGION_CODES, france=True) -> list[str]:
    lines = ["region;annee;valeur"]
    for year in years:
        lines += [f"{code};{year};{10 + (year - 2019) + i / 10:.1f}".replace(".", ",")
                  for i, code in enumerate(regions)]
        if france:
            lines.append(f"France métropolitaine;{year};{11 + (year - 2019) / 2:.1f}".replace(".", ","))
    return lines


def checked(lines: list[str], name: str = "jeunes.csv"):
    return check_file("\n".join(lines).encode("utf-8"), name, Vocabulary.from_bundle(get_model().bundle))


def test_a_file_with_several_years_is_accepted_and_said_so():
    result = checked(METADATA + [""] + table())
    assert result.valid, result.problems
    meta = result.entry["indicateur"]
    assert meta["annee"] == 2021 and meta["id"] == indicator_id(LABEL, 2021)
    assert {tuple(v[2:]) for v in result.entry["valeurs"]} == {(2019,), (2020,), (2021,)}
    assert "3 années de 2019 à 2021, valeur courante 2021" in result.summary


def test_the_indicator_year_is_the_latest_year_the_comparison_rules_cover():
    # 2022 has 5 regions only: the current value stays 2021, 2022 is still a year of the series
    lines = METADATA + [""] + table() + table((2022,), REGION_CODES[:5], france=False)[1:]
    result = checked(lines)
    assert result.valid, result.problems
    assert result.entry["indicateur"]["annee"] == 2021
    session = model_with_imports(get_model(), add_entry(None, result.entry))
    identifier = indicator_id(LABEL, 2021)
    assert session.indicator_years(identifier) == (2019, 2020, 2021, 2022)
    assert int(session.indicator(identifier)["year"]) == 2021
    marks = views.indicator_year_marks(session, identifier)
    assert marks["value"] == 2021 and marks["max"] == 2022


def test_the_same_region_and_year_twice_is_refused_in_french_naming_both_lines():
    lines = METADATA + [""] + table() + ["Bretagne;2020;3,5"]
    result = checked(lines)
    assert not result.valid
    assert result.problems == (f"ligne {len(lines)} : doublon de la ligne {len(METADATA) + 2 + 14 + REGION_CODES.index('53') + 1} "
                               "(la région Bretagne a déjà une valeur pour 2020 ; une seule ligne par "
                               "région et par année).",)


def test_the_same_region_in_two_years_is_no_duplicate_but_twice_without_years_is():
    two_years = checked(METADATA + [""] + ["region;annee;valeur", "Bretagne;2020;3", "Bretagne;2021;4"])
    assert two_years.valid, two_years.problems
    one_year = checked(METADATA + ["année;2021", "", "region;valeur", "Bretagne;3", "Bretagne;4"])
    assert "la région Bretagne a déjà une valeur)" in one_year.problems[0]


def test_a_line_without_year_takes_the_metadata_year_and_without_one_is_refused():
    with_default = checked(METADATA + ["année;2021", "", "region;annee;valeur", "Bretagne;2020;3",
                                       "Bretagne;;4"])
    assert with_default.valid, with_default.problems
    assert sorted(v[2] for v in with_default.entry["valeurs"]) == [2020, 2021]
    without = checked(METADATA + ["", "region;annee;valeur", "Bretagne;2020;3", "Bretagne;;4"])
    assert without.problems == (
        f"ligne {len(METADATA) + 4}, colonne B (annee) : année manquante (attendu : une année sur "
        "quatre chiffres, ou la métadonnée « année » au-dessus du tableau pour les lignes sans année).",)
    bad = checked(METADATA + ["", "region;annee;valeur", "Bretagne;deux mille;3"])
    assert "année « deux mille » invalide" in bad.problems[0]


def test_a_file_without_the_year_column_still_needs_the_metadata_year_and_is_stored_as_before():
    missing = checked(METADATA + ["", "region;valeur", "Bretagne;3"])
    assert any("métadonnée « année » absente" in p for p in missing.problems)
    result = checked(METADATA + ["année;2021", "", "region;valeur", "Bretagne;3", "FRM;4"])
    assert result.entry["valeurs"] == [["53", 3.0], ["FRM", 4.0]]     # pairs, as before
    assert result.entry["indicateur"]["annee"] == 2021


def test_a_year_table_without_metadata_is_read_as_an_indicator_not_a_survey():
    result = checked(["region;annee;valeur", "Bretagne;2020;3"])
    assert any("métadonnée « libellé » absente" in p for p in result.problems)
    assert not any("de l'en-tête" in p for p in result.problems)   # no survey columns asked for


def test_a_series_entry_survives_the_round_trip_through_the_browser():
    entry = checked(METADATA + [""] + table()).entry
    back = json.loads(json.dumps(add_entry(None, entry)))
    reading = read_store(back, get_model().domain_ids)
    assert not reading.problems and list(reading.files) == [entry]
    assert normalise_entry(entry) == (entry, None)


def test_a_store_made_before_several_years_existed_still_loads_unchanged():
    old = {"nom": "jeunes.csv", "type": "indicateur",
           "indicateur": {"id": "import_part_des_jeunes_2021", "libelle": "Part des jeunes",
                          "domaine": "emploi", "unite": "%", "annee": 2021, "source": "Observatoire",
                          "url": "", "sens": True, "definition": "", "licence": ""},
           "valeurs": [["53", 12.5], ["11", 14], ["FRM", 12]]}
    entry, problem = normalise_entry(old)
    assert problem is None
    assert entry["valeurs"] == [["53", 12.5], ["11", 14.0], ["FRM", 12.0]]
    assert entry["indicateur"] == old["indicateur"]


def test_a_forged_store_cannot_repeat_a_year_nor_choose_the_indicator_year():
    entry = checked(METADATA + [""] + table()).entry
    doubled = json.loads(json.dumps(entry))
    doubled["valeurs"].append(list(doubled["valeurs"][0]))
    assert normalise_entry(doubled)[1] == ("son indicateur a deux valeurs pour une même région et une "
                                           "même année.")
    forged = json.loads(json.dumps(entry))
    forged["indicateur"]["annee"] = 2019
    forged["indicateur"]["id"] = "import_autre_2019"
    fixed, problem = normalise_entry(forged)
    assert problem is None and fixed["indicateur"]["annee"] == 2021
    assert fixed["indicateur"]["id"] == indicator_id(LABEL, 2021)
    bad_year = json.loads(json.dumps(entry))
    bad_year["valeurs"][0][2] = 1800
    assert normalise_entry(bad_year)[1] == "une valeur de son indicateur n'est pas valide."


def test_the_imported_years_are_one_series_with_trend_map_years_and_exports():
    from dashboard.outputs.downloads import every_year
    from dashboard.outputs.exports import year_map_data

    entry = checked(METADATA + [""] + table()).entry
    session = model_with_imports(get_model(), add_entry(None, entry))
    identifier = indicator_id(LABEL, 2021)
    trend = region_view.indicator_trend(session, identifier, "53")
    assert trend["change"]["change"] == pytest.approx(2.0)
    assert trend["sentence"].startswith("Bretagne : +2,0\u00a0points (+18,7\u00a0%) de 2019 à 2021")
    assert views.map_view(session, "education", identifier, 2019).title == f"{LABEL} (2019)"
    frame = year_map_data(session, identifier, 2019)
    assert set(frame["annee"]) == {2019}
    every = every_year(session)
    assert set(every[every["indicator_id"] == identifier]["year"]) == {2019, 2020, 2021}
    current = session.scores[session.scores["indicator_id"] == identifier]
    assert current.set_index("region_code").loc["53", "value"] == pytest.approx(12.7)  # 2021's value
    assert not get_model().indicator_years(identifier)    # the reference data is untouched


def test_a_later_one_year_file_of_the_same_indicator_joins_the_series():
    first = checked(METADATA + [""] + table()).entry
    later = checked(METADATA + ["année;2022", "", "region;valeur"]
                    + [f"{c};{20 + i}" for i, c in enumerate(REGION_CODES)], "jeunes-2022.csv").entry
    session = model_with_imports(get_model(), add_entry(add_entry(None, first), later))
    assert session.indicator_years(indicator_id(LABEL, 2022)) == (2019, 2020, 2021, 2022)
