"""Serve our small plotly.js bundle (dashboard/static/plotly-custom.min.js) where dcc.Graph loads plotly.js.

Dash 4 loads plotly.js lazily from `/_dash-component-suites/plotly/package_data/plotly.min.js`
(with `eager_loading=True`, from the fingerprinted `.../plotly.v7_1_0m<mtime>.min.js`). A
`before_request` hook answers both with the committed bundle (core + choropleth, bar, heatmap:
1,4 Mo instead of 4,8 Mo), built by scripts/build_plotly_bundle.sh from the same plotly.js version
as plotly.py's. Editing dcc's `_js_dist` instead breaks Dash's resource checks.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import flask

BUNDLE = Path(__file__).resolve().parents[1] / "static" / "plotly-custom.min.js"
# Any prefix (requests_pathname_prefix), with or without Dash's fingerprint (`.v<version>m<mtime>`).
PLOTLY_PATH = re.compile(r"/_dash-component-suites/plotly/package_data/plotly(?:\.v[\w-]+m[0-9a-fA-F]+)?\.min\.js$")
VERSION = re.compile(rb"plotly\.js v(\d+\.\d+\.\d+)")
# The URL keeps plotly.py's fingerprint whatever our bundle holds, so browsers must revalidate
# (a 304 without body when the ETag matches) rather than keep an old bundle for a year.
CACHE_CONTROL = "public, no-cache"


def bundle_version(bundle: Path = BUNDLE) -> str | None:
    """The plotly.js version written in the bundle's banner by the build script."""
    match = VERSION.search(bundle.read_bytes()[:400])
    return match.group(1).decode() if match else None


def _encodings(body: bytes) -> dict[str, bytes]:
    """The bundle compressed once at start-up (flask-compress would redo it on every request)."""
    encoded = {"gzip": gzip.compress(body, compresslevel=9, mtime=0)}
    try:
        import brotli  # installed with flask-compress
    except ImportError:
        return encoded
    return {"br": brotli.compress(body, quality=9), **encoded}


def serve_custom_plotly_bundle(server: flask.Flask, bundle: Path = BUNDLE) -> None:
    """Answer dcc.Graph's request for plotly.js with `bundle` (raises now if the file is missing)."""
    body = bundle.read_bytes()
    encoded = _encodings(body)
    etag = hashlib.sha256(body).hexdigest()[:24]

    def plotly_bundle() -> flask.Response | None:
        request = flask.request
        if request.method not in ("GET", "HEAD") or not PLOTLY_PATH.search(request.path):
            return None
        encoding = next((name for name in encoded if request.accept_encodings[name]), None)
        data = encoded[encoding] if encoding else body
        response = flask.Response(data, mimetype="text/javascript")
        if encoding:  # already compressed: flask-compress leaves a response with Content-Encoding alone
            response.headers["Content-Encoding"] = encoding
        response.headers["Vary"] = "Accept-Encoding"
        response.headers["Cache-Control"] = CACHE_CONTROL
        response.set_etag(f"{etag}-{encoding or 'identity'}")
        return response.make_conditional(request)

    server.before_request(plotly_bundle)
