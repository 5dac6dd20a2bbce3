"""Download links: a « Télécharger » group under each chart, and the region report link.

The links point at plain HTTP routes (dashboard/http.py) that rebuild the file from the view's
query string, so a download is exactly the view on screen. callbacks/exports.py rewrites their
hrefs when the home page's URL changes.
"""

from __future__ import annotations

from dash import html

EXPORT_LINK = "export-link"      # pattern-matching id type: {"type", "chart", "fmt"}
REPORT_LINK = "report-link"
FORMAT_LABELS = (("png", "Image PNG"), ("svg", "Image SVG"), ("csv", "Données CSV"),
                 ("xlsx", "Données Excel"))


def export_href(chart: str, fmt: str, search: str | None) -> str:
    search = search if isinstance(search, str) and search.startswith("?") else ""
    return f"/export/{chart}.{fmt}{search}"


def export_menu(chart: str, search: str | None = "") -> html.Div:
    """« Télécharger : Image PNG · Image SVG · Données CSV · Données Excel » for one chart."""
    links = [html.A(label, href=export_href(chart, fmt, search), download="",
                    id={"type": EXPORT_LINK, "chart": chart, "fmt": fmt}, className="export-link",
                    title=f"Télécharger ce graphique ({label.lower()})")
             for fmt, label in FORMAT_LABELS]
    return html.Div([html.Span("Télécharger :", className="export-label")] + links,
                    className="export-menu", role="group", **{"aria-label": "Télécharger ce graphique"})


def report_link(region: str | None) -> html.A | None:
    """« Fiche région (PDF) » for the chosen region; nothing when no region is chosen."""
    if not region:
        return None
    return html.A("Télécharger la fiche région (PDF)", href=f"/rapport/{region}.pdf", download="",
                  id=REPORT_LINK, className="btn btn-outline-dark btn-sm report-link")
