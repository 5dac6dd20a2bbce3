"""Export links follow the view: when the home page's URL changes, every « Télécharger » link
under its charts gets the view's query (checked, so a tampered URL never yields a broken link)."""

from __future__ import annotations

from dash import ALL, Input, Output, State, callback

from dashboard.model import model_for
from dashboard.urlstate import parse_query, to_query
from layouts import ids
from layouts.export_menu import EXPORT_LINK, export_href
from layouts.pages.home import url_context


@callback(
    Output({"type": EXPORT_LINK, "chart": ALL, "fmt": ALL}, "href"),
    Input(ids.HOME_URL, "search"),
    State({"type": EXPORT_LINK, "chart": ALL, "fmt": ALL}, "id"),
    State(ids.IMPORTED, "data"),
)
def update_export_links(search, link_ids, imported=None):
    state, _ = parse_query(search, **url_context(model_for(imported)))
    return [export_href(link["chart"], link["fmt"], to_query(state)) for link in link_ids]
