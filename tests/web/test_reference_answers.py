"""The kept answers of the reference data (dashboard/web/reference_answers.py) and the shared PDF files:
a session with imports never gets them, a different parameter never gets another's answer, and a
kept answer is the very answer the callback gives."""

from __future__ import annotations

import base64
import json
import threading
from pathlib import Path

import pytest

import app as application
from dashboard.web import reference_answers
from dashboard.web.reference_answers import AnswerCache, SharedFiles, cacheable_outputs, reference_session
from layouts.ids import IMPORTED

CORPUS = Path(__file__).resolve().parents[1] / "import_corpus" / "good"
HEADERS = {"Content-Type": "application/json", "Accept-Encoding": "identity"}
server = application.app.server


def callback_key(name: str) -> str:
    from dash import _callback

    entries = {**application.app.callback_map, **_callback.GLOBAL_CALLBACK_MAP}
    return next(k for k, e in entries.items() if getattr(e.get("callback"), "__name__", "") == name)


def render_body(path: str, search: str = "", imported=None) -> bytes:
    body = {"output": callback_key("render_page"), "outputs": {"id": "page-content", "property": "children"},
            "inputs": [{"id": "url", "property": "pathname", "value": path}],
            "changedPropIds": ["url.pathname"],
            "state": [{"id": "url", "property": "search", "value": search},
                      {"id": IMPORTED, "property": "data", "value": imported}]}
    return json.dumps(body, separators=(",", ":")).encode()


def matrix_body(search: str, imported=None) -> bytes:
    body = {"output": callback_key("update_matrix"),
            "outputs": [{"id": "compare-matrix", "property": "figure"},
                        {"id": "compare-matrix-note", "property": "children"},
                        {"id": "compare-matrix-table", "property": "children"}],
            "inputs": [{"id": "compare-url", "property": "search", "value": search}],
            "changedPropIds": ["compare-url.search"],
            "state": [{"id": "compare-url", "property": "pathname", "value": "/comparer"},
                      {"id": IMPORTED, "property": "data", "value": imported}]}
    return json.dumps(body, separators=(",", ":")).encode()


@pytest.fixture(scope="module")
def cache() -> AnswerCache:
    return server.extensions["impact_reference_answers"]


@pytest.fixture(scope="module")
def shared() -> SharedFiles:
    return server.extensions["impact_reference_files"]


@pytest.fixture
def client(cache, shared):
    cache.clear()
    shared.clear()
    return server.test_client()


@pytest.fixture(scope="module")
def imported() -> dict:
    """A session store with one imported indicator (« Part des jeunes sans diplôme »)."""
    from callbacks.importer import import_file

    content = (CORPUS / "indicateur_cp1252.csv").read_bytes()
    store, _ = import_file({"contents": "data:text/csv;base64," + base64.b64encode(content).decode(),
                            "filename": "indicateur.csv"}, None)
    assert store and store["fichiers"], "the corpus file must import"
    return store


def post(client, body: bytes):
    response = client.post("/_dash-update-component", data=body, headers=HEADERS)
    assert response.status_code == 200, response.data[:300]
    return response


def test_a_kept_answer_is_the_answer_the_callback_gives(client, cache):
    first = post(client, render_body("/sources"))
    assert len(cache) == 1
    again = post(client, render_body("/sources"))
    assert again.data == first.data
    assert "«\u00a0" in again.get_data(as_text=True)   # typeset once, when kept: still typeset
    cache.clear()
    assert post(client, render_body("/sources")).data == first.data


def test_a_session_with_imports_never_gets_the_reference_answer(client, cache, imported):
    reference = post(client, render_body("/sources")).data
    assert len(cache) == 1
    with_imports = post(client, render_body("/sources", imported=imported)).data
    assert with_imports != reference
    assert "jeunes sans dipl" in with_imports.decode("utf-8")
    assert "jeunes sans dipl" not in reference.decode("utf-8")
    assert len(cache) == 1   # the session's answer is not kept either
    assert post(client, render_body("/sources")).data == reference   # nor served to the next one
    matrix = post(client, matrix_body("?methode=z")).data
    assert post(client, matrix_body("?methode=z", imported=imported)).data != matrix


def test_another_parameter_gets_its_own_answer(client, cache):
    by_method = {m: post(client, matrix_body(f"?methode={m}")).data for m in ("z", "rang")}
    assert by_method["z"] != by_method["rang"]
    assert len(cache) == 2
    assert post(client, matrix_body("?methode=rang")).data == by_method["rang"]
    assert post(client, matrix_body("?methode=z")).data == by_method["z"]
    pages = {p: post(client, render_body(p)).data for p in ("/comparer", "/sources", "/atelier")}
    assert len(set(pages.values())) == 3


def test_an_answer_kept_by_one_worker_is_read_by_the_others(client, cache, shared):
    """The workers share their kept answers through files: one computed here is read there (a
    worker's memory emptied stands for another worker)."""
    first = post(client, render_body("/atelier")).data
    files = [p for p in Path(shared.directory).iterdir() if not p.name.startswith(".")]
    assert len(files) == 1 and files[0].read_bytes() == first
    files[0].write_bytes('{"marque": "lu dans le fichier partagé"}'.encode("utf-8"))
    cache.clear()
    assert post(client, render_body("/atelier")).get_json() == {"marque": "lu dans le fichier partagé"}
    assert post(client, render_body("/atelier", imported={"version": 1, "fichiers": []})).data != \
        files[0].read_bytes()   # never for a session with imports, from memory or from files


def test_the_page_shell_is_kept_as_dash_sends_it(client, cache):
    first = client.get("/_dash-layout", headers={"Accept-Encoding": "identity"})
    assert first.status_code == 200 and len(cache) == 1
    again = client.get("/_dash-layout", headers={"Accept-Encoding": "identity"})
    assert again.data == first.data and again.mimetype == "application/json"
    assert "Aller au contenu" in again.get_data(as_text=True)


def test_only_an_empty_store_counts_as_the_reference_session():
    def body(value, with_store=True):
        state = [{"id": IMPORTED, "property": "data", "value": value}] if with_store else []
        return {"inputs": [{"id": "url", "property": "pathname", "value": "/"}], "state": state}

    assert reference_session(body(None))
    assert reference_session({"inputs": [], "state": [{"id": IMPORTED, "property": "data"}]})
    assert not reference_session(body({"version": 1, "fichiers": []}))
    assert not reference_session(body([]))
    assert not reference_session(body(None, with_store=False))   # no store declared: never kept


def test_a_kept_callback_must_declare_the_session_store():
    declared = {"k1": {"callback": _named("render_page"),
                       "inputs": [{"id": "url", "property": "pathname"}],
                       "state": [{"id": IMPORTED, "property": "data"}]}}
    assert cacheable_outputs(declared) == {"k1"}
    forgotten = {"k2": {"callback": _named("update_matrix"), "inputs": [], "state": []}}
    with pytest.raises(RuntimeError):
        cacheable_outputs(forgotten)
    every = cacheable_outputs({**application.app.callback_map,
                               **__import__("dash")._callback.GLOBAL_CALLBACK_MAP})
    assert len(every) == len(reference_answers.CACHED_CALLBACKS)


def _named(name):
    def function():
        return None
    function.__name__ = name
    return function


def test_the_answer_cache_stays_within_its_bytes():
    cache = AnswerCache(max_bytes=800)
    for i in range(20):
        cache.put(bytes([i]), b"x" * 90)
    assert cache.size <= 800 and len(cache) == 8
    assert cache.get(bytes([19])) and cache.get(bytes([0])) is None


def test_shared_files_build_once_for_concurrent_askers(tmp_path):
    files = SharedFiles("test")
    built = []

    def build():
        built.append(1)
        threading.Event().wait(0.2)
        return b"%PDF report"

    results = []
    threads = [threading.Thread(target=lambda: results.append(files.get_or_build("2026-12-01-53.pdf", build)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [b"%PDF report"] * 4 and len(built) == 1
    files.put("2026-11-30-53.pdf", b"old")
    files.remove_except("2026-12-01")
    assert files.get("2026-11-30-53.pdf") is None and files.get("2026-12-01-53.pdf") == b"%PDF report"
    with pytest.raises(ValueError):
        files.get_or_build("../escape", build)
    files._remove(creator=-1)   # a worker exiting leaves its master's files
    assert Path(files.directory).is_dir()
    files._remove(creator=__import__("os").getpid())
    assert not Path(files.directory).exists()


def test_a_report_is_built_once_per_region_profile_and_address(monkeypatch):
    import dashboard.outputs.report_process

    calls = []

    def fake_report(model, region, today=None, profile=None, public_url=None):
        calls.append((region, profile, public_url))
        return f"%PDF {region} {profile} {public_url}".encode()

    monkeypatch.setattr(dashboard.outputs.report_process, "build_isolated", fake_report)
    client = server.test_client()
    first = client.get("/rapport/84.pdf?profil=associations", base_url="http://a.example.org").data
    again = client.get("/rapport/84.pdf?profil=associations", base_url="http://a.example.org").data
    assert first == again and len(calls) == 1
    other_profile = client.get("/rapport/84.pdf?profil=elus", base_url="http://a.example.org").data
    other_address = client.get("/rapport/84.pdf?profil=associations", base_url="http://b.example.org").data
    other_region = client.get("/rapport/27.pdf?profil=associations", base_url="http://a.example.org").data
    assert len({first, other_profile, other_address, other_region}) == 4 and len(calls) == 4


def test_the_report_process_shows_the_servers_model_not_the_files(monkeypatch, caplog):
    """The report is built in a child process (IMPACT_REPORT_ISOLATION=1, the production server's) from the
    server's own Model: a name that exists only in this process's Model is printed."""
    import dataclasses
    import io
    from datetime import date

    from pypdf import PdfReader

    from dashboard.analysis.model import get_model
    from dashboard.outputs.report_process import build_isolated

    monkeypatch.setenv("IMPACT_REPORT_ISOLATION", "1")   # as gunicorn.conf.py sets it
    model = get_model()
    renamed = dataclasses.replace(model, region_names={**model.region_names, "53": "Armorique d'essai"})
    pdf = build_isolated(renamed, "53", today=date(2026, 12, 1), profile="citoyens",
                         public_url="https://impact.example.org")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Fiche région : Armorique" in text
    assert "processus séparé en échec" not in caplog.text   # built by the child, not the fallback


def callback_body(name: str, values: dict, changed: list[str]) -> bytes:
    """The body the browser sends for callback `name` (plain ids only), values by "id.prop"."""
    from dash import _callback

    entries = {**application.app.callback_map, **_callback.GLOBAL_CALLBACK_MAP}
    key, entry = next((k, e) for k, e in entries.items() if getattr(e.get("callback"), "__name__", "") == name)
    many = isinstance(entry["output"], (list, tuple))
    outputs = [{"id": o.component_id_str(), "property": o.component_property}
               for o in (entry["output"] if many else [entry["output"]])]

    def item(dep):
        name = f"{dep['id']}.{dep['property']}"
        return {"id": dep["id"], "property": dep["property"], **({"value": values[name]} if name in values else {})}

    body = {"output": key, "outputs": outputs if many else outputs[0],
            "inputs": [item(d) for d in entry["inputs"]], "changedPropIds": changed,
            "state": [item(d) for d in entry["state"]]}
    return json.dumps(body, separators=(",", ":")).encode()


def test_a_home_view_with_imports_is_computed_for_that_session(client, cache, imported):
    """The home page's region view: the session's imported indicator (Éducation) is in its answer,
    never in the kept reference one, and each region has its own."""
    from layouts import ids

    def view(region, store=None):
        return post(client, callback_body("update_region_view", {
            f"{ids.REGION}.value": region, f"{ids.BASKET}.data": [], f"{ids.IMPORTED}.data": store,
            f"{ids.PROFILE}.value": "citoyens"}, [f"{ids.REGION}.value"])).get_data(as_text=True)

    reference = view("53")
    assert view("53") == reference and len(cache) == 1
    with_imports = view("53", imported)
    assert "jeunes sans dipl" in with_imports and "jeunes sans dipl" not in reference
    assert view("53") == reference and len(cache) == 1
    assert view("11") != reference and len(cache) == 2
