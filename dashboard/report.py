"""The regional report (« fiche région »): one A4 PDF in French per region, built on the server.

reportlab lays the pages out (pure Python, no browser: text stays text, searchable and small);
the two charts (locator map, felt-versus-measured quadrant) are drawn by the same figure builders
as the dashboard and rendered to PNG by kaleido (dashboard/images.py), so the report looks like the
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
from reportlab.platypus import (Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)

from dashboard import config, theme, views
from dashboard.labels import format_number, format_rank, format_signed, format_value, is_missing
from dashboard.model import Model
from dashboard.importing import file_of, imported_in_session, imported_marker
from dashboard.schema import (DEFAULT_PROFILE, KIND_ILLUSTRATIVE, KIND_IMPORTED, KIND_LABELS,
                              KIND_OFFICIAL, KIND_REPORT, NOT_AVAILABLE, REGION_CODES)

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
ACCENT = colors.HexColor(theme.ACCENT)
PALE = colors.HexColor("#f3e6da")
WIDTH = A4[0] - 3 * cm  # text width between 1.5 cm margins


@lru_cache(maxsize=1)
def _fonts() -> None:
    for name, file in (("DejaVu", "DejaVuSans.ttf"), ("DejaVu-Bold", "DejaVuSans-Bold.ttf"),
                       ("DejaVu-Oblique", "DejaVuSans-Oblique.ttf")):
        pdfmetrics.registerFont(TTFont(name, f"{FONT_DIR}/{file}"))
    pdfmetrics.registerFontFamily("DejaVu", normal="DejaVu", bold="DejaVu-Bold",
                                  italic="DejaVu-Oblique", boldItalic="DejaVu-Bold")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName="DejaVu", fontSize=9, leading=11.5, alignment=TA_LEFT)
    return {
        "base": base,
        "small": ParagraphStyle("small", base, fontSize=7.2, leading=8.8),
        "cell": ParagraphStyle("cell", base, fontSize=7.6, leading=9.2),
        "title": ParagraphStyle("title", base, fontName="DejaVu-Bold", fontSize=20, leading=24),
        "h2": ParagraphStyle("h2", base, fontName="DejaVu-Bold", fontSize=12.5, leading=15,
                             spaceBefore=8, spaceAfter=4, textColor=ACCENT),
        "key": ParagraphStyle("key", base, fontName="DejaVu-Bold", fontSize=13, leading=16),
        "lead": ParagraphStyle("lead", base, fontSize=10.5, leading=14, borderColor=colors.HexColor(
            theme.SECONDARY), borderWidth=0, leftIndent=8, borderPadding=(2, 2, 2, 6)),
        "warn": ParagraphStyle("warn", base, fontSize=8.5, leading=11, backColor=colors.HexColor("#fff3cd"),
                               borderColor=colors.HexColor(theme.WARNING), borderWidth=0.8,
                               borderPadding=4),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _png(figure: dict, width_cm: float, height_cm: float) -> Image:
    """A chart rendered at 2 px per point: sharp in print, about 150 KB."""
    from dashboard.images import render

    # laid out at 1.3 px per point (chart text of 14 px prints at about 11 pt), drawn at 2.6 px
    w, h = int(width_cm / 2.54 * 72 * 1.3), int(height_cm / 2.54 * 72 * 1.3)
    data = render(figure, "png", width=w, height=h, scale=2)
    return Image(io.BytesIO(data), width=width_cm * cm, height=height_cm * cm)


def locator_image(model: Model, region: str) -> Image:
    from dashboard.workshop import locator_figure

    return _png(locator_figure(model.bundle.geometry, views.region_names(model), region), 6.5, 6.5)


def quadrant_image(model: Model, region: str) -> Image:
    figure, _ = views.quadrant(model, region)
    layout = figure["layout"]
    layout["title"]["text"] = ""
    layout["margin"] = {"l": 70, "r": 20, "t": 15, "b": 60}
    # the « illustratif » warning is printed as text under the image (searchable, never clipped)
    layout["annotations"] = [a for a in layout["annotations"] if "bgcolor" not in a]
    for axis in ("xaxis", "yaxis"):
        layout[axis]["title"]["font"] = {"size": 12}
    return _png(figure, 17.5, 10.5)


def key_figures_table(model: Model, region: str, s: dict) -> Table:
    cells = [[[_p(f["label"], s["small"]), _p(f["value"], s["key"]),
               _p(f"{f['year']} · {_clip(f['source'], 90)}", s["small"])]]
             for f in views.key_figures(model, region)] or [[_p(NOT_AVAILABLE, s["base"])]]
    table = Table(cells, colWidths=[WIDTH - 7 * cm])
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -2), 0.4, colors.grey),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return table


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


class Sources:
    """Numbered citations: the table shows [n], the list at the end gives each source once."""

    def __init__(self):
        self.items: dict[tuple[str, str], int] = {}

    def ref(self, source: str, url: str) -> int:
        return self.items.setdefault((source, url or ""), len(self.items) + 1)


def domain_table(model: Model, region: str, s: dict, sources: Sources) -> Table:
    header = [_p(h, s["cell"]) for h in ("Domaine / indicateur", "Valeur", "Rang", "Écart à la France",
                                         "Année", "Nature", "Réf.")]
    data, style = [header], [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#343a40")),
                             ("TEXTCOLOR", (0, 0), (-1, 0), colors.white)]
    header[:] = [Paragraph(f"<font color='white'><b>{escape(h.text)}</b></font>", s["cell"]) for h in header]
    for domain in views.region_domains(model, region).to_dict("records"):
        felt = (f"ressenti {format_number(domain['score'], 1)}/10"
                + FELT_MARKS.get(domain["perception_kind"], "")
                if not is_missing(domain.get("score")) else f"ressenti : {NOT_AVAILABLE}")
        index = (f"indice {format_signed(domain['index'], '', 2)}" if not is_missing(domain["index"])
                 else f"indice : {NOT_AVAILABLE}")
        style.append(("BACKGROUND", (0, len(data)), (-1, len(data)), PALE))
        data.append([Paragraph(f"<b>{escape(domain['label'])}</b>", s["cell"]), _p(index, s["cell"]),
                     _p(format_rank(domain["rank"]) if not is_missing(domain["rank"]) else "—", s["cell"]),
                     _p(felt, s["cell"]), "", _p(_or_blank(domain["quadrant"]), s["cell"]), ""])
        style.append(("SPAN", (3, len(data) - 1), (4, len(data) - 1)))
        rows = views.indicator_rows(model, region, domain["domain_id"])
        cited = _region_sources(model, region)
        if not rows:
            data.append([_p(f"   Aucun indicateur mesuré ({NOT_AVAILABLE})", s["cell"])] + [""] * 6)
        for r in rows:
            gap_unit = "point" if r["unit"].startswith("%") else r["unit"]
            data.append([
                _p("   " + r["label"], s["cell"]), _p(format_value(r["value"], r["unit"]), s["cell"]),
                _p(format_rank(r["rank"], r["n_regions"]), s["cell"]),
                _p(format_signed(r["gap"], gap_unit), s["cell"]),
                _p(r["year"], s["cell"]), _p(KIND_LABELS.get(r["kind"], r["kind"]), s["cell"]),
                _p(f"[{sources.ref(*cited.get(r['id'], (r['source'], r['url'])))}]"
                   if not is_missing(r["value"]) else "—", s["cell"])])
    widths = [4.8, 3.3, 1.8, 2.8, 1.4, 2.6, 1.1]
    table = Table(data, colWidths=[w * cm for w in widths], repeatRows=1)
    table.setStyle(TableStyle(style + [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    return table


FELT_MARKS = {KIND_ILLUSTRATIVE: " (illustratif)", KIND_IMPORTED: " (importé)"}


def _or_blank(value) -> str:
    return "" if is_missing(value) else str(value)


def _region_sources(model: Model, region: str) -> dict[str, tuple[str, str]]:
    """indicator id -> (source, url) of this region's own value (it may differ from the catalogue's)."""
    values = model.bundle.values
    mine = values[values["region_code"] == region]
    return {row.indicator_id: (row.source, row.source_url) for row in mine.itertuples()}


def caveats(model: Model, region: str, s: dict) -> list:
    points = views.quadrant_points(model, region)
    notes = [
        "Rang 1 = la région la plus fragile des 13. L'indice d'un domaine est la moyenne des "
        "indicateurs standardisés (écart à la moyenne des régions, en écarts-types) ; un indicateur "
        "« moins = plus fragile » est retourné avant le calcul.",
        "Le ressenti est la note de fragilité perçue (sur 10), standardisée entre les régions pour être "
        "comparée à la mesure.",
        f"« {NOT_AVAILABLE} » signale une valeur absente : elle n'est jamais remplacée par zéro.",
    ]
    imported = imported_note(model, region)
    if imported:
        notes.insert(0, imported)
    if views.uses_illustrative(points):
        notes.insert(0, "Perception « illustratif » : les notes de perception par région ne sont pas "
                        "publiques ; celles affichées sont des valeurs fictives de démonstration, pas des "
                        "résultats d'enquête. Les conclusions sur le ressenti sont donc illustratives.")
    kinds = set(model.scores[model.scores["region_code"] == region]["kind"])
    if KIND_REPORT in kinds:
        notes.append("« Rapport Le RAMEAU 2020 (transcription) » : chiffres du rapport de recherche, "
                     "transcrits et non rapprochés d'une série officielle.")
    catalogue = model.bundle.indicators
    for row in catalogue[(catalogue["caveat"] != "") & (catalogue["kind"] != KIND_OFFICIAL)].itertuples():
        if row.id in set(model.scores[model.scores["region_code"] == region]["indicator_id"]):
            notes.append(f"{row.label_fr} : {row.caveat}")
    return [Paragraph("• " + escape(n), s["small"]) for n in notes]


def imported_values(model: Model, region: str) -> list[tuple[str, str]]:
    """(what, origin) of each imported value the region's report shows: its perception notes
    (profile « citoyens ») and the imported indicators (each has a row in the domain table, with
    or without a value for this region); origin « Données importées dans cette session
    (fichier « x.csv ») » or « … au démarrage (…) »."""
    out = []
    perception = model.perception[DEFAULT_PROFILE]
    mine = perception[(perception["region_code"] == region) & (perception["kind"] == KIND_IMPORTED)]
    for source, rows in mine.groupby("source", sort=False):
        labels = [model.domain_labels.get(d, d) for d in rows["domain_id"]]
        out.append((f"notes de perception ({', '.join(labels)})", str(source)))
    catalogue = model.bundle.indicators
    for row in catalogue[catalogue["kind"] == KIND_IMPORTED].itertuples():  # every one has its table row
        scores = model.indicator_scores(row.id)
        value = scores.by_region.get(region, (None,))[0] if scores else None
        missing = "" if not is_missing(value) else ", sans valeur pour cette région"
        out.append((f"indicateur « {row.label_fr} » ({row.year}{missing})", str(row.caveat).rstrip(".")))
    return out


def imported_note(model: Model, region: str) -> str | None:
    """The caveat that says which values of the report were imported (None when none were)."""
    values = imported_values(model, region)
    if not values:
        return None
    session = imported_in_session(origin for _, origin in values)
    where = "dans cette session" if session else "au démarrage du tableau de bord"
    listed = " ; ".join(f"{what}, {file_of(origin)}" for what, origin in values)
    text = (f"Données importées {where} : cette fiche inclut des valeurs qui ne font pas partie des "
            f"données de référence du tableau de bord : {listed}. Elles sont marquées « importé » "
            "ou « Données importées » dans le tableau des domaines.")
    if session:
        text += (" Le lien permanent ci-dessous ouvre les données de référence : ces valeurs ne sont "
                 "visibles que dans la session du navigateur qui les a importées.")
    return text


def imported_banner(values: list[tuple[str, str]], s: dict) -> list:
    """The warning under the title when the report shows imported values (imported_values())."""
    if not values:
        return []
    return [Spacer(1, 4), _p(f"⚠ {imported_marker(origin for _, origin in values)} : "
                             + " ; ".join(what for what, _ in values)
                             + ". Détail dans « Précautions de lecture ».", s["warn"])]


def file_name(model: Model, region: str) -> str:
    """« fiche-region-53-bretagne.pdf » (« …-donnees-importees.pdf » when it shows imported values)."""
    plain = unicodedata.normalize("NFKD", model.region_names[region]).encode("ascii", "ignore").decode()
    name = "".join(c if c.isalnum() else "-" for c in plain.lower()).strip("-")
    return (f"fiche-region-{region}-{name}"
            + ("-donnees-importees" if imported_values(model, region) else "") + ".pdf")


def build_report(model: Model, region: str, *, today: date | None = None,
                 public_url: str | None = None) -> bytes:
    """The PDF of one region (one of the 13 codes)."""
    if region not in REGION_CODES:
        raise KeyError(region)
    _fonts()
    s = _styles()
    today = today or date.today()
    name = model.region_names[region]
    permalink = (public_url or config.setting("IMPACT_PUBLIC_URL")).rstrip("/") + f"/?region={region}"
    generated = format_date(today, "d MMMM y", locale="fr_FR")
    sources = Sources()
    story = [
        _p(f"Fiche région : {name}", s["title"]),
        _p(f"Fragilités mesurées et ressenties, comparées aux 13 régions métropolitaines · "
           f"IMPACT-Territoires · généré le {generated}", s["small"]),
        *imported_banner(imported_values(model, region), s),
        Spacer(1, 6),
        Table([[locator_image(model, region),
                [_p("Chiffres clés", s["h2"]), key_figures_table(model, region, s)]]],
              colWidths=[7 * cm, WIDTH - 7 * cm], style=[("VALIGN", (0, 0), (-1, -1), "TOP")]),
        _p("Ce qu'il faut retenir", s["h2"]),
        _p(views.divergence_sentence(model, region), s["lead"]),
        KeepTogether([_p("Ressenti et mesuré, domaine par domaine", s["h2"]), quadrant_image(model, region)]
                     + ([_p("⚠ Perception « illustratif » : valeurs fictives de démonstration, pas des "
                            "résultats d'enquête (points creux).", s["warn"])]
                        if views.uses_illustrative(views.quadrant_points(model, region)) else [])),
        _p(f"Les 16 domaines de {name}, du plus au moins fragile", s["h2"]),
        domain_table(model, region, s, sources),
        _p("Précautions de lecture", s["h2"]),
        *caveats(model, region, s),
        _p("Sources", s["h2"]),
        *[Paragraph(f"[{n}] {escape(src)}" + (f" — {escape(url)}" if url else ""), s["small"])
          for (src, url), n in sources.items.items()],
        Spacer(1, 6),
        Paragraph(f"Lien permanent de la vue : <link href='{escape(permalink)}' color='blue'>"
                  f"{escape(permalink)}</link>", s["base"]),
    ]

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("DejaVu", 7)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(1.5 * cm, 1 * cm, f"IMPACT-Territoires · Fiche {name} · généré le {generated}"
                                            f" · {permalink}")
        canvas.drawRightString(A4[0] - 1.5 * cm, 1 * cm, f"page {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                            topMargin=1.3 * cm, bottomMargin=1.6 * cm, title=f"Fiche région : {name}",
                            author="IMPACT-Territoires", subject="Fragilités mesurées et ressenties",
                            lang="fr-FR")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
