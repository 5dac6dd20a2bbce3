"""Which page the path shows; an unknown path gets a French « page introuvable ». The navigation
menu of narrow screens opens on its button and closes when a page is chosen."""

from __future__ import annotations

from dash import Input, Output, State, callback, clientside_callback, html

from dashboard.analysis.model import model_for
from layouts import ids
from layouts.pages import PAGES, load_all
from layouts.shell import NAV_COLLAPSE, NAV_TOGGLER

load_all()


def not_found(path: str) -> html.Div:
    return html.Div([
        html.H1("Page introuvable", className="h2"),
        html.P(f"L'adresse « {path[:80]} » ne correspond à aucune page du tableau de bord."),
        html.A("Revenir à la carte des régions", href="/", className="btn btn-primary"),
    ], className="not-found")


@callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"), State(ids.URL, "search"),
          State(ids.IMPORTED, "data"))
def render_page(pathname, search, imported):
    path = pathname or "/"
    page = PAGES.get(path) if isinstance(path, str) else None  # a tampered request: not found
    if page is None:
        return not_found(str(pathname))
    return page(model_for(imported), search)


# in the browser: the menu answers at once, even while the server is busy
clientside_callback(
    """function (clicks, path, open) {
        const fired = window.dash_clientside.callback_context.triggered_id;
        const now = fired === "%s" ? !open : false;
        return [now, String(now)];
    }""" % NAV_TOGGLER,
    Output(NAV_COLLAPSE, "is_open"),
    Output(NAV_TOGGLER, "aria-expanded"),
    Input(NAV_TOGGLER, "n_clicks"),
    Input(ids.URL, "pathname"),
    State(NAV_COLLAPSE, "is_open"),
    prevent_initial_call=True,
)


def warm_pages() -> None:
    """Build every page and the first answers of /comparer and /atelier once with the reference
    data, in the gunicorn master before the workers fork: what a process does only at its first
    such answer (imports, plotly's validators, lookups; 1,2 s for /comparer's first page against
    0,2 s after; each region's series, 0,1-0,3 s; the matrix cells of each method, 0,4 s) is then
    done once for all workers. Their answers themselves are kept per worker
    (dashboard/web/reference_answers.py)."""
    import plotly.io as pio

    from callbacks.compare import update_matrix, update_scatter
    from callbacks.workshop import show_step
    from dashboard.analysis import matrix
    from dashboard.views import region as region_view
    from dashboard.analysis.compare import METHODS
    from dashboard.views.compare import PROFILE
    from dashboard.analysis.model import get_model
    from dashboard.data.schema import REGION_CODES

    model = get_model()
    for region in REGION_CODES:   # each workshop step asks whether the region has a series
        region_view.region_trends(model, region)
        region_view.region_summary(model, region)
        region_view.similar_regions(model, region)
    for method in METHODS:   # the matrix's default colouring under each method (its rank-class
        # note compares them all); the other colourings and the report's rows on first use
        matrix.matrix_cells(model, "indice", method, PROFILE)
    for path, page in PAGES.items():
        page(model, "").to_plotly_json()
    pio.to_json(update_matrix("", "/comparer", None)[0], validate=False)
    pio.to_json(update_scatter("", "/comparer", None)[0], validate=False)
    for step in range(1, 9):
        show_step(f"?region=53&etape={step}", {"w": 1920, "h": 1080}, "/atelier", None)
