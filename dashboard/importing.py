"""Imported results merged into the reference data: one new Model per distinct set of imports.

Two ways in, one format. A browser session's imports live in its own dcc.Store
(`{"version": 1, "fichiers": [entry, …]}`, each entry what dashboard/import_check.py made of a
valid file); `model_with_imports(base, imported)` turns them into the Model that session sees.
A deployment's extra files (setting IMPACT_EXTRA_DIR) go through the same checks at start-up
(`with_extra_dir`, called by dashboard.model.get_model).

The store comes back from the browser with every request: it is checked again here, and a store
that is not exactly what this module writes is ignored (the session sees the reference data).
Merged models are cached, keyed by a digest of the checked payload (immutable JSON text), so two
sessions with the same imports share one Model and different imports can never meet.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard import config
from dashboard.import_check import INDICATOR, PERCEPTION, check_file
from dashboard.import_rules import YEAR_RANGE, Vocabulary
from dashboard.loading import DataBundle
from dashboard.schema import ALL_CODES, KIND_IMPORTED, PROFILES
from dashboard.validation import DataValidationError

PAYLOAD_VERSION = 1
MAX_FILES = 20
MAX_ROWS = 20_000   # every callback request carries the store: ~1 Mo at most
CACHE_SIZE = 8
TEXT_MAX = 500
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

def add_entry(imported, entry: dict, domain_ids=None) -> dict:
    """The store's new content: the session's files (none when the store was not valid), then this one."""
    return {"version": PAYLOAD_VERSION,
            "fichiers": list(session_files(imported, domain_ids) or []) + [entry]}


def session_files(imported, domain_ids=None) -> list[dict] | None:
    """The checked files of a store; [] when nothing is imported; None when the store is not valid."""
    if imported in (None, "", {}, []):
        return []
    if not isinstance(imported, dict) or imported.get("version") != PAYLOAD_VERSION:
        return None
    files = imported.get("fichiers")
    if not isinstance(files, list) or len(files) > MAX_FILES or set(imported) != {"version", "fichiers"}:
        return None
    domains = set(domain_ids) if domain_ids is not None else None
    checked = [_checked_entry(entry, domains) for entry in files]
    if any(e is None for e in checked) or row_count(checked) > MAX_ROWS:
        return None
    return checked


def row_count(files: list[dict]) -> int:
    """Perception rows and indicator values of checked files."""
    return sum(len(f.get("lignes") or f.get("valeurs") or ()) for f in files)


def _checked_entry(entry, domains) -> dict | None:
    if not isinstance(entry, dict) or not _text(entry.get("nom"), 255):
        return None
    if entry.get("type") == PERCEPTION and set(entry) == {"nom", "type", "lignes"}:
        rows = entry["lignes"]
        if not isinstance(rows, list) or not rows:
            return None
        checked = [_checked_row(row, domains) for row in rows]
        return None if any(r is None for r in checked) else {**entry, "lignes": checked}
    if entry.get("type") == INDICATOR and set(entry) == {"nom", "type", "indicateur", "valeurs"}:
        meta, values = entry["indicateur"], entry["valeurs"]
        if not (isinstance(meta, dict) and isinstance(values, list) and values):
            return None
        expected = {"id", "libelle", "domaine", "unite", "annee", "source", "url", "sens",
                    "definition", "licence"}
        if set(meta) != expected or not re.fullmatch(r"import_[a-z0-9_]{1,60}", str(meta["id"])):
            return None
        texts_ok = all(_text(meta[k], TEXT_MAX, k in ("url", "definition", "licence"))
                       for k in ("libelle", "unite", "source", "url", "definition", "licence"))
        if not (texts_ok and _domain(meta["domaine"], domains) and _year(meta["annee"])
                and isinstance(meta["sens"], bool)):
            return None
        pairs = [_checked_value(v) for v in values]
        if any(p is None for p in pairs) or len({p[0] for p in pairs}) != len(pairs):
            return None
        return {**entry, "indicateur": {**meta, "annee": int(meta["annee"])}, "valeurs": pairs}
    return None


def _checked_row(row, domains) -> list | None:
    if not isinstance(row, list) or len(row) != 6:
        return None
    region, domain, profile, year, score, n = row
    ok = (region in ALL_CODES and _domain(domain, domains) and profile in PROFILES and _year(year)
          and _number(score) and 0 <= score <= 10
          and (n is None or (_integer(n) and n >= 1)))
    return [region, domain, profile, int(year), float(score), None if n is None else int(n)] if ok else None


def _checked_value(pair) -> list | None:
    if isinstance(pair, list) and len(pair) == 2 and pair[0] in ALL_CODES and _number(pair[1]):
        return [pair[0], float(pair[1])]
    return None


def _text(value, limit: int, empty_ok: bool = False) -> bool:
    return isinstance(value, str) and (empty_ok or value.strip() != "") and len(value) <= limit


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _integer(value) -> bool:
    return _number(value) and float(value).is_integer()


def _year(value) -> bool:
    return _integer(value) and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]


def _domain(value, domains) -> bool:
    return isinstance(value, str) and (domains is None or value in domains)


# -- merging ----------------------------------------------------------------------------------

def merged_bundle(bundle: DataBundle, files: list[dict], origin: str) -> DataBundle:
    """The bundle with the files' perception rows and indicators (a later file wins a same key)."""
    perception: dict[tuple, dict] = {}
    indicators: dict[str, tuple[dict, list[dict]]] = {}
    for entry in files:
        source = f"{origin} (fichier « {entry['nom']} »)"
        if entry["type"] == PERCEPTION:
            for region, domain, profile, year, score, n in entry["lignes"]:
                perception[(region, domain, profile, year)] = {
                    "region_code": region, "domain_id": domain, "profile": profile, "year": year,
                    "score": score, "n": n, "kind": KIND_IMPORTED, "source": source,
                    "source_url": "", "note": ""}
        else:
            meta = entry["indicateur"]
            values = [{"region_code": code, "indicator_id": meta["id"], "value": value,
                       "source": meta["source"], "source_url": meta["url"]}
                      for code, value in entry["valeurs"]]
            indicators[meta["id"]] = (_catalogue_row(meta, source), values)
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
    return replace(bundle, **changes) if changes else bundle


def _with_perception(base: pd.DataFrame, rows: list[dict]) -> pd.DataFrame:
    new = pd.DataFrame(rows)
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


@dataclass(frozen=True)
class _Key:
    """What the cache compares: the payload's digest and which base Model; not the frames."""

    digest: str
    base_id: int
    base: object = field(compare=False, hash=False)     # kept alive while cached: id stays unique
    payload: str = field(compare=False, hash=False)


@lru_cache(maxsize=CACHE_SIZE)
def _merged_model(key: _Key):
    from dashboard.model import build_model

    files = json.loads(key.payload)
    return build_model(merged_bundle(key.base.bundle, files, SESSION_SOURCE))


def model_with_imports(base_model, imported):
    """The Model of a session: `base_model` plus its imports (`base_model` when none or invalid)."""
    files = session_files(imported, base_model.domain_ids)
    if not files:
        return base_model
    payload = json.dumps(files, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return _merged_model(_Key(digest, id(base_model), base_model, payload))


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
