"""« Sources et méthodes » and the whole-dataset downloads (zip of CSV files, XLSX workbook)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import date

import openpyxl
import pandas as pd
import pytest
from flask import Flask

from dashboard.outputs.downloads import TABLES, build_xlsx, build_zip, dataset_tables
from dashboard.web.routes import install_download_routes
from dashboard.analysis.model import build_model, get_model
from dashboard.views.sources import (
    METHODS_TEXT,
    comparison_rules_text,
    indicator_catalogue,
    perception_sources,
    report_table,
)

DAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def model():
    return get_model()


def test_every_indicator_has_definition_unit_year_source_licence_coverage_and_kind(model):
    catalogue = indicator_catalogue(model)
    assert len(catalogue) == len(model.bundle.indicators)
    for column in ("definition", "unit", "year", "source", "source_url", "licence", "n_regions", "kind"):
        assert catalogue[column].notna().all(), column
    coverage = catalogue.set_index("id")["n_regions"]
    assert coverage["chomage_2019"] == 13 and coverage["taux_pauvrete_2018"] == 11


def test_the_methods_say_ddof_0_ten_regions_best_rank_mean_of_z_and_quadrants():
    text = " ".join(t for _, t in METHODS_TEXT).replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")
    for expected in ("ddof = 0", "au moins 10 régions", "partagent le meilleur rang",
                     "moyenne des scores z", "angle mort", "Spearman", "rangs 1 à 4", "Bonett"):
        assert expected in text, expected


def test_the_comparison_rules_are_explained_with_their_settings_values():
    rules = dict(comparison_rules_text())
    text = " ".join(rules.values()).replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")
    for expected in ("au moins 10 des 13 régions", "De 3 à 9 régions", "comparaison partielle (n régions)",
                     "« 2 indicateurs sur 3 »", "±0,25 écart-type", "« proche de la moyenne »",
                     "« douteuse »", "n'entrent pas dans les indices par défaut", "rangs centiles"):
        assert expected in text, expected
    assert all(" :" not in t and "« " not in t for t in rules.values())  # French spacing: no-break


def test_the_catalogue_gives_each_indicator_its_coverage_out_of_13_and_its_own_licence(model):
    catalogue = indicator_catalogue(model).set_index("id")
    assert catalogue.loc["licences_sportives_2022", "coverage_label"] == "12 / 13 régions"
    assert catalogue.loc["navetteurs_voiture_2017", "comparison"] == "comparaison partielle (3 régions)"
    assert catalogue.loc["chomage_2019", "comparison"] == ""
    assert catalogue.loc["esperance_vie_2018", "licence"].startswith("Politique de réutilisation d'Eurostat")
    assert catalogue.loc["rapport2020_co2", "licence"] == "Citation (droits réservés Le RAMEAU)"
    assert catalogue.loc["esperance_vie_2018", "computed"].startswith("7 régions et France métropolitaine")
    assert any("francebleu.fr" in page for page in catalogue.loc["taux_pauvrete_2020", "read_on"])


def test_the_report_table_lists_every_report_row_with_its_reliability_doubtful_last(model):
    report = report_table(model)
    assert set(report["id"]) == set(model.bundle.indicators.query("kind == 'rapport-2020'")["id"])
    assert list(report["fiabilite"]) == sorted(report["fiabilite"], key=["confirmée", "plausible", "douteuse"].index)
    assert not report.set_index("id").loc["rapport2020_co2", "in_index"]
    assert (report["reason"].str.len() > 40).all()


def test_the_sources_page_shows_the_report_table_and_the_rules(model):
    from layouts.pages.sources import REPORT_TABLE, RULES, layout

    page = str(layout(model, "")).replace("\\xa0", " ").replace("\xa0", " ")
    assert f"id='{REPORT_TABLE}'" in page and f"id='{RULES}'" in page
    assert "Tableau du rapport 2020" in page and "douteuse" in page and "plausible" in page
    assert "12 / 13 régions" in page and "13 / 13 régions" in page
    assert "Lu sur" in page and "Politique de réutilisation d'Eurostat" in page
    assert "10 sur 13" in page                                    # the setting's value
    assert "« 2 indicateurs sur 3 »" in page


def test_the_perception_sources_name_the_surveys_and_the_demonstration_layer(model):
    sources = perception_sources(model).set_index("source")
    assert sources.loc["IMPACT-Citoyens", "respondents"] == "2400"
    demo = sources[sources["kind"] == "illustratif"]
    assert len(demo) == 1 and demo["regions"].iloc[0] == "13 régions"


def test_the_sources_page_lists_every_indicator_and_links_the_downloads(model):
    from layouts.pages.sources import layout

    page = str(layout(model, ""))
    for indicator_id in model.bundle.indicators["id"]:
        assert indicator_id in page
    assert "/telecharger/donnees.zip" in page and "/telecharger/donnees.xlsx" in page
    assert "make_demo_perception.py" in page


def test_the_zip_holds_a_readme_and_one_csv_per_table(model):
    archive = zipfile.ZipFile(io.BytesIO(build_zip(model, DAY)))
    names = set(archive.namelist())
    assert {"LISEZMOI.txt", "regions.geojson"} | {f"{t}.csv" for t in TABLES} == names
    readme = archive.read("LISEZMOI.txt").decode("utf-8")
    assert "Licence Ouverte" in readme and "scores.z" in readme and "2026-11-23" in readme
    scores = pd.read_csv(io.BytesIO(archive.read("scores.csv")), sep=";", decimal=",",
                         encoding="utf-8-sig", dtype={"region_code": str})
    assert len(scores) == len(model.scores)
    assert {"z", "n_regions"} <= set(scores.columns)
    partial = scores[scores["n_regions"] < 10]
    assert not partial.empty and partial["z"].isna().all()           # withheld by the rule
    values = pd.read_csv(io.BytesIO(archive.read("valeurs.csv")), sep=";", encoding="utf-8-sig", dtype=str,
                         keep_default_na=False)
    assert {"lu_sur", "licence", "methode"} <= set(values.columns)
    assert (values["licence"] != "").all()
    assert values.loc[values["indicator_id"] == "esperance_vie_2018", "methode"].str.startswith("calcul").sum() == 8
    indicators = pd.read_csv(io.BytesIO(archive.read("indicateurs.csv")), sep=";", encoding="utf-8-sig",
                             dtype=str, keep_default_na=False).set_index("id")
    assert indicators.loc["rapport2020_co2", "fiabilite"] == "douteuse"
    assert indicators.loc["rapport2020_co2", "fiabilite_raison"] != ""
    assert scores.loc[(scores["region_code"] == "11") & (scores["indicator_id"] == "pib_hab_2021"),
                      "value"].iloc[0] == 61417


def test_the_workbook_starts_with_a_readme_sheet_then_one_sheet_per_table(model):
    book = openpyxl.load_workbook(io.BytesIO(build_xlsx(model, DAY)))
    assert book.sheetnames == ["LISEZMOI"] + list(TABLES)
    readme = [row[0] for row in book["LISEZMOI"].iter_rows(values_only=True)]
    assert "Licences" in readme and "indicateurs.licence" in readme
    assert book["valeurs"].max_row == len(model.bundle.values) + 1


def test_formula_looking_text_is_neutralised_in_both_files(model):
    regions = model.bundle.regions.copy()
    regions.loc[regions["code"] == "53", "nom"] = "=HYPERLINK(\"http://x\")"
    regions.loc[regions["code"] == "11", "nom"] = "@SUM(A1)"
    regions.loc[regions["code"] == "24", "nom"] = "+1"
    regions.loc[regions["code"] == "27", "nom"] = "-2"
    tampered = build_model(replace(model.bundle, regions=regions))
    book = openpyxl.load_workbook(io.BytesIO(build_xlsx(tampered, DAY)))
    names = [row[1] for row in book["regions"].iter_rows(min_row=2, values_only=True)]
    for bad in ("=HYPERLINK(\"http://x\")", "@SUM(A1)", "+1", "-2"):
        assert "'" + bad in names
    csv = zipfile.ZipFile(io.BytesIO(build_zip(tampered, DAY))).read("regions.csv").decode("utf-8-sig")
    assert "\"'=HYPERLINK" in csv and ";'@SUM" in csv and ";'+1" in csv and ";'-2" in csv
    # numbers stay numbers: a negative score is not turned into text
    scores = dataset_tables(tampered)["scores"]
    assert (scores["z"].dropna() < 0).any()


def test_the_routes_answer_the_files_as_attachments(model):
    server = Flask(__name__)
    install_download_routes(server, lambda: model)
    client = server.test_client()
    zipped = client.get("/telecharger/donnees.zip")
    assert zipped.status_code == 200 and zipped.mimetype == "application/zip"
    assert 'filename="impact-territoires-donnees.zip"' in zipped.headers["Content-Disposition"]
    workbook = client.get("/telecharger/donnees.xlsx")
    assert workbook.status_code == 200 and workbook.data[:2] == b"PK"
