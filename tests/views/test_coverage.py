"""dashboard/views/coverage.py: the per-domain coverage frame and `python -m dashboard.coverage`."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard.comparison_rules import MIN_REGIONS_COMPARABLE
from dashboard.views.coverage import coverage_frame, render, summary_line
from dashboard.data.loading import DataBundle
from dashboard.analysis.model import build_model
from dashboard.data.schema import ALL_CODES, FRANCE, REGION_CODES

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
LAST_LINE = re.compile(r"domains_with_official_13_regions=(\d+)/16 comparable_domains=(\d+)/16")
FEW = ["11", "24", "27", "28", "32"]


def hand_made_bundle() -> DataBundle:
    """Three domains:
    - full: an official indicator for the 13 regions (+ France) and a report one for the 13;
      perception published for France (citoyens 2015, 2019) and Nouvelle-Aquitaine (no year),
      illustrative for the 13 regions;
    - partial: an official indicator for 2 regions (no z-score) and a report one for 5 regions, one
      of them (Corse) with an empty value; perception imported for 3 regions;
    - none: no value, no perception.
    """
    regions = pd.DataFrame({"code": list(ALL_CODES), "nom": [f"Région {c}" for c in ALL_CODES],
                            "nom_court": list(ALL_CODES)})
    regions.loc[regions["code"] == FRANCE, "nom"] = "France métropolitaine"
    regions.loc[regions["code"] == "75", "nom"] = "Nouvelle-Aquitaine"
    domains = pd.DataFrame([
        dict(id="full", label_fr="Complet", label_en="Full", family="économique", description="."),
        dict(id="partial", label_fr="Partiel", label_en="Partial", family="sociale", description="."),
        dict(id="none", label_fr="Aucun", label_en="None", family="sociétale", description="."),
    ])
    indicators = pd.DataFrame([
        dict(id="off_full", domain_id="full", year=2019, kind="officiel", higher_is_more_fragile=True),
        dict(id="rep_full", domain_id="full", year=2020, kind="rapport-2020", higher_is_more_fragile=True),
        dict(id="off_few", domain_id="partial", year=2018, kind="officiel", higher_is_more_fragile=False),
        dict(id="rep_partial", domain_id="partial", year=2017, kind="rapport-2020",
             higher_is_more_fragile=True),
    ])
    for column in ("label_fr", "unit", "definition", "source", "source_url", "licence", "caveat"):
        indicators[column] = "x"
    rows = [dict(region_code=c, indicator_id="off_full", value=float(i)) for i, c in enumerate(ALL_CODES)]
    rows += [dict(region_code=c, indicator_id="rep_full", value=float(i % 3)) for i, c in enumerate(REGION_CODES)]
    rows += [dict(region_code=c, indicator_id="off_few", value=1.0 + i) for i, c in enumerate(["11", "24", FRANCE])]
    rows += [dict(region_code=c, indicator_id="rep_partial", value=2.0 * i) for i, c in enumerate(FEW)]
    rows += [dict(region_code="94", indicator_id="rep_partial", value=float("nan"))]
    values = pd.DataFrame(rows).assign(source="x", source_url="x")
    perception = pd.DataFrame(
        [dict(region_code=FRANCE, domain_id="full", profile="citoyens", year=y, score=6.0, kind="publié")
         for y in (2019, 2015)]
        + [dict(region_code="75", domain_id="full", profile="entreprises", year=None, score=5.0, kind="publié")]
        + [dict(region_code=c, domain_id="full", profile="citoyens", year=2019, score=5.0 + i / 10,
                kind="illustratif") for i, c in enumerate(REGION_CODES)]
        + [dict(region_code=c, domain_id="partial", profile="elus", year=2023, score=4.0 + i,
                kind="importé") for i, c in enumerate(["11", "24", "27"])]
    ).assign(n=None, source="x", source_url="", note="")
    perception["year"] = perception["year"].astype("Int64")
    perception["n"] = perception["n"].astype("Int64")
    return DataBundle(regions=regions, domains=domains, indicators=indicators, values=values,
                      profile=pd.DataFrame(), perception=perception,
                      former_regions=pd.DataFrame(columns=["ancienne_region", "region_code"]),
                      geometry={"type": "FeatureCollection", "features": []})


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return coverage_frame(build_model(hand_made_bundle())).set_index("domain_id")


def test_coverage_frame_has_one_row_per_domain_in_file_order():
    frame = coverage_frame(build_model(hand_made_bundle()))
    assert list(frame["domain_id"]) == ["full", "partial", "none"]
    assert list(frame["label_fr"]) == ["Complet", "Partiel", "Aucun"]


@pytest.mark.parametrize("domain, with_value, with_index, official, provenance, years", [
    ("full", 13, 13, 13, "officiel 13, rapport-2020 13", "2019, 2020"),
    # off_few: 2 regions, no z-score; rep_partial: 5 regions (Corse's empty value does not count),
    # a partial comparison that enters no index
    ("partial", 5, 0, 2, "officiel 2, rapport-2020 5", "2017, 2018"),
    ("none", 0, 0, 0, "", ""),
])
def test_coverage_counts_regions_with_a_value_an_index_and_an_official_value(
        frame, domain, with_value, with_index, official, provenance, years):
    row = frame.loc[domain]
    assert (row["regions_with_value"], row["regions_with_index"], row["regions_official"]) == (
        with_value, with_index, official)
    assert (row["provenance"], row["years"]) == (provenance, years)


@pytest.mark.parametrize("domain, kinds, published_in, text", [
    ("full", "publié, illustratif", "75, FRM",
     "publiée : France métropolitaine (citoyens 2015, 2019), "
     "Nouvelle-Aquitaine (entreprises, année non précisée) · illustrative : 13 régions"),
    ("partial", "importé", "", "importée : 3 régions"),
    ("none", "", "", "absente"),
])
def test_coverage_says_where_perception_is_published_imported_illustrative_or_absent(
        frame, domain, kinds, published_in, text):
    row = frame.loc[domain]
    assert (row["perception_kinds"], row["perception_published_in"], row["perception"]) == (
        kinds, published_in, text)


def test_summary_line_counts_domains_with_official_values_for_all_13_regions(frame):
    assert summary_line(frame.reset_index()) == "domains_with_official_13_regions=1/3 comparable_domains=1/3"


def split_series_bundle(doubtful: bool = False) -> DataBundle:
    """One domain, « pauvreté »: a rate for 11 regions in 2018, the same rate for 11 others in 2020
    (together they cover the 13), and a report row for the 13 regions."""
    codes_2018 = [c for c in REGION_CODES if c not in ("75", "76")]
    codes_2020 = [c for c in REGION_CODES if c not in ("11", "28")]
    base = hand_made_bundle()
    domains = base.domains.iloc[[0]].assign(id="pauvrete", label_fr="Pauvreté")
    indicators = pd.DataFrame([
        dict(id="taux_2018", domain_id="pauvrete", year=2018, kind="officiel", fiabilite=""),
        dict(id="taux_2020", domain_id="pauvrete", year=2020, kind="officiel", fiabilite=""),
        dict(id="rapport2020_x", domain_id="pauvrete", year=2019, kind="rapport-2020",
             fiabilite="douteuse" if doubtful else "plausible"),
    ]).assign(higher_is_more_fragile=True, label_fr="x", unit="%", definition="x", source="x",
              source_url="", licence="x", caveat="", fiabilite_raison="x")
    rows = ([dict(region_code=c, indicator_id="taux_2018", value=10.0 + i) for i, c in enumerate(codes_2018)]
            + [dict(region_code=c, indicator_id="taux_2020", value=12.0 - i) for i, c in enumerate(codes_2020)]
            + [dict(region_code=c, indicator_id="rapport2020_x", value=float(i)) for i, c in enumerate(REGION_CODES)])
    values = pd.DataFrame(rows).assign(source="x", source_url="")
    perception = base.perception.iloc[0:0]
    return DataBundle(regions=base.regions, domains=domains, indicators=indicators, values=values,
                      profile=pd.DataFrame(), perception=perception, former_regions=base.former_regions,
                      geometry=base.geometry)


def test_two_years_of_one_rate_are_not_added_up_into_13_regions():
    row = coverage_frame(build_model(split_series_bundle())).iloc[0]
    assert (row["regions_with_value"], row["regions_official"]) == (13, 11)  # the report row covers 13
    assert row["provenance"] == "officiel 11, rapport-2020 13"
    # the index takes the latest year (2020) and the plausible report row: 11 regions have both
    assert (row["index_indicators"], row["regions_comparable"]) == (2, 11)


def test_a_doubtful_report_row_does_not_make_a_domain_comparable():
    row = coverage_frame(build_model(split_series_bundle(doubtful=True))).iloc[0]
    assert (row["index_indicators"], row["regions_comparable"]) == (1, 11)
    frame = coverage_frame(build_model(split_series_bundle(doubtful=True)))
    assert summary_line(frame) == "domains_with_official_13_regions=0/1 comparable_domains=1/1"


def test_rendered_table_is_aligned_and_ends_with_the_summary_line(frame):
    text = render(frame.reset_index())
    lines = text.splitlines()
    assert lines[-1] == "domains_with_official_13_regions=1/3 comparable_domains=1/3"
    header = next(i for i, line in enumerate(lines) if line.startswith("Domaine"))
    column = lines[header].index("Perception")
    rows = lines[header + 2:header + 5]
    assert [r.split()[0] for r in rows] == ["Complet", "Partiel", "Aucun"]
    for row, expected in zip(rows, frame["perception"]):
        assert row[column:] == expected
    assert "13/13" in rows[0] and " 5/13" in rows[1] and " 0/13" in rows[2]


# -- the command ---------------------------------------------------------------------------------

def run_coverage(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "IMPACT_DATA_DIR"}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "dashboard.coverage", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def official_domains_from_csv(data_dir: Path) -> int:
    """Computed from the CSV files alone, without the dashboard package: domains with ONE official
    indicator (one year, one definition) known for the 13 regions."""
    values = pd.read_csv(data_dir / "objective_values.csv", dtype=str, keep_default_na=False)
    indicators = pd.read_csv(data_dir / "indicators.csv", dtype=str, keep_default_na=False)
    official = values.merge(indicators[indicators["kind"] == "officiel"],
                            left_on="indicator_id", right_on="id")
    official = official[official["region_code"].isin(REGION_CODES) & (official["value"] != "")]
    per_indicator = official.groupby(["domain_id", "indicator_id"])["region_code"].nunique()
    return int((per_indicator.groupby(level="domain_id").max() == 13).sum())


def comparable_domains_from_csv(data_dir: Path) -> int:
    """The rule written out again on the CSV files: indicators with >= 10 regions, not « douteuse »,
    latest year of a series (id without its _YYYY); regions with all of them; >= 10 regions."""
    values = pd.read_csv(data_dir / "objective_values.csv", dtype=str, keep_default_na=False)
    indicators = pd.read_csv(data_dir / "indicators.csv", dtype=str, keep_default_na=False)
    values = values[values["region_code"].isin(REGION_CODES) & (values["value"] != "")]
    count = values.groupby("indicator_id")["region_code"].nunique()
    eligible = indicators[(indicators["id"].map(count).fillna(0) >= 10) & (indicators["fiabilite"] != "douteuse")]
    eligible = eligible.assign(series=eligible["id"].str.replace(r"_\d{4}$", "", regex=True),
                               year=eligible["year"].astype(int))
    latest = eligible.sort_values("year").groupby(["domain_id", "series"]).tail(1)
    comparable = 0
    for _, used in latest.groupby("domain_id"):
        mine = values[values["indicator_id"].isin(used["id"])]
        regions = (mine.groupby("region_code")["indicator_id"].nunique() == len(used)).sum()
        comparable += int(regions >= 10)
    return comparable


@pytest.fixture(scope="module")
def bundled_run() -> subprocess.CompletedProcess:
    return run_coverage()


def test_cli_last_line_counts_domains_with_official_values_for_the_13_regions(bundled_run):
    assert bundled_run.returncode == 0, bundled_run.stderr
    last = bundled_run.stdout.rstrip("\n").splitlines()[-1]
    match = LAST_LINE.fullmatch(last)
    assert match, last
    assert int(match.group(1)) == official_domains_from_csv(DATA)
    assert int(match.group(2)) == comparable_domains_from_csv(DATA)
    assert MIN_REGIONS_COMPARABLE == 10


def test_cli_counts_the_bundled_data_honestly(bundled_run):
    """The audit's figures with the 2026-11 additions: emploi, développement économique,
    vieillissement, sécurité, and now santé and numérique (Eurostat, 13/13) have one official
    indicator for the 13 regions; pauvreté is 11/13 (2018 or 2020, never both added up)."""
    assert bundled_run.stdout.splitlines()[-1] == "domains_with_official_13_regions=6/16 comparable_domains=9/16"
    poverty = next(line for line in bundled_run.stdout.splitlines() if line.startswith("Pauvreté"))
    assert " 11/13" in poverty and "13/13" not in poverty


def test_cli_lists_the_16_domains_in_file_order_with_their_french_labels(bundled_run):
    labels = pd.read_csv(DATA / "domains.csv")["label_fr"].tolist()
    lines = bundled_run.stdout.splitlines()
    positions = [next(i for i, line in enumerate(lines) if line.startswith(label + " ")) for label in labels]
    assert positions == sorted(positions) and len(set(positions)) == 16


def test_cli_reads_the_data_dir_it_is_given(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    before = official_domains_from_csv(copy)
    # Corse loses every official value of the domain « sécurité »
    indicators = pd.read_csv(copy / "indicators.csv", dtype=str, keep_default_na=False)
    security = set(indicators[(indicators["domain_id"] == "securite") & (indicators["kind"] == "officiel")]["id"])
    with (copy / "objective_values.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    kept = [r for r in rows if not (r[0] == "94" and r[1] in security)]
    assert len(kept) < len(rows)
    with (copy / "objective_values.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(kept)
    series = pd.read_csv(copy / "series_values.csv", dtype=str, keep_default_na=False)  # every year too
    series[~((series["region_code"] == "94") & series["indicator_id"].isin(security))].to_csv(
        copy / "series_values.csv", index=False)
    result = run_coverage("--data-dir", str(copy))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"domains_with_official_13_regions={before - 1}/16 ")
    assert official_domains_from_csv(copy) == before - 1


def test_cli_invalid_data_prints_french_problems_and_exits_1(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    text = (copy / "objective_values.csv").read_text(encoding="utf-8").splitlines()
    text[1] = "99" + text[1][text[1].index(","):]
    (copy / "objective_values.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    result = run_coverage("--data-dir", str(copy))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "objective_values.csv, ligne 2, colonne region_code : « 99 » ne convient pas" in result.stderr


def test_cli_missing_data_dir_exits_1_without_traceback(tmp_path):
    result = run_coverage("--data-dir", str(tmp_path / "absent"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "fichier absent" in result.stderr
