"""The two import templates (survey results, extra indicator) as CSV and XLSX, and their help.

The help tables are shown on the import page and written into the XLSX's « aide » sheet, so the
page and the files say the same thing.
"""

from __future__ import annotations

import io
from datetime import datetime
from functools import lru_cache

from dashboard.data.schema import REGION_CODES

FIXED_DATE = datetime(2024, 1, 1)   # the workbooks' dates: the same bytes at every build

# (colonne, obligatoire, contenu attendu, exemple)
PERCEPTION_HELP = (
    ("region", "oui", ("Code INSEE de la région (11 … 94) ou son nom (« Bretagne », « Grand Est »). "
     "Les anciennes régions (avant 2016, comme « Picardie ») sont refusées."), "53"),
    ("domaine", "oui", ("Un des 16 domaines, par son libellé (« Santé », « Transition énergétique ») "
     "ou son identifiant (« sante »)."), "Emploi"),
    ("profil", "oui", "citoyens, élus, entreprises ou associations.", "citoyens"),
    ("annee", "oui", ("Année de l'enquête, sur quatre chiffres. Un même fichier peut contenir "
     "plusieurs années (une ligne par année ; chaque région, domaine, profil et année une seule "
     "fois) : elles forment une série, la plus récente est la note affichée."), "2023"),
    ("note", "oui", "Note de fragilité perçue, de 0 à 10 (virgule ou point décimal).", "6,4"),
    ("effectif", "non", "Nombre de personnes interrogées (entier, au moins 1) ; vide si inconnu.", "850"),
    ("ecart_type", "non", ("Écart-type des notes des personnes interrogées (de 0 à 10) ; sert à "
     "calculer l'intervalle de confiance de la note ; vide si inconnu."), "2,1"),
)
INDICATOR_METADATA_HELP = (
    ("libellé", "oui", "Nom de l'indicateur, tel qu'il s'affichera.", "Part des 18-24 ans sans diplôme"),
    ("domaine", "oui", "Un des 16 domaines (libellé ou identifiant).", "Éducation"),
    ("unité", "oui", "Unité des valeurs.", "% des 18-24 ans"),
    ("année", "oui", ("Année des valeurs, sur quatre chiffres. Facultative si le tableau a une "
     "colonne annee : elle vaut alors pour les lignes sans année."), "2022"),
    ("source", "oui", "Qui a produit les valeurs.", "Observatoire des partenariats, enquête 2022"),
    ("url", "non", "Adresse web de la source (https://…).", "https://www.lerameau.fr"),
    ("plus élevé = plus fragile", "oui", ("oui si une valeur plus élevée signale une région plus "
     "fragile, non sinon."), "oui"),
    ("définition", "non", "Définition en une phrase.", ""),
    ("licence", "non", "Licence des données.", "Licence Ouverte 2.0"),
)
INDICATOR_COLUMN_HELP = (
    ("region", "oui", ("Code INSEE ou nom de la région ; « France métropolitaine » (ou FRM) pour la "
     "valeur de référence."), "Bretagne"),
    ("annee", "non", ("Pour plusieurs années dans un même fichier : l'année de la valeur, une ligne "
     "par région et par année (chaque région et année une seule fois). Les années forment une "
     "série (courbe d'évolution, curseur des années de la carte) ; la valeur courante est celle "
     "de la dernière année couverte par au moins 10 régions. Sans cette colonne, toutes les "
     "valeurs sont de l'année des métadonnées."), "2022"),
    ("valeur", "non", ("Nombre (virgule ou point décimal) ; vide ou « nd » si la donnée n'existe pas "
     "(jamais 0 à la place)."), "12,5"),
)
HELP_HEADER = ("Colonne", "Obligatoire", "Contenu attendu", "Exemple")
PERCEPTION_EXAMPLE = (
    ("Bretagne", "Emploi", "citoyens", 2023, 6.4, 850, 2.1),
    ("53", "Santé", "élus", 2023, 5.8, 120, 1.7),
    ("Île-de-France", "Transition énergétique", "entreprises", 2023, 7.1, None, None),
)
FILES = {
    ("perception", "csv"): "modele-perception.csv",
    ("perception", "xlsx"): "modele-perception.xlsx",
    ("indicateur", "csv"): "modele-indicateur.csv",
    ("indicateur", "xlsx"): "modele-indicateur.xlsx",
}
MIMETYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _french(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def perception_rows() -> list[tuple]:
    return [tuple(name for name, *_ in PERCEPTION_HELP)] + list(PERCEPTION_EXAMPLE)


def indicator_rows(region_names: dict[str, str]) -> list[tuple]:
    """Metadata lines, a blank line, then the table: the 13 regions and France, values to fill."""
    metadata = [(name, example) for name, _, _, example in INDICATOR_METADATA_HELP]
    table = [("region", "valeur")] + [(region_names[c], None) for c in REGION_CODES]
    return metadata + [()] + table + [("France métropolitaine", None)]


def to_csv(rows: list[tuple]) -> bytes:
    """As French Excel writes it: `;`, decimal comma, UTF-8 with BOM (accents shown right)."""
    import csv

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_french(v) for v in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def to_xlsx(rows: list[tuple], sheet: str, help_rows: list[tuple]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    data = workbook.active
    data.title = sheet
    for row in rows:
        data.append(list(row))
    data.column_dimensions["A"].width = 28
    data.column_dimensions["B"].width = 40
    aide = workbook.create_sheet("aide")
    aide.append(list(HELP_HEADER))
    for cell in aide[1]:
        cell.font = Font(bold=True)
    for row in help_rows:
        aide.append(list(row))
    for column, width in zip("ABCD", (26, 12, 90, 34)):
        aide.column_dimensions[column].width = width
    workbook.properties.created = workbook.properties.modified = FIXED_DATE
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=4)
def template(kind: str, fmt: str, region_names: tuple[tuple[str, str], ...]) -> bytes:
    """The template file's bytes (kind: perception | indicateur; fmt: csv | xlsx)."""
    if kind == "perception":
        rows, help_rows = perception_rows(), list(PERCEPTION_HELP)
    else:
        rows = indicator_rows(dict(region_names))
        help_rows = list(INDICATOR_METADATA_HELP) + [()] + list(INDICATOR_COLUMN_HELP)
    return to_csv(rows) if fmt == "csv" else to_xlsx(rows, kind, help_rows)
