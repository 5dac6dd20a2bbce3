"""Years where users take the data away (issue 14): the map export of another year, the full download
with every year, /sources with each series' years and breaks."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pandas as pd
import pytest

from dashboard.analysis import series
from dashboard.outputs.downloads import build_zip
from dashboard.outputs.exports import ExportError, export
from dashboard.analysis.model import get_model
from dashboard.views.sources import series_table
from layouts.pages.sources import SERIES_TABLE, layout

CRIME = "?domaine=securite&indicateur=cambriolages_2021"


@pytest.fixture(scope="module")
def model():
    return get_model()


def csv_frame(content: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(content), sep=";", dtype={"code_region": str}, encoding="utf-8-sig",
                       decimal=",")


def test_the_map_export_of_another_year_carries_that_year_and_its_values(model):
    content, _, name = export(model, "carte", "csv", CRIME + "&annee=2019&region=53")
    frame = csv_frame(content).set_index("code_region")
    assert set(frame["annee"]) == {2019}
    expected = series.values_in(model.series_points("cambriolages_2021"), 2019)
    assert frame.loc["53", "valeur"] == pytest.approx(round(expected["53"], 4))
    assert frame.loc["53", "ecart_france"] == pytest.approx(round(expected["53"] - expected["FRM"], 4), abs=1e-4)
    assert "2019" in name
    current = csv_frame(export(model, "carte", "csv", CRIME)[0])
    assert set(current["annee"]) == {2024}                       # no year: the current one


def test_a_tampered_year_in_an_export_link_is_a_french_400(model):
    with pytest.raises(ExportError) as error:
        export(model, "carte", "csv", CRIME + "&annee=1850")
    assert error.value.status == 400 and "Année « 1850 »" in error.value.message


def test_the_full_download_holds_every_year(model):
    with zipfile.ZipFile(io.BytesIO(build_zip(model, date(2026, 12, 1)))) as archive:
        frame = pd.read_csv(archive.open("series.csv"), sep=";", dtype={"region_code": str},
                            encoding="utf-8-sig", decimal=",")
        readme = archive.read([n for n in archive.namelist() if n.lower().startswith("lisezmoi")][0]).decode("utf-8-sig")
    crime = frame[frame["indicator_id"] == "cambriolages_2021"]
    assert sorted(set(crime["year"])) == list(range(2016, 2025)) and len(crime) == 9 * 14
    assert set(frame[frame["indicator_id"] == "esperance_vie_2018"]["year"]) == set(range(2014, 2019))
    assert "chomage_2019" in set(frame["indicator_id"])          # one-year indicators too
    assert "series.year" in readme


def test_sources_list_each_series_years_current_year_and_breaks(model):
    table = series_table(model).set_index("id")
    assert table.loc["cambriolages_2021", "years"] == "2016-2024 (9 années)"
    assert table.loc["cambriolages_2021", "coverage"] == "13 régions chaque année"
    assert table.loc["cambriolages_2021", "current"] == 2024
    assert table.loc["haut_debit_2018", "coverage"].startswith("2014 : 12")
    split = [b for b in table["breaks"] if b.startswith("rupture")]
    assert len(split) == 1 and "Accès au numérique (rapport, 2016)" in split[0]
    page = str(layout(model))
    assert SERIES_TABLE in page and "Séries : années et ruptures" in page
