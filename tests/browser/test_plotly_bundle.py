"""dcc.Graph draws with our small plotly.js bundle (dashboard/web/serving.py) in a real headless Chromium.

Self-contained: a tiny Dash app built here (no callbacks: Dash hands `@callback` registrations to
the first app set up, and the real app must get them), served by werkzeug on port 0 in a thread.
Chromium is the session `browser` of tests/browser/conftest.py when present (Playwright's sync
API cannot run twice in one process), else launched here with the same flags.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
GEOMETRY = ROOT / "data" / "regions.geojson"
CONFIG = {"locale": "fr", "topojsonURL": "/assets/topojson/", "displaylogo": False}
PLOTLY_REQUEST = re.compile(r"/_dash-component-suites/plotly/package_data/plotly[^/]*\.js")
BAR_X = ["Bretagne", "Corse", "Normandie"]


@contextlib.contextmanager
def _global_callbacks_set_aside():
    """Dash moves the process-wide `@callback` registrations into the first app set up: not ours."""
    from dash import _callback, _get_app

    saved = [(store, store.copy()) for store in (
        _callback.GLOBAL_CALLBACK_LIST, _callback.GLOBAL_CALLBACK_MAP,
        _callback.GLOBAL_INLINE_SCRIPTS, _callback.GLOBAL_API_PATHS)]
    app_before = _get_app.APP
    for store, _ in saved:
        store.clear()
    try:
        yield
    finally:
        for store, copy in saved:
            store.clear()
            store.extend(copy) if isinstance(store, list) else store.update(copy)
        _get_app.APP = app_before  # Dash() makes itself dash.get_app()'s answer


def _figures() -> dict:
    geometry = json.loads(GEOMETRY.read_text(encoding="utf-8"))
    codes = [f["properties"]["code"] for f in geometry["features"]]
    choropleth = {
        "data": [{"type": "choropleth", "geojson": geometry, "locations": codes, "z": list(range(len(codes))),
                  "featureidkey": "properties.code"}],
        "layout": {"geo": {"fitbounds": "locations", "visible": False}, "height": 400},
    }
    bars = {"data": [{"type": "bar", "x": BAR_X, "y": [0.2, 0.45, 0.7]}], "layout": {"height": 300}}
    heatmap = {"data": [{"type": "heatmap", "z": [[1, 2, 3], [4, 5, 6]]}], "layout": {"height": 300}}
    return {"map": choropleth, "bars": bars, "heat": heatmap}


@pytest.fixture(scope="module")
def bundle_app():
    from dash import Dash, dcc, html

    from dashboard.web.serving import serve_custom_plotly_bundle

    with _global_callbacks_set_aside():
        app = Dash(__name__, assets_folder=str(ROOT / "assets"), use_pages=False, compress=True,
                   assets_ignore=r"^(?!plotly-locale-fr\.js$)")  # the locale only: no app styles or scripts
        app.layout = html.Div([dcc.Graph(id=name, figure=figure, config=CONFIG)
                               for name, figure in _figures().items()])
        serve_custom_plotly_bundle(app.server)
        app.server.test_client().get("/")  # Dash sets itself up on its first request
    return app


@pytest.fixture(scope="module")
def bundle_server(bundle_app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, bundle_app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def chromium(request):
    try:
        shared = request.getfixturevalue("browser")
    except pytest.FixtureLookupError:
        shared = None
    if shared is not None:
        yield shared
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def loaded(chromium, bundle_server):
    """The page once every graph is drawn, with its console errors and the plotly.js response."""
    context = chromium.new_context(viewport={"width": 1000, "height": 1400})
    page = context.new_page()
    errors, foreign, plotly = [], [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(bundle_server) else None)
    page.on("response", lambda r: plotly.append(r) if PLOTLY_REQUEST.search(r.url) else None)
    page.goto(bundle_server)
    page.wait_for_selector("#map .choroplethlocation", timeout=20000)
    page.wait_for_selector("#bars .bars .point path", timeout=20000)
    page.wait_for_selector("#heat .hm image", timeout=20000)
    yield page, errors, foreign, plotly
    context.close()


def test_the_bundle_is_built_from_the_plotly_js_that_plotly_py_ships():
    from plotly.offline import get_plotlyjs_version

    from dashboard.web.serving import bundle_version

    assert bundle_version() == get_plotlyjs_version()


def test_dcc_graph_gets_plotly_js_from_our_bundle_compressed_and_revalidated(loaded):
    _, _, _, plotly = loaded
    assert len(plotly) == 1, [r.url for r in plotly]
    response = plotly[0]
    body = response.body()
    assert response.status == 200
    assert body.startswith(b"/*! plotly.js v") and b"custom bundle" in body[:200]
    assert 1_000_000 < len(body) < 2_000_000  # plotly.py's full plotly.min.js is 4,8 Mo
    headers = response.all_headers()
    assert headers["content-type"].startswith("text/javascript")
    assert headers["content-encoding"] in ("br", "gzip")
    assert "no-cache" in headers["cache-control"] and headers.get("etag")


def test_the_bundle_defines_the_global_plotly_dcc_graph_calls(loaded):
    page = loaded[0]
    from plotly.offline import get_plotlyjs_version

    assert page.evaluate("typeof window.Plotly.register") == "function"
    assert page.evaluate("window.Plotly.version") == get_plotlyjs_version()


def test_choropleth_bar_and_heatmap_are_drawn(loaded):
    page = loaded[0]
    assert page.locator("#map .choroplethlocation").count() == 13
    assert page.locator("#bars .bars .point path").count() == len(BAR_X)
    assert page.locator("#heat .hm image").count() == 1


def test_the_french_locale_asset_applies_to_graphs_with_locale_fr(loaded):
    page = loaded[0]
    titles = page.eval_on_selector_all("#bars .modebar-btn", "els => els.map(e => e.getAttribute('data-title'))")
    assert "Télécharger le graphique en fichier PNG" in titles
    ticks = page.eval_on_selector_all("#bars .ytick text", "els => els.map(e => e.textContent)")
    assert any(re.fullmatch(r"0,\d", tick) for tick in ticks), ticks  # the locale's decimal comma
    assert page.evaluate("document.querySelector('#bars .js-plotly-plot')._fullLayout.separators")[0] == ","


def test_the_page_is_offline_and_the_console_clean(loaded):
    _, errors, foreign, _ = loaded
    assert foreign == []
    assert errors == []


@pytest.mark.parametrize("path", [
    "/_dash-component-suites/plotly/package_data/plotly.min.js",
    "/_dash-component-suites/plotly/package_data/plotly.v7_1_0m1795391059.min.js",  # eager_loading=True
])
def test_both_urls_dash_uses_for_plotly_get_the_bundle_and_a_304_when_unchanged(bundle_app, path):
    client = bundle_app.server.test_client()
    first = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert first.status_code == 200 and first.headers["Content-Encoding"] == "gzip"
    again = client.get(path, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    plain = client.get(path)
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    assert plain.data.startswith(b"/*! plotly.js v") and len(plain.data) < 2_000_000


def test_other_component_files_are_still_served_by_dash(bundle_app):
    response = bundle_app.server.test_client().get("/_dash-component-suites/dash/dcc/async-graph.js")
    assert response.status_code == 200 and b"custom bundle" not in response.data[:300]
