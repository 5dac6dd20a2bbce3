"""Chart exports: every chart as an image (PNG, SVG) and the data behind it (CSV, XLSX).

Served at `/export/<chart>.<fmt>?<the view's query>` (dashboard/http.py), e.g.
`/export/carte.png?domaine=emploi&region=53`. Images carry the chart's title, a source line and the
date; spreadsheets hold the same rows as the chart, every formula-looking text neutralised.

A browser session that imported its own values (dashboard/importing.py) downloads through
callbacks/exports.py, which calls `export(model_for(imported), …)`: the same files, built from its
own Model, marked « Données importées » (annotation and source line on images, « importé » in the
`nature…` columns, a line of the XLSX « À propos » sheet) and never written to disk.

Registry, open to other charts (dashboard/exports_compare.py adds « matrice » and « nuage »):

    from dashboard.exports import EXPORTS, ExportError
    EXPORTS["matrice"] = (matrix_figure, matrix_data, read_state)

- `figure_fn(model, state, params) -> dict`: the plotly figure dict, title in layout.title.text;
  a geo trace carries the GeoJSON dict itself (`model.bundle.geometry`), never a URL.
- `data_fn(model, state, params) -> pandas.DataFrame`: the chart's rows with French column names;
  `frame.attrs["source"]` (a str) becomes the source line printed under the image.
- `state` is the view's validated `urlstate.ViewState`; `params` the raw query (str -> str) for
  chart-specific parameters, which the chart validates itself: raise `ExportError(400, "…")` with
  a French message for a bad one.
- optional third item `read_state(model, search) -> (state, params, name_parts)`, for a chart whose
  page keeps another state in its URL (default: the home page's, `home_state`); `name_parts` name
  the file (« matrice-indice-z.png »). `frame.attrs["about"]` (a dict) adds lines to the XLSX
  « À propos » sheet.
"""

from __future__ import annotations

import copy
import io
from datetime import date
from urllib.parse import parse_qs

import pandas as pd
from babel.dates import format_date

from dashboard import comparison_rules as rules
from dashboard import figures, views
from dashboard.basket import basket_regions
from dashboard.importing import file_of, imported_marker
from dashboard.labels import french_text
from dashboard.model import Model
from dashboard.schema import DEFAULT_PROFILE, KIND_IMPORTED
from dashboard.urlstate import INDEX_CHOICE, MAX_QUERY_LENGTH, ViewState, parse_query

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


def _need_region(state: ViewState) -> str:
    if not state.region:
        raise ExportError(400, "Ce graphique porte sur une région : ajoutez « region=<code> » "
                               "à l'adresse (par exemple region=53 pour la Bretagne).")
    return state.region


# --- carte: the map of the 13 regions for a domain index or one indicator -------------------------
def map_figure(model: Model, state: ViewState, params: dict) -> dict:
    return views.region_map(model, model.bundle.geometry, state.domain, state.indicator,
                            region=state.region, pinned=basket_regions(state.basket), year=state.year)


def map_data(model: Model, state: ViewState, params: dict) -> pd.DataFrame:
    names = views.region_names(model)
    if state.indicator == INDEX_CHOICE:
        cells = model.index[model.index["domain_id"] == state.domain].set_index("region_code")
        info = model.indicators_of(state.domain)
        frame = pd.DataFrame({
            "code_region": list(names), "region": list(names.values()),
            "valeur": [cells["index"].get(c) for c in names], "unite": views.INDEX_UNIT,
            "rang": [cells["rank"].get(c) for c in names],
            "rang_sur": [_ranked_out_of(cells["rank"].get(c), cells["n_ranked"].get(c)) for c in names],
            "comparaison": [_comparison(cells["n_ranked"].get(c, 0)) for c in names],
            "indicateurs_utilises": [rules.indicator_count_label(int(cells["n_used"].get(c, 0)),
                                                                 int(cells["n_available"].get(c, 0)))
                                     for c in names],
            "annees": [cells["years"].get(c, "") for c in names],
            "nature": [cells["kinds"].get(c, "") for c in names]})
        frame.attrs["source"] = ("Indice du domaine (moyenne des indicateurs standardisés) ; "
                                 + short_sources(info["source"]))
        return frame
    info = model.indicator(state.indicator)
    year = views.shown_year(model, state.indicator, state.year)
    if year != int(info["year"]):
        return year_map_data(model, state.indicator, year)
    scores = model.scores[model.scores["indicator_id"] == state.indicator].set_index("region_code")
    values = model.bundle.values
    rows = values[values["indicator_id"] == state.indicator].set_index("region_code")
    frame = pd.DataFrame({
        "code_region": list(names), "region": list(names.values()),
        "valeur": [scores["value"].get(c) for c in names], "unite": info["unit"],
        "rang": [scores["rank"].get(c) for c in names],
        "rang_sur": [_ranked_out_of(scores["rank"].get(c), scores["n_regions"].get(c)) for c in names],
        "comparaison": _comparison(int(scores["value"].notna().sum())), "annee": int(info["year"]),
        "ecart_france": [scores["gap_to_france"].get(c) for c in names],
        "nature": info["kind"], "source": [rows["source"].get(c, "") for c in names]})
    frame.attrs["source"] = f"{info['source']} ({info['year']})"
    return frame


def year_map_data(model: Model, indicator_id: str, year: int) -> pd.DataFrame:
    """The map's data for another year of a series (`annee`): that year's values, ranks among
    the regions of that year, France's value of that year, each value's own source."""
    names = views.region_names(model)
    info = model.indicator(indicator_id)
    values, ranks, n = views.year_values(model, indicator_id, year)
    points = model.series_points(indicator_id)
    rows = points[points["year"] == year].set_index("region_code")
    france = rows["value"].get("FRM")
    frame = pd.DataFrame({
        "code_region": list(names), "region": list(names.values()),
        "valeur": [values.get(c) for c in names], "unite": info["unit"],
        "rang": [ranks.get(c) for c in names],
        "rang_sur": [_ranked_out_of(ranks.get(c), n) if c in values else "" for c in names],
        "comparaison": _comparison(n), "annee": year,
        "ecart_france": [values[c] - france if c in values and france is not None else None for c in names],
        "nature": info["kind"], "source": [rows["source"].get(c, "") for c in names]})
    frame.attrs["source"] = f"{info['source']} ({year})"
    return frame


def _ranked_out_of(rank, n) -> str:
    """« 2e / 13 » as the page writes it (comparison_rules.rank_label), "" when not ranked."""
    return rules.rank_label(rank, n) or "" if n is not None and not pd.isna(n) else ""


def _comparison(n) -> str:
    """« comparable » or « comparaison partielle (n régions) », as the page says it."""
    return rules.coverage_note(n) or rules.LEVEL_COMPARABLE


# --- comparaison: measured and felt, the 13 regions, one domain ----------------------------------
def comparison_figure(model: Model, state: ViewState, params: dict) -> dict:
    return views.domain_comparison(model, state.domain, region=state.region,
                                   pinned=basket_regions(state.basket), profile=state.profile)[0]


def comparison_data(model: Model, state: ViewState, params: dict) -> pd.DataFrame:
    rows = views.domain_rows(model, state.domain, state.profile)
    chosen = model.perception[state.profile]
    chosen = chosen[chosen["domain_id"] == state.domain].set_index("region_code")["source"]
    frame = pd.DataFrame({
        "code_region": rows["region_code"], "region": rows["name"],
        "domaine": model.domain_labels[state.domain],
        "indice_mesure": rows["objective"], "perception_standardisee": rows["perceived"],
        "note_percue_sur_10": rows["score"], "profil_perception": state.profile,
        "nature_perception": rows["perception_kind"],
        "source_perception": rows["region_code"].map(chosen).fillna("")}).reset_index(drop=True)
    measured = short_sources(model.indicators_of(state.domain)["source"])
    frame.attrs["source"] = (f"Mesure : {measured or 'aucun indicateur'} ; perception : "
                             + short_sources(chosen))
    return frame


# --- quadrant: felt versus measured, the 16 domains of one region --------------------------------
def quadrant_figure(model: Model, state: ViewState, params: dict) -> dict:
    return views.quadrant(model, _need_region(state), state.profile)[0]


def quadrant_data(model: Model, state: ViewState, params: dict) -> pd.DataFrame:
    region = _need_region(state)
    points = views.quadrant_points(model, region, state.profile)
    frame = pd.DataFrame({
        "code_region": region, "region": model.region_names[region], "domaine": points["label"],
        "indice_mesure": points["objective"], "perception_standardisee": points["perceived"],
        "note_percue_sur_10": points["score"], "ecart_ressenti_moins_mesure": points["gap"],
        "note_intervalle_95_bas": points["score_low"], "note_intervalle_95_haut": points["score_high"],
        "effectif": points["n"],
        "quadrant": points["quadrant"], "profil_perception": state.profile,
        "nature_perception": points["perception_kind"]})
    chosen = model.perception[state.profile]
    frame.attrs["source"] = ("Mesure : " + short_sources(model.bundle.indicators["source"])
                             + " ; perception : "
                             + short_sources(chosen[chosen["region_code"] == region]["source"]))
    return frame.reset_index(drop=True)


PERCEPTION_CHARTS = ("comparaison", "quadrant")  # charts that show a profile's perception
EXPORTS: dict[str, tuple] = {
    "carte": (map_figure, map_data),
    "comparaison": (comparison_figure, comparison_data),
    "quadrant": (quadrant_figure, quadrant_data),
}


def view_state(model: Model, search: str | None) -> tuple[ViewState, dict]:
    """The validated view and the raw parameters; a bad value is a 400, not a silent default."""
    search = search or ""
    if len(search) > MAX_QUERY_LENGTH:
        raise ExportError(400, "Adresse trop longue.")
    catalogue = model.bundle.indicators
    state, notices = parse_query(
        search, domains=model.domain_ids,
        indicators_by_domain=catalogue.groupby("domain_id")["id"].apply(list).to_dict(),
        regions=views.region_names(model), default_domain=model.best_covered_domain(),
        years_by_indicator={i: model.indicator_years(i) for i in catalogue["id"]})
    if notices:
        raise ExportError(400, " ".join(n.split(" : ")[0] + "." for n in notices))
    params = {k: v[-1] for k, v in parse_qs(search.lstrip("?")).items()}
    return state, params


def home_state(model: Model, search: str | None) -> tuple[ViewState, dict, list[str]]:
    """view_state() and the parts of the file name: domain, indicator, region."""
    state, params = view_state(model, search)
    return state, params, [state.domain, state.indicator if state.indicator != INDEX_CHOICE else "",
                           str(state.year or ""), state.region or ""]


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


def export(model: Model, chart: str, fmt: str, search: str | None,
           today: date | None = None) -> tuple[bytes, str, str]:
    """(content, mimetype, file name) of one chart export; ExportError for anything invalid.

    `model` is the reference Model for a plain link, `model_for(imported)` for a session's
    download: a chart showing imported values is then marked so on every format."""
    if chart not in EXPORTS:
        raise ExportError(404, f"Graphique « {_clip(chart, 40)} » inconnu. Graphiques exportables : "
                               + ", ".join(sorted(EXPORTS)) + ".")
    if fmt not in FORMATS:
        raise ExportError(404, f"Format « {_clip(fmt, 20)} » inconnu. Formats : png, svg, csv, xlsx.")
    today = today or date.today()
    figure_fn, data_fn, *reader = EXPORTS[chart]
    state, params, parts = (reader[0] if reader else home_state)(model, search)
    data = data_fn(model, state, params)
    attrs = dict(data.attrs)
    source = attrs.get("source") or APP_NAME
    note = imported_note(model, data)
    # whose perception, when the chart shows one and it is not the citizens': « …-elus.csv »
    profile = getattr(state, "profile", DEFAULT_PROFILE) if chart in PERCEPTION_CHARTS else DEFAULT_PROFILE
    name = "-".join(p for p in (chart, *parts, "" if profile == DEFAULT_PROFILE else profile,
                                "donnees-importees" if note else "") if p) + "." + fmt
    data = data.round(4)  # z-scores to 4 decimals: the spreadsheet stays readable
    if fmt == "csv":
        return to_csv(data), FORMATS[fmt], name
    figure = figure_fn(model, state, params)
    title = str((figure.get("layout", {}).get("title") or {}).get("text", chart))
    if fmt == "xlsx":
        about = dict(attrs.get("about") or {})
        if note:
            about["Données importées"] = f"{note} : {imported_files(model)}"
        return to_xlsx(data, title=title.replace("<br>", " "), source=source, today=today,
                       about=about), FORMATS[fmt], name
    from dashboard.images import render

    height = IMAGE_HEIGHT
    if figure.get("layout", {}).get("height"):  # a chart drawn at its own height (the matrix)
        figure = copy.deepcopy(figure)
        height = figure["layout"]["height"] = int(figure["layout"]["height"]) + CAPTION_BAND
    if note:
        figure = marked(figure, note)
    image = render(caption(figure, source, today, height, note), fmt, width=IMAGE_WIDTH,
                   height=height, scale=PNG_SCALE if fmt == "png" else 1)
    return image, FORMATS[fmt], name


import dashboard.exports_compare  # noqa: E402,F401  (registers « matrice » and « nuage »)
