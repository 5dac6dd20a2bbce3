"""The reasons given for the reliability of the 2020 report's rows quote figures: each is recomputed
here from data/ (Spearman rank correlation over the regions that have both values)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.data.schema import FRANCE, REGION_CODES

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def wide() -> pd.DataFrame:
    values = pd.read_csv(DATA / "objective_values.csv", dtype={"region_code": str})
    table = values.pivot(index="region_code", columns="indicator_id", values="value")
    profile = pd.read_csv(DATA / "profile_figures.csv", dtype={"region_code": str})
    figures = profile.pivot(index="region_code", columns="figure_id", values="value")
    table["part_75_ans_2018"] = (figures["population_de_75_ans_et_plus_2018"] * 100
                                 / figures["population_au_1er_janvier_population_legale_estimation_local_2018"])
    return table


@pytest.fixture(scope="module")
def reasons() -> dict[str, str]:
    indicators = pd.read_csv(DATA / "indicators.csv", keep_default_na=False)
    return dict(zip(indicators["id"], indicators["fiabilite_raison"]))


def rho(wide: pd.DataFrame, a: str, b: str) -> str:
    """Spearman over the 13 regions, as the reasons print it (« 0,84 », « −0,21 »)."""
    pair = wide.loc[list(REGION_CODES), [a, b]].dropna()
    value = pair[a].rank().corr(pair[b].rank())
    return f"{value:.2f}".replace(".", ",").replace("-", "−")


@pytest.mark.parametrize("report_row, official, printed", [
    ("rapport2020_chomage_t1", "chomage_2019", "0,99"),
    ("rapport2020_taux_logement", "taux_pauvrete_2018", "0,84"),
    ("rapport2020_numerique_2016", "taux_pauvrete_2018", "0,93"),
    ("rapport2020_vieillissement", "part_75_ans_2018", "0,18"),
    ("rapport2020_handicap", "pch_actp_20_59_2021", "0,29"),
    ("rapport2020_numerique_2017", "haut_debit_2018", "−0,21"),
])
def test_correlation_quoted_in_the_reason_is_the_data_s(wide, reasons, report_row, official, printed):
    assert rho(wide, report_row, official) == printed
    assert f"corrélation de rang {printed}" in reasons[report_row]


def _regions_above_france(wide: pd.DataFrame, indicator: str) -> int:
    column = wide[indicator]
    return int((column.loc[list(REGION_CODES)] > column[FRANCE]).sum())


def test_france_values_quoted_against_the_regions_are_the_data_s(wide, reasons):
    assert _regions_above_france(wide, "rapport2020_co2") == 12
    assert "plus basse que celle de 12 régions" in reasons["rapport2020_co2"]
    assert (wide.loc[list(REGION_CODES), "rapport2020_co2"].drop("11") > 7).all()
    assert _regions_above_france(wide, "rapport2020_evolution_entreprises") == 10
    assert "plus basse que celle de 10 régions" in reasons["rapport2020_evolution_entreprises"]
    assert _regions_above_france(wide, "rapport2020_numerique_2017") == 8
    assert "plus basse que celle de 8 régions" in reasons["rapport2020_numerique_2017"]
    below = int((wide.loc[list(REGION_CODES), "rapport2020_vieillissement"]
                 < wide.loc[FRANCE, "rapport2020_vieillissement"]).sum())
    assert below == 10 and "dépasse celle de 10 régions" in reasons["rapport2020_vieillissement"]
    handicap = wide.loc[list(REGION_CODES), "rapport2020_handicap"].mean()
    assert round(handicap, 2) == wide.loc[FRANCE, "rapport2020_handicap"] == 0.54


def test_the_oldest_region_is_among_the_lowest_of_the_report_s_ageing_row(wide):
    oldest = wide.loc[list(REGION_CODES), "part_75_ans_2018"].idxmax()
    assert oldest == "75"                                               # Nouvelle-Aquitaine
    ranks = wide.loc[list(REGION_CODES), "rapport2020_vieillissement"].rank(method="min")
    assert ranks[oldest] <= 4


def test_eurostat_values_are_the_population_weighted_means_of_the_former_regions():
    research = Path(__file__).resolve().parents[3] / "shared" / "data" / "research"
    if not (research / "eurostat_nuts2_2014_2018.csv").exists():
        pytest.skip("../shared absent")
    nuts = pd.read_csv(research / "eurostat_nuts2_2014_2018.csv", dtype={"code_region": str})
    values = pd.read_csv(DATA / "objective_values.csv", dtype={"region_code": str})
    for indicator_id, label in (("esperance_vie_2018", "Espérance de vie à la naissance (ensemble)"),
                                ("haut_debit_2018", "Ménages disposant du haut débit")):
        rows = nuts[nuts["indicateur"].str.startswith(label) & (nuts["annee"] == 2018)]
        mean = rows.groupby("code_region").apply(
            lambda g: (g["valeur"] * g["population_1er_janvier"]).sum() / g["population_1er_janvier"].sum())
        mean[FRANCE] = (rows["valeur"] * rows["population_1er_janvier"]).sum() / rows["population_1er_janvier"].sum()
        ours = values[values["indicator_id"] == indicator_id].set_index("region_code")["value"]
        for code, value in ours.items():
            assert value == pytest.approx(mean[code], abs=0.006), (indicator_id, code)
