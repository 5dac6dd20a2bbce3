"""Production hardening: security headers (CSP), request size limit, French error pages, JSON logs.

`install_hardening(server, app)` is called once by app.py after the callbacks are registered.
Nothing here changes what a page shows; it changes what the server answers around it:

- every HTML page carries a Content-Security-Policy that allows only the app's own host (the one
  inline script of Dash's index is allowed by its hash, computed by Dash itself), plus
  `X-Content-Type-Options`, `Referrer-Policy` and `frame-ancestors`;
- a request larger than an import (IMPACT_MAX_UPLOAD_MB, sent base64 inside a JSON body) is refused;
- an error answers a short French page (or French JSON for the Dash endpoints), never a traceback;
  a client's mistake is a 400 or 404 with one WARNING line (dashboard/web/client_errors.py);
- an exception inside a callback is logged and shown to the user as a French notice, the view stays
  as it was (every output unchanged);
- one JSON line per request on stderr: time, level, method, path, status, duration, bytes.
"""

from __future__ import annotations

import json
import logging
import math
import uuid
from html import escape

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from dashboard import config
from dashboard.web.logs import (  # noqa: F401  (names callers import from here)
    LOGGER_NAME, AccessLog, JsonFormatter, _install_logs, configure_logging)
from dashboard.web.client_errors import (
    DISPATCH_MISTAKES,
    ClientMistake,
    install_client_checks,
    warn_client_mistake,
)

ERROR_NOTICE = "app-error-notice"  # the French notice an exception in a callback fills
DASH_PREFIXES = ("/_dash-", "/_reload-hash", "/_favicon")
# beside an upload, a callback body carries the session's import store (dashboard/imports/merging.py:
# at most 20 000 rows, about 1 to 1.5 MB), the ids and the other values
JSON_ENVELOPE_BYTES = 3 * 1024 * 1024

# Dash's renderer sets style attributes and plotly.js injects <style> elements: styles need
# 'unsafe-inline' (styles cannot run code). Scripts: only our host and the hashed Dash bootstrap.
CSP_BASE = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}

MESSAGES = {
    400: ("Requête invalide", "La requête envoyée au serveur n'a pas pu être comprise."),
    404: (
        "Page introuvable",
        "L'adresse demandée ne correspond à aucune page ni à aucun fichier du tableau de bord.",
    ),
    405: ("Méthode non autorisée", "Cette adresse n'accepte pas ce type de requête."),
    413: (
        "Envoi trop volumineux",
        "Les données envoyées dépassent la taille maximale acceptée "
        "({limit} Mo par fichier importé).",
    ),
    500: (
        "Erreur du serveur",
        "Une erreur inattendue est survenue. Réessayez dans un instant ; "
        "si elle persiste, signalez-la avec la référence ci-dessous.",
    ),
}
CALLBACK_ERROR = (
    "Une erreur inattendue est survenue : l'affichage n'a pas pu être mis à jour. "
    "Réessayez ou rechargez la page."
)


# -- limits --------------------------------------------------------------------------------------


def max_request_bytes() -> int:
    """An upload travels base64 (4 bytes per 3) in a JSON callback body, beside the other values."""
    return math.ceil(config.max_upload_bytes() / 3) * 4 + JSON_ENVELOPE_BYTES


# -- headers -------------------------------------------------------------------------------------


def content_security_policy(app) -> str:
    directives = {name: list(values) for name, values in CSP_BASE.items()}
    directives["script-src"] += (
        app.csp_hashes()
    )  # the inline `new DashRenderer()` and any clientside
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def _install_headers(server: Flask, app) -> None:
    policy: list[str] = []  # computed at the first page, once every clientside callback exists
    header = "Content-Security-Policy-Report-Only" if config.debug() else "Content-Security-Policy"

    @server.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if response.mimetype == "text/html":
            if not policy:
                policy.append(content_security_policy(app))
            headers.setdefault(header, policy[0])
            headers.setdefault("X-Frame-Options", "SAMEORIGIN")
            headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


# -- errors --------------------------------------------------------------------------------------


def _wants_json() -> bool:
    return (
        request.path.startswith(DASH_PREFIXES)
        or request.is_json
        or (
            request.accept_mimetypes.best_match(["text/html", "application/json"])
            == "application/json"
        )
    )


def error_response(status: int, reference: str | None = None) -> Response:
    title, text = MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])
    text = text.format(limit=f"{config.max_upload_bytes() / 1024 / 1024:g}".replace(".", ","))
    if _wants_json():
        body = {"erreur": title, "message": text}
        if reference:
            body["reference"] = reference
        return Response(
            json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json"
        )
    ref = f'<p class="ref">Référence : {escape(reference)}</p>' if reference else ""
    page = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{escape(title)} · IMPACT-Territoires</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;
color:#212529}}a{{color:#0b5394}}.ref{{color:#6c757d;font-size:.9rem}}</style></head>
<body><main class="{'not-found' if status == 404 else 'server-error'}"><h1>{escape(title)}</h1><p>{escape(text)}</p>{ref}
<p><a href="/">Revenir à la carte des régions</a></p></main></body></html>"""
    return Response(page, status=status, mimetype="text/html")


def _install_error_pages(server: Flask) -> None:
    from dash.exceptions import DependencyException, InvalidResourceError

    logger = logging.getLogger(LOGGER_NAME)

    @server.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if isinstance(error, ClientMistake) or (error.code == 400 and request.path.startswith(DASH_PREFIXES)):
            warn_client_mistake(getattr(error, "reason", "requête invalide"))
        return error_response(error.code or 500)

    @server.errorhandler(InvalidResourceError)  # Dash's own answer is an English text
    @server.errorhandler(DependencyException)  # an unknown file of a known package: Dash says 500
    def missing_resource(_error):
        return error_response(404)

    @server.errorhandler(Exception)  # Dash's PreventUpdate keeps its own (more specific) handler
    def server_error(error: Exception):
        if request.path.endswith("_dash-update-component") and isinstance(error, DISPATCH_MISTAKES):
            # exceptions inside our callbacks go to on_callback_error: one reaching here comes from
            # Dash reading a request it cannot match (ids, property names, shapes): the client's
            warn_client_mistake(f"requête de callback incohérente ({type(error).__name__})")
            return error_response(400)
        reference = uuid.uuid4().hex[:8]
        logger.error(
            "exception",
            exc_info=error,
            extra={"reference": reference, "path": request.path, "status": 500},
        )
        return error_response(500, reference)


def _install_callback_errors(app) -> None:
    """An exception in a callback: logged, every output left unchanged, a French notice shown."""
    from dash import callback_context, html, set_props

    logger = logging.getLogger(LOGGER_NAME)
    app._extra_components.append(
        html.Div(  # Dash wraps the layout and this notice in one Div
            id=ERROR_NOTICE,
            role="alert",
            className="app-error-notice",
            style={
                "position": "fixed",
                "bottom": "1rem",
                "right": "1rem",
                "zIndex": 1080,
                "maxWidth": "28rem",
            },
        )
    )
    previous = app._on_error

    def on_callback_error(error: Exception):
        reference = uuid.uuid4().hex[:8]
        try:
            output = str(getattr(callback_context, "outputs_list", ""))[:300]
        except Exception:  # noqa: BLE001  (no context: nothing more to say)
            output = ""
        logger.error(
            "callback exception", exc_info=error, extra={"reference": reference, "callback": output}
        )
        if previous is not None:
            return previous(error)
        set_props(
            ERROR_NOTICE,
            {
                "children": [
                    html.Strong("Erreur : "),
                    CALLBACK_ERROR,
                    html.Br(),
                    html.Small(f"Référence : {reference}"),
                ],
                "className": "app-error-notice alert alert-danger",
            },
        )
        return None  # Dash turns None into « no update » for every output

    app._on_error = on_callback_error


# -- Dash's first-request setup -----------------------------------------------------------------


def _install_setup_lock(server: Flask, app) -> None:
    """Dash sets itself up at a worker's first request and marks that done *before* it has copied
    the callbacks in: with threads, a second request arriving meanwhile gets « Callback function not
    found » (a 500, seen under load on every fresh worker). The setup runs first, under a lock."""
    import threading

    lock, done = threading.Lock(), threading.Event()

    def setup_once():
        if not done.is_set():  # not Dash's flag: Dash raises it before the setup is over
            with lock:
                app._setup_server()  # no-op once done; the other threads waited on the lock
                done.set()

    setup_once.__name__ = "impact_setup_dash_once"
    server.before_request_funcs.setdefault(None, []).insert(0, setup_once)


# -- logs ----------------------------------------------------------------------------------------


# -- entry point ---------------------------------------------------------------------------------


def install_hardening(server: Flask, app) -> None:
    """Security headers, size limit, French error pages and callback errors, JSON logs."""
    server.config["MAX_CONTENT_LENGTH"] = max_request_bytes()
    _install_setup_lock(server, app)
    _install_headers(server, app)
    _install_error_pages(server)
    _install_callback_errors(app)
    _install_logs(server)
    install_client_checks(server, app)   # dashboard/web/client_errors.py: 400 and 404 of client mistakes
