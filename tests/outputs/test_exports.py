"""Chart data exports (CSV, XLSX): same rows as the chart, French spreadsheet conventions, and no
cell a spreadsheet would run as a formula. Images are covered in tests/browser/test_downloads.py."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from dashboard.outputs import exports
from dashboard.outputs.exports import EXPORTS, ExportError, export, neutralise

DAY = date(2026, 11, 23)






def _read_csv(content: bytes) -> pd.DataFrame:
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents
    return pd.read_csv(io.BytesIO(content), sep=";", decimal=",", encoding="utf-8-sig",
                       dtype={"code_region": str, "annees": str})


@pytest.mark.parametrize("chart, query", [
    ("carte", "?domaine=emploi&region=53"),
    ("carte", "?domaine=securite&indicateur=cambriolages_2021"),
    ("comparaison", "?domaine=sante"),
    ("quadrant", "?region=84"),
])
def test_csv_and_xlsx_hold_the_chart_rows(model, chart, query):
    state, params = exports.view_state(model, query)
    expected = EXPORTS[chart][1](model, state, params).round(4).reset_index(drop=True)

    csv, mimetype, name = export(model, chart, "csv", query, DAY)
    assert mimetype.startswith("text/csv") and name.startswith(chart) and name.endswith(".csv")
    pd.testing.assert_frame_equal(_read_csv(csv), expected, check_dtype=False)

    xlsx, _, _ = export(model, chart, "xlsx", query, DAY)
    sheets = pd.read_excel(io.BytesIO(xlsx), sheet_name=None, dtype={"code_region": str, "annees": str})
    assert list(sheets) == ["Données", "À propos"]
    pd.testing.assert_frame_equal(sheets["Données"], expected, check_dtype=False)
    about = dict(zip(sheets["À propos"]["rubrique"], sheets["À propos"]["valeur"]))
    assert about["Date d’export"] == "2026-11-23" and about["Source"]


def test_missing_values_stay_empty_never_zero(model):
    csv, _, _ = export(model, "carte", "csv", "?domaine=sante&indicateur=densite_medecins_2018", DAY)
    frame = _read_csv(csv)
    assert frame["valeur"].isna().sum() >= 10 and (frame["valeur"].dropna() != 0).all()


def test_formula_looking_text_is_neutralised_in_csv_and_xlsx(tampered):
    frame = _read_csv(export(tampered, "comparaison", "csv", "?domaine=emploi", DAY)[0])
    names = set(frame["region"])
    assert "'=HYPERLINK(\"http://x\";\"clic\")" in names and "'@SUM(A1)" in names

    xlsx = export(tampered, "comparaison", "xlsx", "?domaine=emploi", DAY)[0]
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    cells = [c for row in book["Données"].iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)  # no formula anywhere
    assert "'@SUM(A1)" in {c.value for c in cells}


def test_negative_numbers_stay_numbers():
    frame = pd.DataFrame({"texte": ["-3 points", "+1", "ok", None], "valeur": [-1.5, 2.0, -0.25, None]})
    safe = neutralise(frame)
    assert safe["texte"].tolist()[:3] == ["'-3 points", "'+1", "ok"]
    assert safe["valeur"].tolist()[:3] == [-1.5, 2.0, -0.25]


@pytest.mark.parametrize("chart, fmt, query, status, words", [
    ("inconnu", "csv", "", 404, "Graphique « inconnu » inconnu"),
    ("carte", "gif", "", 404, "Format « gif » inconnu"),
    ("carte", "csv", "?domaine=zz", 400, "Domaine « zz » inconnu"),
    ("carte", "csv", "?domaine=emploi&indicateur=pib_hab_2021", 400, "Indicateur"),
    ("carte", "csv", "?region=99", 400, "Région « 99 » inconnue"),
    ("quadrant", "csv", "?domaine=emploi", 400, "ajoutez « region=<code> »"),
])
def test_bad_requests_get_a_french_reason(model, chart, fmt, query, status, words):
    with pytest.raises(ExportError) as error:
        export(model, chart, fmt, query, DAY)
    assert error.value.status == status and words in error.value.message


def test_another_chart_can_register_itself(model, monkeypatch):
    def figure(model, state, params):
        return {"data": [], "layout": {"title": {"text": "Matrice"}}}

    def data(model, state, params):
        frame = pd.DataFrame({"domaine": ["Emploi"], "valeur": [1.5]})
        frame.attrs["source"] = "Test"
        return frame

    monkeypatch.setitem(EXPORTS, "matrice", (figure, data))
    content, _, name = export(model, "matrice", "xlsx", "?domaine=emploi", DAY)
    assert name == "matrice-emploi.xlsx"
    assert pd.read_excel(io.BytesIO(content))["valeur"].tolist() == [1.5]


def test_the_comparison_export_follows_the_chosen_perception_profile(model):
    content, _, _ = export(model, "comparaison", "csv", "?domaine=emploi&profil=entreprises")
    frame = pd.read_csv(io.BytesIO(content), sep=";", decimal=",", encoding="utf-8-sig",
                        dtype={"code_region": str})
    assert set(frame["profil_perception"]) == {"entreprises"}
    expected = model.perception["entreprises"]
    expected = expected[expected["domain_id"] == "emploi"].set_index("region_code")["score"]
    for row in frame.itertuples():
        assert row.note_percue_sur_10 == pytest.approx(expected[row.code_region], abs=0.05)
