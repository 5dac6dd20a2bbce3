"""Exports of the comparison page (« matrice », « nuage »): the files follow the page's URL (method,
colouring, sorts, basket, x/y), read back with pandas/openpyxl they hold the chart's data in the
chart's order, formula-looking text is neutralised, and a tampered query is a French 400."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from dashboard.views import compare as compare_view
from dashboard.analysis import matrix
from dashboard.analysis import scatter
from dashboard.analysis.compare import METHOD_LABELS
from dashboard.labels import french_text
from dashboard.views.compare_url import compare_query
from dashboard.comparison_rules import spearman_interval
from dashboard.outputs.exports import EXPORTS, ExportError, export
from dashboard.analysis.model import get_model
from dashboard.data.schema import FRANCE

DAY = date(2026, 11, 23)
PROFILE = compare_view.PROFILE




def read_csv(content: bytes) -> pd.DataFrame:
    assert content.startswith(b"\xef\xbb\xbf")
    return pd.read_csv(io.BytesIO(content), sep=";", decimal=",", encoding="utf-8-sig",
                       dtype={"code_region": str, "annees": str}, keep_default_na=False,
                       na_values=[""])


def read_xlsx(content: bytes) -> dict[str, pd.DataFrame]:
    return pd.read_excel(io.BytesIO(content), sheet_name=None, dtype={"code_region": str, "annees": str})


def test_both_charts_are_in_the_exports_registry():
    assert {"carte", "comparaison", "quadrant", "matrice", "nuage"} <= set(EXPORTS)


@pytest.mark.parametrize("query", [
    "?methode=z&couleur=indice",
    "?methode=brut&couleur=indice&tri_regions=moyenne&panier=53,11,FRM",
    "?methode=rang&couleur=perception&tri_domaines=couverture&tri_regions=sante",
    "?methode=ecart&couleur=ecart&tri_domaines=53&panier=84",   # the gap has no « écart »: z is shown
])
def test_the_matrix_csv_and_xlsx_hold_every_cell_in_the_order_of_the_chart(model, query):
    state, notices = compare_view.read_state(model, query)
    assert notices == []
    method = matrix.effective_method(state.colouring, state.method)
    cells = matrix.matrix_cells(model, state.colouring, method, PROFILE).set_index(["region_code", "domain_id"])
    regions, domains = compare_view.matrix_order(model, state)

    csv, mimetype, name = export(model, "matrice", "csv", query, DAY)
    assert mimetype.startswith("text/csv") and name == f"matrice-{state.colouring}-{method}.csv"
    frame = read_csv(csv)
    xlsx = read_xlsx(export(model, "matrice", "xlsx", query, DAY)[0])
    for table in (frame, xlsx["Données"]):
        shown = table[table["code_region"] != FRANCE]
        assert list(dict.fromkeys(shown["code_region"])) == regions
        assert shown["code_domaine"].tolist()[:len(domains)] == domains
        assert len(shown) == len(regions) * len(domains)
        expected = [cells.loc[(r, d), "shown"] for r, d in zip(shown["code_region"], shown["code_domaine"])]
        pd.testing.assert_series_equal(shown["valeur"].reset_index(drop=True),
                                       pd.Series(expected, dtype=float).round(4), check_names=False,
                                       check_dtype=False)
        assert set(shown.loc[shown["code_region"].isin(state.basket), "panier"]) <= {"oui"}
    about = dict(zip(xlsx["À propos"]["rubrique"], xlsx["À propos"]["valeur"]))
    assert about["Date d’export"] == "2026-11-23" and about["Source"]
    assert about["Méthode"] == METHOD_LABELS[method]


def test_france_is_the_matrix_reference_rows_when_it_is_in_the_basket(model):
    query = "?methode=z&couleur=indice&panier=53,FRM"
    frame = read_csv(export(model, "matrice", "csv", query, DAY)[0])
    france = frame[frame["code_region"] == FRANCE].set_index("code_domaine")
    expected = matrix.france_cells(model, "indice", "z", PROFILE)
    assert len(france) == len(model.domain_ids)
    for domain, value in expected.items():
        assert france.loc[domain, "valeur"] == pytest.approx(value, abs=1e-4)
    assert (france["classe_de_rang"] == "repère, hors classement").all()
    assert FRANCE not in set(read_csv(export(model, "matrice", "csv", "?panier=53", DAY)[0])["code_region"])


def test_missing_matrix_cells_stay_empty_never_zero(model):
    frame = read_csv(export(model, "matrice", "csv", "?methode=brut&couleur=indice", DAY)[0])
    assert frame["valeur"].isna().sum() > 0
    state, _ = compare_view.read_state(model, "?methode=brut&couleur=indice")
    cells = matrix.matrix_cells(model, "indice", "brut", PROFILE)
    assert frame["valeur"].isna().sum() == cells["shown"].isna().sum()


@pytest.mark.parametrize("query", [
    "?methode=z",
    "?methode=brut&x=chomage_2019&y=pib_hab_2021&panier=53,FRM",
    "?methode=rang&x=indice:emploi&y=perception:emploi&panier=11",
])
def test_the_scatter_csv_and_xlsx_hold_both_values_of_every_region(model, query):
    state, _ = compare_view.read_state(model, query)
    x = scatter.axis(model, state.x, state.method, PROFILE)
    y = scatter.axis(model, state.y, state.method, PROFILE)
    points = scatter.points(x, y, compare_view.region_names(model)).set_index("region_code")

    csv, _, name = export(model, "nuage", "csv", query, DAY)
    assert name == f"nuage-{state.x.replace(':', '-')}-{state.y.replace(':', '-')}-{state.method}.csv"
    xlsx = read_xlsx(export(model, "nuage", "xlsx", query, DAY)[0])
    for table in (read_csv(csv), xlsx["Données"]):
        regions = table[table["code_region"] != FRANCE].set_index("code_region")
        assert list(regions.index) == list(points.index)
        for side in ("x", "y"):
            pd.testing.assert_series_equal(regions[f"valeur_{side}"], points[side].round(4),
                                           check_names=False, check_index_type=False, check_dtype=False)
        assert set(regions["mesure_x"]) == {x.label} and set(regions["mesure_y"]) == {y.label}
        france = table[table["code_region"] == FRANCE]
        assert len(france) == (1 if FRANCE in state.basket else 0)
        rho, n = scatter.spearman(points["x"], points["y"])
        low, high = spearman_interval(rho, n)  # the interval is in the file, next to rho, n and p
        assert regions["rho_spearman"].round(3).unique().tolist() == [round(rho, 3)]
        assert regions["n_paires"].unique().tolist() == [n]
        assert regions["ic95_bas"].round(3).unique().tolist() == [round(low, 3)]
        assert regions["ic95_haut"].round(3).unique().tolist() == [round(high, 3)]
        assert regions["p_permutation"].notna().all()
        assert set(regions["liaison"]) == {scatter.strength_words(rho, (low, high))}
    about = dict(zip(xlsx["À propos"]["rubrique"], xlsx["À propos"]["valeur"]))
    view = compare_view.scatter_view(model, state)
    assert about["Corrélation"] == french_text(view.sentence) and "intervalle de confiance à 95 %" in view.sentence
    assert "par hasard" in about["Prudence"]


def test_the_scatter_france_point_is_the_one_drawn(model):
    query = "?methode=brut&x=chomage_2019&y=pib_hab_2021&panier=FRM"
    frame = read_csv(export(model, "nuage", "csv", query, DAY)[0]).set_index("code_region")
    x = scatter.axis(model, "chomage_2019", "brut", PROFILE)
    y = scatter.axis(model, "pib_hab_2021", "brut", PROFILE)
    assert frame.loc[FRANCE, "valeur_x"] == pytest.approx(x.france)
    assert frame.loc[FRANCE, "valeur_y"] == pytest.approx(y.france)




@pytest.mark.parametrize("chart", ["matrice", "nuage"])
def test_formula_looking_text_is_neutralised(tampered, chart):
    names = set(read_csv(export(tampered, chart, "csv", "?panier=53", DAY)[0])["region"])
    assert "'=HYPERLINK(\"http://x\";\"clic\")" in names and "'@SUM(A1)" in names
    book = openpyxl.load_workbook(io.BytesIO(export(tampered, chart, "xlsx", "?panier=53", DAY)[0]))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert "'@SUM(A1)" in {c.value for c in cells}


@pytest.mark.parametrize("chart, query, words", [
    ("matrice", "?methode=zz", "Méthode inconnue : « zz »."),
    ("matrice", "?couleur=<script>", "Couleur du tableau inconnue : « <script> »."),
    ("matrice", "?tri_regions=zz", "Tri des régions inconnu"),
    ("matrice", "?tri_domaines=99", "Tri des domaines inconnu"),
    ("nuage", "?x=inconnu", "Mesure inconnue pour l'axe horizontal : « inconnu »."),
    ("nuage", "?y=indice:zz", "Mesure inconnue pour l'axe vertical"),
    ("nuage", "?panier=53,99", "Code(s) de région inconnu(s) dans le panier : « 99 »."),
    ("nuage", "?panier=53,52,11,24,84", "au plus 4 régions"),
    ("matrice", "?" + "x" * 3000, "Adresse trop longue."),
])
def test_a_tampered_query_is_refused_in_french(model, chart, query, words):
    with pytest.raises(ExportError) as error:
        export(model, chart, "csv", query, DAY)
    assert error.value.status == 400 and words in error.value.message


def test_over_http_a_tampered_query_is_a_french_400_page():
    import app

    client = app.app.server.test_client()
    response = client.get("/export/nuage.png?methode=z&x=%3Cscript%3E")
    body = response.data.decode("utf-8")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "Export impossible" in body and "Mesure inconnue pour l&#x27;axe horizontal" in body
    assert "&lt;script&gt;" in body and "<script>" not in body and "Traceback" not in body
    ok = client.get("/export/matrice.csv" + compare_query(compare_view.read_state(get_model(), "")[0]))
    assert ok.status_code == 200 and ok.headers["Content-Disposition"] == (
        'attachment; filename="matrice-indice-z.csv"')


def test_a_shared_link_of_the_page_exports_the_same_view(model):
    state, _ = compare_view.read_state(model, "?methode=rang&couleur=perception&tri_regions=moyenne&panier=53")
    link = compare_query(state)
    frame = read_csv(export(model, "matrice", "csv", link, DAY)[0])
    regions, _ = compare_view.matrix_order(model, state)
    assert list(dict.fromkeys(frame["code_region"])) == regions
    assert set(frame.loc[frame["code_region"] == "53", "panier"]) == {"oui"}
