"""Downloads follow the view and the session.

- Links: when the view changes, every « Télécharger » link under its charts gets the view's
  query (checked, so a tampered URL never yields a broken link); they serve the reference data.
  On the home page a clientside callback writes them from the (checked) pickers.
- Session buttons: a session that imported data downloads through buttons; the file is built here
  from `model_for(imported)` (the same export() and build_report() as the HTTP routes) and handed
  to the group's dcc.Download: nothing is written on the server, another session never sees it.
- A clientside callback shows the buttons instead of the links while the session has imports.
"""

from __future__ import annotations

import logging

from flask import has_request_context, request

from dash import ALL, MATCH, Input, Output, State, callback, clientside_callback, ctx, dcc, no_update

from dashboard import config
from dashboard.views import compare as compare_view
from dashboard.views.compare_url import compare_query
from dashboard.outputs.exports import EXPORTS, FORMATS, ExportError, export
from dashboard.analysis.model import model_for
from dashboard.data.schema import REGION_CODES
from dashboard.views.urlstate import parse_query, to_query
from layouts import ids
from layouts.export_menu import (COMPARE_MENU, EXPORT_LINK, EXPORT_MENU, HOME_MENU, REPORT_BUTTON,
                                 REPORT_DOWNLOAD, REPORT_STATUS, export_href)
from layouts.pages.compare import COMPARE_URL
from layouts.pages.home import url_context

LOG = logging.getLogger(__name__)
FAILED = ("Le fichier n'a pas pu être préparé (erreur inattendue). Réessayez dans un instant ; "
          "si cela se reproduit, revenez aux données de référence pour télécharger.")


# The home page's links are written in the browser from the pickers and the basket, whose values
# the server has already checked (sync_view_state sets them from the parsed URL): no request per
# domain change, and a tampered URL still gives links to the corrected view. Same query as
# dashboard.views.urlstate.to_query (region, domaine, indicateur unless the index, profil unless
# citoyens, then panier).
clientside_callback(
    """
    function (domain, indicator, region, basket, links, profile) {
        const params = [];
        if (region) { params.push("region=" + encodeURIComponent(region)); }
        if (domain) { params.push("domaine=" + encodeURIComponent(domain)); }
        if (indicator && indicator !== "indice") { params.push("indicateur=" + encodeURIComponent(indicator)); }
        if (profile && profile !== "citoyens") { params.push("profil=" + encodeURIComponent(profile)); }
        let query = "?" + params.join("&");
        if (Array.isArray(basket) && basket.length) { query += "&panier=" + basket.map(encodeURIComponent).join(","); }
        return (links || []).map(function (link) { return "/export/" + link.chart + "." + link.fmt + query; });
    }
    """,
    Output({"type": EXPORT_LINK, "chart": ALL, "fmt": ALL}, "href"),
    Input(ids.DOMAIN, "value"),
    Input(ids.INDICATOR, "value"),
    Input(ids.REGION, "value"),
    Input(ids.BASKET, "data"),
    Input({"type": EXPORT_LINK, "chart": ALL, "fmt": ALL}, "id"),
    Input(ids.PROFILE, "value"),
)


@callback(
    Output({"type": COMPARE_MENU.link, "chart": ALL, "fmt": ALL}, "href"),
    Input(COMPARE_URL, "search"),
    State({"type": COMPARE_MENU.link, "chart": ALL, "fmt": ALL}, "id"),
    State(ids.IMPORTED, "data"),
)
def update_compare_export_links(search, link_ids, imported=None):
    return hrefs(link_ids, compare_view_query(search, imported))


def hrefs(link_ids, query: str) -> list:
    """Each link's address for the query (None for an id no export answers: a tampered request)."""
    return [export_href(link["chart"], link["fmt"], query)
            if isinstance(link, dict) and link.get("chart") in EXPORTS and link.get("fmt") in FORMATS
            else None for link in (link_ids if isinstance(link_ids, list) else [])]


def home_query(search, imported) -> str:
    """The home page's checked query (what its links and its session downloads export)."""
    state, _ = parse_query(search, **url_context(model_for(imported)))
    return to_query(state)


def compare_view_query(search, imported) -> str:
    """The comparison page's checked query."""
    return compare_query(compare_view.read_state(model_for(imported), search)[0])


# -- session downloads ------------------------------------------------------------------------------

@callback(
    Output({"type": HOME_MENU.download, "chart": MATCH}, "data"),
    Output({"type": HOME_MENU.status, "chart": MATCH}, "children"),
    Input({"type": HOME_MENU.button, "chart": MATCH, "fmt": ALL}, "n_clicks"),
    State(ids.HOME_URL, "search"),
    State(ids.IMPORTED, "data"),
    running=[(Output({"type": EXPORT_MENU, "chart": MATCH}, "aria-busy"), "true", "false")],
    prevent_initial_call=True,
)
def download_home_chart(clicks, search, imported=None):
    """A home chart with the session's imports: the clicked format, for the page's view."""
    return chart_download(clicked(), search, imported, home_query)


@callback(
    Output({"type": COMPARE_MENU.download, "chart": MATCH}, "data"),
    Output({"type": COMPARE_MENU.status, "chart": MATCH}, "children"),
    Input({"type": COMPARE_MENU.button, "chart": MATCH, "fmt": ALL}, "n_clicks"),
    State(COMPARE_URL, "search"),
    State(ids.IMPORTED, "data"),
    running=[(Output({"type": EXPORT_MENU, "chart": MATCH}, "aria-busy"), "true", "false")],
    prevent_initial_call=True,
)
def download_compare_chart(clicks, search, imported=None):
    """A comparison-page chart with the session's imports."""
    return chart_download(clicked(), search, imported, compare_view_query)


@callback(
    Output({"type": REPORT_DOWNLOAD, "region": MATCH}, "data"),
    Output({"type": REPORT_STATUS, "region": MATCH}, "children"),
    Input({"type": REPORT_BUTTON, "region": MATCH}, "n_clicks"),
    State(ids.IMPORTED, "data"),
    running=[(Output({"type": REPORT_BUTTON, "region": MATCH}, "disabled"), True, False)],
    prevent_initial_call=True,
)
def download_report(clicks, imported=None):
    """The region's PDF report built from the session's Model (its imports marked in it)."""
    button = clicked()
    region = button.get("region") if button else None
    if region not in REGION_CODES:
        return no_update, no_update
    from dashboard.outputs.report import build_report, file_name

    model = model_for(imported)
    try:
        content = build_report(model, region, public_url=config.public_url(
            request.host_url if has_request_context() else None))
    except Exception:  # the renderer failed: say so, never a stack trace
        LOG.exception("fiche région %s : échec", region)
        return no_update, FAILED
    return dcc.send_bytes(content, file_name(model, region), type="application/pdf"), ""


def clicked() -> dict | None:
    """The id of the button that fired this call, when it was really clicked (else None)."""
    try:
        trigger, fired = ctx.triggered_id, ctx.triggered
    except Exception:  # outside a Dash request
        return None
    if not isinstance(trigger, dict) or not fired or not fired[0].get("value"):
        return None
    return trigger


def chart_download(button: dict | None, search, imported, checked_query) -> tuple:
    """(dcc.Download data, status text) for a clicked format button of a chart."""
    chart, fmt = (button.get("chart"), button.get("fmt")) if button else (None, None)
    if not isinstance(chart, str) or not isinstance(fmt, str):
        return no_update, no_update
    try:
        content, mimetype, name = export(model_for(imported), chart, fmt, checked_query(search, imported))
    except ExportError as error:
        return no_update, error.message
    except Exception:
        LOG.exception("export %s.%s : échec", chart, fmt)
        return no_update, FAILED
    return dcc.send_bytes(content, name, type=mimetype), ""


# The session's imports decide which of the two ways each download group shows (links or buttons).
clientside_callback(
    """
    function (imported, groups, classes) {
        const files = imported && Array.isArray(imported.fichiers) ? imported.fichiers.length : 0;
        return (classes || []).map(function (c) {
            const base = (c || "").split(" ").filter(function (k) { return k && k !== "has-imports"; });
            return base.concat(files ? ["has-imports"] : []).join(" ");
        });
    }
    """,
    Output({"type": EXPORT_MENU, "chart": ALL}, "className"),
    Input(ids.IMPORTED, "data"),
    Input({"type": EXPORT_MENU, "chart": ALL}, "id"),
    State({"type": EXPORT_MENU, "chart": ALL}, "className"),
)
