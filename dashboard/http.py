"""Plain HTTP routes beside the Dash app: the region geometry (fetched once by the browser)."""

from __future__ import annotations

import json

from flask import Flask, Response

from dashboard.model import Model


def install_routes(server: Flask, model: Model) -> None:
    geometry = json.dumps(model.bundle.geometry, separators=(",", ":"))

    @server.get("/donnees/regions.geojson")
    def regions_geojson() -> Response:
        response = Response(geometry, mimetype="application/geo+json")
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response
