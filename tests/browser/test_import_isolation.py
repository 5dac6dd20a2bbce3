"""Importing in a real browser: an upload is seen only by the browser session that made it; a bad
file changes nothing; the templates download and import back; no console error."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import run_axe

CORPUS = Path(__file__).resolve().parents[1] / "import_corpus"
SURVEY = "Région;Domaine;Profil;Année;Note;Effectif\r\nBretagne;Emploi;Citoyens;2023;9,7;800\r\n"
FILE_INPUT = "#importer-upload input[type=file]"


def open_importer(page, live_server):
    page.goto(f"{live_server}/importer")
    page.wait_for_selector("#importer-active p", timeout=20000)


def upload(page, path: Path, outcome: str = ".import-accepted"):
    """Drop a file, then wait for the outcome that names it (the previous file's may still show)."""
    page.set_input_files(FILE_INPUT, str(path))
    page.wait_for_selector(f'#importer-result {outcome}:has-text("« {path.name} »")', timeout=20000)


def text_once_it_holds(page, selector: str, expected: str) -> str:
    """The element's text once it holds `expected`: the list of active imports is redrawn by a
    callback chained after the upload's, so it may still be on its way when the upload is shown.
    After 20 s, the text as it is (the caller's assertion then says what was there instead)."""
    try:
        page.wait_for_selector(f'{selector}:has-text("{expected}")', timeout=20000)
    except PlaywrightTimeout:
        pass
    return page.inner_text(selector)


def region_view(page, live_server) -> str:
    page.goto(f"{live_server}/?region=53&domaine=emploi")
    page.wait_for_selector("#domain-panel-emploi", timeout=20000)
    return page.inner_text("#home-region-domains")


def stored(page):
    raw = page.evaluate("() => window.sessionStorage.getItem('session-imported-data')")
    return json.loads(raw) if raw else None


def assert_clean(*pages):
    for page in pages:
        assert page.console_errors == []
        assert page.foreign_requests == []


def test_an_upload_is_seen_only_by_the_browser_session_that_made_it(new_page, live_server, tmp_path):
    survey = tmp_path / "enquete-bretagne.csv"
    survey.write_bytes(SURVEY.encode("cp1252"))   # as French Excel saves it
    a, b = new_page(), new_page()
    open_importer(a, live_server)
    open_importer(b, live_server)
    upload(a, survey)
    assert "« enquete-bretagne.csv » est importé" in a.inner_text("#importer-result")
    assert "1 fichier importé" in text_once_it_holds(a, "#importer-active", "1 fichier importé")
    b.reload()
    b.wait_for_selector("#importer-active p")
    assert "Aucune donnée importée" in b.inner_text("#importer-active")

    seen_by_a, seen_by_b = region_view(a, live_server), region_view(b, live_server)
    panel_a = a.inner_text("#domain-panel-emploi summary")
    assert "Données importées" in panel_a and "perçu : 9,7 / 10" in panel_a
    assert "Données importées" not in seen_by_b and "9,7 / 10" not in seen_by_b
    assert "Données importées" in seen_by_a
    assert stored(b) is None
    assert_clean(a, b)


def test_a_bad_file_lists_its_problems_and_changes_nothing(new_page, live_server, tmp_path):
    page = new_page()
    survey = tmp_path / "bon.csv"
    survey.write_bytes(SURVEY.encode("cp1252"))
    open_importer(page, live_server)
    upload(page, survey)
    before = stored(page)
    upload(page, CORPUS / "bad" / "ancienne_region_rhone_alpes.csv", ".import-refused")
    text = page.inner_text("#importer-result")
    assert "n'est pas importé" in text and "Rien n'a changé" in text
    assert "ligne 2, colonne A (region) : « Rhône-Alpes » est une ancienne région" in text
    upload(page, CORPUS / "bad" / "image.png", ".import-refused")
    assert "c'est une image PNG" in page.inner_text("#importer-result")
    assert stored(page) == before
    assert "1 fichier importé" in text_once_it_holds(page, "#importer-active", "1 fichier importé")
    assert "perçu : 9,7 / 10" in (region_view(page, live_server))
    assert_clean(page)


def test_a_file_over_the_limit_is_refused_in_the_browser_without_being_sent(new_page, live_server, tmp_path):
    page = new_page()
    big = tmp_path / "gros.csv"
    big.write_bytes(b"region;domaine;profil;annee;note\n" + b"53;emploi;citoyens;2023;6\n" * 260_000)
    posts = []
    page.on("request", lambda r: posts.append(len(r.post_data_buffer or b"")) if r.method == "POST" else None)
    open_importer(page, live_server)
    upload(page, big, ".import-refused")
    assert "la taille maximale d'un import est 5 Mo (réglage IMPACT_MAX_UPLOAD_MB)" in \
        page.inner_text("#importer-result")
    assert max(posts, default=0) < 1024 * 1024
    assert stored(page) is None
    assert_clean(page)


def test_going_back_to_the_reference_data_forgets_the_imports(new_page, live_server, tmp_path):
    page = new_page()
    survey = tmp_path / "enquete.csv"
    survey.write_bytes(SURVEY.encode("utf-8"))
    open_importer(page, live_server)
    upload(page, survey)
    page.click("#importer-reset")
    page.wait_for_selector("#importer-active .import-none")
    assert stored(page) is None
    assert "Données importées" not in region_view(page, live_server)
    open_importer(page, live_server)
    upload(page, survey)   # the same file again, after the reset
    assert "1 fichier importé" in text_once_it_holds(page, "#importer-active", "1 fichier importé")
    assert_clean(page)


def test_the_templates_download_and_the_survey_template_imports_back(new_page, live_server, tmp_path):
    page = new_page()
    open_importer(page, live_server)
    names = {}
    for kind in ("perception", "indicateur"):
        for fmt in ("csv", "xlsx"):
            with page.expect_download() as download:
                page.click(f"#importer-template-{kind}-{fmt}")
            target = tmp_path / download.value.suggested_filename
            download.value.save_as(target)
            names[(kind, fmt)] = target
    assert names[("perception", "xlsx")].name == "modele-perception.xlsx"
    assert names[("indicateur", "csv")].read_bytes().startswith(b"\xef\xbb\xbflibell\xc3\xa9;")
    upload(page, names[("perception", "xlsx")])
    upload(page, names[("indicateur", "csv")], ".import-refused")   # values still to fill
    assert "aucune valeur dans le tableau" in page.inner_text("#importer-result")
    assert_clean(page)


def test_the_import_page_has_no_serious_accessibility_problem(browser, live_server, tmp_path):
    # axe is injected as a script tag: this context alone lets it past the app's CSP
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        open_importer(page, live_server)
        survey = tmp_path / "enquete.csv"
        survey.write_bytes(SURVEY.encode("utf-8"))
        upload(page, survey)
        assert page.get_by_label("Glissez-déposez un fichier CSV ou XLSX ici").count() == 1
        violations = run_axe(page)
        assert violations == [], [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    finally:
        context.close()
