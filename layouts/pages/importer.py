"""Import page (/importer): templates to download, their columns explained, the upload zone, what
this browser session has imported, and the way back to the reference data.

Nothing imported here leaves the browser session: callbacks/importer.py checks the file and keeps
the normalised rows in the session's store (layouts.ids.IMPORTED).
"""

from __future__ import annotations

import base64

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.config import max_upload_bytes
from dashboard.imports.check import entry_summary
from dashboard.imports.cells import (
    MAX_CELLS,
    MAX_SHARED_STRINGS,
    READ_SECONDS,
    TOO_LARGE,
    megabytes,
)
from dashboard.imports.templates import (
    FILES,
    HELP_HEADER,
    INDICATOR_COLUMN_HELP,
    INDICATOR_METADATA_HELP,
    MIMETYPES,
    PERCEPTION_HELP,
    template,
)
from dashboard.imports.merging import MAX_FILES, read_store
from dashboard.analysis.model import Model
from dashboard.data.schema import DEFAULT_PROFILE, REGION_CODES
from layouts.pages import register

UPLOAD = "importer-upload"
PENDING = "importer-pending"      # the file, once the browser has checked its size
LIMIT = "importer-limit"          # what the browser needs to refuse a file too large
RESULT = "importer-result"
ACTIVE = "importer-active"
RESET = "importer-reset"
HEADING = "importer-heading"
TEMPLATE_LINK = "importer-template"   # + "-perception-csv" …


def template_link(model: Model, kind: str, fmt: str) -> html.A:
    names = tuple(sorted(model.region_names.items()))
    data = base64.b64encode(template(kind, fmt, names)).decode("ascii")
    label = "CSV (Excel, point-virgule)" if fmt == "csv" else "Classeur Excel (XLSX)"
    return html.A(label, href=f"data:{MIMETYPES[fmt]};base64,{data}", download=FILES[(kind, fmt)],
                  id=f"{TEMPLATE_LINK}-{kind}-{fmt}", className="btn btn-outline-primary btn-sm me-2")


def help_table(caption: str, rows) -> dbc.Table:
    body = [html.Tr([html.Th(r[0], scope="row")] + [html.Td(c) for c in r[1:]]) for r in rows if r]
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in HELP_HEADER]))
    return dbc.Table([html.Caption(caption), head, html.Tbody(body)], size="sm", bordered=True,
                     responsive=True, className="import-help caption-top")


def templates_section(model: Model) -> html.Section:
    return html.Section([
        html.H2("1. Téléchargez un modèle", className="h4"),
        dbc.Row([
            template_card(model, "perception", "Résultats d'enquête (perception)",
                          "Une ligne par région, domaine, profil et année : la note de fragilité "
                          "perçue sur 10."),
            template_card(model, "indicateur", "Indicateur objectif supplémentaire",
                          "Quelques lignes de description (libellé, domaine, unité, année, "
                          "source…), puis une valeur par région."),
        ]),
    ], className="mb-4")


def template_card(model: Model, kind: str, title: str, text: str) -> dbc.Col:
    """One template: what it holds, then its CSV and XLSX links."""
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.H3(title, className="h5"),
        html.P(text),
        template_link(model, kind, "csv"), template_link(model, kind, "xlsx"),
    ])), md=6, className="mb-2")


def columns_section() -> html.Section:
    limit = megabytes(max_upload_bytes())
    return html.Section([
        html.H2("2. Remplissez-le", className="h4"),
        help_table("Modèle « résultats d'enquête » : les colonnes (première ligne du fichier)",
                   PERCEPTION_HELP),
        help_table("Modèle « indicateur » : les lignes de description, au-dessus du tableau "
                   "(nom en colonne A, valeur en colonne B)", INDICATOR_METADATA_HELP),
        help_table("Modèle « indicateur » : le tableau des valeurs, sous une ligne vide",
                   INDICATOR_COLUMN_HELP),
        html.Ul([
            html.Li("Noms de colonnes, de régions et de domaines : majuscules, accents, tirets et "
                    "apostrophes sont indifférents (« REGION », « Région », « region »)."),
            html.Li("Fichiers acceptés : CSV séparé par des points-virgules ou des virgules (virgule "
                    "décimale acceptée), en UTF-8 (avec ou sans BOM), Windows-1252 ou Latin-1 ; "
                    "classeur XLSX (la feuille « perception » ou « indicateur », sinon la première)."),
            html.Li(f"Taille maximale : {limit} Mo. Les formules sont refusées : collez les valeurs "
                    "(« Collage spécial > Valeurs »)."),
            html.Li(f"Au plus {_spaced(MAX_CELLS)} cellules (et, dans un classeur, "
                    f"{_spaced(MAX_SHARED_STRINGS)} textes différents) ; la lecture d'un fichier "
                    f"s'arrête après {READ_SECONDS:g} secondes. Les textes (libellé, source…) sont du "
                    "texte simple : ni formule, ni balise HTML."),
            html.Li("Un fichier n'est pris en compte que s'il est entièrement valide ; sinon, tous "
                    "ses problèmes sont listés (ligne, colonne, ce qui était attendu) et rien ne "
                    "change. Avant d'importer, on peut aussi vérifier un fichier avec la commande "
                    "python -m dashboard.validate FICHIER."),
        ], className="small"),
    ], className="mb-4")


def _spaced(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def upload_section() -> html.Section:
    limit = max_upload_bytes()
    too_large = TOO_LARGE.replace("{limit}", megabytes(limit))   # {size}: filled in the browser
    return html.Section([
        html.H2("3. Déposez le fichier", className="h4"),
        dcc.Store(id=LIMIT, data={"octets": limit, "message": too_large}),
        dcc.Store(id=PENDING, storage_type="memory"),
        html.Label(dcc.Upload(
            html.Div(["Glissez-déposez un fichier CSV ou XLSX ici, ou ",
                      html.Span("choisissez-le sur votre ordinateur", className="btn btn-primary btn-sm")]),
            id=UPLOAD, multiple=False, disable_click=True, max_size=-1, className="import-drop",
            style={"border": "2px dashed #6c757d", "borderRadius": "0.5rem", "padding": "1.5rem",
                   "textAlign": "center", "cursor": "pointer"},
            style_active={"border": "2px dashed #0b5394", "background": "#e7f1fb"},
        ), className="d-block"),
        html.Div(id=RESULT, role="status", **{"aria-live": "polite"}, className="mt-3"),
    ], className="mb-4")


def layout(model: Model, search: str | None = None) -> html.Div:
    return html.Div([
        html.H1("Importer des données", className="h2 page-title", id=HEADING),
        html.P([("Chargez les résultats de l'Observatoire (notes de perception) ou un indicateur "
                "supplémentaire. Les valeurs importées remplacent, pour les régions, domaines et "
                "profils qu'elles couvrent, les valeurs illustratives ; elles sont signalées "),
                html.Strong("« Données importées »"), " sur la carte, les graphiques et les fiches."],
               className="lead"),
        dbc.Alert("Les données importées ne sont visibles que dans cet onglet de votre navigateur "
                  "(cette session) : rien n'est enregistré sur le serveur, personne d'autre ne les "
                  "voit, et elles disparaissent à la fermeture de l'onglet.", color="info"),
        templates_section(model),
        columns_section(),
        upload_section(),
        html.Section([
            html.H2("4. Données actives dans cette session", className="h4"),
            html.Div(id=ACTIVE),
            dbc.Button("Revenir aux données de référence", id=RESET, color="dark",
                       outline=True, className="mt-2"),
        ], className="mb-4"),
    ], className="importer-page")


# -- what the callbacks show --------------------------------------------------------------------

def accepted(filename: str, result) -> dbc.Alert:
    notes = [html.Li(n) for n in result.notes]
    return dbc.Alert([
        html.Strong(f"« {filename} » est importé : "), f"{result.summary}.",
        html.Ul(notes, className="mb-1") if notes else None,
        html.Div(f"Fichier lu comme {result.description}.", className="small"),
        html.A("Voir les données importées sur la carte", href=view_of(result.entry),
               className="alert-link"),
    ], color="success", className="import-accepted")


def view_of(entry: dict) -> str:
    """The home view that shows an imported file: a region and domain it covers (the citizens'
    profile first: the one the home page shows), or its indicator."""
    if entry["type"] == "indicateur":
        meta = entry["indicateur"]
        return f"/?domaine={meta['domaine']}&indicateur={meta['id']}"
    shown = sorted(entry["lignes"], key=lambda r: (r[0] not in REGION_CODES, r[2] != DEFAULT_PROFILE))
    region, domain = shown[0][0] if shown[0][0] in REGION_CODES else None, shown[0][1]
    return f"/?region={region}&domaine={domain}" if region else f"/?domaine={domain}"


def refused(filename: str, problems) -> dbc.Alert:
    count = len(problems)
    title = (f"« {filename} » n'est pas importé : {count} problème{'s' if count > 1 else ''}."
             if count <= 50 else f"« {filename} » n'est pas importé : plus de 50 problèmes.")
    return dbc.Alert([
        html.Strong(title),
        html.P("Rien n'a changé : les données affichées restent celles d'avant. Corrigez le fichier "
               "puis déposez-le de nouveau.", className="mb-1"),
        html.Ul([html.Li(p) for p in problems], className="import-problems mb-0"),
    ], color="danger", className="import-refused")


def active_summary(model: Model, imported) -> list:
    """The session's valid files, and every file of its store left out, named with the reason."""
    reading = read_store(imported, model.domain_ids)
    files = reading.files
    left_out = [html.Div([
        html.P("Une partie des données importées de cette session est ignorée : le tableau de "
               "bord ne la montre pas.", className="mb-1"),
        html.Ul([html.Li(p) for p in reading.problems], className="import-ignored mb-0"),
    ], className="alert alert-warning import-ignored-files")] if reading.problems else []
    if not files:
        return left_out + [html.P("Aucune donnée importée valide dans cette session : le tableau de "
                                  "bord montre les données de référence." if reading.problems else
                                  "Aucune donnée importée dans cette session : le tableau de bord "
                                  "montre les données de référence.", className="import-none")]
    items = [html.Li([html.Strong(f"« {e['nom']} »"), f" : {entry_summary(e, model.domain_labels)}."])
             for e in files]
    return left_out + [
        html.P(f"{len(files)} fichier{'s' if len(files) > 1 else ''} importé{'s' if len(files) > 1 else ''} "
               f"dans cette session (au plus {MAX_FILES}) :"),
        html.Ol(items, className="import-active-files"),
        html.P("Quand deux fichiers donnent une valeur pour la même région, le même domaine, le même "
               "profil et la même année (ou le même indicateur), le plus récent l'emporte.",
               className="small text-muted"),
    ]


register("/importer", layout, "Importer des données")
