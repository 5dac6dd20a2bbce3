"""The frame around every page: navigation bar, notice area, page container, footer.

Below 992 px the navigation folds into a « Menu » button (callbacks/router.py opens and closes
it, and closes it when a link is followed): five links side by side would push a phone's page
sideways."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts import ids

NAV_TOGGLER = "app-navbar-toggler"
NAV_COLLAPSE = "app-navbar-collapse"

NAV_LINKS = (
    ("Carte et régions", "/"),
    ("Comparer", "/comparer"),
    ("Sources et méthodes", "/sources"),
    ("Importer des données", "/importer"),
    ("Mode atelier", "/atelier"),
)


def navbar() -> dbc.Navbar:
    return dbc.Navbar(
        dbc.Container([
            html.A([html.Span("IMPACT-Territoires", className="brand-name"),
                    html.Span(" · fragilités des 13 régions", className="brand-tagline")],
                   href="/", className="navbar-brand"),
            # a plain button (dbc's toggler takes no aria-*): screen readers hear « Menu, réduit »
            html.Button([html.Span(className="navbar-toggler-icon", **{"aria-hidden": "true"}),
                         html.Span("Menu", className="nav-toggler-text")],
                        id=NAV_TOGGLER, n_clicks=0, type="button", className="navbar-toggler",
                        **{"aria-controls": NAV_COLLAPSE, "aria-expanded": "false"}),
            dbc.Collapse(
                dbc.Nav([dbc.NavItem(dbc.NavLink(label, href=href, active="exact"))
                         for label, href in NAV_LINKS], navbar=True, className="ms-auto"),
                id=NAV_COLLAPSE, is_open=False, navbar=True),
        ], fluid=True),
        color="dark", dark=True, expand="lg", className="app-navbar", id="app-navbar",
    )


def footer() -> html.Footer:
    return html.Footer(dbc.Container([
        html.P([
            "Observatoire des partenariats (Le RAMEAU, Caisse des Dépôts ; études Comisis & OpinionWay). ",
            "Statistiques publiques : Insee, SSMSI, DREES… (Licence Ouverte). ",
            "Contours : IGN Admin Express 2018, Licence Ouverte. ",
            html.A("Sources et méthodes", href="/sources"), ".",
        ], className="small text-muted mb-0"),
    ], fluid=True), className="app-footer py-3 mt-4 border-top")


def shell() -> html.Div:
    return html.Div([
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.IMPORTED, storage_type="session"),
        html.A("Aller au contenu", href="#page-content", className="visually-hidden-focusable"),
        navbar(),
        html.Main(dbc.Container([
            html.Div(id=ids.PAGE),
        ], fluid=True, className="pt-3"), id="main"),
        footer(),
    ], lang="fr")
