"""Read data/ once into an immutable in-memory DataBundle, validated before anything is served."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard import config
from dashboard.data.validation import DataValidationError, geometry_problems, validate_package

PERCEPTION_FILES = ("perception_published.csv", "perception_demo.csv")
# provenance texts: an empty cell is an empty string (never NaN); a data folder made before a column
# existed (IMPACT_DATA_DIR) gets it empty
OPTIONAL_TEXT = ("caveat", "note", "source_url", "lu_sur", "licence", "methode", "fiabilite", "fiabilite_raison")
TEXT = {"region_code": str, "code": str, "indicator_id": str, "domain_id": str, "id": str, "source": str,
        **{column: str for column in OPTIONAL_TEXT}}
NEW_COLUMNS = {"indicators.csv": ("lu_sur", "fiabilite", "fiabilite_raison"),
               "objective_values.csv": ("lu_sur", "licence", "methode"),
               "profile_figures.csv": ("lu_sur",)}


@dataclass(frozen=True)
class DataBundle:
    """Everything the app shows, as tidy frames keyed by the INSEE region code (a string)."""

    regions: pd.DataFrame        # code, nom, nom_court (13 regions + FRM)
    domains: pd.DataFrame        # id, label_fr, label_en, family, description (file order)
    indicators: pd.DataFrame     # the catalogue: id, domain_id, label_fr, unit, year, ... kind, caveat,
                                 # fiabilite, fiabilite_raison (rows of the 2020 report only)
    values: pd.DataFrame         # region_code, indicator_id, value, source, source_url, lu_sur, licence,
                                 # methode
    profile: pd.DataFrame        # key figures: region_code, figure_id, label_fr, value, unit, year, ...
    perception: pd.DataFrame     # region_code, domain_id, profile, year, score, n, kind, source, ...
    former_regions: pd.DataFrame  # ancienne_region, region_code (regions merged in 2016)
    geometry: dict               # GeoJSON FeatureCollection of the 13 regions (properties.code)
    series: pd.DataFrame | None = None  # every year of the indicators that are series: region_code,
                                        # indicator_id, year, value, source, … methode (None: no file)

    def region_name(self, code: str) -> str:
        names = dict(zip(self.regions["code"], self.regions["nom"]))
        return names.get(code, code)


def _read(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=TEXT, keep_default_na=False, na_values=[""], encoding="utf-8")
    for column in NEW_COLUMNS.get(path.name, ()):
        if column not in frame:
            frame[column] = ""
    for column in OPTIONAL_TEXT:
        if column in frame:
            frame[column] = frame[column].fillna("")
    return frame


def load_bundle(data_dir: Path | str | None = None) -> DataBundle:
    """Validate then read the data package; raise DataValidationError listing every problem."""
    data_dir = Path(data_dir) if data_dir else config.data_dir()
    problems = validate_package(data_dir)
    geometry_path = data_dir / "regions.geojson"
    geometry = {}
    if geometry_path.exists():
        geometry = json.loads(geometry_path.read_text(encoding="utf-8"))
        problems += geometry_problems(geometry)
    else:
        problems.append(f"{geometry_path} : fichier absent (attendu : le contour des 13 régions).")
    if problems:
        raise DataValidationError(problems)
    perception = pd.concat([_read(data_dir / name) for name in PERCEPTION_FILES], ignore_index=True)
    perception["year"] = perception["year"].astype("Int64")
    perception["n"] = perception["n"].astype("Int64")
    if "ecart_type" not in perception:   # optional standard deviation (imports may bring it)
        perception["ecart_type"] = float("nan")
    indicators = _read(data_dir / "indicators.csv")
    indicators["higher_is_more_fragile"] = (
        indicators["higher_is_more_fragile"].astype(str).str.lower() == "true")
    return DataBundle(
        regions=_read(data_dir / "regions.csv"),
        domains=_read(data_dir / "domains.csv"),
        indicators=indicators,
        values=_read(data_dir / "objective_values.csv"),
        profile=_read(data_dir / "profile_figures.csv"),
        perception=perception,
        former_regions=_read(data_dir / "former_regions.csv"),
        geometry=geometry,
        series=_read_series(data_dir),
    )


SERIES_FILE = "series_values.csv"


def _read_series(data_dir: Path) -> pd.DataFrame | None:
    """data/series_values.csv (a data folder made before series existed has none: None)."""
    path = data_dir / SERIES_FILE
    if not path.exists():
        return None
    frame = _read(path)
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].astype(float)
    return frame


@lru_cache(maxsize=1)
def get_bundle() -> DataBundle:
    """The bundled (or deployment) data, read once per process."""
    return load_bundle()
