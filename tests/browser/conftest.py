"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against the real app.

The flags keep Chromium off the network: any request to a host other than the app fails loudly,
which proves the dashboard works offline (no CDN, no tiles).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


# The server typesets every text in French (dashboard/web/french_responses.py: no-break spaces before
# « : ; ! ? » and inside « », typographic apostrophe). Journeys assert words, so the texts they
# read are given back with plain spaces and apostrophes; tests/browser/test_typography.py reads the
# raw DOM and asserts the typography itself.
PLAIN = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2019": "'"})


def plain(text):
    """A text (or the strings of a figure's JSON) with plain spaces and straight apostrophes."""
    if isinstance(text, str):
        return text.translate(PLAIN)
    if isinstance(text, list):
        return [plain(t) for t in text]
    if isinstance(text, dict):
        return {k: plain(v) for k, v in text.items()}
    return text


@pytest.fixture(scope="session", autouse=True)
def plain_texts():
    from playwright.sync_api import Locator, Page

    originals = {}
    for cls in (Page, Locator):
        for name in ("inner_text", "text_content"):
            original = getattr(cls, name)
            originals[(cls, name)] = original
            setattr(cls, name, lambda self, *a, _o=original, **k: plain(_o(self, *a, **k)))
        original = getattr(cls, "all_inner_texts", None) if cls is Locator else None
        if original:
            originals[(cls, "all_inner_texts")] = original
            setattr(cls, "all_inner_texts", lambda self, *a, _o=original, **k: [plain(t) for t in _o(self, *a, **k)])
    yield
    for (cls, name), original in originals.items():
        setattr(cls, name, original)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server():
    from werkzeug.serving import make_server

    from app import app  # one Dash app per test process

    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


def _watch(page):
    page.console_errors = []
    page.foreign_requests = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    page.on("request", lambda r: page.foreign_requests.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")) else None)
    return page


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return _watch(context.new_page())


@pytest.fixture
def new_page(browser):
    """Factory of pages in separate browser contexts (separate users)."""
    contexts = []

    def make(width: int = 1280, height: int = 900):
        ctx = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
        contexts.append(ctx)
        return _watch(ctx.new_page())

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


def wait_for_map(page, graph_id: str = "home-map", timeout: int = 20000) -> None:
    page.wait_for_selector(f"#{graph_id} .choroplethlocation", timeout=timeout)


def figure_data(page, graph_id: str):
    return plain(page.evaluate(
        "(id) => { const g = document.getElementById(id).querySelector('.js-plotly-plot');"
        " return g ? g.data.map(t => ({z: t.z, locations: t.locations, customdata: t.customdata,"
        " x: t.x, y: t.y, text: t.text, marker: t.marker})) : null; }", graph_id))


def figure_layout(page, graph_id: str):
    return plain(page.evaluate(
        "(id) => { const g = document.getElementById(id).querySelector('.js-plotly-plot');"
        " return g ? JSON.parse(JSON.stringify(g.layout)) : null; }", graph_id))


def run_axe(page) -> list[dict]:
    """axe-core (vendored from the npm registry) injected into the page; serious/critical only."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
