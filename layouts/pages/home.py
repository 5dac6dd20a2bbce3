"""Home page: the map of the 13 regions, the domain comparison and the region view."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import comparison_rules as rules
from dashboard.figures import charts as figures
from dashboard.views import home as views
from dashboard.views import region as region_view
from dashboard.analysis.basket import MAX_REGIONS, basket_query, basket_regions
from dashboard.analysis.model import Model, cached_for_reference
from dashboard.data.schema import DEFAULT_PROFILE, PROFILE_LABELS, PROFILES
from dashboard.views.urlstate import ViewState, parse_query, to_query
from layouts import ids
from dashboard.labels import format_number
from layouts.components import (domain_options, domain_panel, key_figure_cards, notice_alert,
                                 simple_table)
from layouts.export_menu import export_menu, report_link
from layouts.report_table import report_table_section
from layouts.pages import register

GEOMETRY_URL = "/donnees/regions.geojson"  # served by app.py from the bundle, fetched once


@cached_for_reference(maxsize=1)
def url_context(model: Model) -> dict:
    """What parse_query needs to check a link against the data."""
    catalogue = model.bundle.indicators
    return dict(domains=model.domain_ids,
                indicators_by_domain=catalogue.groupby("domain_id")["id"].apply(list).to_dict(),
                regions=views.region_names(model), default_domain=model.best_covered_domain(),
                years_by_indicator={i: model.indicator_years(i) for i in catalogue["id"]})


def map_figure(model: Model, state: ViewState) -> dict:
    return views.region_map(model, GEOMETRY_URL, state.domain, state.indicator, region=state.region,
                            pinned=basket_regions(state.basket), year=state.year)


YEAR = "home-year"            # the map's year slider (an indicator that is a series)
YEAR_BOX = "home-year-box"    # its row, hidden for the domain index and one-year indicators


def year_slider_style(marks: dict) -> dict:
    return {} if marks["years"] else {"display": "none"}


def year_slider(model: Model, state: ViewState) -> html.Div:
    """« Année » under the map: the years of the indicator's series (default: the current year,
    the latest covered by at least 10 regions); a year change recolours the map (Patch)."""
    marks = views.indicator_year_marks(model, state.indicator)
    value = state.year if state.year in marks["years"] else marks["value"]
    return html.Div([
        html.Label("Année de l'indicateur", htmlFor=YEAR, className="form-label small mb-0"),
        dcc.Slider(id=YEAR, min=marks["min"], max=marks["max"], step=marks["step"], marks=marks["marks"],
                   value=value, included=False, updatemode="mouseup"),
    ], id=YEAR_BOX, className="year-slider", style=year_slider_style(marks))


@cached_for_reference(maxsize=512)  # per domain, region, basket and profile; callers only read it
def domain_section(model: Model, state: ViewState) -> tuple[dict, str]:
    figure, rows = views.domain_comparison(model, state.domain, region=state.region,
                                           pinned=basket_regions(state.basket), profile=state.profile)
    return figure, domain_comparison_text(model, rows, model.domain_labels[state.domain], state.profile)


def basket_summary(model: Model, basket) -> list:
    """« Bretagne, Normandie · Comparer ces régions » (or how to fill the basket)."""
    names = {**views.region_names(model), "FRM": "France métropolitaine"}
    if not basket:
        return [html.Span(f"vide. Épinglez jusqu'à {MAX_REGIONS} régions pour les suivre sur la "
                          "carte (contour bleu) et dans les graphiques (★).", className="text-muted")]
    return [html.Strong(", ".join("★ " + names[c] for c in basket if c in names)), " · ",
            html.A("Comparer ces régions (tableau croisé)", href=f"/comparer?{basket_query(basket)}",
                   className="basket-compare-link")]


def basket_toggle(model: Model, state: ViewState) -> tuple[str, bool, str]:
    """(label, disabled, tooltip) of the button that pins or unpins the chosen region."""
    if not state.region:
        return "☆ Épingler la région", True, "Choisissez d'abord une région"
    name = views.region_names(model)[state.region]
    if state.region in state.basket:
        return f"★ Retirer {name} du panier", False, "Retirer la région du panier de comparaison"
    if len(basket_regions(state.basket)) >= MAX_REGIONS:
        return "☆ Épingler la région", True, f"Le panier est plein ({MAX_REGIONS} régions)"
    return f"☆ Épingler {name}", False, "Ajouter la région au panier de comparaison"


def basket_controls(model: Model, state: ViewState) -> tuple:
    """Outputs of the basket bar, in the order of the callback: store, summary, toggle, clear."""
    label, disabled, tooltip = basket_toggle(model, state)
    return (list(state.basket), basket_summary(model, state.basket), label, disabled, tooltip,
            not state.basket)


def basket_bar(model: Model, state: ViewState):
    store, summary, label, disabled, tooltip, clear_disabled = basket_controls(model, state)
    return html.Div([
        dcc.Store(id=ids.BASKET, data=store),
        html.Span("Panier de comparaison : ", className="fw-semibold"),
        html.Span(summary, id=ids.BASKET_SUMMARY, role="status", **{"aria-live": "polite"}),
        html.Div([
            dbc.Button(label, id=ids.BASKET_TOGGLE, disabled=disabled, title=tooltip, size="sm",
                       color="primary", outline=True, className="me-2"),
            dbc.Button("Vider le panier", id=ids.BASKET_CLEAR, disabled=clear_disabled, size="sm",
                       color="secondary", outline=True),
        ], className="basket-buttons"),
    ], className="basket-bar")


def domain_comparison_text(model: Model, rows, label: str, profile: str = DEFAULT_PROFILE) -> str:
    """The chart's sentence: how many regions have an index, which is the most fragile (only for
    a comparable index), then perception (said illustrative when it is)."""
    measured = rows.dropna(subset=["objective"])
    n = len(measured)
    text = f"{label} : {n} région{'s' if n > 1 else ''} sur 13 {'ont' if n > 1 else 'a'} un indice mesuré."
    if n and rules.is_comparable(n):
        top = measured.sort_values("objective", ascending=False).iloc[0]
        text += f" La plus fragile selon la mesure : {top['name']}."
    elif n:
        text += f" {rules.partial_label(n).capitalize()} : pas de classement des régions."
    felt = rows.dropna(subset=["perceived"])
    if len(felt):
        top = felt.sort_values("perceived", ascending=False).iloc[0]
        text += f" La plus fragile selon la perception des {PROFILE_LABELS[profile].lower()} : {top['name']}."
    if views.uses_illustrative(rows):
        text += " La perception affichée est illustrative (démonstration)."
    return text


def summary_item(item: dict) -> html.Li:
    """One finding of the summary: the domain (a link to its panel below), where the region
    stands, and the indicator that says it most, with France's value."""
    head = item["headline"]
    standing = " · ".join(p for p in (item["words"], item["rank"]) if p)
    detail = None
    if head:
        detail = html.Div([f"{head['label']} ({head['year']}) : ", html.Strong(head["value"]),
                           f" ; France métropolitaine : {head['france']}",
                           f" ; {head['rank']}" if head["rank"] else ""], className="summary-detail")
    return html.Li([html.A(item["label"], href=f"#domain-panel-{item['domain_id']}",
                           className="summary-domain-link fw-semibold"),
                    html.Span(f" — {standing}", title=item["tooltip"] or None), detail])


def region_summary_card(model: Model, region: str | None):
    """Where the chosen region stands, in the first screen: its most marked measured fragilities
    and strengths (comparable domains only, plain words and « x / n »), and the coverage."""
    if not region:
        return html.P("Choisissez une région (liste « Ma région » ou clic sur la carte) : ses "
                      "fragilités mesurées les plus marquées et ses points forts s'affichent ici.",
                      className="text-muted summary-placeholder mb-0")
    summary = region_view.region_summary(model, region)
    columns = []
    for title, items, css in (("Fragilités les plus marquées", summary["fragile"], "summary-fragile"),
                              ("Points forts", summary["strong"], "summary-strong")):
        body = html.Ul([summary_item(i) for i in items], className="summary-list") if items else html.P(
            "Aucun domaine comparable ne se détache nettement de la moyenne.", className="text-muted")
        columns.append(dbc.Col([html.H3(title, className="h6 summary-title"), body], md=6, className=css))
    return html.Div([
        html.P(summary["lead"], className="summary-lead"),
        dbc.Row(columns),
        html.P([summary["coverage"], ". Mesures publiques ; les comparaisons partielles et les "
                "domaines sans mesure sont dans le détail des 16 domaines, ",
                html.A("plus bas", href="#home-region-domains"), "."], className="small text-muted mb-0"),
    ], className="region-summary-body")


def similar_regions_block(model: Model, region: str, pinned=()) -> html.Div:
    """« Régions au profil proche »: the 3 nearest regions on the comparable domain indices, each
    with a one-click « Épingler » into the comparison basket (assets/similar-pin.js)."""
    similar = region_view.similar_regions(model, region)
    title = html.H3("Régions au profil proche", className="h6 mt-3")
    if not similar:
        return html.Div([title, html.P(f"Pas assez de domaines comparables en commun (au moins "
                                       f"{region_view.MIN_SHARED_DOMAINS}) pour rapprocher des régions.",
                                       className="small text-muted")], className="similar-regions")
    items = []
    for other in similar:
        button = (html.Span("★ dans le panier", className="small text-muted") if other["code"] in pinned else
                  html.A(f"☆ Épingler {other['name']}", href=f"/?region={region}&panier={other['code']}",
                         className="btn btn-outline-dark btn-sm pin-similar ms-2",
                         **{"data-region": other["code"]}))
        items.append(html.Li([html.Strong(other["name"]),
                              f" — écart moyen {format_number(other['distance'], 2)} écart-type "
                              f"sur {other['shared']} domaines comparables", button], className="mb-1"))
    return html.Div([title, html.Ul(items, className="list-unstyled similar-list"),
                     html.P("Distance : racine de la moyenne des carrés des écarts entre indices de "
                            "domaine, sur les domaines comparables que les deux régions ont en commun "
                            "(méthode sur la page « Sources et méthodes »).", className="small text-muted")],
                    className="similar-regions")


def divergence_block(model: Model, region: str, profile: str):
    """The felt-versus-measured sentence, after the measured findings; with the illustrative
    perception, inside a box that says it is a fictional example."""
    sentence, illustrative = region_view.divergence(model, region, profile)
    if illustrative:
        return dbc.Alert([html.Strong("Exemple fictif : "), "la perception affichée est illustrative "
                          "(démonstration), pas un résultat d'enquête. ", html.Br(), sentence],
                         color="warning", className="divergence-sentence fictional-example")
    return html.P(sentence, className="divergence-sentence")


def region_section(model: Model, region: str | None, pinned=(),
                   profile: str = DEFAULT_PROFILE) -> tuple[list, list]:
    """(heading, domains) of a region: title, key figures and divergence sentence; 16 panels
    (the basket's regions, `pinned`, ringed in blue among the 13 in each indicator's strip)."""
    if not region:
        return [html.P("Cliquez sur une région de la carte ou choisissez-la dans la liste pour voir "
                       "son profil : chiffres clés, ses 16 domaines du plus au moins fragile, "
                       "et l'écart entre ressenti et mesure.", className="lead text-muted")], []
    names = views.region_names(model)
    domains = region_view.region_domains(model, region, profile)
    panels = [domain_panel(d, region_view.indicator_rows(model, region, d["domain_id"]), region, names,
                           open_=i < 3, pinned=pinned,
                           perception=region_view.perception_trends(model, region, d["domain_id"], profile))
              for i, d in enumerate(domains.to_dict("records"))]
    others = [c for c in pinned if c in names and c != region]  # the chosen region stays orange
    heading = [
        html.H2(f"{names[region]} : profil", className="h3", id=ids.REGION_HEADING),
        html.Div([report_link(region, profile),
                  html.A("Présenter en mode atelier",
                         href=f"/atelier?region={region}&etape=1&profil={profile}",
                         className="btn btn-outline-dark btn-sm ms-2 workshop-link")],
                 className="region-actions"),
        key_figure_cards(region_view.key_figures(model, region)),
        html.P(region_view.region_summary(model, region)["lead"], className="lead measured-lead"),
        divergence_block(model, region, profile),
        similar_regions_block(model, region, pinned),
    ]
    return heading, [
        html.H3(f"Les 16 domaines de la région {names[region]}, du plus au moins fragile "
                "(par rapport aux autres régions)", className="h4 mt-3"),
        html.P(["Classement des domaines mesurés sur au moins 10 régions, puis les comparaisons "
                "partielles, puis les domaines sans indice. Dans chaque ligne « Parmi les régions » : ",
                html.Strong(names[region]),
                " en orange", *([" ; les autres régions du panier (", ", ".join(names[c] for c in others),
                                 ") cerclées de bleu"] if others else []), "."],
               className="strip-key small text-muted"),
        html.Div(panels, className="domain-panels"),
        report_table_section(model, region),
    ]


def quadrant_section(model: Model, region: str | None,
                     profile: str = DEFAULT_PROFILE, narrow: bool = False) -> tuple[dict, object]:
    if not region:
        return {"data": [], "layout": {"title": {"text": "Choisissez une région"}, "xaxis": {"visible": False},
                                       "yaxis": {"visible": False}}}, None
    figure, points = region_view.quadrant(model, region, profile, narrow)
    table = simple_table("Ressenti et mesuré, domaine par domaine (alternative textuelle du graphique)",
                         ("Domaine", "Quadrant", "Note perçue /10"), region_view.quadrant_table(points))
    return figure, html.Div([export_menu("quadrant", f"?region={region}"),
                             html.Details([html.Summary("Voir le tableau"), table])])


def layout(model: Model, search: str | None = None) -> html.Div:
    state, notices = parse_query(search, **url_context(model))
    names = views.region_names(model)
    map_view = views.map_view(model, state.domain, state.indicator, state.year)
    comparison, comparison_text = domain_section(model, state)
    quadrant, quadrant_table = quadrant_section(model, state.region, state.profile)
    heading, domain_panels = region_section(model, state.region, basket_regions(state.basket),
                                            state.profile)
    # native <select> elements: keyboard, screen readers and touch work out of the box
    controls = dbc.Card(dbc.CardBody(dbc.Row([
        dbc.Col([html.Label("Domaine", htmlFor=ids.DOMAIN, className="form-label"),
                 dbc.Select(id=ids.DOMAIN, options=domain_options(model.bundle.domains),
                            value=state.domain)], lg=3),
        dbc.Col([html.Label("Indicateur", htmlFor=ids.INDICATOR, className="form-label"),
                 dbc.Select(id=ids.INDICATOR, options=views.indicator_options(model, state.domain),
                            value=state.indicator)], lg=4),
        dbc.Col([html.Label("Ma région", htmlFor=ids.REGION, className="form-label"),
                 # the placeholder is dbc's own first option (value "", hidden): a second "" option
                 # would show blank and hold the arrow keys on itself
                 dbc.Select(id=ids.REGION, placeholder="Choisir une région…",
                            options=[{"label": n, "value": c} for c, n in sorted(names.items(), key=lambda p: p[1])],
                            value=state.region or "")], lg=3),
        dbc.Col([html.Label("Perception de", htmlFor=ids.PROFILE, className="form-label"),
                 dbc.Select(id=ids.PROFILE, options=[{"label": PROFILE_LABELS[p], "value": p} for p in PROFILES],
                            value=state.profile)], lg=2),
        dbc.Col(basket_bar(model, state), width=12, className="mt-2"),
    ])), className="controls mb-3")
    return html.Div([
        dcc.Location(id=ids.HOME_URL, refresh=False),
        dcc.Store(id=ids.HOME_NARROW, data=False),
        html.Div(notice_alert(notices), id=ids.NOTICE, role="status", **{"aria-live": "polite"}),
        html.H1("Les fragilités des 13 régions, mesurées et ressenties", className="h2 page-title"),
        controls,
        html.Section(dbc.Card(dbc.CardBody(region_summary_card(model, state.region), id=ids.REGION_SUMMARY),
                              className="region-summary mb-3"), **{"aria-label": "Où se situe la région"}),
        dbc.Row([
            dbc.Col([
                dcc.Graph(id=ids.MAP, figure=map_figure(model, state), config=figures.MAP_CONFIG,
                          className="map-graph", clear_on_unhover=True),
                year_slider(model, state),
                html.P(map_view.description, id=ids.MAP_DESCRIPTION, className="chart-description"),
                export_menu("carte", to_query(state)),
            ], lg=6),
            dbc.Col([
                dcc.Graph(id=ids.DOMAIN_COMPARISON, figure=comparison, config=figures.MAP_CONFIG,
                          className="comparison-graph"),
                html.P(comparison_text, id=ids.DOMAIN_COMPARISON_TEXT, className="chart-description"),
                export_menu("comparaison", to_query(state)),
            ], lg=6),
        ]),
        html.Hr(),
        dbc.Row([
            dbc.Col(dcc.Loading(html.Div(heading, id=ids.REGION_PANEL), delay_show=300), lg=6),
            dbc.Col([
                dcc.Graph(id=ids.QUADRANT, figure=quadrant, config=figures.MAP_CONFIG, className="quadrant-graph"),
                html.Div(quadrant_table, id=ids.QUADRANT_TABLE),
            ], lg=6),
        ]),
        html.Div(domain_panels, id=ids.REGION_DOMAINS),
    ], className="home-page")


register("/", layout, "Carte et régions")
