"""Import page callbacks: a dropped file is checked, then kept in the session's store only if valid.

1. In the browser (clientside): a file larger than IMPACT_MAX_UPLOAD_MB is refused at once, in
   French, without being sent; any other file goes to the page's PENDING store.
2. On the server, `import_file` checks it (dashboard/imports/check.py), the file being read in a
   separate process with a time and memory limit (dashboard/imports/worker.py), at most
   IMPACT_IMPORT_READERS at once per server process (others are told to wait): valid, the
   session's store (ids.IMPORTED) gets the normalised rows after its earlier valid files; invalid,
   the store is left as it was (no_update) and every problem is listed.
3. `reset_imports` empties the store (« revenir aux données de référence »);
   `show_active_imports` says what the session has imported.
Nothing is written on the server and nothing is kept between requests.
"""

from __future__ import annotations

import base64
import binascii
import logging
import threading

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, no_update, set_props

from dash.exceptions import MissingCallbackContextException

from dashboard import config
from dashboard.config import max_upload_bytes
from dashboard.web.hardening import ERROR_NOTICE, LOGGER_NAME
from dashboard.imports.intake import check_file
from dashboard.imports.entry import clean_name
from dashboard.imports.rules import Vocabulary
from dashboard.imports.worker import read_isolated
from dashboard.imports.merging import (
    MAX_FILES,
    MAX_ROWS,
    add_entry,
    read_store,
    row_count,
    session_files,
)
from dashboard.analysis.model import get_model
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
UNEXPECTED = ("une erreur inattendue est survenue pendant la vérification ; rien n'a été importé. "
              "Réessayez dans un instant.")

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


# At most this many files are read at once per server process (each in its own child process,
# dashboard/imports/worker.py); a further upload waits a little, then is told to try again: the
# threads that serve the other users are never all waiting on uploads.
_READERS = threading.BoundedSemaphore(max(1, int(config.setting("IMPACT_IMPORT_READERS") or 1)))
QUEUE_WAIT_SECONDS = 0.5   # a waiting upload holds one of the few app threads: keep it short
BUSY = ("le serveur vérifie déjà d'autres fichiers : patientez quelques secondes, puis déposez de "
        "nouveau le vôtre.")


def check_upload(content: bytes, filename: str, model):
    """The file's CheckResult, read in a separate process; None when every reader is busy."""
    if not _READERS.acquire(timeout=QUEUE_WAIT_SECONDS):
        return None
    try:
        reader = read_isolated if config.setting("IMPACT_IMPORT_ISOLATION") != "0" else None
        return check_file(content, filename, Vocabulary.from_bundle(model.bundle),
                          max_upload_bytes(), reader=reader)
    finally:
        _READERS.release()


def clear_error_notice() -> None:
    """A completed import replaces any earlier « erreur inattendue » notice."""
    try:
        set_props(ERROR_NOTICE, {"children": None, "className": "app-error-notice"})
    except MissingCallbackContextException:   # called outside a request (tests, scripts)
        pass


@callback(
    Output(ids.IMPORTED, "data"),
    Output(RESULT, "children", allow_duplicate=True),
    Input(PENDING, "data"),
    State(ids.IMPORTED, "data"),
    prevent_initial_call=True,
)
def import_file(pending, imported=None):
    """Valid file: the store gets it after the session's valid files; otherwise the store stays as
    it was and the problems show."""
    if not isinstance(pending, dict):
        return no_update, no_update
    filename = clean_name(pending.get("filename"))
    clear_error_notice()
    try:
        return _import(pending, imported, filename)
    except Exception:  # noqa: BLE001  (the page must never stay on « Vérification… »)
        logging.getLogger(LOGGER_NAME).exception("import: erreur inattendue")
        return no_update, refused(filename, [UNEXPECTED])


def _import(pending: dict, imported, filename: str):
    content = file_bytes(pending.get("contents"))
    if content is None:
        return no_update, refused(filename, [UNREADABLE])
    model = get_model()
    files = session_files(imported, model.domain_ids)
    if len(files) >= MAX_FILES:
        return no_update, refused(filename, [
            (f"cette session a déjà {MAX_FILES} fichiers importés, le maximum : revenez aux données "
            "de référence, puis importez les fichiers utiles.")])
    result = check_upload(content, filename, model)
    if result is None:
        return no_update, refused(filename, [BUSY])
    if not result.valid:
        return no_update, refused(filename, result.problems)
    if row_count(files + [result.entry]) > MAX_ROWS:
        limit = f"{MAX_ROWS:,}".replace(",", "\u202f")
        return no_update, refused(filename, [
            f"avec ce fichier, la session compterait plus de {limit} lignes importées, le "
            "maximum : importez moins d'années ou de profils à la fois, ou revenez d'abord aux "
            "données de référence."])
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
    reading = read_store(imported, model.domain_ids)
    return active_summary(model, imported), not (reading.files or reading.problems)
