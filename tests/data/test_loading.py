"""load_bundle refuses broken data with French messages a CSV maintainer can act on.

Each case corrupts one thing in a temporary copy of data/ and expects a DataValidationError whose
problem names the file, the line as a spreadsheet shows it (header = line 1), the column and what
was expected. Load time is not tested here: see benchmarks/load_time.py.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data.loading import load_bundle
from dashboard.data.schema import ALL_CODES
from dashboard.data.validation import DataValidationError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SHARED_GEOMETRY = ROOT.parent / "shared" / "data" / "geo" / "regions-version-simplifiee.geojson"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ (with an outline file, borrowed from ../shared if data/ has none yet)."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    if not (target / "regions.geojson").exists():
        if not SHARED_GEOMETRY.exists():
            pytest.skip("data/regions.geojson absent and no ../shared outline to borrow")
        shutil.copy(SHARED_GEOMETRY, target / "regions.geojson")
    return target


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    """Line numbers as a spreadsheet shows them: the header is line 1."""
    rows = read_rows(path)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def duplicate_line(path: Path, line: int) -> int:
    """Append a copy of `line`; returns the line number of the copy."""
    rows = read_rows(path)
    rows.append(list(rows[line - 1]))
    write_rows(path, rows)
    return len(rows)


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(DataValidationError) as caught:
        load_bundle(data_dir)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


# (case id, corrupt(data_dir) -> line number or None, file, column, what the message must say)
CASES = [
    ("unknown-region-code",
     lambda d: set_cell(d / "objective_values.csv", 2, "region_code", "99") or 2,
     "objective_values.csv", "region_code",
     ["« 99 » ne convient pas", "attendu : un des 13 codes INSEE de région"]),
    ("duplicated-region-indicator",
     lambda d: duplicate_line(d / "objective_values.csv", 7),
     "objective_values.csv", "region_code, indicator_id",
     ["ligne en double", "existe déjà plus haut"]),
    ("non-numeric-value",
     lambda d: set_cell(d / "objective_values.csv", 5, "value", "douze") or 5,
     "objective_values.csv", "value",
     ["« douze » ne convient pas", "attendu : un nombre (point décimal)"]),
    ("indicator-without-source",
     lambda d: set_cell(d / "indicators.csv", 4, "source", "") or 4,
     "indicators.csv", "source",
     ["valeur vide ne convient pas", "attendu : une valeur non vide"]),
    ("indicator-without-year",
     lambda d: set_cell(d / "indicators.csv", 6, "year", "") or 6,
     "indicators.csv", "year",
     ["valeur vide ne convient pas", "attendu : un nombre entre 1990 et 2100"]),
    ("domain-not-in-domains-csv",
     lambda d: set_cell(d / "indicators.csv", 3, "domain_id", "emplois") or 3,
     "indicators.csv", "domain_id",
     ["valeur inconnue de domains.csv", "attendu : un id présent dans domains.csv"]),
    ("perception-score-above-10",
     lambda d: set_cell(d / "perception_demo.csv", 10, "score", "11") or 10,
     "perception_demo.csv", "score",
     ["« 11 » ne convient pas", "attendu : un nombre entre 0 et 10"]),
    ("missing-file",
     lambda d: (d / "domains.csv").unlink(),
     "domains.csv", None,
     ["fichier absent"]),
]


@pytest.mark.parametrize("corrupt, file, column, says", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_corrupted_data_raises_french_problem_naming_file_line_column_and_expectation(
        data_copy, corrupt, file, column, says):
    line = corrupt(data_copy)
    problems = problems_of(data_copy)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.startswith(file) or f"/{file} " in problem, problem
    if line is not None:
        assert f"ligne {line}" in problem and f"ligne {line}0" not in problem, problem
    if column is not None:
        assert column in problem, problem
        assert (f"colonne {column}" in problem) or ("combinaison" in problem), problem
    for text in says:
        assert text in problem, problem


def test_file_with_two_problems_lists_both_in_line_order(data_copy):
    values = data_copy / "objective_values.csv"
    set_cell(values, 3, "region_code", "99")
    set_cell(values, 8, "value", "n/a")
    problems = problems_of(data_copy)
    assert problems == [
        "objective_values.csv, ligne 3, colonne region_code : « 99 » ne convient pas "
        "(attendu : un des 13 codes INSEE de région (11 … 94) ou FRM).",
        "objective_values.csv, ligne 8, colonne value : « n/a » ne convient pas "
        "(attendu : un nombre (point décimal)).",
    ]


def test_problems_in_two_files_are_all_listed(data_copy):
    set_cell(data_copy / "indicators.csv", 2, "kind", "officieux")
    set_cell(data_copy / "perception_published.csv", 2, "score", "-1")
    problems = problems_of(data_copy)
    assert len(problems) == 2
    assert any(p.startswith("indicators.csv, ligne 2, colonne kind : « officieux »") for p in problems)
    assert any(p.startswith("perception_published.csv, ligne 2, colonne score : « -1 »") for p in problems)


def test_missing_outline_is_a_problem_too(data_copy):
    (data_copy / "regions.geojson").unlink()
    problems = problems_of(data_copy)
    assert len(problems) == 1 and "regions.geojson : fichier absent" in problems[0]


def test_real_bundle_loads_with_string_codes_and_boolean_directions():
    bundle = load_bundle(DATA)
    assert list(bundle.regions["code"]) == list(ALL_CODES)
    assert bundle.values["region_code"].map(type).eq(str).all()
    assert bundle.indicators["higher_is_more_fragile"].dtype == bool
    assert pd.api.types.is_float_dtype(bundle.values["value"])
    assert str(bundle.perception["year"].dtype) == "Int64"
    assert len(bundle.domains) == 16
