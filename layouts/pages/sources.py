"""« Sources et méthodes » (/sources): every indicator with its definition, unit, year, source,
licence, coverage (« n / 13 régions ») and provenance; the 2020 report's table with the reliability
of each row; the comparison rules with their settings; how indices, ranks and gaps are computed;
what is illustrative and why; the perception sources; the whole dataset to download."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from urllib.parse import urlparse

from dash import html

from dashboard import comparison_rules as rules
from dashboard.labels import format_value, is_missing
from dashboard.analysis.model import Model
from dashboard.data.schema import NOT_AVAILABLE
from dashboard.views.sources import (
    ILLUSTRATIVE_TEXT,
    KIND_EXPLANATIONS,
    METHODS_TEXT,
    comparison_rules_text,
    french_spacing,
    indicator_catalogue,
    perception_sources,
    report_table,
    series_table,
)
from layouts.components import kind_badge
from layouts.pages import register

SOURCES_HEADING = "sources-heading"
INDICATOR_TABLE = "sources-indicators"
PERCEPTION_TABLE = "sources-perception"
REPORT_TABLE = "sources-report-2020"
SERIES_TABLE = "sources-series"
RULES = "sources-rules"
RELIABILITY_CLASS = {"confirmée": "text-bg-success", "plausible": "text-bg-secondary",
                     rules.DOUBTFUL: "text-bg-danger"}
DOWNLOADS = "sources-downloads"
ZIP_URL, XLSX_URL = "/telecharger/donnees.zip", "/telecharger/donnees.xlsx"



def captioned_table(caption: str, header, body: list, table_id: str,
                    class_name: str | None = "sources-table") -> dbc.Table:
    """A striped table of the page: its caption, one header row, its rows."""
    return dbc.Table([html.Caption(caption), html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
                      html.Tbody(body)], size="sm", striped=True, responsive=True, id=table_id,
                     className=class_name)

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
        france = NOT_AVAILABLE if is_missing(r.france_value) else format_value(r.france_value, r.unit)
        definition = r.definition if r.definition and r.definition != r.label_fr else None
        rows.append(html.Tr([
            html.Th([html.Div(r.label_fr), html.Div(definition, className="small fw-normal") if definition
                     else None, html.Code(r.id, className="small"),
                     html.Div(french_spacing(r.caveat), className="caveat small") if r.caveat else None],
                    scope="row", className="indicator-definition"),
            html.Td(r.domain_label),
            html.Td([html.Div(r.unit), html.Div(f"{r.year} · {r.direction}", className="small text-muted")]),
            html.Td([html.Div(r.coverage_label, className="coverage"),
                     html.Div(r.comparison, className="small partial-comparison") if r.comparison else None,
                     html.Div(f"France\u00a0: {france}", className="small text-muted")]),
            html.Td(source_cell(r), className="indicator-source"),
        ]))
    return rows


def source_cell(r) -> list:
    """Source (linked to the publication when its address is known), the pages the figures were read
    on, how computed values were made, the licence, the kind."""
    source = _clip(r.source, 160)
    cell = [html.A(source, href=r.source_url, target="_blank", rel="noopener") if r.source_url else source]
    if r.read_on:
        pages = [html.A(_host(url), href=url, target="_blank", rel="noopener", className="me-1")
                 for url in r.read_on[:4]]
        more = f" et {len(r.read_on) - 4} autres" if len(r.read_on) > 4 else ""
        cell.append(html.Div(["Lu sur\u00a0: ", *pages, more], className="small read-on"))
    if r.computed:
        cell.append(html.Div(f"Méthode\u00a0: {r.computed}", className="small"))
    cell += [html.Div(f"Licence\u00a0: {r.licence}", className="small text-muted licence"), kind_badge(r.kind)]
    return cell


def _host(url: str) -> str:
    return (urlparse(url).hostname or url).rstrip(".").removeprefix("www.")


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
    return captioned_table("Les sources de la perception", header, body, PERCEPTION_TABLE, class_name=None)


def report_section(model: Model) -> html.Section:
    """« Tableau du rapport 2020 »: each kept row of the study's table, its reliability and why."""
    header = ("Ligne du rapport", "Domaine", "Fiabilité", "Pourquoi", "Dans les indices")
    body = []
    for r in report_table(model).itertuples():
        badge = html.Span(r.fiabilite or "non évaluée", className=f"badge {RELIABILITY_CLASS.get(r.fiabilite, '')}")
        body.append(html.Tr([
            html.Th([html.Div(r.label_fr), html.Code(r.id, className="small"),
                     html.Div(f"{r.year} · {r.unit} · {r.coverage_label}", className="small text-muted")],
                    scope="row"),
            html.Td(r.domain_label), html.Td(badge),
            html.Td([html.Div(r.reason), html.Div(french_spacing(r.caveat), className="caveat small")
                     if r.caveat else None]),
            html.Td("oui" if r.in_index else "non, par défaut"),
        ]))
    return html.Section([
        html.H2("Tableau du rapport 2020", id="rapport-2020"),
        html.P(french_spacing(
            "Le tableau « Indicateurs de fragilité par région » du rapport Le RAMEAU « 2020, l'année de "
            "l'AMM de l'ODD 17 » (20 décembre 2020), transcrit depuis son texte. Chaque ligne gardée a été "
            "confrontée aux séries officielles : « confirmée » (les chiffres sont ceux d'une série "
            "officielle), « plausible » (ni confirmée ni contredite), « douteuse » (elle ne mesure pas ce "
            "que son domaine suggère, ou doublonne une série officielle). Les lignes « douteuse » restent "
            "visibles mais n'entrent pas dans les indices par défaut ; la page Comparer permet de les "
            "inclure. Licence : citation, droits réservés Le RAMEAU.")),
        captioned_table("Les lignes du tableau du rapport 2020 et leur fiabilité", header, body, REPORT_TABLE),
    ])


def series_section(model: Model) -> html.Section:
    """« Séries » (issue 14): each indicator with several years, the regions covered each year, the
    current year (what the indices use) and its breaks."""
    header = ("Série", "Domaine", "Années", "Régions couvertes", "Année courante", "Ruptures")
    body = [html.Tr([html.Th([html.Div(r.label), html.Code(r.id, className="small"),
                              html.Div(r.unit, className="small text-muted")], scope="row"),
                     html.Td(r.domain_label), html.Td(r.years), html.Td(r.coverage), html.Td(str(r.current)),
                     html.Td(r.breaks)]) for r in series_table(model).itertuples()]
    return html.Section([
        html.H2("Séries : années et ruptures", id="series"),
        html.P(french_spacing(
            "Un indicateur peut avoir plusieurs années. Sa valeur « courante », celle des indices, des rangs "
            f"et des classements, est celle de sa dernière année couverte par au moins "
            f"{rules.MIN_REGIONS_COMPARABLE} régions ; chaque année est comparée seulement entre les régions "
            "qu'elle couvre. Dès 3 années, la vue région montre la courbe de la région face à la France "
            "métropolitaine et l'évolution depuis la première année. Un changement de définition coupe la "
            "série (rupture).")),
        captioned_table("Les séries, leurs années et leurs ruptures", header, body, SERIES_TABLE),
    ])


def rules_section() -> html.Section:
    """The comparison rules in plain French, then the settings' values."""
    settings = rules.rules_settings()
    return html.Section([
        html.H2("Règles de comparaison", id="regles"),
        html.P(french_spacing("Les mêmes règles s'appliquent à chaque vue, phrase, export et fiche PDF ; "
                              "leurs réglages :")),
        html.Dl([part for name, value in settings for part in (html.Dt(name), html.Dd(value))],
                className="rules-settings"),
        html.Dl([part for title, text in comparison_rules_text() for part in (html.Dt(title), html.Dd(text))]),
    ], id=RULES)


def layout(model: Model, search: str | None = None) -> html.Div:
    return html.Div([
        html.H1("Sources et méthodes", className="h2 page-title", id=SOURCES_HEADING),
        html.P("D'où vient chaque chiffre, comment les indices, rangs et écarts sont calculés, et ce qui "
               "n'est qu'illustratif.", className="lead"),
        html.Nav(html.Ul([html.Li(html.A(label, href=f"#{anchor}")) for label, anchor in (
            ("Indicateurs", "indicateurs"), ("Séries", "series"), ("Tableau du rapport 2020", "rapport-2020"),
            ("Règles de comparaison", "regles"), ("Calculs", "calculs"), ("Natures des données", "natures"),
            ("Perception", "perception"), ("Donnée illustrative", "illustratif"),
            ("Téléchargement", DOWNLOADS))], className="sources-toc"), **{"aria-label": "Sommaire"}),
        html.H2("Les indicateurs", id="indicateurs"),
        html.P(french_spacing(
            f"{len(model.bundle.indicators)} indicateurs répartis dans {len(model.domain_ids)} domaines. La "
            "couverture compte les régions (sur 13) qui ont une valeur, pour une année et une définition. Un "
            f"indicateur n'est comparé (score, couleur, classe) qu'à partir de {rules.MIN_REGIONS_COMPARABLE} "
            f"régions ; de {rules.MIN_REGIONS_FOR_RANK} à {rules.MIN_REGIONS_COMPARABLE - 1}, comparaison "
            "partielle hors indice. La licence est celle de la source de chaque chiffre ; « lu sur » nomme "
            "la page où un chiffre a été lu quand ce n'est pas la publication d'origine (article de presse, "
            "copie d'un fichier officiel, compilation).")),
        indicator_table(model),
        series_section(model),
        report_section(model),
        rules_section(),
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
