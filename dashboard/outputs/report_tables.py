"""The report's domain table and « Ce qu'il faut retenir », in the home page's words and ranks:
region_view.region_summary, domain_standing and indicator_rows, never a rank of their own (issue 11).

Used by dashboard/outputs/report.py, which lays the pages out.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, Table, TableStyle

from dashboard import comparison_rules as rules
from dashboard.views import region as region_view
from dashboard.labels import format_number, format_signed, format_value, french_text, is_missing
from dashboard.analysis.model import Model
from dashboard.data.schema import (DEFAULT_PROFILE, KIND_ILLUSTRATIVE, KIND_IMPORTED, KIND_LABELS,
                              NOT_AVAILABLE)

PALE = colors.HexColor("#f3e6da")


def para(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph in French typography (no-break spaces before « : ; ! ? » and inside
    « guillemets », typographic apostrophe), the same pass as the pages' (labels.french_text)."""
    return Paragraph(french_text(markup), style)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return para(escape(str(text)), style)


class Sources:
    """Numbered citations: the table shows [n], the list at the end gives each source once."""

    def __init__(self):
        self.items: dict[tuple[str, str], int] = {}

    def ref(self, source: str, url: str) -> int:
        return self.items.setdefault((source, url or ""), len(self.items) + 1)


TABLE_WIDTHS = [4.8, 3.3, 1.8, 2.8, 1.4, 2.6, 1.1]  # cm, 17,8 in all


def table_data(model: Model, region: str, profile: str = DEFAULT_PROFILE) -> list[tuple[dict, list[dict]]]:
    """(domain, its indicator rows) in the home page's order: computed once per report, whatever
    the number of layout passes."""
    return [(domain, region_view.indicator_rows(model, region, domain["domain_id"]))
            for domain in region_view.region_domains(model, region, profile).to_dict("records")]


def domain_table(model: Model, region: str, s: dict, sources: Sources,
                 profile: str = DEFAULT_PROFILE, data_rows=None) -> Table:
    """The 16 domains in the home page's order and words (domain_standing, indicator_rows): a
    domain's rows never split across pages (NOSPLIT), the header repeats on every page."""
    header = [para(f"<font color='white'><b>{escape(h)}</b></font>", s["cell"])
              for h in ("Domaine / indicateur", "Où se situe la région", "Rang", "Écart à la France",
                        "Année", "Nature", "Réf.")]
    data, style = [header], [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#343a40"))]
    cited, first_block = _region_sources(model, region), None
    for domain, rows in data_rows or table_data(model, region, profile):
        first = len(data)
        standing = domain["standing"]
        felt = (f"ressenti {format_number(domain['score'], 1)}/10"
                + FELT_MARKS.get(domain["perception_kind"], "")
                if not is_missing(domain.get("score")) else f"ressenti : {NOT_AVAILABLE}")
        where = " · ".join(p for p in (standing["words"], standing["note"]) if p) or "—"
        style += [("BACKGROUND", (0, first), (-1, first), PALE), ("SPAN", (3, first), (4, first))]
        data.append([para(f"<b>{escape(domain['label'])}</b>", s["cell"]), _p(where, s["cell"]),
                     _p(standing["rank"] or "—", s["cell"]), _p(felt, s["cell"]), "",
                     _p(_or_blank(domain["quadrant"]), s["cell"]), ""])
        if not rows:
            data.append([_p(f"   Aucun indicateur mesuré ({NOT_AVAILABLE})", s["cell"])] + [""] * 6)
        for r in rows:
            data.append(_indicator_row(r, s, sources, cited))
        style.append(("NOSPLIT", (0, first), (-1, len(data) - 1)))
        first_block = first_block or len(data)
    table = Table(data, colWidths=[w * cm for w in TABLE_WIDTHS], repeatRows=1)
    table.first_block = first_block or len(data)  # header + first domain: kept with the heading
    table.setStyle(TableStyle(style + [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    return table


def _indicator_row(r: dict, s: dict, sources: Sources, cited: dict) -> list:
    """One indicator: value, rank « x / n » (rank_label), gap to France; under its name what
    limits the comparison (partial, out of the index, doubtful report row)."""
    gap_unit = "point" if r["unit"].startswith("%") else r["unit"]
    marks = [r["comparison_note"], "" if r["in_index"] or is_missing(r["value"]) else "hors indice",
             "fiabilité douteuse" if r["reliability"] == rules.DOUBTFUL else ""]
    marks = " · ".join(m for m in marks if m)
    label = escape("   " + r["label"]) + (f"<br/><font size='6.6'><i>   {escape(marks)}</i></font>"
                                         if marks else "")
    return [para(label, s["cell"]), _p(format_value(r["value"], r["unit"]), s["cell"]),
            _p(r["rank_text"] or "—", s["cell"]), _p(format_signed(r["gap"], gap_unit), s["cell"]),
            _p(r["year"], s["cell"]), _p(KIND_LABELS.get(r["kind"], r["kind"]), s["cell"]),
            _p(f"[{sources.ref(*cited.get(r['id'], (r['source'], r['url'])))}]"
               if not is_missing(r["value"]) else "—", s["cell"])]


def takeaways(model: Model, region: str, s: dict, profile: str = DEFAULT_PROFILE) -> list:
    """« Ce qu'il faut retenir »: the home page's measured summary (region_view.region_summary) first;
    the felt-versus-measured sentence after it, in a box « Exemple fictif » when illustrative."""
    summary = region_view.region_summary(model, region)
    story = [_p(summary["lead"], s["lead"])]
    for title, items in (("Fragilités les plus marquées", summary["fragile"]),
                         ("Points forts", summary["strong"])):
        if not items:
            continue
        story.append(para(f"<b>{escape(title)}</b>", s["base"]))
        story += [para("• " + escape(_finding(i)), s["item"]) for i in items]
    story.append(_p(summary["coverage"] + ".", s["small"]))
    sentence, illustrative = region_view.divergence(model, region, profile)
    if illustrative:
        story.append(para("<b>Exemple fictif :</b> la perception affichée est illustrative "
                               "(démonstration), pas un résultat d'enquête. " + escape(sentence), s["warn"]))
    else:
        story.append(_p(sentence, s["lead"]))
    return story


def _finding(item: dict) -> str:
    """« Santé — plus fragile que la moyenne · 4e / 13. Taux … (2020) : 8,1 ; France : 7,9 ; 4e / 13 »."""
    standing = " · ".join(p for p in (item["words"], item["rank"]) if p)
    text = f"{item['label']} — {standing}"
    head = item["headline"]
    if head:
        text += (f". {head['label']} ({head['year']}) : {head['value']} ; France métropolitaine : "
                 f"{head['france']}" + (f" ; {head['rank']}" if head["rank"] else ""))
    return text


FELT_MARKS = {KIND_ILLUSTRATIVE: " (illustratif)", KIND_IMPORTED: " (importé)"}


def _or_blank(value) -> str:
    return "" if is_missing(value) else str(value)


def _region_sources(model: Model, region: str) -> dict[str, tuple[str, str]]:
    """indicator id -> (source, url) of this region's own value (it may differ from the catalogue's)."""
    values = model.bundle.values
    mine = values[values["region_code"] == region]
    return {row.indicator_id: (row.source, row.source_url) for row in mine.itertuples()}


# -- « Évolutions » (issue 14): the region's series against France métropolitaine ----------------

TREND_SIZE = (3.2 * cm, 0.95 * cm)   # a sparkline: drawn by reportlab (vector, no image render)


def sparkline(item: dict):
    """The region (solid orange) against France métropolitaine (dotted grey), as
    series.sparkline_svg draws it on screen, in vector form."""
    from reportlab.graphics.shapes import Drawing, PolyLine

    from dashboard.analysis import series

    width, height = TREND_SIZE
    every = item["region"] + item["france"]
    low, high = min(v for _, v in every), max(v for _, v in every)
    first, last = min(y for y, _ in every), max(y for y, _ in every)
    span, spread = (last - first) or 1, (high - low) or 1.0

    def points(pairs):
        return [c for y, v in pairs for c in (2 + (y - first) / span * (width - 4),
                                              2 + (v - low) / spread * (height - 4))]
    drawing = Drawing(width, height)
    drawing.add(PolyLine(points(item["france"]), strokeColor=colors.HexColor(series.FRANCE_COLOUR),
                         strokeWidth=1, strokeDashArray=[2, 1.5]))
    drawing.add(PolyLine(points(item["region"]), strokeColor=colors.HexColor(series.REGION_COLOUR),
                         strokeWidth=1.8))
    return drawing


def trend_rows(model: Model, region: str, s: dict) -> list[list]:
    """One row per series of the region (region_view.region_trends): its sparkline, then its label, years
    and the sentence of the region view (change in the unit and in %, gap to France)."""
    out = []
    for item in region_view.region_trends(model, region):
        years = f"{item['region'][0][0]}-{item['region'][-1][0]}"
        out.append([sparkline(item),
                    [_p(f"{item['label']} ({years})", ParagraphStyle("trend", s["cell"], fontName="DejaVu-Bold")),
                     _p(item["sentence"], s["cell"])]])
    return out


def trends_table(rows: list[list]) -> Table:
    table = Table(rows, colWidths=[TREND_SIZE[0] + 0.3 * cm, 17.8 * cm - TREND_SIZE[0] - 0.3 * cm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LINEBELOW", (0, 0), (-1, -2), 0.3, colors.lightgrey),
                               ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


TREND_LEGEND = ("Trait plein orange : la région ; pointillé gris : France métropolitaine (les deux "
                "courbes d'un indicateur à la même échelle, de sa première à sa dernière année).")
