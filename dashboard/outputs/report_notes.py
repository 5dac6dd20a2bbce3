"""The report's notes: the « Précautions de lecture » (caveats) and what it says about imported values
(the banner under the title, the caveat naming the files they come from). Laid out by
dashboard/outputs/report.py.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.platypus import Spacer

from dashboard import comparison_rules as rules
from dashboard.analysis.model import Model
from dashboard.data.schema import DEFAULT_PROFILE, KIND_IMPORTED, KIND_OFFICIAL, KIND_REPORT, NOT_AVAILABLE, PROFILE_LABELS
from dashboard.imports.merging import file_of, imported_in_session, imported_marker
from dashboard.labels import format_number, is_missing
from dashboard.outputs.report_tables import _p, para
from dashboard.views import home as views
from dashboard.views import region as region_view

def caveats(model: Model, region: str, s: dict, profile: str = DEFAULT_PROFILE) -> list:
    points = region_view.quadrant_points(model, region, profile)
    notes = [
        "Rang « x / n » : 1re = la région la plus fragile des n régions qui ont une valeur. Un "
        f"indicateur mesuré dans moins de {rules.MIN_REGIONS_COMPARABLE} régions sur 13 est une "
        "« comparaison partielle » : il a un rang, mais n'entre pas dans l'indice du domaine et ne "
        "classe jamais la région « parmi les plus fragiles ». L'indice d'un domaine est la moyenne "
        "des mêmes indicateurs comparables pour chaque région classée (écart à la moyenne des "
        "régions) ; « proche de la moyenne » : à moins de "
        f"{format_number(rules.NEUTRAL_BAND, 2)} écart-type de la moyenne.",
        f"Le ressenti est la note de fragilité perçue par les {PROFILE_LABELS[profile].lower()} "
        "(sur 10), standardisée entre les régions pour être comparée à la mesure.",
        f"« {NOT_AVAILABLE} » signale une valeur absente : elle n'est jamais remplacée par zéro.",
    ]
    imported = imported_note(model, region, profile)
    if imported:
        notes.insert(0, imported)
    if views.uses_illustrative(points):
        notes.insert(0, "Perception « illustratif » : les notes de perception par région ne sont pas "
                        "publiques ; celles affichées sont des valeurs fictives de démonstration, pas des "
                        "résultats d'enquête. Les conclusions sur le ressenti sont donc illustratives.")
    kinds = set(model.scores[model.scores["region_code"] == region]["kind"])
    if KIND_REPORT in kinds:
        notes.append("« Rapport Le RAMEAU 2020 (transcription) » : chiffres du rapport de recherche, "
                     "transcrits et non rapprochés d'une série officielle.")
    catalogue = model.bundle.indicators
    for row in catalogue[(catalogue["caveat"] != "") & (catalogue["kind"] != KIND_OFFICIAL)].itertuples():
        if row.id in set(model.scores[model.scores["region_code"] == region]["indicator_id"]):
            notes.append(f"{row.label_fr} : {row.caveat}")
    return [para("• " + escape(n), s["small"]) for n in notes]


def imported_values(model: Model, region: str, profile: str = DEFAULT_PROFILE) -> list[tuple[str, str]]:
    """(what, origin) of each imported value the region's report shows: its perception notes
    (of the report's profile) and the imported indicators (each has a row in the domain table, with
    or without a value for this region); origin « Données importées dans cette session
    (fichier « x.csv ») » or « … au démarrage (…) »."""
    out = []
    perception = model.perception[profile]
    mine = perception[(perception["region_code"] == region) & (perception["kind"] == KIND_IMPORTED)]
    for source, rows in mine.groupby("source", sort=False):
        labels = [model.domain_labels.get(d, d) for d in rows["domain_id"]]
        out.append((f"notes de perception ({', '.join(labels)})", str(source)))
    catalogue = model.bundle.indicators
    for row in catalogue[catalogue["kind"] == KIND_IMPORTED].itertuples():  # every one has its table row
        scores = model.indicator_scores(row.id)
        value = scores.by_region.get(region, (None,))[0] if scores else None
        missing = "" if not is_missing(value) else ", sans valeur pour cette région"
        out.append((f"indicateur « {row.label_fr} » ({row.year}{missing})", str(row.caveat).rstrip(".")))
    return out


def imported_note(model: Model, region: str, profile: str = DEFAULT_PROFILE) -> str | None:
    """The caveat that says which values of the report were imported (None when none were)."""
    values = imported_values(model, region, profile)
    if not values:
        return None
    session = imported_in_session(origin for _, origin in values)
    where = "dans cette session" if session else "au démarrage du tableau de bord"
    listed = " ; ".join(f"{what}, {file_of(origin)}" for what, origin in values)
    text = (f"Données importées {where} : cette fiche inclut des valeurs qui ne font pas partie des "
            f"données de référence du tableau de bord : {listed}. Elles sont marquées « importé » "
            "ou « Données importées » dans le tableau des domaines.")
    if session:
        text += (" Le lien permanent ci-dessous ouvre les données de référence : ces valeurs ne sont "
                 "visibles que dans la session du navigateur qui les a importées.")
    return text


def imported_banner(values: list[tuple[str, str]], s: dict) -> list:
    """The warning under the title when the report shows imported values (imported_values())."""
    if not values:
        return []
    return [Spacer(1, 4), _p(f"⚠ {imported_marker(origin for _, origin in values)} : "
                             + " ; ".join(what for what, _ in values)
                             + ". Détail dans « Précautions de lecture ».", s["warn"])]
