"""The regional report (« fiche région »): one A4 PDF in French per region, built on the server.

reportlab lays the pages out (pure Python, no browser: text stays text, searchable and small);
the two charts (locator map, felt-versus-measured quadrant) are drawn by the same figure builders
as the dashboard and rendered to PNG by kaleido (dashboard/outputs/images.py), so the report looks like the
app. DejaVu Sans is embedded so accents, « », narrow no-break spaces and − print everywhere.

`build_report(model_for(imported), …)` is a browser session's report (callbacks/exports.py): its
imported values are marked under the title, in the domain table (« importé », « Données
importées ») and in the caveats, which name the files they come from.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import date
from functools import lru_cache
from xml.sax.saxutils import escape

from babel.dates import format_date
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (CondPageBreak, Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer,
                                Table, TableStyle)

from dashboard import config
from dashboard.figures import theme
from dashboard.views import home as views
from dashboard.views import region as region_view
from dashboard.labels import french_text
from dashboard.analysis.model import Model
from dashboard.outputs.report_notes import caveats, imported_banner, imported_values
from dashboard.outputs.report_tables import (TREND_LEGEND, Sources, _p, domain_table, para, table_data, takeaways,
                                     trend_rows, trends_table)
from dashboard.views.workshop_figures import place_labels
from dashboard.data.schema import (DEFAULT_PROFILE, NOT_AVAILABLE,
                              PROFILE_LABELS, REGION_CODES)

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
ACCENT = colors.HexColor(theme.ACCENT)
WIDTH = A4[0] - 3 * cm  # text width between 1.5 cm margins


@lru_cache(maxsize=1)
def _fonts() -> None:
    for name, file in (("DejaVu", "DejaVuSans.ttf"), ("DejaVu-Bold", "DejaVuSans-Bold.ttf"),
                       ("DejaVu-Oblique", "DejaVuSans-Oblique.ttf")):
        pdfmetrics.registerFont(TTFont(name, f"{FONT_DIR}/{file}"))
    pdfmetrics.registerFontFamily("DejaVu", normal="DejaVu", bold="DejaVu-Bold",
                                  italic="DejaVu-Oblique", boldItalic="DejaVu-Bold")


def _styles(compact: bool = False) -> dict[str, ParagraphStyle]:
    """The report's styles; `compact` prints the notes and sources smaller (a page saved)."""
    base = ParagraphStyle("base", fontName="DejaVu", fontSize=9, leading=11.5, alignment=TA_LEFT)
    return {
        "base": base,
        "small": ParagraphStyle("small", base, fontSize=6.6 if compact else 7.2,
                                leading=7.9 if compact else 8.8),
        "cell": ParagraphStyle("cell", base, fontSize=7.6, leading=9.2),
        "title": ParagraphStyle("title", base, fontName="DejaVu-Bold", fontSize=20, leading=24),
        "h2": ParagraphStyle("h2", base, fontName="DejaVu-Bold", fontSize=12.5, leading=15,
                             spaceBefore=8, spaceAfter=4, textColor=ACCENT),
        "key": ParagraphStyle("key", base, fontName="DejaVu-Bold", fontSize=13, leading=16),
        "item": ParagraphStyle("item", base, leftIndent=10, firstLineIndent=-7, spaceAfter=1.5),
        "lead": ParagraphStyle("lead", base, fontSize=10.5, leading=14, borderColor=colors.HexColor(
            theme.SECONDARY), borderWidth=0, leftIndent=8, borderPadding=(2, 2, 2, 6)),
        "warn": ParagraphStyle("warn", base, fontSize=8.5, leading=11, backColor=colors.HexColor("#fff3cd"),
                               borderColor=colors.HexColor(theme.WARNING), borderWidth=0.8,
                               borderPadding=4, spaceBefore=8, spaceAfter=6),
    }


class Chart:
    """A chart rendered once to PNG (kaleido), printed at `width` x `height` cm (or smaller)."""

    def __init__(self, figure: dict, width_cm: float, height_cm: float):
        from dashboard.outputs.images import render

        # laid out at 1.3 px per point (chart text of 14 px prints at about 11 pt), drawn at 2.6 px
        w, h = int(width_cm / 2.54 * 72 * 1.3), int(height_cm / 2.54 * 72 * 1.3)
        self.data = render(figure, "png", width=w, height=h, scale=2)
        self.size = (width_cm, height_cm)

    def image(self, shrink: float = 1.0) -> Image:
        """A new flowable each time (a layout pass consumes its flowables)."""
        return Image(io.BytesIO(self.data), width=self.size[0] * shrink * cm,
                     height=self.size[1] * shrink * cm)


def locator_chart(model: Model, region: str) -> Chart:
    from dashboard.views.workshop_figures import locator_figure

    return Chart(locator_figure(model.bundle.geometry, views.region_names(model), region), 6.5, 6.5)


def quadrant_chart(model: Model, region: str, profile: str = DEFAULT_PROFILE) -> Chart:
    figure, points = region_view.quadrant(model, region, profile)
    layout = figure["layout"]
    layout["title"]["text"] = ""
    layout["margin"] = {"l": 70, "r": 20, "t": 15, "b": 60}
    # the « illustratif » warning is printed as text under the image (searchable, never clipped)
    layout["annotations"] = [a for a in layout["annotations"] if "bgcolor" not in a]
    for axis in ("xaxis", "yaxis"):
        layout[axis]["title"]["font"] = {"size": 12}
    # labels placed for the printed plot (645 x 387 px less the margins), not the screen's
    place_labels(figure, points, (645 - 90, 387 - 75), 13)
    return Chart(figure, 17.5, 10.5)


def key_figures_table(model: Model, region: str, s: dict) -> Table:
    cells = [[[_p(f["label"], s["small"]), _p(f["value"], s["key"]),
               _p(f"{f['year']} · {_clip(f['source'], 90)}", s["small"])]]
             for f in region_view.key_figures(model, region)] or [[_p(NOT_AVAILABLE, s["base"])]]
    table = Table(cells, colWidths=[WIDTH - 7 * cm])
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -2), 0.4, colors.grey),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return table


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def file_name(model: Model, region: str, profile: str = DEFAULT_PROFILE) -> str:
    """« fiche-region-53-bretagne.pdf », « …-elus.pdf » for another profile than the citizens',
    « …-donnees-importees.pdf » when it shows imported values."""
    plain = unicodedata.normalize("NFKD", model.region_names[region]).encode("ascii", "ignore").decode()
    name = "".join(c if c.isalnum() else "-" for c in plain.lower()).strip("-")
    return (f"fiche-region-{region}-{name}" + ("" if profile == DEFAULT_PROFILE else f"-{profile}")
            + ("-donnees-importees" if imported_values(model, region, profile) else "") + ".pdf")


def permalink_of(region: str, profile: str, public_url: str | None = None) -> str:
    """The view's address on the deployment: IMPACT_PUBLIC_URL when set, else `public_url` (the
    address the request came to, which the caller passes: never a loopback address when the app is
    served elsewhere), else the local one."""
    if public_url is None:  # the web room passes the request's address (no Flask here)
        public_url = config.public_url()
    query = f"/?region={region}" + ("" if profile == DEFAULT_PROFILE else f"&profil={profile}")
    return public_url.rstrip("/") + query


def _trends(model: Model, region: str, s: dict) -> list:
    """« Évolutions »: the heading, its legend and first two series never apart (no orphan)."""
    rows = trend_rows(model, region, s)
    if not rows:
        return []
    heading = [_p("Évolutions", s["h2"]), _p(TREND_LEGEND, s["small"])]
    return [KeepTogether(heading + [trends_table(rows[:2])]), *([trends_table(rows[2:])] if rows[2:] else [])]


def _keep_with_first_block(heading: Paragraph, table: Table) -> CondPageBreak:
    """A page break before the table's heading when the heading, the header row and the first
    domain's rows would not fit on the page (no heading or row orphaned at the bottom)."""
    table.wrap(WIDTH, A4[1])
    _, tall = heading.wrap(WIDTH, A4[1])
    first = sum(table._rowHeights[:table.first_block])
    return CondPageBreak(tall + heading.style.spaceBefore + heading.style.spaceAfter + first + 4)


class _MeasuredDoc(SimpleDocTemplate):
    """The report's template; records how far down each page's content reaches (share of the
    frame's height), so that build_report can tell a mostly blank page."""

    def afterPage(self):
        frame = self.frame
        self.fills.append((frame._y1 + frame._height - frame._y) / frame._height)


# Layouts tried in turn until no page but the last is under half full and the last is not a
# line or two: (compact: smaller notes and quadrant, quadrant last: after the sources).
VARIANTS = ((False, False), (True, False), (False, True), (True, True))
MIN_FILL, MIN_LAST_FILL = 0.5, 0.15


def _fill_score(fills: list[float]) -> float:
    """>= 1 when no page is mostly blank."""
    inner = min(fills[:-1], default=1.0) / MIN_FILL
    return min(inner, fills[-1] / MIN_LAST_FILL if len(fills) > 1 else 1.0)


def build_report(model: Model, region: str, *, today: date | None = None,
                 public_url: str | None = None, profile: str = DEFAULT_PROFILE) -> bytes:
    """The PDF of one region (one of the 13 codes), its felt side by `profile`'s perception."""
    if region not in REGION_CODES:
        raise KeyError(region)
    if profile not in PROFILE_LABELS:
        raise KeyError(profile)
    _fonts()
    today = today or date.today()
    charts = (locator_chart(model, region), quadrant_chart(model, region, profile))
    context = dict(permalink=permalink_of(region, profile, public_url),
                   generated=format_date(today, "d MMMM y", locale="fr_FR"),
                   rows=table_data(model, region, profile))
    best = None
    for compact, quadrant_last in VARIANTS:
        pdf, fills = _build(model, region, profile, charts, context, compact, quadrant_last)
        if best is None or _fill_score(fills) > best[1]:
            best = (pdf, _fill_score(fills))
        if best[1] >= 1:
            break
    return best[0]


def _build(model: Model, region: str, profile: str, charts: tuple[Chart, Chart], context: dict,
           compact: bool, quadrant_last: bool) -> tuple[bytes, list[float]]:
    """One layout pass: (PDF, how full each page is)."""
    s = _styles(compact)
    name, permalink, generated = model.region_names[region], context["permalink"], context["generated"]
    whose = f"perception des {PROFILE_LABELS[profile].lower()}"
    sources = Sources()
    table = domain_table(model, region, s, sources, profile, context.get("rows"))
    table_heading = _p(f"Les 16 domaines de {name}, du plus au moins fragile", s["h2"])
    illustrative = views.uses_illustrative(region_view.quadrant_points(model, region, profile))
    quadrant = [KeepTogether([_p(f"Ressenti et mesuré, domaine par domaine ({whose})", s["h2"]),
                              charts[1].image(0.85 if compact else 1.0)]
                             + ([_p("⚠ Exemple fictif : perception « illustratif », valeurs de "
                                    "démonstration, pas des résultats d'enquête (points creux).", s["warn"])]
                                if illustrative else []))]
    story = [
        _p(f"Fiche région : {name}", s["title"]),
        _p(f"Fragilités mesurées et ressenties ({whose}), comparées aux 13 régions métropolitaines · "
           f"IMPACT-Territoires · généré le {generated}", s["small"]),
        *imported_banner(imported_values(model, region, profile), s),
        Spacer(1, 6),
        Table([[charts[0].image(),
                [_p("Chiffres clés", s["h2"]), key_figures_table(model, region, s)]]],
              colWidths=[7 * cm, WIDTH - 7 * cm], style=[("VALIGN", (0, 0), (-1, -1), "TOP")]),
        _p("Ce qu'il faut retenir", s["h2"]),
        *takeaways(model, region, s, profile),
        _keep_with_first_block(table_heading, table), table_heading, table,
        *([] if quadrant_last else quadrant),
        *_trends(model, region, s),
        _p("Précautions de lecture", s["h2"]),
        *caveats(model, region, s, profile),
        _p("Sources", s["h2"]),
        *[para(f"[{n}] {escape(src)}" + (f" — {escape(url)}" if url else ""), s["small"])
          for (src, url), n in sources.items.items()],
        Spacer(1, 6),
        para(f"Lien permanent de la vue : <link href='{escape(permalink)}' color='blue'>"
                  f"{escape(permalink)}</link>", s["base"]),
        *(quadrant if quadrant_last else []),
    ]

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("DejaVu", 7)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(1.5 * cm, 1 * cm, french_text(f"IMPACT-Territoires · Fiche {name} · "
                                                        f"généré le {generated}") + f" · {permalink}")
        canvas.drawRightString(A4[0] - 1.5 * cm, 1 * cm, f"page {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = _MeasuredDoc(buffer, pagesize=A4, leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                       topMargin=1.3 * cm, bottomMargin=1.6 * cm, title=f"Fiche région : {name}",
                       author="IMPACT-Territoires", subject="Fragilités mesurées et ressenties",
                       lang="fr-FR")
    doc.fills = []
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue(), doc.fills
