"""Client mistakes are the client's: a short French 400 (or 404) and one WARNING line, never a 500
with a traceback (issue 13, case 6).

- a callback request is checked before Dash reads it: JSON within MAX_JSON_DEPTH, an output some
  callback has, as many inputs and states as that callback declares;
- an exception Dash raises while matching a request (KeyError, IndexError…: outside our callbacks,
  whose exceptions go to hardening's on_callback_error) is answered as a 400;
- a path no page registers answers the French 404 page (Dash would answer its page, status 200).
`install_client_checks(server, app)` is called by dashboard/hardening.install_hardening.
"""

from __future__ import annotations

import logging
import re

from flask import Flask, abort, request
from werkzeug.exceptions import BadRequest

LOGGER_NAME = "impact"
MAX_JSON_DEPTH = 100   # Dash's own bodies (component trees in states) stay far below


class ClientMistake(BadRequest):
    """A request the client got wrong: a short French JSON 400 and one WARNING line, no traceback."""


def client_mistake(reason: str):
    error = ClientMistake()
    error.reason = reason
    raise error


DISPATCH_MISTAKES = (KeyError, IndexError, TypeError, ValueError, RecursionError)


def warn_client_mistake(reason: str) -> None:
    logging.getLogger(LOGGER_NAME).warning(
        "requête invalide : %s", reason, extra={"path": request.path[:200], "status": 400})


def _install_not_found(server: Flask) -> None:
    """Dash answers every path with its page (and « page introuvable » inside it, status 200):
    a path no page registers gets the French 404 page instead, with its status."""

    @server.before_request
    def unknown_page():
        rule = request.url_rule.rule if request.url_rule is not None else ""
        if request.method not in ("GET", "HEAD") or not rule.endswith("<path:path>"):
            return None
        from layouts.pages import PAGES   # the app's page registry (callbacks/router.py fills it)

        if PAGES and request.path not in PAGES:
            abort(404)
        return None


def install_client_checks(server: Flask, app) -> None:
    _install_not_found(server)

    @server.before_request
    def check_callback_body():
        """A malformed callback body is the client's error (400), not an exception in Dash (500)."""
        if request.method == "POST" and request.path.endswith("_dash-update-component"):
            reason = callback_body_problem(app)
            if reason:
                client_mistake(reason)
            request.environ["impact.callback"] = request.get_json()["output"][:200]


def callback_body_problem(app) -> str | None:
    """Why this callback request cannot be served (None when it can): not JSON, too deep, an
    output no callback has, or not as many inputs and states as the callback declares."""
    if json_depth(request.get_data(cache=True)) > MAX_JSON_DEPTH:   # before any recursive parse
        return "JSON trop imbriqué"
    try:
        body = request.get_json(silent=True)  # parsed once, Dash reads the cached value
    except RecursionError:
        return "JSON trop imbriqué"
    if not (isinstance(body, dict) and isinstance(body.get("output"), str)
            and isinstance(body.get("inputs", []), list) and isinstance(body.get("state", []), list)):
        return "corps de requête mal formé"
    declared = app.callback_map.get(body["output"])
    if declared is None:
        return "sortie de callback inconnue"
    if (len(body.get("inputs", [])) != len(declared.get("inputs", ()))
            or len(body.get("state", [])) != len(declared.get("state", ()))):
        return "nombre d'entrées inattendu"
    return None


_STRING = re.compile(rb'"(?:[^"\\\\]|\\\\.)*"')
_NOT_BRACKET = bytes(sorted(set(range(256)) - set(b"[]{}")))


def json_depth(raw: bytes) -> int:
    """Nesting depth of a JSON text, without parsing it: the running sum of its brackets (numpy),
    first counting those inside strings too (a few ms for a full session store), and only when
    that exceeds MAX_JSON_DEPTH once more without its strings (a C regex) to be exact. (A string
    of closing brackets can hide depth from the first count: the parser's own RecursionError and
    the 400 of dispatch errors cover that.)"""
    depth = _bracket_depth(raw)
    return depth if depth <= MAX_JSON_DEPTH else _bracket_depth(_STRING.sub(b"", raw))


def _bracket_depth(raw: bytes) -> int:
    import numpy as np

    brackets = raw.translate(None, _NOT_BRACKET)
    if not brackets:
        return 0
    codes = np.frombuffer(brackets, dtype=np.uint8)
    return int(np.cumsum(np.where((codes == 91) | (codes == 123), 1, -1)).max())
