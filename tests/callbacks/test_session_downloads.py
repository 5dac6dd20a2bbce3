"""A session's downloads carry its imports: the download callbacks, called directly with an import
store made from the corpus's good files, answer files built from model_for(imported), marked
« Données importées »; without imports they answer exactly the reference files of the GET routes."""

from __future__ import annotations

from dashboard.labels import french_text

import base64
import io
import json
from contextvars import copy_context
from pathlib import Path

import pandas as pd
import pytest
from dash import no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict
from pypdf import PdfReader

import app
import dashboard.outputs.images
from callbacks.exports import (download_compare_chart, download_home_chart, download_report,
                               update_compare_export_links)
from callbacks.importer import import_file
from dashboard.analysis.model import get_model, model_for
from layouts.export_menu import COMPARE_MENU, HOME_MENU, REPORT_BUTTON
from tests.callbacks.test_importer import pending

GOOD = Path(__file__).resolve().parents[1] / "import_corpus" / "good"
SURVEY = GOOD / "bom_utf8_virgule.csv"          # Bretagne, Santé, citoyens: 6,4 / 10
INDICATOR = GOOD / "indicateur_cp1252.csv"      # « Part des jeunes sans diplôme » 2022, Bretagne 9,8 %
MARK = "Données importées (cette session)"
VIEW = "?region=53&domaine=sante"


@pytest.fixture(scope="module")
def imported():
    store, _ = import_file(pending(SURVEY.read_bytes(), SURVEY.name), None)
    store, _ = import_file(pending(INDICATOR.read_bytes(), INDICATOR.name), store)
    assert [f["nom"] for f in store["fichiers"]] == [SURVEY.name, INDICATOR.name]
    return store


@pytest.fixture(scope="module")
def imported_indicator(imported):
    catalogue = model_for(imported).bundle.indicators
    return catalogue[catalogue["kind"] == "importé"]["id"].item()


@pytest.fixture(scope="module")
def client():
    return app.app.server.test_client()


def click(function, button: dict, *args):
    """Call a download callback as Dash does when `button` was clicked."""
    def run():
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": _prop_id(button), "value": 1}]))
        return function(*args)

    return copy_context().run(run)


def _prop_id(button: dict) -> str:
    return json.dumps(button, sort_keys=True, separators=(",", ":")) + ".n_clicks"


def content(download: dict) -> bytes:
    assert download["base64"] is True
    return base64.b64decode(download["content"])


def chart(fmt: str, name: str = "comparaison", menu=HOME_MENU) -> dict:
    return {"type": menu.button, "chart": name, "fmt": fmt}


def read_csv(data: bytes) -> pd.DataFrame:
    assert data.startswith(b"\xef\xbb\xbf")
    return pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", dtype={"code_region": str})


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# -- charts of the home page ----------------------------------------------------------------------

def test_the_comparison_csv_of_a_session_holds_its_imported_score_marked_importe(imported):
    download, status = click(download_home_chart, chart("csv"), [None, None, 1, None], VIEW, imported)
    assert status == "" and download["filename"] == "comparaison-sante-53-donnees-importees.csv"
    frame = read_csv(content(download)).set_index("code_region")
    assert frame.loc["53", "note_percue_sur_10"] == 6.4
    assert frame.loc["53", "nature_perception"] == "importé"
    assert "bom_utf8_virgule.csv" in frame.loc["53", "source_perception"]
    assert (frame.drop(index="53")["nature_perception"] != "importé").all()


def test_without_imports_the_session_download_is_the_reference_file(client):
    for fmt in ("csv", "xlsx"):
        download, _ = click(download_home_chart, chart(fmt), [None] * 4, VIEW, None)
        route = client.get(f"/export/comparaison.{fmt}{VIEW}")
        assert route.status_code == 200 and download["filename"] == f"comparaison-sante-53.{fmt}"
        if fmt == "csv":
            assert content(download) == route.data
        else:  # a workbook records the second it was written: compare what it holds
            mine, reference = (pd.read_excel(io.BytesIO(b), sheet_name=None) for b in (content(download), route.data))
            assert list(mine) == list(reference)
            for sheet in mine:
                pd.testing.assert_frame_equal(mine[sheet], reference[sheet])


def test_the_xlsx_of_a_session_says_which_files_were_imported(imported):
    download, _ = click(download_home_chart, chart("xlsx"), [None] * 4, VIEW, imported)
    sheets = pd.read_excel(io.BytesIO(content(download)), sheet_name=None, dtype={"code_region": str})
    data = sheets["Données"].set_index("code_region")
    assert data.loc["53", "note_percue_sur_10"] == 6.4 and data.loc["53", "nature_perception"] == "importé"
    about = dict(zip(sheets["À propos"]["rubrique"], sheets["À propos"]["valeur"]))
    # the « À propos » sheet is prose, typeset in French like the pages
    assert about["Données importées"] == french_text(
        f"{MARK} : fichier « {SURVEY.name} », fichier « {INDICATOR.name} »")


def test_the_png_of_a_session_draws_its_imported_values_and_the_marker(imported, imported_indicator,
                                                                       client, monkeypatch):
    drawn = []
    real = dashboard.outputs.images.render
    monkeypatch.setattr(dashboard.outputs.images, "render", lambda fig, *a, **k: drawn.append(fig) or real(fig, *a, **k))
    view = f"?region=53&domaine=education&indicateur={imported_indicator}"
    download, status = click(download_home_chart, chart("png", "carte"), [1, None, None, None], view, imported)
    png = content(download)
    assert status == "" and png.startswith(b"\x89PNG\r\n\x1a\n")
    assert download["filename"] == f"carte-education-{imported_indicator}-53-donnees-importees.png"
    figure = drawn[-1]
    texts = [a["text"] for a in figure["layout"]["annotations"]]
    assert MARK in texts                                    # the corner marker
    assert any(t.startswith("Source : ") and MARK in t for t in texts)   # and the source line
    values = dict(zip(figure["data"][1]["locations"], figure["data"][1]["z"]))
    assert values["53"] == 9.8
    # the reference data has no such indicator: a plain link to that view is refused, in French
    assert client.get(f"/export/carte.png{view}").status_code == 400

    download, _ = click(download_home_chart, chart("png"), [None] * 4, VIEW, imported)
    mine = content(download)
    assert any(MARK in a["text"] for a in drawn[-1]["layout"]["annotations"])
    reference, _ = click(download_home_chart, chart("png"), [None] * 4, VIEW, None)
    assert content(reference) == client.get(f"/export/comparaison.png{VIEW}").data != mine
    assert not any("importées" in a["text"] for a in drawn[-1]["layout"]["annotations"])


def test_a_session_download_follows_the_checked_view_like_the_links(imported):
    download, _ = click(download_home_chart, chart("csv"), [None] * 4, "?domaine=sante&region=99", imported)
    assert download["filename"] == "comparaison-sante-donnees-importees.csv"  # unknown region dropped


def test_a_chart_that_cannot_be_exported_is_said_in_french(imported):
    download, status = click(download_home_chart, chart("csv", "quadrant"), [None] * 4, "?domaine=sante", imported)
    assert download is no_update and "ajoutez « region=<code> »" in status
    download, status = click(download_home_chart, chart("gif"), [None] * 4, VIEW, imported)
    assert download is no_update and "Format « gif » inconnu" in status


def test_a_failing_renderer_gives_a_french_message_not_a_trace(imported, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("kaleido est tombé")

    monkeypatch.setattr(dashboard.outputs.images, "render", broken)
    download, status = click(download_home_chart, chart("png"), [None] * 4, VIEW, imported)
    assert download is no_update and status.startswith("Le fichier n'a pas pu être préparé")
    download, status = click(download_report, {"type": REPORT_BUTTON, "region": "53"}, 1, imported)
    assert download is no_update and "RuntimeError" not in status and "pas pu être préparé" in status


def test_nothing_happens_without_a_click(imported):
    def run():
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": _prop_id(chart("csv")), "value": None}]))
        return download_home_chart([None] * 4, VIEW, imported)

    assert copy_context().run(run) == (no_update, no_update)
    assert click(download_report, {"type": REPORT_BUTTON, "region": "99"}, 1, imported) == (no_update, no_update)


# -- the region report ------------------------------------------------------------------------------

def test_the_report_of_a_session_marks_its_imported_values_and_names_the_files(imported):
    download, status = click(download_report, {"type": REPORT_BUTTON, "region": "53"}, 1, imported)
    assert status == "" and download["filename"] == "fiche-region-53-bretagne-donnees-importees.pdf"
    text = pdf_text(content(download))
    flat = " ".join(text.split())
    assert "⚠ Données importées (cette session) : notes de perception (Santé)" in flat
    assert "ressenti 6,4/10 (importé)" in flat                         # the domain table, Santé
    assert "Part des jeunes sans diplôme" in flat and "Données importées" in flat  # nature of the row
    caveat = flat[flat.index("Précautions de lecture"):]
    assert "Données importées dans cette session : cette fiche inclut" in caveat
    assert f"fichier « {SURVEY.name} »" in caveat and f"fichier « {INDICATOR.name} »" in caveat


def test_without_imports_the_session_report_is_the_reference_report(client):
    with client.application.test_request_context("/"):  # a callback runs in the request's context
        download, _ = click(download_report, {"type": REPORT_BUTTON, "region": "53"}, 1, None)
    route = client.get("/rapport/53.pdf")
    assert download["filename"] == "fiche-region-53-bretagne.pdf"
    assert pdf_text(content(download)) == pdf_text(route.data)
    assert "importé" not in pdf_text(route.data)


def test_a_region_without_imported_values_gets_no_marker():
    store, _ = import_file(pending(SURVEY.read_bytes(), SURVEY.name), None)   # Bretagne, Grand Est, Normandie
    download, _ = click(download_report, {"type": REPORT_BUTTON, "region": "24"}, 1, store)
    assert download["filename"] == "fiche-region-24-centre-val-de-loire.pdf"
    assert "importé" not in pdf_text(content(download))


def test_an_imported_indicator_without_value_for_the_region_is_still_named(imported):
    download, _ = click(download_report, {"type": REPORT_BUTTON, "region": "24"}, 1, imported)
    assert download["filename"] == "fiche-region-24-centre-val-de-loire-donnees-importees.pdf"
    flat = " ".join(pdf_text(content(download)).split())
    assert "indicateur « Part des jeunes sans diplôme » (2022, sans valeur pour cette région)" in flat
    assert "notes de perception (" not in flat


# -- the comparison page ------------------------------------------------------------------------------

def test_the_comparison_page_downloads_carry_the_session_imports(imported):
    view = "?methode=brut&couleur=perception&panier=53"
    download, status = click(download_compare_chart, chart("csv", "matrice", COMPARE_MENU), [None] * 4,
                             view, imported)
    assert status == "" and download["filename"] == "matrice-perception-brut-donnees-importees.csv"
    cells = read_csv(content(download)).set_index(["code_region", "code_domaine"])
    assert cells.loc[("53", "sante"), "valeur"] == 6.4 and cells.loc[("53", "sante"), "nature"] == "importé"

    reference, _ = click(download_compare_chart, chart("csv", "matrice", COMPARE_MENU), [None] * 4, view, None)
    assert read_csv(content(reference)).set_index(["code_region", "code_domaine"]).loc[
        ("53", "sante"), "nature"] == "illustratif"
    links = update_compare_export_links("?methode=zz", [{"type": COMPARE_MENU.link, "chart": "nuage",
                                                         "fmt": "png"}], imported)
    assert links[0].startswith("/export/nuage.png?methode=z&couleur=indice&x=")


def test_the_same_download_in_two_sessions_never_mixes(imported):
    mine, _ = click(download_home_chart, chart("csv"), [None] * 4, VIEW, imported)
    other, _ = click(download_home_chart, chart("csv"), [None] * 4, VIEW, None)
    again, _ = click(download_home_chart, chart("csv"), [None] * 4, VIEW, imported)
    assert content(mine) == content(again) != content(other)
    assert "importé" not in content(other).decode("utf-8-sig")
    assert get_model() is model_for(None)
