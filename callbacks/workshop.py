"""Workshop callbacks: the URL (changed by assets/workshop.js on a key press) picks the slide."""

from __future__ import annotations

from dash import Input, Output, State, callback, no_update

from dashboard.model import model_for
from dashboard.workshop import parse_workshop_query
from layouts import ids
from layouts.pages.workshop import WORKSHOP_STEP, WORKSHOP_URL, step_content


@callback(
    Output(WORKSHOP_STEP, "children"),
    Input(WORKSHOP_URL, "search"),
    State(WORKSHOP_URL, "pathname"),
    State(ids.IMPORTED, "data"),
    prevent_initial_call=True,
)
def show_step(search, pathname, imported=None):
    # Esc pushes « /?region=… » before the router swaps the page: nothing to draw then
    if pathname != "/atelier":
        return no_update
    model = model_for(imported)
    state, notices = parse_workshop_query(search, model.domain_ids)
    return step_content(model, state, notices)
