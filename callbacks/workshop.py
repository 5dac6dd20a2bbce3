"""Workshop callbacks: the URL (changed by assets/workshop.js on a key press) picks the slide, and
the window's size (written by the browser) sizes its charts."""

from __future__ import annotations

from dash import Input, Output, State, callback, clientside_callback, no_update

from dashboard.analysis.model import model_for
from dashboard.views.workshop import has_series, parse_viewport, parse_workshop_query
from layouts import ids
from layouts.pages.workshop import WORKSHOP_STEP, WORKSHOP_URL, WORKSHOP_VIEWPORT, step_content

# The window's size, read when the page opens (assets/workshop.js updates it on resize); nothing
# is sent when the slide on screen was already drawn for this size.
clientside_callback(
    """function (search) {
        var size = {w: window.innerWidth, h: window.innerHeight};
        var slide = document.querySelector('.workshop-step[data-viewport]');
        if (slide && slide.getAttribute('data-viewport') === size.w + 'x' + size.h) {
            return window.dash_clientside.no_update;
        }
        return size;
    }""",
    Output(WORKSHOP_VIEWPORT, "data"),
    Input(WORKSHOP_URL, "search"),
)


@callback(
    Output(WORKSHOP_STEP, "children"),
    Input(WORKSHOP_URL, "search"),
    Input(WORKSHOP_VIEWPORT, "data"),
    State(WORKSHOP_URL, "pathname"),
    State(ids.IMPORTED, "data"),
    prevent_initial_call=True,
)
def show_step(search, viewport=None, pathname="/atelier", imported=None):
    # Esc pushes « /?region=… » before the router swaps the page: nothing to draw then
    if pathname != "/atelier":
        return no_update
    model = model_for(imported)
    state, notices = parse_workshop_query(search, model.domain_ids, has_series(model))
    return step_content(model, state, notices, parse_viewport(viewport))
