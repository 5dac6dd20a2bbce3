"""Comparison page callbacks: controls <-> URL, matrix and scatter redrawn from the URL, a matrix
click opens the region and domain on the home page. Thin: everything is in dashboard/compare_view."""

from __future__ import annotations

from dash import Input, Output, State, callback, ctx, no_update

from dashboard.views import compare as compare_view
from dashboard.analysis.basket import MAX_REGIONS, basket_query, parse_basket
from dashboard.views.compare_url import compare_query
from dashboard.analysis.model import model_for
from dashboard.data.schema import FRANCE
from layouts import ids
from layouts.pages.compare import (
    COMPARE_NARROW,
    BASKET,
    BASKET_NOTICE,
    COLOURING,
    COMPARE_NAV,
    COMPARE_URL,
    MATRIX,
    MATRIX_NOTE,
    MATRIX_TABLE,
    METHOD,
    NOTICE,
    REPORT,
    SCATTER,
    SCATTER_TEXT,
    SCATTER_X,
    SCATTER_Y,
    SORT_DOMAINS,
    SORT_REGIONS,
    class_note_block,
    notice_alert,
    scatter_text,
    text_table,
)

PATH = "/comparer"
CONTROLS = {METHOD: "method", COLOURING: "colouring", SORT_REGIONS: "sort_regions",
            SORT_DOMAINS: "sort_domains", SCATTER_X: "x", SCATTER_Y: "y", REPORT: "report"}


@callback(
    Output(COMPARE_URL, "search"),
    Output(METHOD, "value"), Output(COLOURING, "value"), Output(SORT_REGIONS, "value"),
    Output(SORT_DOMAINS, "value"), Output(SCATTER_X, "value"), Output(SCATTER_Y, "value"),
    Output(BASKET, "value"), Output(NOTICE, "children"), Output(BASKET_NOTICE, "children"),
    Output(REPORT, "value"),
    Input(COMPARE_URL, "search"),
    Input(METHOD, "value"), Input(COLOURING, "value"), Input(SORT_REGIONS, "value"),
    Input(SORT_DOMAINS, "value"), Input(SCATTER_X, "value"), Input(SCATTER_Y, "value"),
    Input(BASKET, "value"), Input(REPORT, "value"),
    State(COMPARE_URL, "pathname"),
    State(ids.IMPORTED, "data"),
    prevent_initial_call=True,
)
def sync_compare_state(search, method, colouring, sort_regions, sort_domains, x, y, basket,
                       report=None, pathname=PATH, imported=None):
    """The URL and the controls kept in step (Back/Forward included); the URL is the truth."""
    if pathname != PATH:  # a click is leaving the page: nothing to sync
        return (no_update,) * 11
    model = model_for(imported)
    current, notices = compare_view.read_state(model, search)
    values = {METHOD: method, COLOURING: colouring, SORT_REGIONS: sort_regions,
              SORT_DOMAINS: sort_domains, SCATTER_X: x, SCATTER_Y: y, REPORT: report}
    url_leads = ctx.triggered_id == COMPARE_URL or ctx.triggered_id not in list(CONTROLS) + [BASKET]
    if url_leads:  # Back/Forward: follow the URL, never push a new history entry
        state, basket_notice = current, None
    elif ctx.triggered_id == BASKET:
        state, basket_notice = with_basket(current, basket, model)
    else:
        value = values[ctx.triggered_id]
        state = current.with_(**{CONTROLS[ctx.triggered_id]: value if isinstance(value, str) else ""})
        state, notices = compare_view.read_state(model, compare_query(state))
        basket_notice = None
    shown = {METHOD: state.method, COLOURING: state.colouring, SORT_REGIONS: state.sort_regions,
             SORT_DOMAINS: state.sort_domains, SCATTER_X: state.x, SCATTER_Y: state.y}
    query = compare_query(state)
    return (
        query if query != search and not url_leads else no_update,
        *[v if v != values[k] else no_update for k, v in shown.items()],
        list(state.basket) if list(state.basket) != (basket if isinstance(basket, list) else None) else no_update,
        notice_alert(notices) if notices else None,
        basket_notice,
        state.report if state.report != report else no_update,
    )


def with_basket(state, chosen, model):
    """The basket from the checklist: at most 4 regions (the first chosen kept), France apart."""
    chosen = [c for c in chosen if isinstance(c, str)] if isinstance(chosen, list) else []
    codes, _ = parse_basket(",".join(chosen), compare_view.region_names(model))
    regions = [c for c in codes if c != FRANCE]
    notice = None
    if len([c for c in chosen if c != FRANCE]) > MAX_REGIONS:
        notice = (f"Le panier compte au plus {MAX_REGIONS} régions (plus la France métropolitaine) : "
                  "retirez-en une avant d'en ajouter une autre.")
    return state.with_(basket=tuple(regions[:MAX_REGIONS] + ([FRANCE] if FRANCE in codes else []))), notice


@callback(
    Output(MATRIX, "figure"), Output(MATRIX_NOTE, "children"), Output(MATRIX_TABLE, "children"),
    Input(COMPARE_URL, "search"),
    State(COMPARE_URL, "pathname"),
    State(ids.IMPORTED, "data"),
    prevent_initial_call=True,
)
def update_matrix(search, pathname=PATH, imported=None):
    if pathname != PATH:
        return no_update, no_update, no_update
    model = model_for(imported)
    state, _ = compare_view.read_state(model, search)
    note = class_note_block(compare_view.class_note(model, state), state.method,
                            compare_view.method_note(state))
    return compare_view.matrix_figure(model, state), note, text_table(*compare_view.matrix_table(model, state))


@callback(
    Output(SCATTER, "figure"), Output(SCATTER_TEXT, "children"),
    Input(COMPARE_URL, "search"),
    State(COMPARE_URL, "pathname"),
    State(ids.IMPORTED, "data"),
    Input(COMPARE_NARROW, "data"),   # a phone: the scatter drawn again for its width
    prevent_initial_call=True,
)
def update_scatter(search, pathname=PATH, imported=None, narrow=None):
    if pathname != PATH:
        return no_update, no_update
    model = model_for(imported)
    state, _ = compare_view.read_state(model, search)
    view = compare_view.scatter_view(model, state, narrow is True)
    return view.figure, scatter_text(view)


@callback(
    Output(COMPARE_NAV, "href"),
    Input(MATRIX, "clickData"),
    State(COMPARE_URL, "search"),
    State(ids.IMPORTED, "data"),
    prevent_initial_call=True,
)
def open_cell(click, search, imported=None):
    """A click on a cell opens that region and domain on the home page (basket kept in the link)."""
    model = model_for(imported)
    state, _ = compare_view.read_state(model, search)
    target = clicked_cell(click, *compare_view.matrix_order(model, state))
    if target is None:
        return no_update
    region, domain = target
    if region not in compare_view.region_names(model) or domain not in model.domain_labels:
        return no_update
    basket = basket_query(state.basket)
    return f"/?region={region}&domaine={domain}" + (f"&{basket}" if basket else "")


def clicked_cell(click, regions: list[str], domains: list[str]) -> tuple[str, str] | None:
    """(region, domain) of a matrix click; None for anything else (France's row, a tampered click).

    A « n.d. » label carries its codes in customdata; a coloured cell only its position (dcc.Graph
    leaves out the customdata of a heatmap point), read against the order the matrix was drawn in.
    """
    points = click.get("points") if isinstance(click, dict) else None
    point = points[0] if isinstance(points, list) and points else None
    if not isinstance(point, dict):
        return None
    data = point.get("customdata")
    if isinstance(data, list) and len(data) >= 3 and all(isinstance(v, str) for v in data[1:3]):
        return data[1], data[2]
    row, column = point.get("y"), point.get("x")
    if (isinstance(row, int) and isinstance(column, int) and not isinstance(row, bool)
            and not isinstance(column, bool) and 0 <= row < len(regions) and 0 <= column < len(domains)):
        return regions[row], domains[column]
    return None
