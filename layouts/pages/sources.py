"""« Sources et méthodes » (/sources): every indicator with its definition, unit, year, source,
licence, coverage and provenance; how indices, ranks and gaps are computed; what is illustrative
and why; the perception sources; the whole dataset to download."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.labels import format_value, is_missing
from dashboard.model import Model
from dashboard.schema import NOT_AVAILABLE
from dashboard.sources import (
    ILLUSTRATIVE_TEXT,
    KIND_EXPLANATIONS,
    METHODS_TEXT,
    indicator_catalogue,
    perception_sources,
)
from layouts.components import kind_badge
from layouts.pages import register

SOURCES_HEADING = "sources-heading"
INDICATOR_TABLE = "sources-indicators"
PERCEPTION_TABLE = "sources-perception"
DOWNLOADS = "sources-downloads"
ZIP_URL, XLSX_URL = "/telecharger/donnees.zip", "/telecharger/donnees.xlsx"


def downloads() -> html.Section:
    return html.Section([
        html.H2("Télécharger toutes les données", className="h4"),
        html.P("Les fichiers lus par le tableau de bord et les scores qu'il calcule (scores z, rangs, "
               "écarts à la France, indices, ressenti et mesuré), avec un fichier LISEZMOI qui décrit "
               "chaque colonne, les sources et les licences. Sans vos éventuelles données importées."),
        html.Div([
            html.A("Fichiers CSV (archive zip)", href=ZIP_URL, download="", className="btn btn-outline-dark"),
            html.A("Classeur Excel (XLSX, une feuille par table)", href=XLSX_URL, download="",
                   className="btn btn-outline-dark"),
        ], className="download-links"),
    ], id=DOWNLOADS)


def indicator_rows(model: Model) -> list:
    rows = []
    for r in indicator_catalogue(model).itertuples():
        link = html.A(_clip(r.source, 140), href=r.source_url, target="_blank", rel="noopener") \
            if r.source_url else _clip(r.source, 140)
        france = NOT_AVAILABLE if is_missing(r.france_value) else format_value(r.france_value, r.unit)
        definition = r.definition if r.definition and r.definition != r.label_fr else None
        rows.append(html.Tr([
            html.Th([html.Div(r.label_fr), html.Div(definition, className="small fw-normal") if definition
                     else None, html.Code(r.id, className="small"),
                     html.Div(r.caveat, className="caveat small") if r.caveat else None],
                    scope="row", className="indicator-definition"),
            html.Td(r.domain_label),
            html.Td([html.Div(r.unit), html.Div(f"{r.year} · {r.direction}", className="small text-muted")]),
            html.Td([html.Div(f"{r.n_regions} / 13 régions" + (" (pas de score z)" if r.n_regions < 3 else "")),
                     html.Div(f"France : {france}", className="small text-muted")]),
            html.Td([link, html.Div(f"Licence de la source : {r.licence}", className="small text-muted"),
                     kind_badge(r.kind)], className="indicator-source"),
        ]))
    return rows


def indicator_table(model: Model) -> html.Table:
    header = ("Indicateur et définition", "Domaine", "Unité, année, sens", "Couverture",
              "Source, licence et nature")
    return dbc.Table([
        html.Caption("Les indicateurs objectifs, domaine par domaine"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
        html.Tbody(indicator_rows(model)),
    ], size="sm", striped=True, responsive=True, id=INDICATOR_TABLE, className="sources-table")


def perception_table(model: Model) -> html.Table:
    header = ("Source", "Nature", "Profil(s)", "Année(s)", "Domaines", "Territoire", "Répondants")
    body = []
    for r in perception_sources(model).itertuples():
        source = html.A(_clip(r.source, 90), href=r.url, target="_blank", rel="noopener") if r.url \
            else _clip(r.source, 90)
        body.append(html.Tr([html.Th([source, html.Div(r.note, className="small text-muted")
                                      if r.note else None], scope="row"),
                             html.Td(kind_badge(r.kind)), html.Td(r.profiles), html.Td(r.years),
                             html.Td(str(r.domains)), html.Td(r.regions), html.Td(r.respondents)]))
    return dbc.Table([html.Caption("Les sources de la perception"),
                      html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
                      html.Tbody(body)], size="sm", striped=True, responsive=True, id=PERCEPTION_TABLE)


def layout(model: Model, search: str | None = None) -> html.Div:
    return html.Div([
        html.H1("Sources et méthodes", className="h2 page-title", id=SOURCES_HEADING),
        html.P("D'où vient chaque chiffre, comment les indices, rangs et écarts sont calculés, et ce qui "
               "n'est qu'illustratif.", className="lead"),
        html.Nav(html.Ul([html.Li(html.A(label, href=f"#{anchor}")) for label, anchor in (
            ("Indicateurs", "indicateurs"), ("Calculs", "calculs"), ("Natures des données", "natures"),
            ("Perception", "perception"), ("Donnée illustrative", "illustratif"),
            ("Téléchargement", DOWNLOADS))], className="sources-toc"), **{"aria-label": "Sommaire"}),
        html.H2("Les indicateurs", id="indicateurs"),
        html.P(f"{len(model.bundle.indicators)} indicateurs répartis dans {len(model.domain_ids)} domaines. "
               "La couverture compte les régions (sur 13) qui ont une valeur ; un indicateur présent dans "
               "moins de 3 régions n'entre dans aucun score ni indice."),
        indicator_table(model),
        html.H2("Comment sont calculés les indices, rangs et écarts", id="calculs"),
        html.Dl([part for title, text in METHODS_TEXT for part in (html.Dt(title), html.Dd(text))]),
        html.H2("Natures des données", id="natures"),
        html.Ul([html.Li([kind_badge(kind), " ", text])
                 for kind, text in KIND_EXPLANATIONS.items()]),
        html.H2("Sources de la perception", id="perception"),
        perception_table(model),
        html.H2("Ce qui est illustratif, et pourquoi", id="illustratif"),
        dbc.Alert(ILLUSTRATIVE_TEXT, color="warning"),
        html.H2("Contours des régions"),
        html.P("IGN Admin Express 2018 (via france-geojson), simplifié en gardant les frontières "
               "communes (scripts/make_geometry.py) ; Licence Ouverte."),
        downloads(),
    ], className="sources-page")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


register("/sources", layout, "Sources et méthodes")
