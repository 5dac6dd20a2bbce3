"""Contract of the bundled data/ files: what every view, export and report relies on.

Checks against the research tables of ../shared/data/research are skipped when ../shared is absent
(the app never reads it; only these tests compare with it).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import shutil
from pathlib import Path

from urllib.parse import urlparse

import pandas as pd
import pytest

from dashboard.data.schema import FAMILIES, FRANCE, REGION_CODES
from dashboard.data.validation import validate_package

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
RESEARCH = ROOT.parent / "shared" / "data" / "research"
needs_research = pytest.mark.skipif(not RESEARCH.is_dir(), reason="../shared absent: nothing to compare with")

INDICATOR_KINDS = {"officiel", "rapport-2020", "illustratif", "importé"}
# Lines of the study's table (seed_report_table.csv) whose columns were verified (« aligné ») and
# whose label is usable: the only ones allowed in objective_values.csv.
REPORT_LINES = {13: "rapport2020_chomage_t1", 14: "rapport2020_evolution_entreprises",
                16: "rapport2020_taux_logement", 17: "rapport2020_handicap",
                18: "rapport2020_vieillissement", 19: "rapport2020_numerique_2016",
                25: "rapport2020_numerique_2017", 26: "rapport2020_co2"}
REPORT_COLUMNS = ["FRM", "44", "75", "84", "28", "27", "53", "24", "11", "76", "32", "52", "93", "94"]


def read(name: str) -> pd.DataFrame:
    """A data file as text, exactly as written (no type guessing, empty cells stay '')."""
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    return read("indicators.csv")


@pytest.fixture(scope="module")
def values() -> pd.DataFrame:
    return read("objective_values.csv")


@pytest.fixture(scope="module")
def perception() -> pd.DataFrame:
    return pd.concat([read("perception_published.csv").assign(file="perception_published.csv"),
                      read("perception_demo.csv").assign(file="perception_demo.csv")], ignore_index=True)


def french_number(text: str) -> float:
    return float(text.replace("%", "").replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
                 .replace(",", "."))


# -- package and geometry ------------------------------------------------------------------------

def test_frictionless_validates_the_package():
    assert validate_package(DATA) == []


def test_region_codes_match_the_geometry_codes():
    regions = read("regions.csv")
    geometry = json.loads((DATA / "regions.geojson").read_text(encoding="utf-8"))
    geometry_codes = [f["properties"]["code"] for f in geometry["features"]]
    assert sorted(geometry_codes) == sorted(REGION_CODES)            # each once, as strings
    assert sorted(regions["code"]) == sorted(REGION_CODES + (FRANCE,))
    assert set(regions["code"]) - {FRANCE} == set(geometry_codes)


def test_sixteen_domains_in_four_families():
    domains = read("domains.csv")
    assert len(domains) == 16 and domains["id"].is_unique
    assert set(domains["family"]) == set(FAMILIES)
    assert (domains["label_fr"] != "").all() and (domains["description"] != "").all()


# -- catalogue and values ------------------------------------------------------------------------

def test_every_value_has_its_indicator_in_the_catalogue(indicators, values):
    unknown = set(values["indicator_id"]) - set(indicators["id"])
    assert not unknown
    assert not values.duplicated(["region_code", "indicator_id"]).any()


def test_every_indicator_has_a_source_year_and_a_known_kind(indicators):
    for row in indicators.itertuples():
        assert row.source.strip(), row.id
        assert row.source_url == "" or re.match(r"https?://\S+$", row.source_url), row.id
        assert row.year.isdigit() and 1990 <= int(row.year) <= 2100, row.id
        assert row.kind in INDICATOR_KINDS, row.id
        assert row.higher_is_more_fragile in ("True", "False"), row.id


def test_every_official_value_links_to_its_publication_or_to_where_it_was_read(indicators, values):
    kind = values["indicator_id"].map(indicators.set_index("id")["kind"])
    assert (values["source"].str.strip() != "").all()
    for column in ("source_url", "lu_sur"):
        assert (values[column].eq("") | values[column].str.match(r"https?://\S+$")).all(), column
    official = values[kind == "officiel"]
    linked = official["source_url"].ne("") | official["lu_sur"].ne("")
    assert linked.all(), official[~linked][["region_code", "indicator_id"]].values.tolist()
    # a primary address not found is said in the source text, never left silently empty
    unknown = official[official["source_url"] == ""]
    assert unknown["source"].str.contains("non relevée").all()


# hosts of the publications that produced the figures; anything else (press, review, copy) may only
# appear in lu_sur
PRIMARY_HOSTS = ("insee.fr", "drees.solidarites-sante.gouv.fr", "handidonnees.fr", "data.gouv.fr",
                 "ec.europa.eu", "oreges.arec-nouvelleaquitaine.com")
PRESS_HOSTS = ("francebleu.fr", "corsenetinfos.corsica", "latribune.fr", "gazettenormandie.fr", "prescrire.org",
               "madinin-art.net", "github.com", "macommune.info", "france3-regions.francetvinfo.fr")


def _host(url: str) -> str:
    return (urlparse(url).hostname or "").rstrip(".")


def test_no_official_source_url_is_a_press_page_or_a_copy(indicators, values):
    official_ids = set(indicators.loc[indicators["kind"] == "officiel", "id"])
    rows = pd.concat([values[values["indicator_id"].isin(official_ids)],
                      indicators[indicators["kind"] == "officiel"], read("profile_figures.csv")])
    for url in set(rows["source_url"]) - {""}:
        host = _host(url)
        assert any(host == h or host.endswith("." + h) for h in PRIMARY_HOSTS), url
    read_on = {_host(u) for u in rows["lu_sur"] if u}
    assert any(host.endswith(PRESS_HOSTS) for host in read_on)  # the press pages moved there


def test_crime_figures_link_to_the_ssmsi_dataset_page_on_data_gouv(values):
    crime = values[values["indicator_id"].isin(["coups_blessures_2021", "vols_violents_2021",
                                                "destructions_degradations_2021", "cambriolages_2021"])]
    assert len(crime) == 4 * 14      # the 13 regions and France métropolitaine (computed: test_series_data)
    assert crime["source_url"].str.startswith("https://www.data.gouv.fr/fr/datasets/").all()
    assert crime["source"].str.contains("SSMSI").all()
    assert crime["lu_sur"].str.startswith("https://github.com/").all()   # the copy actually read


def test_every_value_has_the_licence_of_its_own_source(indicators, values):
    assert (values["licence"].str.strip() != "").all()
    kind = values["indicator_id"].map(indicators.set_index("id")["kind"])
    assert set(values.loc[kind == "rapport-2020", "licence"]) == {"Citation (droits réservés Le RAMEAU)"}
    eurostat = values[values["source"].str.startswith("Eurostat")]
    assert not eurostat.empty and eurostat["licence"].str.contains("Eurostat").all()
    insee = values[values["source_url"].map(_host).str.endswith("insee.fr")]
    assert set(insee["licence"]) == {"Licence Ouverte / Open Licence (Etalab)"}
    # not a blanket constant, in the catalogue either
    assert indicators["licence"].nunique() >= 4
    for row in indicators.itertuples():
        mine = set(values.loc[values["indicator_id"] == row.id, "licence"])
        assert set(row.licence.split(" ; ")) == mine, row.id


def test_report_rows_cite_the_report_by_title_and_date_not_a_home_page(indicators, values):
    report = indicators[indicators["kind"] == "rapport-2020"]
    assert report["source"].str.contains("2020, l'année de l'AMM de l'ODD 17").all()
    assert report["source"].str.contains("20 décembre 2020").all()
    rows = pd.concat([report, values[values["indicator_id"].isin(report["id"])]])
    assert not rows["source_url"].isin(["https://www.lerameau.fr/", "https://www.lerameau.fr",
                                        "http://www.lerameau.fr/"]).any()


DOUBTFUL = {"rapport2020_co2", "rapport2020_taux_logement", "rapport2020_numerique_2016",
            "rapport2020_vieillissement", "rapport2020_evolution_entreprises", "rapport2020_chomage_t1"}


def test_every_report_row_has_a_reliability_and_its_reason_and_only_they_do(indicators):
    report = indicators[indicators["kind"] == "rapport-2020"]
    assert set(report["fiabilite"]) <= {"confirmée", "plausible", "douteuse"}
    assert (report["fiabilite"] != "").all()
    assert (report["fiabilite_raison"].str.len() > 40).all()
    assert report["fiabilite_raison"].str.endswith(".").all()
    others = indicators[indicators["kind"] != "rapport-2020"]
    assert (others["fiabilite"] == "").all() and (others["fiabilite_raison"] == "").all()
    doubtful = set(report.loc[report["fiabilite"] == "douteuse", "id"])
    assert DOUBTFUL <= doubtful
    projection = report.set_index("id").loc["rapport2020_evolution_entreprises", "fiabilite_raison"]
    assert "projection" in projection.lower()


def _regions(values, indicator_id: str) -> set[str]:
    return set(values.loc[values["indicator_id"] == indicator_id, "region_code"])


def test_sport_licences_2022_cover_12_regions_and_france(values):
    assert _regions(values, "licences_sportives_2022") == (set(REGION_CODES) - {"52"}) | {FRANCE}


def test_life_expectancy_and_broadband_2018_cover_the_13_regions_and_france(indicators, values):
    for indicator_id, domain in (("esperance_vie_2018", "sante"), ("haut_debit_2018", "numerique")):
        assert _regions(values, indicator_id) == set(REGION_CODES) | {FRANCE}, indicator_id
        row = indicators.set_index("id").loc[indicator_id]
        assert (row.domain_id, row.higher_is_more_fragile, row.kind) == (domain, "False", "officiel")
    assert "enquête" in indicators.set_index("id").loc["haut_debit_2018", "caveat"]


def test_eurostat_values_of_merged_regions_say_how_they_were_computed(values):
    eurostat = values[values["indicator_id"].isin(["esperance_vie_2018", "haut_debit_2018"])]
    computed = eurostat[eurostat["methode"] != ""]
    # six regions are one former region each: Eurostat's own value, no method to state
    assert set(computed["region_code"]) == {"27", "28", "32", "44", "75", "76", "84", FRANCE}
    assert computed["methode"].str.startswith("calcul à partir des anciennes régions (Eurostat)").all()
    assert (computed["lu_sur"] != "").all() and computed["source"].str.match(r"Eurostat, tableau tgs\d{5}$").all()


def test_poverty_2018_and_2020_are_two_indicators_of_one_year_each(indicators, values):
    by_id = indicators.set_index("id")
    assert by_id.loc["taux_pauvrete_2018", "year"] == "2018" and by_id.loc["taux_pauvrete_2020", "year"] == "2020"
    assert _regions(values, "taux_pauvrete_2018") == set(REGION_CODES) - {"75", "76"} | {FRANCE}
    assert _regions(values, "taux_pauvrete_2020") == set(REGION_CODES) - {"11", "28"} | {FRANCE}
    france = values[values["region_code"] == FRANCE].set_index("indicator_id")["value"]
    assert (float(france["taux_pauvrete_2018"]), float(france["taux_pauvrete_2020"])) == (14.6, 14.4)


def test_only_the_aligned_rows_of_the_report_table_are_used(indicators, values):
    report = indicators[indicators["id"].str.startswith("rapport2020_")]
    assert set(report["kind"]) == {"rapport-2020"}
    assert (indicators["kind"] == "rapport-2020").sum() == len(report)
    lines = {int(re.match(r"Ligne (\d+) du tableau", d).group(1)) for d in report["definition"]}
    assert lines == set(REPORT_LINES)
    line_of = report["definition"].str.extract(r"Ligne (\d+)")[0].astype(int)
    assert dict(zip(line_of, report["id"])) == REPORT_LINES
    report_kind = set(indicators.loc[indicators["kind"] == "rapport-2020", "id"])
    used = set(values["indicator_id"]) & (report_kind | {i for i in values["indicator_id"]
                                                         if i.startswith("rapport2020_")})
    assert used == set(REPORT_LINES.values())


@needs_research
def test_report_lines_used_are_aligned_and_values_are_the_table_s(values):
    table = pd.read_csv(RESEARCH / "seed_report_table.csv", dtype=str, keep_default_na=False)
    table = table.set_index(table["ligne"].astype(int))
    not_aligned = {int(line) for line, row in table.iterrows() if row["alignement"].startswith("NON")}
    assert not_aligned and not (not_aligned & set(REPORT_LINES))
    for line, indicator_id in REPORT_LINES.items():
        assert table.loc[line, "alignement"].startswith("aligné"), line
        ours = values[values["indicator_id"] == indicator_id].set_index("region_code")["value"]
        assert sorted(ours.index) == sorted(REPORT_COLUMNS), indicator_id
        for code in REPORT_COLUMNS:
            assert float(ours[code]) == pytest.approx(french_number(table.loc[line, code]), rel=1e-12), (
                indicator_id, code)


@needs_research
def test_data_regenerates_identically_from_the_research_tables(tmp_path):
    script = load_script("build_dataset")
    script.main(RESEARCH, out=tmp_path)
    for name in ("indicators.csv", "objective_values.csv", "series_values.csv", "profile_figures.csv",
                 "perception_published.csv"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


@needs_research
def test_every_official_value_equals_a_research_row(indicators, values):
    """Read independently of the build: each official value is the research table's figure."""
    first = pd.concat([pd.read_csv(RESEARCH / f, dtype=str, keep_default_na=False)
                       for f in ("objective_indicators.csv", "objective_indicators_more.csv")])
    later = pd.read_csv(RESEARCH / "objective_indicators_2026-11.csv", dtype=str, keep_default_na=False)
    eurostat = pd.read_csv(RESEARCH / "eurostat_regions13_2014_2018.csv", dtype=str, keep_default_na=False)
    ssmsi = pd.read_csv(RESEARCH / "ssmsi_regions_2016_2024.csv", sep=";", dtype=str, encoding="utf-8-sig")
    ssmsi = ssmsi.assign(taux_pour_mille=ssmsi["taux_pour_mille"].str.replace(",", "."))
    research = {}
    for frame, label, year, code, value in ((first, "indicator", "year", "region_code", "value"),
                                            (later, "indicateur", "annee", "code_region", "valeur"),
                                            (eurostat, "indicateur", "annee", "code_region", "valeur"),
                                            (ssmsi, "indicateur", "annee", "Code_region", "taux_pour_mille")):
        for row in frame[frame[value] != ""].to_dict("records"):
            research.setdefault((row[year], row[code]), []).append((row[label], float(row[value])))
    official = indicators[indicators["kind"] == "officiel"].set_index("id")
    checked = 0
    for row in values[values["indicator_id"].isin(official.index)].itertuples():
        if str(row.methode).startswith("calcul : "):
            continue  # France's crime rates, computed from the regions (tests/data/test_series_data.py)
        year = official.loc[row.indicator_id, "year"]
        found = [label for label, value in research.get((year, row.region_code), [])
                 if value == pytest.approx(float(row.value), rel=1e-12)]
        assert found, (row.indicator_id, row.region_code, row.value)
        checked += 1
    assert checked > 200


@needs_research
def test_every_research_row_with_a_direction_is_in_the_data(indicators, values):
    """Nothing the research read is silently dropped: each directed row of the first two tables (the
    2026-11 series replace their sport 2022 and poverty 2020 rows with the same figures)."""
    rows = pd.concat([pd.read_csv(RESEARCH / f, dtype=str, keep_default_na=False)
                      for f in ("objective_indicators.csv", "objective_indicators_more.csv")])
    directed = rows[rows["higher_is_more_fragile"] != ""]
    year = values["indicator_id"].map(indicators.set_index("id")["year"])
    present = set(zip(values["region_code"], year, values["value"].astype(float)))
    series = pd.read_csv(DATA / "series_values.csv", dtype=str, keep_default_na=False)  # earlier years
    present |= set(zip(series["region_code"], series["year"], series["value"].astype(float)))
    for row in directed.itertuples():
        assert (row.region_code, row.year, float(row.value)) in present, (row.indicator, row.region_code)


# -- perception ----------------------------------------------------------------------------------

def test_demonstration_rows_are_illustrative_and_say_so(perception):
    demo = perception[perception["source"].str.contains("Démonstration")]
    assert not demo.empty
    assert set(demo["kind"]) == {"illustratif"}
    illustrative = perception[perception["kind"] == "illustratif"]
    notes = illustrative["note"].str.lower()
    assert notes.str.contains("démonstration").all() and notes.str.contains("fictive").all()
    assert set(illustrative["file"]) == {"perception_demo.csv"}


def test_published_perception_is_never_illustrative(perception):
    published = perception[perception["file"] == "perception_published.csv"]
    assert set(published["kind"]) == {"publié"}
    assert not published["source"].str.contains("Démonstration").any()
    assert published["source_url"].str.match(r"https?://").all()


def test_demonstration_layer_covers_every_region_domain_and_profile_once(perception):
    demo = perception[perception["file"] == "perception_demo.csv"]
    domains = read("domains.csv")["id"]
    assert len(demo) == len(REGION_CODES) * len(domains) * 4
    assert set(demo["region_code"]) == set(REGION_CODES)
    assert not demo.duplicated(["region_code", "domain_id", "profile"]).any()


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_demonstration_layer_regenerates_identically(tmp_path, monkeypatch):
    script = load_script("make_demo_perception")
    for name in ("regions.csv", "domains.csv", "perception_published.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    monkeypatch.setattr(script, "DATA", tmp_path)
    script.main()
    assert (tmp_path / "perception_demo.csv").read_bytes() == (DATA / "perception_demo.csv").read_bytes()


def test_demonstration_rows_depend_only_on_the_seed():
    script = load_script("make_demo_perception")
    first = script.demo_rows(["11", "24"], ["emploi", "culture"], {"emploi": 6.4})
    again = script.demo_rows(["11", "24"], ["emploi", "culture"], {"emploi": 6.4})
    pd.testing.assert_frame_equal(first, again)
    assert first["score"].between(0, 10).all()
    emploi = first[first["domain_id"] == "emploi"]["score"]
    assert emploi.between(6.4 - 1.5, 6.4 + 1.5).all()


def test_csv_files_are_utf8_with_a_header_line():
    for path in DATA.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header and all(h == h.strip() and h for h in header), path.name
