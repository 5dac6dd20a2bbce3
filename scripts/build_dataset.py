"""Build the tidy CSV files of data/ from the research tables collected in ../shared/data/research.

Run once, by hand, when the research tables change:

    python scripts/build_dataset.py [path/to/shared/data/research]

It writes data/indicators.csv, data/objective_values.csv, data/series_values.csv (every year of the
indicators that are series, scripts/dataset_series.py), data/profile_figures.csv and
data/perception_published.csv (the demonstration layer comes from scripts/make_demo_perception.py).
Every figure written here is copied from a research row: nothing is estimated. Where each figure
was published, where it was read, under which licence, and how far the study's table can be
trusted is in scripts/dataset_provenance.py. The app itself never reads ../shared.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
sys.path.insert(0, str(Path(__file__).resolve().parent))  # also when loaded by the tests

from dataset_provenance import (  # noqa: E402
    EUROSTAT_COMPILATION,
    EUROSTAT_URL,
    LICENCE_EUROSTAT,
    LICENCE_OUVERTE,
    LICENCE_REPORT,
    REPORT_RELIABILITY,
    REPORT_ROWS,
    SECONDARY,
    SERIES_2026,
    SERIES_EUROSTAT,
    licence_of,
)
from dataset_series import SERIES_COLUMNS, current_year, sorted_series, ssmsi_series  # noqa: E402

INDICATOR_COLUMNS = ["id", "domain_id", "label_fr", "unit", "year", "definition", "higher_is_more_fragile",
                     "source", "source_url", "lu_sur", "licence", "kind", "caveat", "fiabilite",
                     "fiabilite_raison"]
VALUE_COLUMNS = ["region_code", "indicator_id", "value", "source", "source_url", "lu_sur", "licence",
                 "methode"]

# research "domain" label -> our domain id (data/domains.csv); None = profile figure
DOMAIN_OF = {
    "emploi": "emploi",
    "développement économique": "developpement_economique",
    "vieillissement / isolement": "vieillissement",
    "handicap": "handicap",
    "accès au numérique": "numerique",
    "santé": "sante",
    "logement / mal-logement": "logement",
    "sport": "sport",
    "sécurité": "securite",
    "mobilité": "mobilite",
    "transition énergétique": "transition_energetique",
}
# the research table files poverty and living standards together: split by indicator
POVERTY = {
    "Intensité de la pauvreté": "pauvrete_exclusion",
    "Taux de pauvreté monétaire (seuil à 60 % du niveau de vie médian)": "pauvrete_exclusion",
    "Niveau de vie annuel médian": "niveau_de_vie",
    "Rapport interdécile du niveau de vie D9/D1": "niveau_de_vie",
}

REPORT_SOURCE = ("Le RAMEAU, « 2020, l'année de l'AMM de l'ODD 17 », rapport de recherche du 20 décembre "
                 "2020, tableau « Indicateurs de fragilité par région » (transcription)")
REPORT_URL = ""  # the research files give no address of the report itself (not the publisher's home page)

PERCEPTION_DOMAIN = {
    "emploi": "emploi", "emploi, chômage et insertion professionnelle": "emploi",
    "niveau de vie": "niveau_de_vie", "pouvoir d'achat": "niveau_de_vie",
    "niveau de vie et pouvoir d'achat": "niveau_de_vie",
    "sécurité": "securite", "mobilité": "mobilite", "environnement": "environnement",
    "questions environnementales": "environnement",
    "développement économique": "developpement_economique",
    "développement économique du territoire": "developpement_economique",
    "transition énergétique": "transition_energetique",
    "lutte contre l'exclusion": "pauvrete_exclusion", "pauvreté et précarité": "pauvrete_exclusion",
}
# units as a sentence reads them after a value (« 113,6 personnes de 65 ans ou plus pour 100 de moins
# de 20 ans »), where the research table's short form does not
UNIT_WORDING = {
    "65 ans ou plus pour 100 moins de 20 ans": "personnes de 65 ans ou plus pour 100 de moins de 20 ans",
}
# short, stable ids for the official indicators (used in URLs: ?indicateur=chomage_2019)
SHORT_ID = {
    "Taux de chômage au sens du BIT (ensemble)": "chomage",
    "Taux de chômage des 15-24 ans au sens du BIT": "chomage_jeunes",
    "PIB par habitant": "pib_hab",
    "Indice de vieillissement (65 ans ou plus pour 100 personnes de moins de 20 ans)": "indice_vieillissement",
    "Part des 75 ans ou plus dans la population": "part_75_ans",
    "Bénéficiaires de la PCH ou de l'ACTP âgés de 20 à 59 ans pour 1 000 habitants de 20 à 59 ans": "pch_actp_20_59",
    "Taux de pauvreté monétaire (seuil à 60 % du niveau de vie médian)": "taux_pauvrete",
    "Intensité de la pauvreté": "intensite_pauvrete",
    "Niveau de vie annuel médian": "niveau_vie_median",
    "Rapport interdécile du niveau de vie D9/D1": "rapport_d9_d1",
    "Taux d'illectronisme (personnes de 15 ans ou plus)": "illectronisme",
    "Densité de médecins (généralistes et spécialistes, libéraux et salariés)": "densite_medecins",
    "Part des logements sur-occupés (résidences principales)": "logements_suroccupes",
    "Part des ménages vivant dans un logement suroccupé": "menages_suroccupes",
    "Licences sportives pour 1 000 habitants": "licences_sportives",
    "Victimes de coups et blessures volontaires (15 ans ou plus) enregistrées": "coups_blessures",
    "Vols violents sans arme enregistrés": "vols_violents",
    "Destructions et dégradations volontaires enregistrées": "destructions_degradations",
    "Cambriolages de logement enregistrés": "cambriolages",
    "Part des actifs en emploi se déplaçant pour travailler qui utilisent principalement la voiture": "navetteurs_voiture",
    "Part des actifs en emploi se déplaçant pour travailler qui utilisent les transports en commun": "navetteurs_tc",
    "Part de la production normalisée d'énergie renouvelable dans la consommation régionale d'énergie finale": "part_enr",
}
REGION_CODE_BY_NAME = {"France métropolitaine": "FRM", "Nouvelle-Aquitaine": "75"}


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:60]


def french_number(text: str) -> float:
    return float(str(text).replace("%", "").replace("\u202f", "").replace(" ", "").replace(",", "."))


def provenance(source: str, url: str) -> dict:
    """Primary publication, where the figure was read, licence: for a research (source, url) pair."""
    primary = SECONDARY.get(url)
    if primary:
        return dict(source=primary["source"], source_url=primary["url"], lu_sur=url, licence=primary["licence"])
    return dict(source=source, source_url=url, lu_sur="", licence=licence_of(url))


def official_tables(research: Path) -> pd.DataFrame:
    """Rows of the first two research tables, without those a later table replaces (2026-11)."""
    frames = [pd.read_csv(research / name, dtype=str, keep_default_na=False)
              for name in ("objective_indicators.csv", "objective_indicators_more.csv")]
    rows = pd.concat(frames, ignore_index=True)
    replaced = {("Licences sportives pour 1 000 habitants", "2022"),
                ("Taux de pauvreté monétaire (seuil à 60 % du niveau de vie médian)", "2020")}
    # the crime figures of 2021 are one year of the SSMSI series 2016-2024 (crime_series)
    return rows[[(i, y) not in replaced and d != "sécurité"
                 for i, y, d in zip(rows["indicator"], rows["year"], rows["domain"])]]


def _catalogue_row(indicator_id: str, group: pd.DataFrame, **fields) -> dict:
    """One catalogue line: the series' own source, else the first value read in a primary publication."""
    cited = group[group["source_url"] != ""]
    first = (cited if len(cited) else group).iloc[0]
    france = cited[cited["region_code"] == "FRM"]
    source = fields.pop("source", None)
    url = (france if len(france) else cited if len(cited) else group).iloc[0]["source_url"]
    licences = list(dict.fromkeys(group["licence"]))
    return dict(id=indicator_id, source=source or first["source"], source_url=url if source else first["source_url"],
                lu_sur="" if source else first["lu_sur"], licence=" ; ".join(licences), kind="officiel",
                fiabilite="", fiabilite_raison="", **fields)


def _values(indicator_id: str, group: pd.DataFrame) -> list[dict]:
    return [dict(region_code=r["region_code"], indicator_id=indicator_id, value=float(r["value"]),
                 source=r["source"], source_url=r["source_url"], lu_sur=r["lu_sur"], licence=r["licence"],
                 methode=r.get("methode", "")) for _, r in group.iterrows()]


def _with_provenance(rows: pd.DataFrame) -> pd.DataFrame:
    cited = [provenance(s, u) for s, u in zip(rows["source"], rows["source_url"])]
    return rows.drop(columns=["source", "source_url"]).reset_index(drop=True).join(pd.DataFrame(cited))


def split_official(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Rows with a direction become indicators; rows without one are profile figures."""
    rows = _with_provenance(rows)
    catalogue, values, profile = [], [], []
    for (label, year), group in rows.groupby(["indicator", "year"], sort=False):
        direction = group["higher_is_more_fragile"].iloc[0]
        first = group.iloc[0]
        if direction == "":
            figure_id = f"{slug(label)}_{year}"
            for row in group.itertuples():
                profile.append(dict(region_code=row.region_code, figure_id=figure_id, label_fr=label,
                                    value=float(row.value), unit=row.unit, year=int(year),
                                    source=row.source, source_url=row.source_url, lu_sur=row.lu_sur,
                                    licence=row.licence, kind="officiel"))
            continue
        domain = POVERTY.get(label) or DOMAIN_OF[first["domain"]]
        indicator_id = f"{SHORT_ID[label]}_{year}"
        catalogue.append(_catalogue_row(
            indicator_id, group, domain_id=domain, label_fr=label,
            unit=UNIT_WORDING.get(first["unit"], first["unit"]), year=int(year),
            definition=label, higher_is_more_fragile=direction == "true", caveat=""))
        values += _values(indicator_id, group)
    return pd.DataFrame(catalogue), pd.DataFrame(values), pd.DataFrame(profile)


def series_2026(research: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sport licences 2022 and poverty 2020 from the 2026-11 table (primary url, where read, licence)."""
    table = pd.read_csv(research / "objective_indicators_2026-11.csv", dtype=str, keep_default_na=False)
    catalogue, values = [], []
    for (label, year), group in table.groupby(["indicateur", "annee"], sort=False):
        spec = SERIES_2026.get((label, year))
        if spec is None:
            continue  # too thin to compare (3 to 7 regions), kept in ../shared for later
        group = group.assign(region_code=group["code_region"], value=group["valeur"],
                             source_url=group["url"].where(group["url"].str.startswith("http"), ""),
                             source=[s if u.startswith("http") else f"{s} ; {u[0].lower() + u[1:]}"
                                     for s, u in zip(group["source"], group["url"])],
                             lu_sur=[read_on(text) for text in group["lu_sur"]],
                             licence=[LICENCE_OUVERTE if text.startswith("Licence Ouverte") else text
                                      for text in group["licence"]])
        catalogue.append(_series_row(spec, group, int(year)))
        values += _values(spec["id"], group)
    return pd.DataFrame(catalogue), pd.DataFrame(values)


def read_on(text: str) -> str:
    """The research « lu_sur » cell -> the page read when it is not Insee's own (else empty)."""
    urls = re.findall(r"https?://[^\s;()]+", text)
    if not urls or any(re.match(r"https?://([a-z-]+\.)*insee\.fr\.?/", u) for u in urls):
        return ""
    return urls[0]


def _series_row(spec: dict, group: pd.DataFrame, year: int, source: str | None = None) -> dict:
    return _catalogue_row(spec["id"], group, source=source or spec["source"], domain_id=spec["domain"],
                          label_fr=spec["label"], unit=spec["unit"], year=year,
                          definition=spec["definition"], higher_is_more_fragile=spec["fragile"],
                          caveat=spec["caveat"])


def eurostat_series(research: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Life expectancy and broadband: the catalogue row and values of 2018 (the current year), and
    every year 2014-2018 (series), the 13 regions from Eurostat's former regions."""
    table = pd.read_csv(research / "eurostat_regions13_2014_2018.csv", dtype=str, keep_default_na=False)
    nuts = pd.read_csv(research / "eurostat_nuts2_2014_2018.csv", dtype=str, keep_default_na=False)
    names = dict(zip(nuts["nuts2"], nuts["nom_nuts2"].str.strip()))
    catalogue, values, years = [], [], []
    current = {label: year for label, year in SERIES_EUROSTAT}
    for (label, year), group in table.groupby(["indicateur", "annee"], sort=False):
        if label not in current:
            continue
        spec = SERIES_EUROSTAT[(label, current[label])]
        eurostat = group["tableau_eurostat"].iloc[0]
        source = f"Eurostat, tableau {eurostat}"
        group = group.assign(region_code=group["code_region"], value=group["valeur"], source=source,
                             source_url=EUROSTAT_URL.format(table=eurostat), lu_sur=EUROSTAT_COMPILATION,
                             licence=LICENCE_EUROSTAT,
                             methode=[method_text(m, names) for m in group["methode"]])
        years += [dict(v, year=int(year)) for v in _values(spec["id"], group[group["value"] != ""])]
        if year == current[label]:
            catalogue.append(_series_row(spec, group, int(year), source))
            values += _values(spec["id"], group)
    return pd.DataFrame(catalogue), pd.DataFrame(values), pd.DataFrame(years)


def crime_series(research: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The SSMSI series 2016-2024: catalogue rows and values of the current year, every year."""
    specs, years = ssmsi_series(research)
    catalogue, values = [], []
    for spec in specs:
        mine = years[years["indicator_id"] == spec["id"]]
        year = current_year(mine)
        now = mine[mine["year"] == year]
        catalogue.append(_catalogue_row(
            spec["id"], now, source=now["source"].iloc[0], domain_id="securite", label_fr=spec["label"],
            unit=spec["unit"], year=year, definition=f"{spec['label']} (SSMSI, indicateur « {spec['offence']} »)",
            higher_is_more_fragile=True, caveat=spec["caveat"]))
        values.append(now.drop(columns="year"))
    return pd.DataFrame(catalogue), pd.concat(values, ignore_index=True), years


def method_text(research: str, names: dict[str, str]) -> str:
    """« moyenne pondérée par la population de FRC1, FRC2 » -> the French method with region names."""
    if research.startswith("exact"):
        return ""  # the region is one NUTS 2 region: Eurostat's own value
    codes = re.findall(r"FR[A-Z0-9]{2}", research)
    if not codes:
        return ("calcul à partir des anciennes régions (Eurostat) : moyenne pondérée par la population "
                "des 22 régions NUTS 2 métropolitaines")
    former = [f"{names.get(c, c)} ({c})" for c in codes]
    joined = ", ".join(former[:-1]) + " et " + former[-1]
    return ("calcul à partir des anciennes régions (Eurostat) : moyenne pondérée par la population des "
            f"anciennes régions {joined}")


def report_tables(research: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    table = pd.read_csv(research / "seed_report_table.csv", dtype=str, keep_default_na=False)
    codes = ["FRM", "44", "75", "84", "28", "27", "53", "24", "11", "76", "32", "52", "93", "94"]
    catalogue, values = [], []
    for _, row in table.iterrows():
        spec = REPORT_ROWS.get(int(row["ligne"]))
        if spec is None:
            continue
        assert row["alignement"].startswith("aligné"), row["ligne"]
        reliability, reason = REPORT_RELIABILITY[spec["id"]]
        catalogue.append(dict(
            id=spec["id"], domain_id=spec["domain"], label_fr=spec["label"], unit=spec["unit"],
            year=spec["year"], definition=f"Ligne {row['ligne']} du tableau : « {row['indicateur_slide']} » "
            f"(code source {row['source_code']}, période {row['annee'] or 'non imprimée'})",
            higher_is_more_fragile=spec["fragile"], source=REPORT_SOURCE, source_url=REPORT_URL, lu_sur="",
            licence=LICENCE_REPORT, kind="rapport-2020", caveat=spec["caveat"], fiabilite=reliability,
            fiabilite_raison=reason))
        for code in codes:
            values.append(dict(region_code=code, indicator_id=spec["id"], value=french_number(row[code]),
                               source=REPORT_SOURCE, source_url=REPORT_URL, lu_sur="", licence=LICENCE_REPORT,
                               methode=""))
    return pd.DataFrame(catalogue), pd.DataFrame(values)


def published_perception(research: Path) -> pd.DataFrame:
    """National (and the few regional) scores out of 10 that the surveys published."""
    rows = pd.read_csv(research / "perception_figures.csv", dtype=str, keep_default_na=False)
    out = []
    for row in rows.itertuples():
        if row.unit != "note /10" or row.region not in REGION_CODE_BY_NAME:
            continue
        if "valeur en conflit" in row.measure or "référence citée" in row.measure:
            continue  # PHARE sécurité 7,0 conflicts with 6,6; the NA report's national reference repeats
        domain = PERCEPTION_DOMAIN.get(row.domain.lower())
        if domain is None:
            continue
        profile = "entreprises" if row.profile.startswith("entreprises") else row.profile
        year = int(row.year) if row.year.isdigit() else None
        out.append(dict(region_code=REGION_CODE_BY_NAME[row.region], domain_id=domain, profile=profile,
                        year=year, score=float(row.value), n=2400 if row.study == "IMPACT-Citoyens" else None,
                        kind="publié", source=row.study, source_url=row.source_url,
                        note="" if year else "année non précisée par la source (rapport régional PHARE)"))
    frame = pd.DataFrame(out)
    frame["year"] = frame["year"].astype("Int64")
    frame["n"] = frame["n"].astype("Int64")
    return frame


def build(research: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(catalogue, values, profile figures, series values) as written to data/."""
    catalogue, values, profile = split_official(official_tables(research))
    crime_catalogue, crime_values, crime_years = crime_series(research)
    euro_catalogue, euro_values, euro_years = eurostat_series(research)
    parts = [(crime_catalogue, crime_values), series_2026(research), (euro_catalogue, euro_values),
             report_tables(research)]
    catalogue = pd.concat([catalogue] + [c for c, _ in parts], ignore_index=True)[INDICATOR_COLUMNS]
    values = pd.concat([values] + [v for _, v in parts], ignore_index=True)[VALUE_COLUMNS]
    return catalogue, values, profile, sorted_series([crime_years, euro_years])


def main(research: Path, out: Path = DATA) -> None:
    catalogue, values, profile, series = build(research)
    catalogue.to_csv(out / "indicators.csv", index=False)
    values.to_csv(out / "objective_values.csv", index=False)
    series[SERIES_COLUMNS].to_csv(out / "series_values.csv", index=False)
    profile.to_csv(out / "profile_figures.csv", index=False)
    published_perception(research).to_csv(out / "perception_published.csv", index=False)
    print(f"{len(catalogue)} indicateurs, {len(values)} valeurs, {len(profile)} chiffres de profil")


if __name__ == "__main__":
    default = ROOT.parent / "shared" / "data" / "research"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
