"""What the server answers around the pages: headers, size limit, French errors, JSON logs."""

from __future__ import annotations

import io
import json
import logging

import pytest
from dash import Dash, Input, Output, html

import app as application
from dashboard import config
from dashboard.web import hardening

TRACEBACK_MARKERS = ("Traceback", 'File "', "KeyError", "Werkzeug Debugger")


@pytest.fixture
def own_callback_registry():
    """A second Dash app takes every global @callback at its first request: keep the app's own
    callbacks out of its reach, and put them back afterwards."""
    from dash import _callback

    saved = (
        dict(_callback.GLOBAL_CALLBACK_MAP),
        list(_callback.GLOBAL_CALLBACK_LIST),
        list(_callback.GLOBAL_INLINE_SCRIPTS),
    )
    _callback.GLOBAL_CALLBACK_MAP.clear()
    _callback.GLOBAL_CALLBACK_LIST.clear()
    _callback.GLOBAL_INLINE_SCRIPTS.clear()
    yield
    _callback.GLOBAL_CALLBACK_MAP.clear()
    _callback.GLOBAL_CALLBACK_MAP.update(saved[0])
    _callback.GLOBAL_CALLBACK_LIST[:] = saved[1]
    _callback.GLOBAL_INLINE_SCRIPTS[:] = saved[2]


@pytest.fixture(scope="module")
def client():
    return application.app.server.test_client()


def callback_body(output: str, inputs: list) -> dict:
    return {
        "output": output,
        "outputs": {"id": output.split(".")[0], "property": output.split(".")[1]},
        "inputs": inputs,
        "changedPropIds": [],
        "state": [],
    }


def test_pages_carry_the_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy and "'unsafe-eval'" not in policy
    assert "frame-ancestors 'self'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_policy_hashes_the_inline_script_dash_writes_in_its_index(client):
    import base64
    import hashlib
    import re

    page = client.get("/").get_data(as_text=True)
    inline = re.findall(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", page, re.S
    )
    inline = [s for s in inline if "alert(" not in s]  # the IE-only script sits in an HTML comment
    policy = client.get("/").headers["Content-Security-Policy"]
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_json_answers_are_not_sniffed_and_carry_no_page_policy(client):
    response = client.get("/_dash-layout")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in response.headers


def test_a_missing_file_gets_a_french_page_without_details(client):
    response = client.get("/assets/inexistant.css", headers={"Accept": "text/html"})
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "Page introuvable" in text and 'lang="fr"' in text
    assert "Content-Security-Policy" in response.headers


def test_a_missing_dash_resource_gets_french_json(client):
    response = client.get("/_dash-component-suites/dash/inexistant.js")
    assert response.status_code == 404
    assert response.get_json()["erreur"] == "Page introuvable"


def test_a_wrong_method_gets_a_french_answer(client):
    response = client.delete("/", headers={"Accept": "text/html"})
    assert response.status_code == 405
    assert "Méthode non autorisée" in response.get_data(as_text=True)


@pytest.mark.parametrize("body", [b"{", b"[1, 2]", b'{"output": 3}', b'{"inputs": "x"}', b"null"])
def test_a_malformed_callback_request_is_refused_in_french(client, body):
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["erreur"] == "Requête invalide"


def test_an_unknown_callback_is_the_client_s_mistake_a_french_400_without_traceback(client):
    response = client.post("/_dash-update-component", json=callback_body("nope.children", []))
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert response.get_json()["erreur"] == "Requête invalide"
    assert not any(marker in text for marker in TRACEBACK_MARKERS)


def test_a_request_larger_than_an_import_is_refused(client):
    too_big = b"x" * (hardening.max_request_bytes() + 1)
    response = client.post("/_dash-update-component", data=too_big, content_type="application/json")
    assert response.status_code == 413
    assert "trop volumineux" in response.get_json()["erreur"]


def test_the_limit_leaves_room_for_an_upload_sent_in_base64(monkeypatch):
    monkeypatch.setenv("IMPACT_MAX_UPLOAD_MB", "5")
    upload = 5 * 1024 * 1024
    assert hardening.max_request_bytes() >= upload * 4 / 3 + 64 * 1024
    assert hardening.max_request_bytes() < upload * 2


def test_each_request_is_logged_as_one_json_line(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(hardening.JsonFormatter())
    logger = logging.getLogger(hardening.LOGGER_NAME)
    logger.addHandler(handler)
    try:
        client.get("/donnees/regions.geojson")
    finally:
        logger.removeHandler(handler)
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["path"] == "/donnees/regions.geojson" and line["status"] == 200
    assert line["level"] == "INFO" and line["time"].endswith("+00:00")
    assert isinstance(line["duration_ms"], float) and line["bytes"] > 0


def test_an_exception_in_a_callback_leaves_the_view_and_shows_a_french_notice(
    own_callback_registry,
):
    """A separate small app (its callback is bound to it, not to the global registry)."""
    small = Dash(__name__, compress=False)
    small.layout = html.Div([html.Button(id="b"), html.Div(id="out")])

    @small.callback(Output("out", "children"), Input("b", "n_clicks"))
    def explode(n_clicks):
        raise KeyError("secret-internal-detail")

    hardening.install_hardening(small.server, small)
    client = small.server.test_client()
    client.get("/")
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert hardening.ERROR_NOTICE in layout
    response = client.post(
        "/_dash-update-component",
        json={
            "output": "out.children",
            "outputs": {"id": "out", "property": "children"},
            "inputs": [{"id": "b", "property": "n_clicks", "value": 1}],
            "changedPropIds": ["b.n_clicks"],
            "state": [],
        },
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "secret-internal-detail" not in text and "Traceback" not in text
    body = response.get_json()
    assert "out" not in body.get("response", {})  # the output is left as it was
    notice = json.dumps(body["sideUpdate"][hardening.ERROR_NOTICE], ensure_ascii=False)
    assert "erreur inattendue" in notice and "Référence" in notice


def test_concurrent_first_requests_of_a_fresh_worker_all_find_their_callback(
    monkeypatch, own_callback_registry
):
    """Dash marks its setup done before copying the callbacks in: without the lock, a request
    arriving meanwhile answers 500 « Callback function not found »."""
    import threading
    import time as _time

    import dash.dash as dash_module
    from dash import Input as In
    from dash import Output as Out
    from dash import callback as global_callback

    validate = dash_module._validate.validate_layout

    def slow_validate(*args, **kwargs):  # a large layout takes this long to check
        _time.sleep(0.3)
        return validate(*args, **kwargs)

    monkeypatch.setattr(dash_module._validate, "validate_layout", slow_validate)
    fresh = Dash(__name__, compress=False)
    fresh.layout = html.Div([html.Div(id="fresh-in"), html.Div(id="fresh-out")])
    hardening.install_hardening(fresh.server, fresh)
    statuses = []

    def call():
        response = fresh.server.test_client().post(
            "/_dash-update-component",
            json={
                "output": "fresh-out.children",
                "outputs": {"id": "fresh-out", "property": "children"},
                "inputs": [{"id": "fresh-in", "property": "children", "value": "x"}],
                "changedPropIds": ["fresh-in.children"],
                "state": [],
            },
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=call) for _ in range(6)]
    # a global @callback, as the app's are: Dash copies it in during its first-request setup
    global_callback(Out("fresh-out", "children"), In("fresh-in", "children"))(lambda value: "ok")
    for thread in threads:
        thread.start()
        _time.sleep(0.02)
    for thread in threads:
        thread.join()
    assert statuses == [200] * 6


def test_an_exception_in_a_real_callback_reaches_the_user_as_a_french_notice(client, monkeypatch):
    """The app's own on_error is in place: a failing view answers a notice, not a 500."""
    from callbacks import explore

    def broken(*args, **kwargs):
        raise RuntimeError("détail interne à ne pas montrer")

    monkeypatch.setattr(explore.views, "map_view", broken)
    from tests.web.test_client_mistakes import body_for

    body = body_for("update_map", {"home-domain.value": "emploi", "home-indicator.value": "indice",
                                   "home-region.value": "", "home-basket.data": []})
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "détail interne" not in text and "Traceback" not in text
    body = response.get_json()
    assert body.get("response", {}) == {}
    assert "erreur inattendue" in json.dumps(body["sideUpdate"], ensure_ascii=False)


def test_an_upload_of_the_maximum_size_fits_in_a_callback_request(client):
    """The import page sends one file per request, as a base64 data URL inside the JSON body."""
    import base64

    upload = base64.b64encode(b"\xff" * config.max_upload_bytes()).decode()
    body = callback_body("importer-pending.data", [])
    body["inputs"] = [{"id": "importer-pending", "property": "data", "value": {
        "filename": "x" * 120, "contents": "data:text/csv;base64," + upload}}]
    body["state"] = [{"id": "session-imported-data", "property": "data", "value": None}]
    size = len(json.dumps(body).encode())
    assert size < application.app.server.config["MAX_CONTENT_LENGTH"]
    assert size * 1.05 > config.max_upload_bytes() * 4 / 3  # the body is the upload, mostly


def test_the_limit_leaves_room_for_a_full_import_store_beside_an_upload():
    """Every request carries the session's store: at its largest (importing.MAX_ROWS rows of
    ~76 bytes with their ecart_type, measured on the test corpus) it still fits beside an upload of
    the maximum size."""
    from dashboard.imports import entry as import_entry
    from dashboard.imports import merging as importing

    texts = sum(import_entry.TEXT_LIMITS.values()) + import_entry.NAME_MAX + 500   # + url
    store = importing.MAX_ROWS * 76 + importing.MAX_FILES * texts
    assert config.max_upload_bytes() * 4 / 3 + store + 64 * 1024 < hardening.max_request_bytes()
