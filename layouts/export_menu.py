"""Download links: a « Télécharger » group under each chart, and the region report link.

Two ways to the same files, the page shows one:
- without imports, plain links to HTTP routes (dashboard/web/routes.py) that rebuild the file from the
  view's query string: a download is exactly the view on screen, and the link can be shared;
- when the browser session imported data (store ids.IMPORTED), buttons: callbacks/exports.py
  builds the file from the session's Model and hands it to a dcc.Download (nothing is written on
  the server, another session never sees it). A clientside callback adds « has-imports » to each
  group's class, and assets/exports.css shows the buttons instead of the links.
callbacks/exports.py keeps the links' hrefs on the view: on the home page a clientside callback
writes them from the pickers and the basket, on /comparer a callback from the page's URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from dash import dcc, html

EXPORT_MENU = "export-menu"      # {"type", "chart"}: a download group (class « has-imports » or not)
REPORT_LINK = "report-link"
REPORT_BUTTON = "report-button"      # {"type", "region"}: the report with the session's imports
REPORT_DOWNLOAD = "report-download"  # {"type", "region"}
REPORT_STATUS = "report-status"      # {"type", "region"}
FORMAT_LABELS = (("png", "Image PNG"), ("svg", "Image SVG"), ("csv", "Données CSV"),
                 ("xlsx", "Données Excel"))
SESSION_LABEL = "Télécharger, avec vos données importées :"


@dataclass(frozen=True)
class MenuIds:
    """Pattern-matching id types of one page's menus: link and button {"type", "chart", "fmt"},
    download and status {"type", "chart"}."""

    link: str
    button: str
    download: str
    status: str


HOME_MENU = MenuIds("export-link", "export-button", "export-download", "export-status")
COMPARE_MENU = MenuIds("compare-export-link", "compare-export-button", "compare-export-download",
                       "compare-export-status")
EXPORT_LINK = HOME_MENU.link     # {"type", "chart", "fmt"}


def export_href(chart: str, fmt: str, search: str | None) -> str:
    search = search if isinstance(search, str) and search.startswith("?") else ""
    return f"/export/{chart}.{fmt}{search}"


def export_menu(chart: str, search: str | None = "", menu: MenuIds = HOME_MENU) -> html.Div:
    """« Télécharger : Image PNG · Image SVG · Données CSV · Données Excel » for one chart."""
    links = [html.A(label, href=export_href(chart, fmt, search), download="",
                    id={"type": menu.link, "chart": chart, "fmt": fmt},
                    className="export-link export-reference",
                    title=f"Télécharger ce graphique ({label.lower()})")
             for fmt, label in FORMAT_LABELS]
    buttons = [html.Button(label, id={"type": menu.button, "chart": chart, "fmt": fmt}, type="button",
                           className="btn btn-link export-button export-session",
                           title=f"Télécharger ce graphique avec les données importées de cette "
                                 f"session ({label.lower()})")
               for fmt, label in FORMAT_LABELS]
    return html.Div(
        [html.Span("Télécharger :", className="export-label export-reference")] + links
        + [html.Span(SESSION_LABEL, className="export-label export-session")] + buttons
        + [dcc.Download(id={"type": menu.download, "chart": chart}),
           html.Span(id={"type": menu.status, "chart": chart}, className="export-status", role="status")],
        id={"type": EXPORT_MENU, "chart": chart}, className="export-menu download-group", role="group",
        **{"aria-label": "Télécharger ce graphique"})


def report_link(region: str | None, profile: str = "citoyens") -> html.Span | None:
    """« Fiche région (PDF) » for the chosen region (its felt side by the page's « Perception
    de »); nothing when no region is chosen."""
    if not region:
        return None
    label = "Télécharger la fiche région (PDF)"
    query = "" if profile == "citoyens" else f"?profil={profile}"
    return html.Span([
        html.A(label, href=f"/rapport/{region}.pdf{query}", download="", id=REPORT_LINK,
               className="btn btn-outline-dark btn-sm report-link export-reference"),
        html.Button(f"{label}, avec vos données importées", type="button",
                    id={"type": REPORT_BUTTON, "region": region},
                    className="btn btn-outline-dark btn-sm report-link export-session"),
        dcc.Download(id={"type": REPORT_DOWNLOAD, "region": region}),
        html.Span(id={"type": REPORT_STATUS, "region": region}, className="export-status", role="status"),
    ], id={"type": EXPORT_MENU, "chart": "rapport"}, className="report-menu download-group")
