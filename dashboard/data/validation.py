"""Validate the data package with frictionless and phrase every problem in French.

Each message names the file, the line (as a spreadsheet shows it: the header is line 1), the column
and what was expected, so that whoever maintains the CSV files can fix them without reading code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from dashboard.data.schema import REGION_CODES

MAX_MESSAGES = 50


class DataValidationError(Exception):
    """The data could not be loaded; `problems` holds one French sentence per problem."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _expected(field: dict) -> str:
    constraints = field.get("constraints", {})
    if "enum" in constraints:
        values = constraints["enum"]
        if set(REGION_CODES) <= set(values):
            return "un des 13 codes INSEE de région (11 … 94) ou FRM"
        return "une des valeurs " + ", ".join(f"« {v} »" for v in values)
    if "minimum" in constraints and "maximum" in constraints:
        return f"un nombre entre {constraints['minimum']} et {constraints['maximum']}"
    if "minimum" in constraints:
        return f"un nombre au moins égal à {constraints['minimum']}"
    return {"number": "un nombre (point décimal)", "integer": "un nombre entier",
            "boolean": "True ou False"}.get(field.get("type"), "une valeur non vide")


def _phrase(error, resource: dict) -> str:
    """One frictionless error -> one French sentence."""
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    where = resource["path"]
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    if row:
        where += f", ligne {row}"
    if column:
        where += f", colonne {column}"
    kind = error.type
    if kind in ("type-error", "constraint-error"):
        field = fields.get(column, {})
        shown = f"« {cell} »" if cell not in (None, "") else "valeur vide"
        return f"{where} : {shown} ne convient pas (attendu : {_expected(field)})."
    if kind in ("primary-key", "unique-error"):
        keys = ", ".join(resource["schema"].get("primaryKey", []))
        return f"{where} : ligne en double (la combinaison {keys} existe déjà plus haut)."
    if kind == "foreign-key":
        key = resource["schema"]["foreignKeys"][0]
        ref = key["reference"]
        columns = ", ".join(getattr(error, "field_names", None) or key["fields"])
        return (f"{where}, colonne {columns} : valeur inconnue de {ref['resource']}.csv "
                f"(attendu : un {ref['fields'][0]} présent dans {ref['resource']}.csv).")
    if kind in ("missing-label", "missing-cell"):
        return f"{where} : colonne ou cellule manquante (attendu : {_expected(fields.get(column, {}))})."
    if kind in ("extra-label", "extra-cell", "blank-label", "duplicate-label", "incorrect-label"):
        return f"{where} : en-tête de colonnes inattendu (attendu : {', '.join(fields)})."
    if kind == "blank-row":
        return f"{where} : ligne vide."
    if kind in ("scheme-error", "source-error", "encoding-error", "format-error"):
        return f"{where} : fichier illisible ou absent (attendu : un CSV en UTF-8)."
    return f"{where} : problème « {kind} »."


def validate_package(data_dir: Path) -> list[str]:
    """Every problem of the data package in `data_dir`, in French; empty when all is well."""
    from frictionless import Package  # imported here: a second of start-up only when needed

    descriptor_path = data_dir / "datapackage.json"
    if not descriptor_path.exists():
        return [f"{descriptor_path} : fichier absent (attendu : la description datapackage.json)."]
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    missing = [r["path"] for r in descriptor["resources"] if not (data_dir / r["path"]).exists()]
    if missing:
        return [f"{path} : fichier absent du dossier {data_dir}." for path in missing]
    report = Package(descriptor, basepath=str(data_dir)).validate()
    by_name = {r["name"]: r for r in descriptor["resources"]}
    problems = []
    for task in report.tasks:
        for error in task.errors:
            problems.append(_phrase(error, by_name[task.name]))
    for error in report.errors:
        problems.append(f"datapackage.json : {error.message}")
    if not problems:
        problems = catalogue_problems(data_dir) + series_problems(data_dir)
    if len(problems) > MAX_MESSAGES:
        extra = len(problems) - MAX_MESSAGES
        problems = problems[:MAX_MESSAGES] + [f"… et {extra} autres problèmes."]
    return problems


REPORT_KIND = "rapport-2020"
URL = re.compile(r"https?://\S+$")


def catalogue_problems(data_dir: Path) -> list[str]:
    """Rules across columns that a Table Schema cannot say: a reliability for every row of the 2020
    report's table (and only for them), with its reason; addresses that are addresses."""
    import pandas as pd

    problems = []
    for name in ("indicators.csv", "objective_values.csv", "profile_figures.csv"):
        path = data_dir / name
        if not path.exists():
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        for line, row in zip(range(2, len(frame) + 2), frame.to_dict("records")):
            where = f"{name}, ligne {line}"
            for column in ("source_url", "lu_sur"):
                if row.get(column) and not URL.match(row[column]):
                    problems.append(f"{where}, colonne {column} : « {row[column]} » ne convient pas "
                                    "(attendu : une adresse http:// ou https://, ou une cellule vide).")
            if name == "indicators.csv" and "fiabilite" in row:
                problems += _reliability_problems(row, where)
    return problems[:MAX_MESSAGES]


def series_problems(data_dir: Path) -> list[str]:
    """A series (series_values.csv) agrees with the catalogue: the catalogue's `year` is its
    « current » year (the latest covered by MIN_REGIONS_COMPARABLE regions, comparison rules) and
    objective_values.csv holds that year's values, the same figures."""
    import pandas as pd

    from dashboard.comparison_rules import coverage_by_year, current_year

    path = data_dir / "series_values.csv"
    if not path.exists() or not (data_dir / "indicators.csv").exists():
        return []
    frame = pd.read_csv(path, dtype={"region_code": str, "indicator_id": str}, keep_default_na=False)
    catalogue = pd.read_csv(data_dir / "indicators.csv", dtype=str, keep_default_na=False).set_index("id")
    current = pd.read_csv(data_dir / "objective_values.csv", dtype={"region_code": str, "indicator_id": str},
                          keep_default_na=False)
    problems = []
    for indicator_id, group in frame.groupby("indicator_id", sort=False):
        if indicator_id not in catalogue.index:
            continue  # the foreign key already said so
        expected = current_year(coverage_by_year(group))
        year = catalogue.loc[indicator_id, "year"]
        if str(expected) != str(year):
            problems.append(f"indicators.csv, indicateur {indicator_id}, colonne year : « {year} » ne convient pas "
                            f"(attendu : {expected}, dernière année de series_values.csv couverte par au moins "
                            "10 régions).")
            continue
        now = group[group["year"] == expected].set_index("region_code")["value"].astype(float)
        shown = current[current["indicator_id"] == indicator_id].set_index("region_code")["value"].astype(float)
        if set(now.index) != set(shown.index) or any(abs(now[c] - shown[c]) > 1e-9 * max(1, abs(now[c]))
                                                     for c in now.index):
            problems.append(f"objective_values.csv, indicateur {indicator_id} : les valeurs ne sont pas celles "
                            f"de {expected} dans series_values.csv (attendu : les mêmes régions, les mêmes "
                            "chiffres).")
    return problems


def _reliability_problems(row: dict, where: str) -> list[str]:
    if row.get("kind") == REPORT_KIND:
        if not row["fiabilite"]:
            return [f"{where}, colonne fiabilite : valeur vide ne convient pas (attendu pour une ligne de "
                    "nature « rapport-2020 » : « confirmée », « plausible » ou « douteuse »)."]
        if not row.get("fiabilite_raison", "").strip():
            return [f"{where}, colonne fiabilite_raison : valeur vide ne convient pas (attendu : une phrase "
                    "qui dit pourquoi la ligne est « " + row["fiabilite"] + " »)."]
    elif row["fiabilite"]:
        return [f"{where}, colonne fiabilite : « {row['fiabilite']} » ne convient pas (attendu : une cellule "
                "vide, la fiabilité ne qualifie que les lignes de nature « rapport-2020 »)."]
    return []


def geometry_problems(geometry: dict, name: str = "regions.geojson") -> list[str]:
    """The map must hold exactly the 13 regions, each keyed by its INSEE code in `code`."""
    try:
        codes = [f["properties"]["code"] for f in geometry["features"]]
    except (KeyError, TypeError):
        return [f"{name} : chaque région doit avoir une propriété « code » (code INSEE)."]
    problems = []
    if sorted(codes) != sorted(REGION_CODES):
        unknown = sorted(set(codes) - set(REGION_CODES))
        absent = sorted(set(REGION_CODES) - set(codes))
        if unknown:
            problems.append(f"{name} : codes région inconnus {', '.join(unknown)} "
                            "(attendu : les 13 codes INSEE).")
        if absent:
            problems.append(f"{name} : régions absentes {', '.join(absent)}.")
        if len(codes) != len(set(codes)):
            problems.append(f"{name} : une région apparaît plusieurs fois.")
    return problems
