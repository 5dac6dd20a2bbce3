"""Validation of the provenance columns: a reliability exactly on the 2020 report's rows, addresses
that are addresses, and data folders made before these columns still load (IMPACT_DATA_DIR)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data.loading import load_bundle
from dashboard.data.validation import validate_package

DATA = Path(__file__).resolve().parents[2] / "data"
NEW = {"indicators.csv": ["lu_sur", "fiabilite", "fiabilite_raison"],
       "objective_values.csv": ["lu_sur", "licence", "methode"], "profile_figures.csv": ["lu_sur"]}


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def edit(folder: Path, name: str, change) -> None:
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    changed = change(frame)
    (frame if changed is None else changed).to_csv(folder / name, index=False)


def test_a_report_row_without_reliability_is_refused_in_french(copy):
    def change(frame):
        frame.loc[frame["id"] == "rapport2020_co2", "fiabilite"] = ""
    edit(copy, "indicators.csv", change)
    problems = validate_package(copy)
    assert len(problems) == 1
    assert problems[0].startswith("indicators.csv, ligne ")
    assert "colonne fiabilite : valeur vide ne convient pas" in problems[0]
    assert "« rapport-2020 »" in problems[0]


def test_a_reliability_on_an_official_row_or_without_reason_is_refused(copy):
    def change(frame):
        frame.loc[frame["id"] == "chomage_2019", "fiabilite"] = "confirmée"
        frame.loc[frame["id"] == "rapport2020_handicap", "fiabilite_raison"] = ""
    edit(copy, "indicators.csv", change)
    problems = " ".join(validate_package(copy))
    assert "colonne fiabilite : « confirmée » ne convient pas (attendu : une cellule vide" in problems
    assert "colonne fiabilite_raison : valeur vide ne convient pas" in problems


def test_an_unknown_reliability_word_is_refused(copy):
    edit(copy, "indicators.csv", lambda f: f.__setitem__("fiabilite", f["fiabilite"].replace("douteuse", "bof")))
    problems = " ".join(validate_package(copy))
    assert "« bof » ne convient pas (attendu : une des valeurs « confirmée », « plausible », « douteuse »)" in problems


def test_addresses_must_be_http_addresses(copy):
    edit(copy, "objective_values.csv", lambda f: f.__setitem__("lu_sur", f["lu_sur"].str.replace(
        "https://github.com", "github.com", regex=False)))
    problems = validate_package(copy)
    assert problems and all("colonne lu_sur : « github.com/" in p for p in problems)


def test_a_data_folder_made_before_the_provenance_columns_still_loads(copy):
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        dropped = NEW.get(resource["path"], [])
        resource["schema"]["fields"] = [f for f in resource["schema"]["fields"] if f["name"] not in dropped]
        if dropped:
            edit(copy, resource["path"], lambda f, d=dropped: f.drop(columns=d))
    (copy / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    bundle = load_bundle(copy)
    assert (bundle.indicators["fiabilite"] == "").all()
    assert (bundle.values["licence"] == "").all() and (bundle.values["methode"] == "").all()
