"""Comparison page (/comparer): the « tableau croisé » 13 regions x 16 domains, the indicator
scatter with Spearman's rho, the comparison basket and the choice of method, all in the URL."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.views import compare as compare_view
from dashboard.figures import charts as figures
from dashboard.analysis import scatter
from dashboard.analysis.compare import METHOD_LABELS, METHODS
from dashboard.comparison_rules import MIN_REGIONS_COMPARABLE, MIN_REGIONS_FOR_RANK, TOTAL_REGIONS
from dashboard.views.compare_url import REPORT_CHOICES, REPORT_LABELS, CompareState, compare_query
from dashboard.analysis.matrix import COLOURING_LABELS, COLOURINGS
from dashboard.analysis.model import Model
from dashboard.data.schema import FRANCE
from layouts.components import domain_options, notice_alert
from layouts.export_menu import COMPARE_MENU, export_menu
from layouts.pages import register

COMPARE_URL = "compare-url"          # the page's state (refresh=False: no reload)
COMPARE_NARROW = "compare-narrow"    # True on a phone: the scatter drawn for its width
COMPARE_NAV = "compare-nav"          # navigation to another page (a matrix click)
NOTICE = "compare-notice"
METHOD = "compare-method"
REPORT = "compare-report"            # the 2020 report's « douteuse » rows in the indices or not
BASKET = "compare-basket"
BASKET_NOTICE = "compare-basket-notice"
COLOURING = "compare-colouring"
SORT_REGIONS = "compare-sort-regions"
SORT_DOMAINS = "compare-sort-domains"
MATRIX = "compare-matrix"
MATRIX_NOTE = "compare-matrix-note"
MATRIX_TABLE = "compare-matrix-table"
SCATTER_X = "compare-x"
SCATTER_Y = "compare-y"
SCATTER = "compare-scatter"
SCATTER_TEXT = "compare-scatter-text"
GRAPH_CONFIG = {**figures.MAP_CONFIG, "responsive": True}
METHOD_HELP = {
    "brut": "dans l'unité de chaque indicateur",
    "ecart": "valeur moins celle de la France métropolitaine",
    "z": "écart à la moyenne des 13 régions, en écarts-types",
    "rang": "1 = la région la plus fragile",
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def basket_options(model: Model) -> list[dict]:
    names = compare_view.region_names(model)
    options = [{"label": n, "value": c} for c, n in sorted(names.items(), key=lambda p: p[1])]
    return options + [{"label": "France métropolitaine (référence)", "value": FRANCE}]


def controls(model: Model, state: CompareState) -> dbc.Card:
    """Method and basket: they apply to the matrix and to the scatter."""
    return dbc.Card(dbc.CardBody([
        html.Fieldset([
            html.Legend("Méthode (pour tous les graphiques de la page)", className="form-label h6"),
            dbc.RadioItems(id=METHOD, value=state.method, inline=True, className="method-choice",
                           options=[{"label": f"{_capital(METHOD_LABELS[m].split(' (')[0])} "
                                              f"({METHOD_HELP[m]})", "value": m} for m in METHODS]),
        ]),
        html.Fieldset([
            html.Legend("Tableau du rapport 2020 : lignes de fiabilité « douteuse » (indices du tableau "
                        "et du nuage)", className="form-label h6 mt-2"),
            dbc.RadioItems(id=REPORT, value=state.report, inline=True, className="report-choice",
                           options=[{"label": _capital(REPORT_LABELS[c]), "value": c} for c in REPORT_CHOICES]),
            html.P("Par défaut, les lignes du rapport 2020 qui ne mesurent pas ce que leur domaine "
                   "suggère restent hors des indices, comme partout ailleurs ; un chercheur peut les "
                   "inclure ici, le lien de la page garde ce choix.", className="small text-muted mb-0"),
        ]),
        html.Fieldset([
            html.Legend("Panier de comparaison : jusqu'à 4 régions, plus la France métropolitaine",
                        className="form-label h6 mt-2"),
            dbc.Checklist(id=BASKET, value=list(state.basket), inline=True, options=basket_options(model),
                          className="basket-choice"),
            html.Div(id=BASKET_NOTICE, role="status", className="small text-muted"),
        ]),
    ]), className="controls mb-3")


def matrix_section(model: Model, state: CompareState) -> html.Section:
    region_sorts = ([{"label": "Nom de la région", "value": "nom"},
                     {"label": "Moyenne sur les domaines (plus fragile en haut)", "value": "moyenne"}]
                    + [{"label": f"Domaine : {o['label']}", **{k: v for k, v in o.items() if k != 'label'}}
                       for o in domain_options(model.bundle.domains)])
    names = compare_view.region_names(model)
    domain_sorts = ([{"label": "Ordre des familles", "value": "ordre"},
                     {"label": "Couverture (plus de régions renseignées à gauche)", "value": "couverture"}]
                    + [{"label": f"Région : {n}", "value": c} for c, n in sorted(names.items(), key=lambda p: p[1])])
    picker_row = dbc.Row([
        dbc.Col(html.Fieldset([
            html.Legend("Couleur du tableau", className="form-label h6"),
            dbc.RadioItems(id=COLOURING, value=state.colouring, inline=True,
                           options=[{"label": COLOURING_LABELS[c], "value": c} for c in COLOURINGS]),
        ]), lg=5),
        dbc.Col([html.Label("Trier les régions (lignes) par", htmlFor=SORT_REGIONS, className="form-label h6"),
                 dbc.Select(id=SORT_REGIONS, options=region_sorts, value=state.sort_regions)], lg=3),
        dbc.Col([html.Label("Trier les domaines (colonnes) par", htmlFor=SORT_DOMAINS, className="form-label h6"),
                 dbc.Select(id=SORT_DOMAINS, options=domain_sorts, value=state.sort_domains)], lg=4),
    ], className="mb-2")
    header, rows = compare_view.matrix_table(model, state)
    return html.Section([
        html.H2("Tableau croisé : les 13 régions et les 16 domaines", className="h3"),
        picker_row,
        dcc.Graph(id=MATRIX, figure=compare_view.matrix_figure(model, state), config=GRAPH_CONFIG,
                  className="matrix-graph"),
        html.P(["Lecture : chaque case croise une région et un domaine ; orange = plus fragile, violet = "
                "moins fragile (pour l'écart : violet = ressenti plus fort que la mesure). ",
                html.Span("Les hachures grises « n.d. »", className="nd-swatch"),
                " : donnée non disponible (jamais zéro) ; « incompl. » : la région n'a pas tous les "
                "indicateurs de l'indice du domaine, elle n'est pas classée avec les autres. Couleur, score z "
                f"et classe seulement quand au moins {MIN_REGIONS_COMPARABLE} régions sur {TOTAL_REGIONS} "
                f"sont comparées ; de {MIN_REGIONS_FOR_RANK} à {MIN_REGIONS_COMPARABLE - 1} régions, la "
                "valeur est écrite sur fond pâle (« comparaison partielle »), avec son rang « x / n » au "
                "survol. Une case de domaine dit au survol combien d'indicateurs son indice utilise "
                "(« 2 indicateurs sur 3 ») ; en rang, elle montre le centile de fragilité moyen de ces "
                "indicateurs (100 = la plus fragile), jamais une moyenne de rangs sur des totaux "
                "différents. ★ et cadre noir : région du panier ; "
                "la ligne France métropolitaine, quand elle est au panier, sert de repère et n'est pas classée. ",
                html.Strong("Cliquez sur une case"), " pour ouvrir la région et ce domaine."],
               className="chart-description"),
        export_menu("matrice", compare_query(state), COMPARE_MENU),
        html.Div(class_note_block(compare_view.class_note(model, state), state.method,
                                  compare_view.method_note(state)), id=MATRIX_NOTE),
        html.Details([html.Summary("Voir le tableau en texte"),
                      html.Div(text_table(header, rows), id=MATRIX_TABLE)]),
    ], className="compare-matrix mb-4", **{"aria-label": "Tableau croisé"})


def class_note_block(note: compare_view.ClassNote, method: str, method_note: str | None) -> list:
    blocks = [dbc.Alert(method_note, color="info", className="mb-2")] if method_note else []
    if not note.rows:
        return blocks + [html.P(note.sentence, className="class-note small")]
    header = ["Région", "Domaine"] + [_capital(METHOD_LABELS[m].split(" (")[0]) for m in note.methods]
    table = html.Table([
        html.Thead(html.Tr([html.Th(h, scope="col", className="chosen-method" if i - 2 == list(
            note.methods).index(method) else None) for i, h in enumerate(header)])),
        html.Tbody([html.Tr([html.Th(r[0], scope="row"), html.Td(r[1])] + [html.Td(c) for c in r[2:]])
                    for r in note.rows]),
    ], className="table table-sm class-table")
    return blocks + [dbc.Alert(note.sentence, color="warning", className="class-note mb-1"),
                     html.Details([html.Summary("Voir les cases qui changent de classe"), table])]


def text_table(header: list[str], rows: list[list[str]]) -> html.Table:
    return html.Table([
        html.Caption("Tableau croisé en texte (mêmes valeurs que le graphique)"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
        html.Tbody([html.Tr([html.Th(r[0], scope="row")] + [html.Td(c) for c in r[1:]]) for r in rows]),
    ], className="table table-sm text-alternative matrix-text")


def scatter_section(model: Model, state: CompareState) -> html.Section:
    options = scatter.axis_options(model)
    view = compare_view.scatter_view(model, state)
    return html.Section([
        html.H2("Nuage de points : une mesure selon une autre", className="h3"),
        dbc.Row([
            dbc.Col([html.Label("Axe horizontal", htmlFor=SCATTER_X, className="form-label h6"),
                     dbc.Select(id=SCATTER_X, options=options, value=state.x)], lg=6),
            dbc.Col([html.Label("Axe vertical", htmlFor=SCATTER_Y, className="form-label h6"),
                     dbc.Select(id=SCATTER_Y, options=options, value=state.y)], lg=6),
        ], className="mb-2"),
        dcc.Graph(id=SCATTER, figure=view.figure, config=GRAPH_CONFIG, className="scatter-graph"),
        export_menu("nuage", compare_query(state), COMPARE_MENU),
        html.Div(scatter_text(view), id=SCATTER_TEXT, role="status", **{"aria-live": "polite"}),
    ], className="compare-scatter mb-4", **{"aria-label": "Nuage de points"})


def scatter_text(view: compare_view.ScatterView) -> list:
    parts = [html.P(view.sentence, className="spearman-sentence"),
             html.P(view.chance_note, className="small chance-note")]
    if view.warnings:
        parts.append(dbc.Alert([html.Strong("À lire avec prudence : "),
                                html.Ul([html.Li(w) for w in view.warnings], className="mb-0")],
                               color="warning", className="scatter-warnings"))
    parts += [html.P(c, className="small text-muted") for c in view.class_changes]
    parts.append(html.P("En valeur brute et en écart, chaque mesure garde son sens ; en score z et en "
                        "rang, elle est orientée (plus haut = plus fragile ; rang 1 = la plus fragile). "
                        "La corrélation de Spearman compare l'ordre des régions, pas les valeurs.",
                        className="small text-muted"))
    return parts


def layout(model: Model, search: str | None = None) -> html.Div:
    state, notices = compare_view.read_state(model, search)
    return html.Div([
        dcc.Location(id=COMPARE_URL, refresh=False),
        dcc.Store(id=COMPARE_NARROW, data=False),
        dcc.Location(id=COMPARE_NAV, refresh="callback-nav"),
        html.Div(notice_alert(notices), id=NOTICE, role="status", **{"aria-live": "polite"}),
        html.H1("Comparer les régions et les domaines", className="h2 page-title"),
        html.P(["Les méthodes de calcul sont décrites dans ", html.A("Sources et méthodes", href="/sources"),
                ". Le lien de la page garde vos choix : copiez-le pour partager cette vue."],
               className="text-muted"),
        controls(model, state),
        matrix_section(model, state),
        html.Hr(),
        scatter_section(model, state),
    ], className="compare-page")


register("/comparer", layout, "Comparer")
