"""Indicators as series (issue 14): every year of the crime series from the SSMSI regional file
2016-2024, and the Eurostat series 2014-2018, for data/series_values.csv.

Read by scripts/build_dataset.py. A series is one catalogue indicator (data/indicators.csv) with a
value per region and year; the catalogue's `year` and data/objective_values.csv hold its
« current » year: the latest one covered by at least MIN_REGIONS_COMPARABLE regions (the
comparison rules). France métropolitaine's crime rates are not in the SSMSI file: they are
computed here from the counts and populations (dwellings for burglaries) of the 13 regions, and
`methode` says so. Nothing else is computed: every regional value is the file's own figure.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dataset_provenance import LICENCE_OUVERTE, SECONDARY, SSMSI_COPY

REGIONS = ["11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"]
MIN_REGIONS_COMPARABLE = 10   # as dashboard/comparison_rules.py (the build script does not import the app)
SSMSI_FILE = "ssmsi_regions_2016_2024.csv"
SSMSI = SECONDARY[SSMSI_COPY]

# SSMSI offence -> indicator. The first four were already shown (ids kept so that old links work);
# the next four are added as fragilities the residents suffer where they live. Left out, and why,
# in data/README.md (« Séries »): homicides (a few dozen a year in most regions), the parts of
# « coups et blessures » (counted twice), sexual and domestic violence (their rise mostly reads
# the rise in reporting), drugs (police activity, « mis en cause »), fraud (recorded where the
# victim lives, mostly online), thefts of vehicle accessories (a part of thefts from vehicles).
SSMSI_SERIES = {
    "Coups et blessures volontaires": dict(
        id="coups_blessures_2021", label="Victimes de coups et blessures volontaires (15 ans ou plus) enregistrées",
        unit="victimes pour 1 000 habitants"),
    "Vols violents sans arme": dict(
        id="vols_violents_2021", label="Vols violents sans arme enregistrés", unit="infractions pour 1 000 habitants"),
    "Destructions et dégradations volontaires": dict(
        id="destructions_degradations_2021", label="Destructions et dégradations volontaires enregistrées",
        unit="infractions pour 1 000 habitants"),
    "Cambriolages de logement": dict(
        id="cambriolages_2021", label="Cambriolages de logement enregistrés", unit="infractions pour 1 000 logements",
        per_dwelling=True),
    "Vols avec armes": dict(
        id="vols_avec_armes", label="Vols avec armes enregistrés", unit="infractions pour 1 000 habitants"),
    "Vols sans violence contre des personnes": dict(
        id="vols_sans_violence", label="Vols sans violence contre des personnes enregistrés",
        unit="victimes pour 1 000 habitants"),
    "Vols de véhicules": dict(
        id="vols_vehicules", label="Vols de véhicules enregistrés", unit="véhicules volés pour 1 000 habitants"),
    "Vols dans les véhicules": dict(
        id="vols_dans_vehicules", label="Vols dans les véhicules enregistrés",
        unit="véhicules visités pour 1 000 habitants"),
}
CRIME_CAVEAT = ("Faits enregistrés par la police et la gendarmerie : une hausse peut venir d'un plus grand "
                "nombre de plaintes autant que d'une hausse des faits. Série 2016-2024 du SSMSI ; les "
                "taux rapportent à la population de 2022 à partir de 2023{dwellings}.")
FRANCE_METHOD = ("calcul : somme des {what} des 13 régions métropolitaines rapportée à la somme de leurs "
                 "{base} (fichier régional du SSMSI), pour 1 000 ; le SSMSI ne publie pas la France "
                 "métropolitaine dans ce fichier")


def french_float(text: str) -> float:
    return float(str(text).replace(",", "."))


def current_year(frame: pd.DataFrame) -> int:
    """The latest year covered by at least MIN_REGIONS_COMPARABLE regions (else the latest year)."""
    regional = frame[frame["region_code"].isin(REGIONS)]
    counts = regional.groupby("year")["region_code"].nunique()
    covered = counts[counts >= MIN_REGIONS_COMPARABLE]
    return int((covered if len(covered) else counts).index.max())


def ssmsi_series(research: Path) -> tuple[list[dict], pd.DataFrame]:
    """(catalogue specs, every value) of the crime series: 13 regions + France, 2016-2024."""
    table = pd.read_csv(research / SSMSI_FILE, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    table = table[table["Code_region"].isin(REGIONS)]
    specs, rows = [], []
    for offence, spec in SSMSI_SERIES.items():
        lines = table[table["indicateur"] == offence]
        base = "insee_log" if spec.get("per_dwelling") else "insee_pop"
        what = "faits" if lines["unite_de_compte"].iloc[0] != "Victime" else "victimes"
        for line in lines.itertuples():
            rows.append(dict(region_code=line.Code_region, indicator_id=spec["id"], year=int(line.annee),
                             value=french_float(line.taux_pour_mille), methode=""))
        for year, group in lines.groupby("annee"):
            rate = group["nombre"].astype(float).sum() / group[base].astype(float).sum() * 1000
            rows.append(dict(region_code="FRM", indicator_id=spec["id"], year=int(year), value=round(rate, 7),
                             methode=FRANCE_METHOD.format(what=what, base="logements" if base == "insee_log"
                                                          else "populations")))
        dwellings = " et au parc de logements de 2021 à partir de 2022" if spec.get("per_dwelling") else ""
        specs.append(dict(spec, offence=offence, caveat=CRIME_CAVEAT.format(dwellings=dwellings)))
    values = pd.DataFrame(rows).assign(source=SSMSI["source"], source_url=SSMSI["url"], lu_sur=SSMSI_COPY,
                                       licence=LICENCE_OUVERTE)
    return specs, values


SERIES_COLUMNS = ["region_code", "indicator_id", "year", "value", "source", "source_url", "lu_sur", "licence",
                  "methode"]


def sorted_series(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One tidy file, in a stable order: indicator (first seen), region, year."""
    out = pd.concat(frames, ignore_index=True)[SERIES_COLUMNS]
    order = {i: n for n, i in enumerate(dict.fromkeys(out["indicator_id"]))}
    out = out.assign(_o=out["indicator_id"].map(order), _r=out["region_code"].map(
        {c: n for n, c in enumerate(REGIONS + ["FRM"])}))
    return out.sort_values(["_o", "_r", "year"], kind="stable").drop(columns=["_o", "_r"]).reset_index(drop=True)
