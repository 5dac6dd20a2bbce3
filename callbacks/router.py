"""Which page the path shows; an unknown path gets a French « page introuvable »."""

from __future__ import annotations

from dash import Input, Output, State, callback, html

from dashboard.model import get_model
from layouts import ids
from layouts.pages import home

PAGES = {"/": lambda search: home.layout(get_model(), search)}


def not_found(path: str) -> html.Div:
    return html.Div([
        html.H1("Page introuvable", className="h2"),
        html.P(f"L'adresse « {path[:80]} » ne correspond à aucune page du tableau de bord."),
        html.A("Revenir à la carte des régions", href="/", className="btn btn-primary"),
    ], className="not-found")


@callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"), State(ids.URL, "search"))
def render_page(pathname, search):
    page = PAGES.get(pathname or "/")
    return page(search) if page else not_found(str(pathname))
