"""What every chart file shares: formats and sizes, French refusals (`ExportError`), the caption
under an image, the imported-data marker, and CSV/XLSX writing with formulas neutralised.

dashboard/outputs/exports.py (the home page's charts and the registry) and
dashboard/outputs/exports_compare.py (the comparison page's) build on it.
"""

from __future__ import annotations

import copy
import io
from datetime import date

import pandas as pd
from babel.dates import format_date

from dashboard.analysis.model import Model
from dashboard.data.schema import KIND_IMPORTED
from dashboard.figures import charts as figures
from dashboard.imports.merging import file_of, imported_marker
from dashboard.labels import french_text

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# slides are 16:9; PNG at 1.5 x 1280 x 720 = 1920 x 1080 pixels
IMAGE_WIDTH, IMAGE_HEIGHT, PNG_SCALE = 1280, 720, 1.5
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
APP_NAME = "IMPACT-Territoires"
CAPTION_BAND = 64  # pixels added under a chart for its two caption lines


class ExportError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def short_sources(sources) -> str:
    """« Insee ; SSMSI » from full citations: the publisher, before the first comma."""
    names = []
    for source in sources:
        if isinstance(source, str) and source.strip():
            name = source.split(",")[0].strip()
            names.append(name.split("(")[0].strip() if name.count("(") > name.count(")") else name)
    return " ; ".join(dict.fromkeys(names))


# --- imported values: said on every file that shows them ----------------------------------------
def imported_origins(model: Model) -> list[str]:
    """Where the Model's imported values come from, one line per file:
    « Données importées dans cette session (fichier « enquete.csv ») »."""
    perception, catalogue = model.bundle.perception, model.bundle.indicators
    lines = list(perception.loc[perception["kind"] == KIND_IMPORTED, "source"])
    lines += [str(c).rstrip(".") for c in catalogue.loc[catalogue["kind"] == KIND_IMPORTED, "caveat"]]
    return list(dict.fromkeys(line for line in lines if line))


def imported_files(model: Model) -> str:
    """« fichier « enquete.csv », fichier « indicateur.xlsx » »: the imported files, once each."""
    return ", ".join(dict.fromkeys(file_of(line) for line in imported_origins(model)))


def shows_imported(frame: pd.DataFrame) -> bool:
    """True when a chart's rows hold an imported value (a « nature… » column says « importé »)."""
    for column in frame.columns:
        if str(column).startswith("nature"):
            if frame[column].astype(str).str.contains(KIND_IMPORTED, regex=False).any():
                return True
    return False


def imported_note(model: Model, frame: pd.DataFrame) -> str | None:
    """The marker printed on a file whose chart shows imported values (None otherwise)."""
    if not shows_imported(frame):
        return None
    return imported_marker(imported_origins(model))


def marked(fig: dict, note: str) -> dict:
    """A copy of the figure with the imported-data marker in its top right corner (unless the
    figure builder already printed one)."""
    fig = copy.deepcopy(fig)
    layout = fig.setdefault("layout", {})
    annotations = list(layout.get("annotations", []))
    if any("Données importées" in str(a.get("text", "")) for a in annotations):
        return fig
    top = {"t": 60, **layout.get("margin", {})}["t"]
    bottom = {"b": 60, **layout.get("margin", {})}["b"]
    plot_height = max(layout.get("height", IMAGE_HEIGHT) - top - bottom, 1)
    layout["annotations"] = annotations + [{
        **figures.imported_annotation(), "text": note,
        "y": 1 + (top - 4) / plot_height, "yanchor": "top"}]
    return fig


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would run as a formula get a leading '; numbers stay numbers."""
    def safe(value):
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            return "'" + value
        return value
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(safe)
    out.columns = [safe(str(c)) for c in out.columns]
    return out


def caption(fig: dict, source: str, today: date, height: int = IMAGE_HEIGHT,
            note: str | None = None) -> dict:
    """A copy of the figure with the source line, then the date (after `note`, the imported-data
    marker, when there is one), printed along its bottom edge."""
    fig = copy.deepcopy(fig)
    layout = fig.setdefault("layout", {})
    margin = {"l": 60, "r": 20, "t": 60, "b": 60, **layout.get("margin", {})}
    margin["b"] += CAPTION_BAND  # a band of its own under whatever the chart prints below its axis
    plot_height = max(height - margin["t"] - margin["b"], 1)
    text = (f"Source : {_clip(source, 140)}<br>" + (f"{note} · " if note else "")
            + f"{format_date(today, 'd MMMM y', locale='fr_FR')} · {APP_NAME}")
    layout["annotations"] = list(layout.get("annotations", [])) + [{
        "text": text, "xref": "paper", "yref": "paper", "x": 0, "xanchor": "left",
        "y": -(margin["b"] - 6) / plot_height, "yanchor": "bottom", "showarrow": False,
        "align": "left", "font": {"size": 12, "color": "#333333"}}]
    layout["margin"] = margin
    layout.setdefault("paper_bgcolor", "white")
    return fig


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def typeset(frame: pd.DataFrame) -> pd.DataFrame:
    """The texts of a table of prose in French typography (labels.french_text), numbers untouched."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: french_text(v) if isinstance(v, str) else v)
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel then reads the accents), `;` separator, decimal comma."""
    return neutralise(frame).to_csv(sep=";", decimal=",", index=False).encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, *, title: str, source: str, today: date,
            about: dict | None = None) -> bytes:
    lines = {"Graphique": title, "Source": source, "Date d’export": today.isoformat(),
             "Application": APP_NAME, **(about or {})}
    about = pd.DataFrame({"rubrique": list(lines), "valeur": [str(v) for v in lines.values()]})
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        # data cells stay as published (names are join keys: « Côte d'Azur » as Insee writes it);
        # the « À propos » sheet is prose, typeset as the pages are
        neutralise(frame).to_excel(writer, sheet_name="Données", index=False)
        neutralise(typeset(about)).to_excel(writer, sheet_name="À propos", index=False)
    return buffer.getvalue()
