"""Import page callbacks: a dropped file is checked, then kept in the session's store only if valid.

1. In the browser (clientside): a file larger than IMPACT_MAX_UPLOAD_MB is refused at once, in
   French, without being sent; any other file goes to the page's PENDING store.
2. On the server, `import_file` checks it (dashboard/import_check.py): valid, the session's store
   (ids.IMPORTED) gets the normalised rows; invalid, the store is left as it was (no_update) and
   every problem is listed.
3. `reset_imports` empties the store (« revenir aux données de référence »);
   `show_active_imports` says what the session has imported.
Nothing is written on the server and nothing is kept between requests.
"""

from __future__ import annotations

import base64
import binascii

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, no_update

from dashboard.hardening import max_upload_bytes
from dashboard.import_check import check_file
from dashboard.import_rules import Vocabulary
from dashboard.importing import MAX_FILES, MAX_ROWS, add_entry, row_count, session_files
from dashboard.model import get_model
from layouts import ids
from layouts.pages.importer import (
    ACTIVE,
    LIMIT,
    PENDING,
    RESET,
    RESULT,
    UPLOAD,
    accepted,
    active_summary,
    refused,
)

UNREADABLE = "le contenu du fichier n'a pas pu être lu (envoi incomplet ?). Déposez-le de nouveau."

clientside_callback(
    """
    function (contents, filename, limit) {
        const skip = window.dash_clientside.no_update;
        if (typeof contents !== "string" || !limit) { return [skip, skip, skip]; }
        // the same file can be dropped again (corrected, or after a reset): forget the one just read
        const input = document.querySelector("#importer-upload input[type=file]");
        if (input) { input.value = ""; }
        const name = typeof filename === "string" ? filename : "fichier";
        const size = Math.floor((contents.length - contents.indexOf(",") - 1) * 3 / 4);
        if (size > limit.octets) {
            const megabytes = (size / 1048576).toFixed(2).replace(/0+$/, "").replace(/\\.$/, "");
            const message = limit.message.replace("{size}", megabytes.replace(".", ","));
            return [skip, null, {type: "Div", namespace: "dash_html_components", props: {
                className: "alert alert-danger import-refused", role: "alert",
                children: "« " + name + " » n'est pas importé : " + message
                          + " Rien n'a changé : les données affichées restent celles d'avant."}}];
        }
        return [{contents: contents, filename: name}, null,
                {type: "Div", namespace: "dash_html_components", props: {
                    className: "alert alert-secondary", children: "Vérification de « " + name + " »…"}}];
    }
    """,
    Output(PENDING, "data"),
    Output(UPLOAD, "contents"),
    Output(RESULT, "children"),
    Input(UPLOAD, "contents"),
    State(UPLOAD, "filename"),
    State(LIMIT, "data"),
    prevent_initial_call=True,
)


def file_bytes(contents) -> bytes | None:
    """The bytes of a dcc.Upload data URL (« data:…;base64,… »); None when it is not one."""
    if not isinstance(contents, str) or "," not in contents:
        return None
    header, data = contents.split(",", 1)
    if not header.startswith("data:") or not header.endswith(";base64"):
        return None
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None


@callback(
    Output(ids.IMPORTED, "data"),
    Output(RESULT, "children", allow_duplicate=True),
    Input(PENDING, "data"),
    State(ids.IMPORTED, "data"),
    prevent_initial_call=True,
)
def import_file(pending, imported=None):
    """Valid file: the store gets it; otherwise the store stays as it was and the problems show."""
    if not isinstance(pending, dict):
        return no_update, no_update
    filename = pending.get("filename")
    filename = filename[:120] if isinstance(filename, str) and filename.strip() else "fichier"
    content = file_bytes(pending.get("contents"))
    if content is None:
        return no_update, refused(filename, [UNREADABLE])
    model = get_model()
    files = session_files(imported, model.domain_ids)
    if files is not None and len(files) >= MAX_FILES:
        return no_update, refused(filename, [
            (f"cette session a déjà {MAX_FILES} fichiers importés, le maximum : revenez aux données "
            "de référence, puis importez les fichiers utiles.")])
    result = check_file(content, filename, Vocabulary.from_bundle(model.bundle), max_upload_bytes())
    if not result.valid:
        return no_update, refused(filename, result.problems)
    if row_count((files or []) + [result.entry]) > MAX_ROWS:
        return no_update, refused(filename, [
            f"avec ce fichier, la session compterait plus de {MAX_ROWS:,} lignes importées, le "
            "maximum : importez moins d'années ou de profils à la fois, ou revenez d'abord aux "
            "données de référence.".replace(",", "\u202f", 1)])
    return add_entry(imported, result.entry, model.domain_ids), accepted(filename, result)


@callback(
    Output(ids.IMPORTED, "data", allow_duplicate=True),
    Output(RESULT, "children", allow_duplicate=True),
    Input(RESET, "n_clicks"),
    prevent_initial_call=True,
)
def reset_imports(n_clicks):
    if not n_clicks:
        return no_update, no_update
    return None, dbc.Alert("Retour aux données de référence : les fichiers importés dans cette "
                           "session sont retirés.", color="info")


@callback(
    Output(ACTIVE, "children"),
    Output(RESET, "disabled"),
    Input(ids.IMPORTED, "data"),
    Input(ids.URL, "pathname"),   # also on arrival: the page's own callbacks may leave IMPORTED as is
)
def show_active_imports(imported, _pathname=None):
    """What the session has imported (and the reset button only when there is something)."""
    model = get_model()
    return active_summary(model, imported), session_files(imported, model.domain_ids) == []
