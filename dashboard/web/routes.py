"""Plain HTTP routes beside the Dash app: the region geometry (fetched once by the browser), the
regional PDF reports (`/rapport/<code>.pdf`) and the chart exports (`/export/<chart>.<fmt>`)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from html import escape

from flask import Flask, Response, request

from dashboard.analysis.model import Model
from dashboard.data.schema import REGION_CODES
from dashboard.outputs.downloads import XLSX_NAME, ZIP_NAME, build_xlsx, build_zip
from dashboard.web.reference_answers import SharedFiles


def error_page(status: int, title: str, message: str) -> Response:
    """A small French HTML page: a link that went wrong still says what to do."""
    body = (f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            '</head><body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto">'
            f"<h1>{escape(title)}</h1><p>{escape(message)}</p>"
            '<p><a href="/">Revenir à la carte des régions</a></p></body></html>')
    return Response(body, status=status, mimetype="text/html")


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-cache"  # the date printed on it changes daily
    return response


def install_download_routes(server: Flask, get_model) -> None:
    """Register /telecharger/donnees.zip and /telecharger/donnees.xlsx on the Flask server."""

    def cached(kind: str, build) -> bytes:
        model, today = get_model(), date.today()
        return model._lookup(f"download:{kind}:{today.isoformat()}", lambda: build(model, today))

    @server.get("/telecharger/donnees.zip")
    def dataset_zip() -> Response:
        return _download(cached("zip", build_zip), "application/zip", ZIP_NAME)

    @server.get("/telecharger/donnees.xlsx")
    def dataset_xlsx() -> Response:
        return _download(cached("xlsx", build_xlsx),
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", XLSX_NAME)


def install_routes(server: Flask, model: Model) -> None:
    install_download_routes(server, lambda: model)  # /telecharger/donnees.zip and .xlsx
    geometry = json.dumps(model.bundle.geometry, separators=(",", ":"))

    @server.get("/donnees/regions.geojson")
    def regions_geojson() -> Response:
        response = Response(geometry, mimetype="application/geo+json")
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response

    # Reports and exports show the deployment's data (a plain link carries no session imports; a
    # session with imports downloads through callbacks/exports.py, which builds them from its Model).
    # A report takes 3-7 s of CPU (reportlab's layout, two charts through kaleido's Chromium):
    # built once per day, region, profile and public address for the whole server, in a separate
    # process (dashboard/outputs/report_process.py), its bytes shared by the workers through files
    # (dashboard/reference_answers.SharedFiles; one worker has it built, the others wait).
    reports = SharedFiles("rapports")

    def report_pdf(region: str, day: date, profile: str, public_url: str) -> bytes:
        from dashboard.outputs.report_process import build_isolated

        address = hashlib.blake2b(public_url.encode("utf-8"), digest_size=8).hexdigest()
        name = f"{day.isoformat()}-{region}-{profile}-{address}.pdf"

        content = reports.get_or_build(name, lambda: build_isolated(
            model, region, today=day, profile=profile, public_url=public_url))
        reports.remove_except(day.isoformat())
        return content

    @server.get("/rapport/<code>.pdf")
    def region_report(code: str) -> Response:
        if code not in REGION_CODES:
            return error_page(404, "Fiche région introuvable",
                              f"Aucune région ne porte le code « {code[:20]} ». Codes possibles : "
                              + ", ".join(REGION_CODES) + " (par exemple /rapport/53.pdf pour la Bretagne).")
        from dashboard import config
        from dashboard.outputs.report import file_name
        from dashboard.data.schema import DEFAULT_PROFILE, PROFILE_LABELS, PROFILES

        profile = request.args.get("profil") or DEFAULT_PROFILE
        if profile not in PROFILE_LABELS:
            return error_page(400, "Perception inconnue",
                              f"« {profile[:20]} » n'est pas une perception connue. Possibles : "
                              + ", ".join(PROFILES) + " (par exemple /rapport/53.pdf?profil=elus).")
        # the permalink: IMPACT_PUBLIC_URL, else the address this request came to
        public_url = config.public_url(request.host_url)
        return _download(report_pdf(code, date.today(), profile, public_url), "application/pdf",
                         file_name(model, code, profile))

    @server.get("/export/<chart>.<fmt>")
    def chart_export(chart: str, fmt: str) -> Response:
        from dashboard.outputs.exports import ExportError, export

        try:
            query = request.query_string.decode("utf-8", "replace")
            content, mimetype, filename = export(model, chart, fmt, query)
        except ExportError as error:
            title = "Export introuvable" if error.status == 404 else "Export impossible"
            return error_page(error.status, title, error.message)
        return _download(content, mimetype, filename)

