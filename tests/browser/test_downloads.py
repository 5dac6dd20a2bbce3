"""Regional PDF reports and chart images, fetched over HTTP from the live app.

Both render through one kaleido/Chromium process kept alive by dashboard/outputs/images.py (started by
the first image of the session, shared by every test here).
"""

from __future__ import annotations

from tests.browser.conftest import plain

import io
import struct
import urllib.error
import urllib.request

import pytest
from pypdf import PdfReader

from dashboard.analysis.model import get_model
from dashboard.data.schema import REGION_CODES


def fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.parametrize("code", REGION_CODES)
def test_every_region_gets_its_a4_report(live_server, code):
    """Its time is measured by benchmarks/ (a timed assertion fails on a busy CI machine, not on a
    slow report)."""
    status, headers, body = fetch(f"{live_server}/rapport/{code}.pdf")
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert len(body) <= 2_000_000

    reader = PdfReader(io.BytesIO(body))
    assert 2 <= len(reader.pages) <= 8
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    name = get_model().region_names[code].replace("'", "’")  # printed in French typography
    for expected in (f"Fiche région : {name}", "Chiffres clés", "Les 16 domaines", "Précautions de lecture",
                     "Sources", "Insee", "illustratif", f"/?region={code}", "généré le"):
        assert expected in text, expected
    assert len(reader.pages[0].images) >= 1  # the locator map; the quadrant after the measured table
    assert sum(len(page.images) for page in reader.pages) >= 2


def test_unknown_region_report_is_a_french_404(live_server):
    status, headers, body = fetch(f"{live_server}/rapport/99.pdf")
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    assert "Aucune région ne porte le code « 99 »" in body.decode("utf-8")


def _png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


def test_chart_png_is_slide_sized_and_svg_carries_title_and_source(live_server):
    status, headers, png = fetch(f"{live_server}/export/comparaison.png?domaine=emploi&region=53")
    assert status == 200 and png.startswith(b"\x89PNG\r\n\x1a\n")
    assert _png_size(png) == (1920, 1080)
    assert 'filename="comparaison-emploi-53.png"' in headers["Content-Disposition"]

    query = "domaine=securite&indicateur=cambriolages_2021"
    status, headers, svg = fetch(f"{live_server}/export/carte.svg?{query}")
    text = plain(svg.decode("utf-8"))           # the image is typeset: read its words
    assert status == 200 and headers["Content-Type"].startswith("image/svg+xml")
    assert "Cambriolages de logement enregistrés" in text and "Source : " in text and "SSMSI" in text


def test_quadrant_image_without_region_is_a_french_400(live_server):
    status, _, body = fetch(f"{live_server}/export/quadrant.png?domaine=emploi")
    assert status == 400 and "ajoutez « region=&lt;code&gt; »" in body.decode("utf-8")


def test_home_download_links_follow_the_view_and_download(page, live_server):
    page.goto(f"{live_server}/?region=53&domaine=emploi")
    page.wait_for_selector("#home-map .choroplethlocation", timeout=20000)
    carte_png = "a.export-link[href^='/export/carte.png']"
    assert "domaine=emploi" in page.get_attribute(carte_png, "href")
    assert page.locator("a.export-link").count() == 12  # carte, comparaison, quadrant x 4 formats

    # Back/Forward and every control change the URL: the links must follow it
    page.evaluate("history.pushState({}, '', '/?region=84&domaine=securite');"
                  "window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'))")
    page.wait_for_function("(s) => document.querySelector(s).getAttribute('href').includes('securite')",
                           arg=carte_png, timeout=10000)
    assert "region=84" in page.get_attribute("a.export-link[href^='/export/quadrant.csv']", "href")

    # a choice in a picker, and the basket, reach the links too
    page.select_option("#home-domain", "emploi")
    page.wait_for_function("(s) => document.querySelector(s).getAttribute('href') === "
                           "'/export/carte.png?region=84&domaine=emploi'", arg=carte_png, timeout=10000)
    page.click("#home-basket-toggle")
    page.wait_for_function("(s) => document.querySelector(s).getAttribute('href').endsWith('&panier=84')",
                           arg=carte_png, timeout=10000)

    # a tampered link: the page corrects it, and so do the download links
    page.goto(f"{live_server}/?region=53&domaine=emploi&indicateur=zz")
    page.wait_for_selector("#home-map .choroplethlocation", timeout=20000)
    page.wait_for_selector(".url-notice", timeout=10000)
    assert page.get_attribute(carte_png, "href") == "/export/carte.png?region=53&domaine=emploi"

    page.goto(f"{live_server}/?region=84&domaine=securite")
    page.wait_for_selector("#home-map .choroplethlocation", timeout=20000)
    with page.expect_download() as download:
        page.click("a.export-link[href^='/export/comparaison.csv']")
    assert download.value.suggested_filename == "comparaison-securite-84.csv"
    page.wait_for_selector("#report-link[href='/rapport/84.pdf']", timeout=10000)
    with page.expect_download(timeout=30000) as download:
        page.click("#report-link")
    assert download.value.suggested_filename == "fiche-region-84-auvergne-rhone-alpes.pdf"
    assert page.console_errors == []


# -- a session's imports in its downloads (issue 6), the comparison page's exports (issue 4) -------

SURVEY = "Région;Domaine;Profil;Année;Note;Effectif\r\nBretagne;Santé;Citoyens;2023;9,7;800\r\n"


def _menu(chart: str) -> str:
    """The download group of a chart (Dash writes a dict id as sorted JSON)."""
    return f"""[id='{{"chart":"{chart}","type":"export-menu"}}']"""


def _download(page, tmp_path, selector: str, timeout: int = 30000):
    with page.expect_download(timeout=timeout) as download:
        page.click(selector)
    target = tmp_path / f"{id(download)}-{download.value.suggested_filename}"
    download.value.save_as(target)
    return download.value.suggested_filename, target.read_bytes()


def _pdf_text(data: bytes) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_a_session_downloads_its_imported_values_and_another_session_does_not(new_page, live_server,
                                                                              tmp_path):
    import pandas as pd

    survey = tmp_path / "enquete-bretagne.csv"
    survey.write_bytes(SURVEY.encode("cp1252"))
    mine, other = new_page(), new_page()
    mine.goto(f"{live_server}/importer")
    mine.wait_for_selector("#importer-active p", timeout=20000)
    mine.set_input_files("#importer-upload input[type=file]", str(survey))
    mine.wait_for_selector("#importer-result .import-accepted", timeout=20000)

    for page in (mine, other):
        page.goto(f"{live_server}/?region=53&domaine=sante")
        page.wait_for_selector("#home-map .choroplethlocation", timeout=20000)
        page.wait_for_selector(".report-menu", timeout=20000)
    mine.wait_for_selector(f"{_menu('comparaison')}.has-imports", timeout=10000)
    mine.wait_for_selector(".report-menu.has-imports", timeout=10000)
    assert not mine.is_visible(f"{_menu('comparaison')} a.export-link")  # the buttons replace the links
    assert "has-imports" not in other.get_attribute(_menu("comparaison"), "class")

    name, csv = _download(mine, tmp_path, f"{_menu('comparaison')} button:has-text('Données CSV')")
    assert name == "comparaison-sante-53-donnees-importees.csv"
    rows = pd.read_csv(io.BytesIO(csv), sep=";", decimal=",", encoding="utf-8-sig",
                       dtype={"code_region": str}).set_index("code_region")
    assert rows.loc["53", "note_percue_sur_10"] == 9.7 and rows.loc["53", "nature_perception"] == "importé"
    name, pdf = _download(mine, tmp_path, ".report-menu button", timeout=60000)
    assert name == "fiche-region-53-bretagne-donnees-importees.pdf"
    text = _pdf_text(pdf)
    assert "Données importées (cette session)" in text and "ressenti 9,7/10 (importé)" in text
    assert "fichier « enquete-bretagne.csv »" in text

    name, csv = _download(other, tmp_path, f"{_menu('comparaison')} a.export-link[href*='.csv']")
    assert name == "comparaison-sante-53.csv"
    rows = pd.read_csv(io.BytesIO(csv), sep=";", decimal=",", encoding="utf-8-sig",
                       dtype={"code_region": str}).set_index("code_region")
    assert rows.loc["53", "note_percue_sur_10"] != 9.7 and "importé" not in set(rows["nature_perception"])
    name, pdf = _download(other, tmp_path, "#report-link", timeout=60000)
    assert name == "fiche-region-53-bretagne.pdf"
    text = _pdf_text(pdf)
    assert "importées" not in text and "9,7/10" not in text
    for page in (mine, other):
        assert page.console_errors == [] and page.foreign_requests == []


def test_the_comparison_page_charts_download_and_follow_the_view(page, live_server, tmp_path):
    import pandas as pd

    from dashboard.views import compare as compare_view
    from dashboard.analysis import matrix

    page.goto(f"{live_server}/comparer?methode=rang&couleur=perception&panier=53")
    page.wait_for_selector("#compare-matrix .heatmaplayer", timeout=20000)
    assert page.locator(".compare-page a.export-link").count() == 8  # matrice, nuage x 4 formats
    name, csv = _download(page, tmp_path, f"{_menu('matrice')} a.export-link[href*='.csv']")
    assert name == "matrice-perception-rang.csv"
    frame = pd.read_csv(io.BytesIO(csv), sep=";", decimal=",", encoding="utf-8-sig",
                        dtype={"code_region": str}).set_index(["code_region", "code_domaine"])
    cells = matrix.matrix_cells(get_model(), "perception", "rang", compare_view.PROFILE)
    for cell in cells.dropna(subset=["shown"]).itertuples():
        assert frame.loc[(cell.region_code, cell.domain_id), "valeur"] == cell.shown
    assert set(frame.loc["53", "panier"]) == {"oui"}

    page.click("label:has-text('Score z')")  # the method changes the URL, the links follow it
    page.wait_for_function("(s) => document.querySelector(s).getAttribute('href').includes('methode=z')",
                           arg=f"{_menu('nuage')} a.export-link[href*='.png']", timeout=10000)
    name, png = _download(page, tmp_path, f"{_menu('nuage')} a.export-link[href*='.png']")
    assert name.startswith("nuage-") and name.endswith("-z.png") and png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = _png_size(png)
    assert width == 1920 and height > 900
    assert page.console_errors == []
