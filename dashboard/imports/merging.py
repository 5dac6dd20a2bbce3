"""Imported results merged into the reference data: one new Model per distinct set of imports.

Two ways in, one format. A browser session's imports live in its own dcc.Store
(`{"version": 1, "fichiers": [entry, …]}`, each entry what dashboard/imports/check.py made of a
valid file); `merged_bundle(bundle, files, source)` adds them to a DataBundle, from which
dashboard/analysis/model.py's `model_with_imports(base, imported)` builds the Model that session sees.
A deployment's extra files (setting IMPACT_EXTRA_DIR) go through the same checks at start-up
(`with_extra_dir`, called by dashboard.analysis.model.get_model).

The store comes back from the browser with every request: each entry is checked again by the one
definition of an entry (dashboard/imports/entry.py); a failing entry is left out and named
(`read_store(...).problems`), the valid ones stay.
Merged models are cached, keyed by a digest of the checked payload (immutable JSON text), so two
sessions with the same imports share one Model and different imports can never meet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from dashboard import config
from dashboard.imports.intake import check_file
from dashboard.imports.entry import INDICATOR, PERCEPTION, clean_name, dated_values, normalise_entry
from dashboard.imports.rules import Vocabulary
from dashboard.data.loading import DataBundle
from dashboard.data.schema import KIND_IMPORTED
from dashboard.data.validation import DataValidationError

PAYLOAD_VERSION = 1
MAX_FILES = 20
MAX_ROWS = 20_000   # every callback request carries the store: ~1 Mo at most
SESSION_SOURCE = "Données importées dans cette session"
STARTUP_SOURCE = "Données importées au démarrage"


def imported_in_session(origins) -> bool:
    """Whether any of these origins (the `source` texts above) is this browser session."""
    return any(str(origin).startswith(SESSION_SOURCE) for origin in origins)


def imported_marker(origins) -> str:
    """The short marker of imported values on a chart, file or report, from their origins."""
    return ("Données importées (cette session)" if imported_in_session(origins)
            else "Données importées (au démarrage)")


def file_of(origin: str) -> str:
    """« fichier « x.csv » » from « Données importées dans cette session (fichier « x.csv ») »."""
    start = origin.find("(fichier ")
    return origin[start + 1:].rstrip(")") if start >= 0 else origin


# -- the session's payload ------------------------------------------------------------------------

@dataclass(frozen=True)
class StoreReading:
    """What a store holds: its valid files in order, and one French sentence per file (or for the
    whole store) that had to be left out; nothing is ever dropped without being named."""

    files: tuple = ()
    problems: tuple[str, ...] = ()


UNREADABLE_STORE = ("Les données importées de cette session sont illisibles (elles ne sont pas "
                    "au format qu'écrit cette page) : elles sont ignorées.")


def read_store(imported, domain_ids=None) -> StoreReading:
    """Every entry checked by the one definition (dashboard/imports/entry.py); the valid ones kept."""
    if imported in (None, "", {}, []):
        return StoreReading()
    if (not isinstance(imported, dict) or imported.get("version") != PAYLOAD_VERSION
            or set(imported) != {"version", "fichiers"} or not isinstance(imported["fichiers"], list)):
        return StoreReading((), (UNREADABLE_STORE,))
    domains = set(domain_ids) if domain_ids is not None else None
    files, problems, rows = [], [], 0
    for position, entry in enumerate(imported["fichiers"], start=1):
        name = entry.get("nom") if isinstance(entry, dict) else None
        named = f"Fichier n° {position}" + (f" « {clean_name(name)} »" if isinstance(name, str) else "")
        if len(files) >= MAX_FILES:
            problems.append(f"{named} ignoré : une session garde au plus {MAX_FILES} fichiers.")
            continue
        checked, problem = normalise_entry(entry, domains)
        if problem:
            problems.append(f"{named} ignoré : {problem}")
            continue
        if rows + row_count([checked]) > MAX_ROWS:
            limit = f"{MAX_ROWS:,}".replace(",", "\u202f")
            problems.append(f"{named} ignoré : avec lui, la session dépasserait {limit} lignes "
                            "importées.")
            continue
        rows += row_count([checked])
        files.append(checked)
    return StoreReading(tuple(files), tuple(problems))


def session_files(imported, domain_ids=None) -> list[dict]:
    """The valid files of a store ([] when nothing is imported or nothing is valid)."""
    return list(read_store(imported, domain_ids).files)


def add_entry(imported, entry: dict, domain_ids=None) -> dict:
    """The store's new content: every valid file the session had, then this one."""
    return {"version": PAYLOAD_VERSION,
            "fichiers": session_files(imported, domain_ids) + [entry]}


def row_count(files: list[dict]) -> int:
    """Perception rows and indicator values of checked files."""
    return sum(len(f.get("lignes") or f.get("valeurs") or ()) for f in files)


# -- merging ----------------------------------------------------------------------------------

def merged_bundle(bundle: DataBundle, files: list[dict], origin: str) -> DataBundle:
    """The bundle with the files' perception rows and indicators (a later file wins a same key)."""
    perception: dict[tuple, dict] = {}
    indicators: dict[str, tuple[dict, list[dict]]] = {}
    years: dict[str, list[dict]] = {}   # a file of several years: every year, as series_values.csv
    for entry in files:
        source = f"{origin} (fichier « {entry['nom']} »)"
        if entry["type"] == PERCEPTION:
            for region, domain, profile, year, score, n, *spread in entry["lignes"]:
                perception[(region, domain, profile, year)] = {
                    "region_code": region, "domain_id": domain, "profile": profile, "year": year,
                    "score": score, "n": n, "kind": KIND_IMPORTED, "source": source,
                    "source_url": "", "note": "",
                    "ecart_type": spread[0] if spread and spread[0] is not None else math.nan}
        else:
            meta = entry["indicateur"]
            current = int(meta["annee"])
            # [region, value] is of the indicator's year; [region, value, year] of the year it says
            dated = dated_values(entry["valeurs"], current)
            values = [{"region_code": code, "indicator_id": meta["id"], "value": value,
                       "source": meta["source"], "source_url": meta["url"]}
                      for code, value, year in dated if year == current]
            indicators[meta["id"]] = (_catalogue_row(meta, source), values)
            years.pop(meta["id"], None)
            if any(year != current for _, _, year in dated):
                years[meta["id"]] = [{"region_code": code, "indicator_id": meta["id"], "year": year,
                                      "value": value, "source": meta["source"],
                                      "source_url": meta["url"], "lu_sur": "",
                                      "licence": meta["licence"], "methode": ""}
                                     for code, value, year in dated]
    changes = {}
    if perception:
        changes["perception"] = _with_perception(bundle.perception, list(perception.values()))
    if indicators:
        catalogue = bundle.indicators[~bundle.indicators["id"].isin(indicators)]
        values = bundle.values[~bundle.values["indicator_id"].isin(indicators)]
        rows = pd.DataFrame([row for row, _ in indicators.values()])
        rows["year"] = rows["year"].astype(catalogue["year"].dtype)
        changes["indicators"] = pd.concat([catalogue, rows], ignore_index=True)
        new_values = pd.DataFrame([v for _, vs in indicators.values() for v in vs])
        changes["values"] = pd.concat([values, new_values], ignore_index=True)
        changes["series"] = _with_series(bundle.series, set(indicators), years)
    return replace(bundle, **changes) if changes else bundle


def _with_series(base: pd.DataFrame | None, replaced: set[str], years: dict[str, list[dict]]):
    """The bundle's series without the replaced indicators' years, plus the imported files' years
    (each file of several years is one series, like data/series_values.csv)."""
    kept = base[~base["indicator_id"].isin(replaced)] if base is not None else None
    if not years:
        return kept
    new = pd.DataFrame([row for rows in years.values() for row in rows])
    new["year"] = new["year"].astype(int)
    new["value"] = new["value"].astype(float)
    if kept is None:
        return new
    return pd.concat([kept, new[[c for c in kept.columns if c in new.columns]]], ignore_index=True)


def _with_perception(base: pd.DataFrame, rows: list[dict]) -> pd.DataFrame:
    if "ecart_type" not in base:   # the bundled perception files have no standard deviation
        base = base.assign(ecart_type=math.nan)
    new = pd.DataFrame(rows)
    new["ecart_type"] = new["ecart_type"].astype(float)
    for column in ("year", "n"):
        new[column] = new[column].astype("Int64")
    new["score"] = new["score"].astype(float)
    keys = ["region_code", "domain_id", "profile", "year"]
    replaced = base[keys].merge(new[keys].assign(_new=True), on=keys, how="left")["_new"].notna()
    kept = base[~(replaced.to_numpy() & (base["kind"] == KIND_IMPORTED).to_numpy())]
    return pd.concat([kept, new[base.columns]], ignore_index=True)


def _catalogue_row(meta: dict, source: str) -> dict:
    return {"id": meta["id"], "domain_id": meta["domaine"], "label_fr": meta["libelle"],
            "unit": meta["unite"], "year": int(meta["annee"]),
            "definition": meta["definition"] or meta["libelle"],
            "higher_is_more_fragile": bool(meta["sens"]), "source": meta["source"],
            "source_url": meta["url"], "licence": meta["licence"] or "non précisée",
            "kind": KIND_IMPORTED, "caveat": f"{source}."}


# -- the deployment's extra files -------------------------------------------------------------

def extra_files(directory: Path, bundle: DataBundle) -> list[dict]:
    """Every CSV/XLSX of `directory`, checked; DataValidationError lists every problem of all."""
    if not directory.is_dir():
        raise DataValidationError([(f"IMPACT_EXTRA_DIR : le dossier « {directory} » est introuvable "
                                   "(attendu : un dossier de fichiers CSV ou XLSX au format des "
                                   "modèles d'import).")])
    vocabulary = Vocabulary.from_bundle(bundle)
    files, problems, origins = [], [], {}
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or path.suffix.lower() not in (".csv", ".xlsx") or not path.is_file():
            continue
        result = check_file(path.read_bytes(), path.name, vocabulary)
        problems += [f"{path} : {problem}" for problem in result.problems]
        if result.valid and result.kind == INDICATOR:
            key = result.entry["indicateur"]["id"]
            if key in origins:
                problems.append(f"{path} : l'indicateur « {result.entry['indicateur']['libelle']} » "
                                f"({result.entry['indicateur']['annee']}) est déjà défini par "
                                f"{origins[key]}.")
            origins[key] = path.name
        if result.valid:
            files.append(result.entry)
    if problems:
        raise DataValidationError(problems)
    return files


def with_extra_dir(bundle: DataBundle, directory: str | Path | None = None) -> DataBundle:
    """The bundle plus the files of IMPACT_EXTRA_DIR (unchanged when the setting is empty)."""
    directory = directory or config.setting("IMPACT_EXTRA_DIR")
    if not directory:
        return bundle
    return merged_bundle(bundle, extra_files(Path(directory), bundle), STARTUP_SOURCE)
