"""Issue 13, case 6: a client's mistake is a short French 400 and one WARNING line (no traceback),
an unknown path a French 404, and the error notice of the import page clears after a success."""

from __future__ import annotations

import base64
import json
import logging

import pytest

import app as application
from dashboard.web import hardening

TRACEBACK_MARKERS = ("Traceback", 'File "', "KeyError", "IndexError")


@pytest.fixture(scope="module")
def client():
    return application.app.server.test_client()


@pytest.fixture
def warnings_logged():
    """The WARNING (and higher) records of the app's logger during the test."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                records.append(record)

    logger = logging.getLogger(hardening.LOGGER_NAME)
    handler = Keep()
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def body_for(function_name: str, values: dict) -> dict:
    """The body the browser sends for a callback, built from the app's own callback map."""
    from dash import _callback

    entries = {**application.app.callback_map, **_callback.GLOBAL_CALLBACK_MAP}
    key, entry = next((k, e) for k, e in entries.items()
                      if "callback" in e and e["callback"].__name__ == function_name)

    def item(dep):
        return {"id": dep["id"], "property": dep["property"],
                "value": values.get(f"{dep['id']}.{dep['property']}")}

    outputs = [{"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
               for part in key.strip(".").split("...")]
    return {"output": key, "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": [item(d) for d in entry["inputs"]], "state": [item(d) for d in entry["state"]],
            "changedPropIds": [f"{entry['inputs'][0]['id']}.{entry['inputs'][0]['property']}"]}


def assert_french_400(response, warnings_logged):
    assert response.status_code == 400
    assert response.get_json() == {"erreur": "Requête invalide", "message":
                                   "La requête envoyée au serveur n'a pas pu être comprise."}
    assert len(warnings_logged) == 1 and warnings_logged[0].levelno == logging.WARNING
    assert warnings_logged[0].exc_info is None
    assert not any(m in response.get_data(as_text=True) for m in TRACEBACK_MARKERS)


def test_an_unknown_callback_output_is_a_french_400_and_one_warning(client, warnings_logged):
    body = body_for("render_page", {"url.pathname": "/"})
    body["output"] = "page-content.nope"
    assert_french_400(client.post("/_dash-update-component", json=body), warnings_logged)


@pytest.mark.parametrize("change", ["one input too many", "one input missing", "a state missing"])
def test_a_wrong_number_of_inputs_is_a_french_400_and_one_warning(client, warnings_logged, change):
    body = body_for("render_page", {"url.pathname": "/"})
    if change == "one input too many":
        body["inputs"].append({"id": "x", "property": "y", "value": 1})
    elif change == "one input missing":
        body["inputs"] = []
    else:
        body["state"] = body["state"][:-1]
    assert_french_400(client.post("/_dash-update-component", json=body), warnings_logged)


def test_json_nested_5000_deep_is_a_french_400_and_one_warning(client, warnings_logged):
    nested = "[" * 5000 + "]" * 5000
    text = json.dumps(body_for("render_page", {"url.pathname": "/"})).replace("null", nested, 1)
    response = client.post("/_dash-update-component", data=text, content_type="application/json")
    assert_french_400(response, warnings_logged)


def test_brackets_inside_strings_are_not_mistaken_for_nesting(client):
    body = body_for("render_page", {"url.pathname": "/sources", "url.search": "?x=" + "[" * 300})
    assert client.post("/_dash-update-component", json=body).status_code == 200


def test_the_depth_check_reads_a_full_session_store_to_its_real_depth():
    """(Its cost is measured by benchmarks/, not asserted here: a timed assertion fails on a busy
    machine, not on slow code.)"""
    from dashboard.web.client_errors import json_depth

    row = ["53", "emploi", "citoyens", 2023, 6.4, 800, None]
    store = {"version": 1, "fichiers": [{"nom": "a", "type": "perception", "lignes": [row] * 20_000}]}
    raw = json.dumps({"output": "x", "state": [{"value": store}]}).encode()
    assert json_depth(raw) == 8


def test_a_well_formed_callback_still_answers(client):
    response = client.post("/_dash-update-component",
                           json=body_for("render_page", {"url.pathname": "/sources"}))
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/nope", "/comparer/x", "/wp-admin.php", "/importer/"])
def test_an_unknown_path_is_a_french_404_page(client, path):
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "Page introuvable" in text and '<html lang="fr">' in text
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/comparer", "/atelier", "/sources", "/importer"])
def test_every_page_still_answers(client, path):
    assert client.get(path).status_code == 200


def test_a_completed_import_clears_an_earlier_error_notice(client):
    content = "region;domaine;profil;annee;note\nBretagne;Emploi;citoyens;2023;6,4\n".encode()
    pending = {"filename": "r.csv",
               "contents": "data:text/csv;base64," + base64.b64encode(content).decode()}
    body = body_for("import_file", {"importer-pending.data": pending})
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    side = response.get_json()["sideUpdate"]
    assert side[hardening.ERROR_NOTICE] == {"children": None, "className": "app-error-notice"}
    assert "est importé" in json.dumps(response.get_json()["response"], ensure_ascii=False)
