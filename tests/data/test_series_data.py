"""data/series_values.csv (issue 14): every year of the crime and Eurostat series, each value the
research file's own figure, France métropolitaine computed from the regions and said so, the
current year checked at start-up."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data.loading import load_bundle
from dashboard.data.schema import FRANCE, REGION_CODES
from dashboard.data.validation import DataValidationError

DATA = Path(__file__).resolve().parents[2] / "data"
RESEARCH = DATA.parents[1] / "shared" / "data" / "research"
needs_research = pytest.mark.skipif(not RESEARCH.exists(), reason="research tables not available")
CRIME = ["coups_blessures_2021", "vols_violents_2021", "destructions_degradations_2021", "cambriolages_2021",
         "vols_avec_armes", "vols_sans_violence", "vols_vehicules", "vols_dans_vehicules"]


@pytest.fixture(scope="module")
def series():
    return pd.read_csv(DATA / "series_values.csv", dtype={"region_code": str}, keep_default_na=False)


def read(name):
    return pd.read_csv(DATA / name, dtype={"region_code": str}, keep_default_na=False)


def test_crime_series_cover_2016_to_2024_for_the_13_regions_and_france(series):
    crime = series[series["indicator_id"].isin(CRIME)]
    assert set(crime["indicator_id"]) == set(CRIME)
    for _, group in crime.groupby("indicator_id"):
        assert len(group) == 9 * 14
        assert set(group["year"]) == set(range(2016, 2025))
        assert set(group["region_code"]) == set(REGION_CODES) | {FRANCE}


def test_the_current_values_are_the_2024_values_of_the_series(series):
    values = read("objective_values.csv")
    catalogue = read("indicators.csv").set_index("id")
    for indicator_id in CRIME:
        assert str(catalogue.loc[indicator_id, "year"]) == "2024"
        now = series[(series["indicator_id"] == indicator_id) & (series["year"] == 2024)]
        shown = values[values["indicator_id"] == indicator_id]
        assert dict(zip(now["region_code"], now["value"].astype(float))) == \
            dict(zip(shown["region_code"], shown["value"].astype(float)))


@needs_research
def test_the_2021_crime_values_equal_the_figures_shown_before(series):
    """The four indicators already shown kept their figures: the series' 2021 values are the
    research table's 2021 rows they were built from."""
    before = pd.read_csv(RESEARCH / "objective_indicators_more.csv", dtype=str, keep_default_na=False)
    before = before[before["domain"] == "sécurité"]
    ids = {"Victimes de coups et blessures volontaires (15 ans ou plus) enregistrées": "coups_blessures_2021",
           "Vols violents sans arme enregistrés": "vols_violents_2021",
           "Destructions et dégradations volontaires enregistrées": "destructions_degradations_2021",
           "Cambriolages de logement enregistrés": "cambriolages_2021"}
    in_2021 = series[series["year"] == 2021].set_index(["indicator_id", "region_code"])["value"]
    assert len(before) == 4 * 13
    for row in before.itertuples():
        assert in_2021[(ids[row.indicator], row.region_code)] == pytest.approx(float(row.value), rel=1e-9)


@needs_research
def test_france_is_computed_from_the_regions_counts_and_populations_and_says_so(series):
    ssmsi = pd.read_csv(RESEARCH / "ssmsi_regions_2016_2024.csv", sep=";", dtype=str, encoding="utf-8-sig")
    ssmsi = ssmsi[ssmsi["Code_region"].isin(REGION_CODES)]
    for offence, indicator_id, base in (("Cambriolages de logement", "cambriolages_2021", "insee_log"),
                                        ("Vols de véhicules", "vols_vehicules", "insee_pop")):
        rows = ssmsi[(ssmsi["indicateur"] == offence) & (ssmsi["annee"] == "2019")]
        expected = rows["nombre"].astype(float).sum() / rows[base].astype(float).sum() * 1000
        france = series[(series["indicator_id"] == indicator_id) & (series["region_code"] == FRANCE)
                        & (series["year"] == 2019)].iloc[0]
        assert france["value"] == pytest.approx(expected, abs=1e-6)
        assert france["methode"].startswith("calcul : somme des")
    regional = series[series["indicator_id"].isin(CRIME) & (series["region_code"] != FRANCE)]
    assert (regional["methode"] == "").all()       # regional values: the file's own figures


def test_eurostat_series_keep_their_method_per_value(series):
    life = series[series["indicator_id"] == "esperance_vie_2018"]
    assert set(life["year"]) == set(range(2014, 2019))
    assert (life["methode"].str.startswith("calcul à partir des anciennes régions")).sum() == 8 * 5


@needs_research
def test_series_regenerate_identically_from_the_research_tables(tmp_path):
    from tests.data.test_contract import load_script

    load_script("build_dataset").main(RESEARCH, out=tmp_path)
    assert (tmp_path / "series_values.csv").read_bytes() == (DATA / "series_values.csv").read_bytes()


def test_start_up_refuses_a_catalogue_year_that_is_not_the_current_year(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    catalogue = (folder / "indicators.csv").read_text(encoding="utf-8")
    line = next(l for l in catalogue.splitlines() if l.startswith("cambriolages_2021,"))
    (folder / "indicators.csv").write_text(catalogue.replace(line, line.replace(",2024,", ",2021,", 1)),
                                           encoding="utf-8")
    with pytest.raises(DataValidationError) as error:
        load_bundle(folder)
    assert any("cambriolages_2021" in p and "attendu : 2024" in p for p in error.value.problems)


def test_a_data_folder_without_series_still_loads(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    (folder / "series_values.csv").unlink()
    descriptor = (folder / "datapackage.json").read_text(encoding="utf-8")
    import json
    package = json.loads(descriptor)
    package["resources"] = [r for r in package["resources"] if r["name"] != "series_values"]
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    assert load_bundle(folder).series is None
