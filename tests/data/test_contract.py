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

import pandas as pd
import pytest

from dashboard.schema import FAMILIES, FRANCE, REGION_CODES
from dashboard.validation import validate_package

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


def test_every_indicator_has_source_url_year_and_a_known_kind(indicators):
    for row in indicators.itertuples():
        assert row.source.strip(), row.id
        assert re.match(r"https?://\S+$", row.source_url), row.id
        assert row.year.isdigit() and 1990 <= int(row.year) <= 2100, row.id
        assert row.kind in INDICATOR_KINDS, row.id
        assert row.higher_is_more_fragile in ("True", "False"), row.id


def test_every_value_cites_its_source(values):
    assert (values["source"].str.strip() != "").all()
    assert values["source_url"].str.match(r"https?://\S+$").all()


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


@pytest.fixture(scope="module")
def research_rows() -> pd.DataFrame:
    files = sorted(RESEARCH.glob("objective_indicators*.csv"))
    if not files:
        pytest.skip("no research table objective_indicators*.csv")
    return pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in files], ignore_index=True)


@needs_research
def test_every_official_value_equals_the_research_table(indicators, values, research_rows):
    official = indicators[indicators["kind"] == "officiel"]
    research = research_rows.set_index(["indicator", "year", "region_code"])["value"]
    assert research.index.is_unique
    checked = 0
    for indicator in official.itertuples():
        ours = values[values["indicator_id"] == indicator.id]
        assert not ours.empty, indicator.id
        for row in ours.itertuples():
            key = (indicator.label_fr, indicator.year, row.region_code)
            assert key in research.index, key
            assert float(row.value) == pytest.approx(float(research[key]), rel=1e-12), key
            checked += 1
    assert checked == values["indicator_id"].isin(official["id"]).sum()


@needs_research
def test_every_research_row_with_a_direction_is_in_the_data(indicators, values, research_rows):
    directed = research_rows[research_rows["higher_is_more_fragile"] != ""]
    ids = {(r.label_fr, r.year): r.id for r in indicators.itertuples()}
    present = set(zip(values["indicator_id"], values["region_code"]))
    for row in directed.itertuples():
        indicator_id = ids.get((row.indicator, row.year))
        assert indicator_id is not None, (row.indicator, row.year)
        assert (indicator_id, row.region_code) in present, (indicator_id, row.region_code)
        direction = indicators.set_index("id").loc[indicator_id, "higher_is_more_fragile"]
        assert direction == ("True" if row.higher_is_more_fragile == "true" else "False"), indicator_id


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
