"""French typography on every text the browser receives from Dash: the page layouts and the
callbacks' answers pass through labels.french_text() once, on their way out (before compression),
so a sentence written « Bretagne : profil » anywhere in the code reaches the screen with its
no-break space. The only module of this kind that knows Flask."""

from __future__ import annotations

import hashlib

from flask import Flask, request

from dashboard.labels import french_text
from dashboard.web.reference_answers import CACHED_FLAG, AnswerCache

DASH_TEXT_PATHS = ("/_dash-layout", "/_dash-update-component")
CACHED_FROM_BYTES = 20_000   # large answers (a region view: 180 kB, 10-30 ms to typeset) repeat
CACHE_BYTES = 32 * 2**20


class _Typeset:
    """french_text of an answer body, remembered for the large ones (keyed by their digest, in the
    same bounded least-recently-used store as the kept answers)."""

    def __init__(self):
        self._cache = AnswerCache(CACHE_BYTES)

    def __call__(self, body: bytes) -> bytes:
        if len(body) < CACHED_FROM_BYTES:
            return french_text(body.decode("utf-8")).encode("utf-8")
        key = hashlib.blake2b(body, digest_size=16).digest()
        out = self._cache.get(key)
        if out is None:
            out = french_text(body.decode("utf-8")).encode("utf-8")
            self._cache.put(key, out)
        return out


def install_french_typography(server: Flask) -> None:
    """Register the after-request pass; call it after the app has installed compression (Flask
    runs after-request functions last-registered first, so this one sees the plain JSON)."""
    typeset = _Typeset()

    @server.after_request
    def typeset_answer(response):
        if request.environ.get(CACHED_FLAG):   # dashboard/web/reference_answers.py: typeset when kept
            return response
        if (request.path.endswith(DASH_TEXT_PATHS) and response.status_code == 200
                and response.mimetype == "application/json" and not response.direct_passthrough
                and not response.headers.get("Content-Encoding")):
            response.set_data(typeset(response.get_data()))
        return response
