"""Chart exports: every chart as an image (PNG, SVG) and the data behind it (CSV, XLSX).

Served at `/export/<chart>.<fmt>?<the view's query>` (dashboard/web/routes.py), e.g.
`/export/carte.png?domaine=emploi&region=53`. Images carry the chart's title, a source line and the
date; spreadsheets hold the same rows as the chart, every formula-looking text neutralised.

A browser session that imported its own values (dashboard/imports/merging.py) downloads through
callbacks/exports.py, which calls `export(model_for(imported), …)`: the same files, built from its
own Model, marked « Données importées » (annotation and source line on images, « importé » in the
`nature…` columns, a line of the XLSX « À propos » sheet) and never written to disk.

Registry: `EXPORTS` names every exportable chart, the home page's below and the comparison page's
« matrice » and « nuage » (dashboard/outputs/exports_compare.py, `COMPARE_EXPORTS`); what every
chart file shares (formats, caption, marker, CSV/XLSX) is in dashboard/outputs/chart_files.py.

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
from datetime import date
from urllib.parse import parse_qs

import pandas as pd

from dashboard import comparison_rules as rules
from dashboard.analysis.basket import basket_regions
from dashboard.analysis.model import Model
from dashboard.data.schema import DEFAULT_PROFILE
from dashboard.outputs.chart_files import (  # noqa: F401  (names callers import from here)
    APP_NAME, CAPTION_BAND, FORMATS, IMAGE_HEIGHT, IMAGE_WIDTH, PNG_SCALE, ExportError, caption,
    imported_files, imported_note, marked, neutralise, short_sources, to_csv, to_xlsx, typeset, _clip)
from dashboard.outputs.exports_compare import COMPARE_EXPORTS
from dashboard.views import home as views
from dashboard.views import region as region_view
from dashboard.views.urlstate import INDEX_CHOICE, MAX_QUERY_LENGTH, ViewState, parse_query


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
    return region_view.quadrant(model, _need_region(state), state.profile)[0]


def quadrant_data(model: Model, state: ViewState, params: dict) -> pd.DataFrame:
    region = _need_region(state)
    points = region_view.quadrant_points(model, region, state.profile)
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
    **COMPARE_EXPORTS,
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
    from dashboard.outputs.images import render

    height = IMAGE_HEIGHT
    if figure.get("layout", {}).get("height"):  # a chart drawn at its own height (the matrix)
        figure = copy.deepcopy(figure)
        height = figure["layout"]["height"] = int(figure["layout"]["height"]) + CAPTION_BAND
    if note:
        figure = marked(figure, note)
    image = render(caption(figure, source, today, height, note), fmt, width=IMAGE_WIDTH,
                   height=height, scale=PNG_SCALE if fmt == "png" else 1)
    return image, FORMATS[fmt], name
