"""The whole dataset for download: a zip of CSV files and one XLSX workbook, each with a README.

Served at `/telecharger/donnees.zip` and `/telecharger/donnees.xlsx` (dashboard/web/routes.py). Both hold the
deployment's data (a plain link carries no session import), the files as read and the scores the
app computes. CSV as in the chart exports: UTF-8 with BOM, `;` separator, decimal comma; every text
cell a spreadsheet could run as a formula (= + - @) starts with a '.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pandas as pd

from dashboard.comparison_rules import MIN_REGIONS_COMPARABLE, MIN_REGIONS_FOR_RANK
from dashboard.outputs.exports import APP_NAME, neutralise, to_csv
from dashboard.views.sources import ILLUSTRATIVE_TEXT, KIND_EXPLANATIONS, METHODS_TEXT, comparison_rules_text

ZIP_NAME, XLSX_NAME = "impact-territoires-donnees.zip", "impact-territoires-donnees.xlsx"
README_SHEET = "LISEZMOI"

READ_ON = ("lu_sur", "page où le chiffre a été lu quand ce n'est pas la publication d'origine (presse, copie, "
                     "compilation) ; vide sinon")
# table -> (what it holds, [(column, meaning)])
TABLES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "regions": ("Les 13 régions et la France métropolitaine (code INSEE, COG 2018).", [
        ("code", "code INSEE de la région (chaîne : « 11 » … « 94 » ; « FRM » = France métropolitaine)"),
        ("nom", "nom officiel"), ("nom_court", "nom court pour les graphiques")]),
    "domaines": ("Les 16 domaines d'action et leur famille.", [
        ("id", "identifiant (utilisé dans les adresses)"), ("label_fr", "libellé"),
        ("label_en", "libellé anglais"), ("family", "famille : économique, sociale, sociétale, environnementale"),
        ("description", "description")]),
    "indicateurs": ("Le catalogue des indicateurs objectifs, avec leur couverture.", [
        ("id", "identifiant"), ("domain_id", "domaine"), ("label_fr", "libellé"), ("unit", "unité"),
        ("year", "année des valeurs"), ("definition", "définition"),
        ("higher_is_more_fragile", "VRAI si une valeur plus haute signale plus de fragilité"),
        ("source", "source (publication d'origine)"),
        ("source_url", "lien vers la publication d'origine (vide : adresse non relevée, voir lu_sur)"),
        READ_ON,
        ("licence", "licence ou conditions de réutilisation des sources de ses valeurs"),
        ("kind", "nature (officiel, rapport-2020, publié, illustratif, importé)"),
        ("caveat", "mise en garde"),
        ("fiabilite", "lignes du rapport 2020 seulement : confirmée, plausible ou douteuse (hors indices)"),
        ("fiabilite_raison", "pourquoi cette fiabilité"),
        ("n_regions", "nombre de régions (sur 13) qui ont une valeur")]),
    "valeurs": ("Les valeurs lues dans les sources : une ligne par région (ou FRM) et indicateur.", [
        ("region_code", "code INSEE de la région ou FRM"), ("indicator_id", "indicateur"),
        ("value", "valeur, dans l'unité de l'indicateur"), ("source", "publication d'origine de cette valeur"),
        ("source_url", "lien vers la publication d'origine (vide : adresse non relevée, voir lu_sur)"),
        READ_ON,
        ("licence", "licence ou conditions de réutilisation de cette valeur"),
        ("methode", "comment la valeur a été obtenue quand elle n'est pas lue telle quelle (ex. calcul à partir "
                    "des anciennes régions) ; vide sinon")]),
    "series": ("Toutes les années de chaque indicateur : une ligne par région (ou FRM), indicateur et année "
               "(l'année courante d'un indicateur, celle des indices, est la dernière couverte par au moins "
               f"{MIN_REGIONS_COMPARABLE} régions).", [
        ("region_code", "code INSEE de la région ou FRM"), ("indicator_id", "indicateur"), ("year", "année"),
        ("value", "valeur, dans l'unité de l'indicateur"), ("source", "publication d'origine de cette valeur"),
        ("source_url", "lien vers la publication d'origine"), READ_ON,
        ("licence", "licence ou conditions de réutilisation de cette valeur"),
        ("methode", "comment la valeur a été obtenue quand elle n'est pas lue telle quelle (ex. France "
                    "métropolitaine calculée à partir des 13 régions) ; vide sinon")]),
    "scores": ("Ce que l'application calcule pour chaque région et indicateur (voir « Méthodes »).", [
        ("region_code", "région"), ("indicator_id", "indicateur"), ("domain_id", "domaine"),
        ("value", "valeur brute"), ("oriented", "valeur orientée (signe changé si plus bas = plus fragile)"),
        ("z", f"score z (vide quand la règle le retient : moins de {MIN_REGIONS_COMPARABLE} régions sur 13)"),
        ("rank", f"rang, 1 = la plus fragile (ex æquo : meilleur rang ; vide sous {MIN_REGIONS_FOR_RANK} régions)"),
        ("n_regions", "régions qui ont une valeur (le n de « x / n »)"),
        ("level", "comparaison : comparable, partielle ou valeurs seules"),
        ("percentile", "rang centile, 0 = la moins fragile, 100 = la plus fragile"),
        ("france_value", "valeur France métropolitaine"),
        ("gap_to_france", "valeur − valeur France (vide sans valeur France)"), ("year", "année"),
        ("kind", "nature")]),
    "indices": ("L'indice de fragilité de chaque région et domaine (moyenne des scores z des indicateurs "
                "que l'indice utilise, les mêmes pour chaque région classée).", [
        ("region_code", "région"), ("domain_id", "domaine"), ("index", "indice (vide : donnée non disponible)"),
        ("n_indicators", "nombre de scores z moyennés"), ("n_used", "indicateurs que l'indice utilise"),
        ("n_available", "indicateurs du domaine"), ("complete", "VRAI si la région a tous les indicateurs utilisés"),
        ("years", "années mêlées"), ("kinds", "natures mêlées"),
        ("rank", "rang parmi les régions qui ont un indice complet"), ("n_ranked", "régions classées"),
        ("comparable", f"VRAI si l'indice classe au moins {MIN_REGIONS_COMPARABLE} régions")]),
    "perception": ("Toutes les notes de perception (0-10) : publiées et illustratives.", [
        ("region_code", "région ou FRM"), ("domain_id", "domaine"), ("profile", "profil interrogé"),
        ("year", "année"), ("score", "note de fragilité ressentie sur 10"), ("n", "nombre de répondants"),
        ("kind", "nature (publié, illustratif)"), ("source", "source"), ("source_url", "lien"), ("note", "remarque")]),
    "ressenti_mesure": ("Ressenti et mesuré, par profil, région et domaine (perception retenue).", [
        ("profile", "profil"), ("region_code", "région"), ("domain_id", "domaine"),
        ("objective", "indice mesuré"), ("score", "note perçue sur 10"),
        ("perceived", "note perçue standardisée entre régions (score z)"),
        ("gap", "perçu − mesuré (positif : plus ressenti que mesuré)"), ("quadrant", "quadrant"),
        ("perception_kind", "nature de la perception")]),
    "chiffres_cles": ("Chiffres clés sans sens de fragilité (population, PIB…).", [
        ("region_code", "région"), ("figure_id", "identifiant"), ("label_fr", "libellé"), ("value", "valeur"),
        ("unit", "unité"), ("year", "année"), ("source", "source"), ("source_url", "lien"),
        READ_ON, ("licence", "licence"), ("kind", "nature")]),
    "anciennes_regions": ("Les régions d'avant 2016 et la région dont elles font partie.", [
        ("ancienne_region", "ancienne région"), ("region_code", "région actuelle")]),
}


def dataset_tables(model) -> dict[str, pd.DataFrame]:
    from dashboard.views.sources import indicator_catalogue

    bundle = model.bundle
    catalogue = indicator_catalogue(model)[[c for c, _ in TABLES["indicateurs"][1]]]
    felt = pd.concat([f.assign(profile=p) for p, f in model.felt_measured.items()], ignore_index=True)
    frames = {
        "regions": bundle.regions, "domaines": bundle.domains, "indicateurs": catalogue,
        "valeurs": bundle.values, "series": every_year(model), "scores": model.scores, "indices": model.index,
        "perception": bundle.perception, "ressenti_mesure": felt, "chiffres_cles": bundle.profile,
        "anciennes_regions": bundle.former_regions,
    }
    return {name: frames[name][[c for c, _ in TABLES[name][1] if c in frames[name].columns]]
            for name in TABLES}


def every_year(model) -> pd.DataFrame:
    """Every value of every indicator in every year (series_values.csv and each catalogue row's own
    year), sorted by indicator, region and year."""
    frames, seen = [], set()
    for indicator_id in model.bundle.indicators["id"]:
        points = model.series_points(indicator_id)
        if id(points) not in seen:
            seen.add(id(points))
            frames.append(points)
    if not frames:
        return pd.DataFrame(columns=[c for c, _ in TABLES["series"][1]])
    every = pd.concat(frames, ignore_index=True).drop_duplicates(["indicator_id", "region_code", "year"])
    return every.sort_values(["indicator_id", "region_code", "year"], kind="stable").reset_index(drop=True)


def readme_rows(model, today: date) -> list[tuple[str, str]]:
    """(heading, text) lines of the README: what, licences, sources, methods, columns."""
    licences = sorted(set(model.bundle.values.get("licence", model.bundle.indicators["licence"]).dropna())
                      | set(model.bundle.profile["licence"]) - {""})
    rows = [("Jeu de données", f"{APP_NAME} : fragilités des 13 régions métropolitaines, mesurées et ressenties."),
            ("Date d'export", today.isoformat()),
            ("Format CSV", "UTF-8 avec BOM, séparateur « ; », virgule décimale ; cellule vide = donnée non "
                           "disponible (jamais 0) ; un texte commençant par = + - @ est précédé d'une apostrophe."),
            ("Licences", "Chaque valeur porte la licence de sa propre source (valeurs.licence) : "
             + " ; ".join(licences) + ". Perception publiée : citation des sources (Le RAMEAU, "
             "Banque des Territoires). Contours : IGN Admin Express 2018, Licence Ouverte."),
            ("Donnée illustrative", ILLUSTRATIVE_TEXT)]
    rows += [(f"Nature « {kind} »", text) for kind, text in KIND_EXPLANATIONS.items()]
    rows += [(f"Règle de comparaison : {title}", text) for title, text in comparison_rules_text()]
    rows += [(f"Méthode : {title}", text) for title, text in METHODS_TEXT]
    sources = model.bundle.indicators.drop_duplicates("source")
    rows += [("Source", " — ".join(part for part in (s.source, s.licence, s.source_url) if part))
             for s in sources.itertuples()]
    for name, (what, columns) in TABLES.items():
        rows.append((f"Table {name}", what))
        rows += [(f"{name}.{column}", meaning) for column, meaning in columns]
    return rows


def readme_text(model, today: date) -> str:
    return "\n\n".join(f"{heading}\n    {text}" for heading, text in readme_rows(model, today)) + "\n"


def build_zip(model, today: date) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LISEZMOI.txt", readme_text(model, today).encode("utf-8"))
        for name, frame in dataset_tables(model).items():
            archive.writestr(f"{name}.csv", to_csv(frame))
        archive.writestr("regions.geojson", json.dumps(model.bundle.geometry, ensure_ascii=False))
    return buffer.getvalue()


def build_xlsx(model, today: date) -> bytes:
    readme = pd.DataFrame(readme_rows(model, today), columns=["rubrique", "contenu"])
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise(readme).to_excel(writer, sheet_name=README_SHEET, index=False)
        for name, frame in dataset_tables(model).items():
            neutralise(frame).to_excel(writer, sheet_name=name[:31], index=False)
        for sheet in writer.book.worksheets:  # readable widths, header kept in view
            sheet.freeze_panes = "A2"
            for column in sheet.columns:
                width = max(len(str(c.value or "")) for c in list(column)[:200])
                sheet.column_dimensions[column[0].column_letter].width = min(max(10, width + 2), 80)
    return buffer.getvalue()
