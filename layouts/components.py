"""Small layout factories: pickers, link notices, key-figure cards, domain panels, source notes,
kind badges."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard import comparison_rules as rules
from dashboard.analysis import series
from dashboard.labels import format_number, format_signed, format_value, is_missing
from layouts.static_html import static_block
from dashboard.data.schema import (
    FAMILIES,
    KIND_ILLUSTRATIVE,
    KIND_IMPORTED,
    KIND_LABELS,
    KIND_OFFICIAL,
    KIND_PUBLISHED,
    KIND_REPORT,
    NOT_AVAILABLE,
)

# (background, text) of each provenance badge, written out so that their contrast can be checked
# (WCAG AA asks for 4.5:1 on small text): white on the dark colours, near-black on the light ones.
DARK_TEXT, WHITE_TEXT = "#212529", "#ffffff"
KIND_BADGE_COLOURS: dict[str, tuple[str, str]] = {
    KIND_OFFICIAL: ("#146c43", WHITE_TEXT),        # dark green
    KIND_REPORT: ("#6c757d", WHITE_TEXT),          # grey
    KIND_PUBLISHED: ("#6c757d", WHITE_TEXT),
    KIND_ILLUSTRATIVE: ("#ffc107", DARK_TEXT),     # amber
    KIND_IMPORTED: ("#0dcaf0", DARK_TEXT),         # light cyan: white text on it reads at 1.8:1
}
OTHER_KIND_COLOURS = ("#6c757d", WHITE_TEXT)


def domain_options(domains) -> list[dict]:
    """16 domains grouped by family: a disabled header line per family, then its domains."""
    options = []
    for family in FAMILIES:
        members = domains[domains["family"] == family]
        if members.empty:
            continue
        options.append({"label": f"— Dimension {family} —", "value": f"__{family}", "disabled": True})
        options += [{"label": row.label_fr, "value": row.id} for row in members.itertuples()]
    return options


def kind_badge(kind: str) -> html.Span:
    """The provenance of a value (« Statistique publique », « Données importées »…) as a badge."""
    background, text = KIND_BADGE_COLOURS.get(kind, OTHER_KIND_COLOURS)
    return html.Span(KIND_LABELS.get(kind, kind), className="badge kind-badge",
                     style={"backgroundColor": background, "color": text})


def notice_alert(notices: list[str]):
    """What a tampered or outdated link had wrong, said once above the page (None when nothing)."""
    if not notices:
        return None
    return dbc.Alert([html.Strong("Lien corrigé : "), " ".join(notices)], color="warning",
                     dismissable=True, className="url-notice")


def source_link(source: str, url: str, year=None) -> html.Span:
    label = f"{source} ({year})" if year else source
    if url:
        return html.Span(html.A(label, href=url, target="_blank", rel="noopener"), className="source-note")
    return html.Span(label, className="source-note")


def key_value(text: str) -> html.Div:
    """« 3 373 835 » in large type, its unit on the line below: a number and its unit joined by a
    no-break space would otherwise overflow a narrow card and be cut inside a word."""
    number, _, unit = text.partition("\u00a0")
    return html.Div([html.Span(number, className="key-number"),
                     html.Span(unit, className="key-unit") if unit else None], className="key-value")


def key_figure_cards(figures: list[dict]) -> dbc.Row:
    return dbc.Row([
        dbc.Col(dbc.Card(dbc.CardBody([
            html.Div(f["label"], className="key-label"),
            key_value(f["value"]),
            html.Div([f"{f['year']} · ", source_link(f["source"][:60] + ("…" if len(f["source"]) > 60 else ""), f["url"])],
                     className="key-source"),
        ])), md=4, className="mb-2") for f in figures
    ]) if figures else html.P(NOT_AVAILABLE)


def position_strip(points: list[tuple[str, float]], region: str, names: dict[str, str],
                   pinned=()) -> html.Div:
    """Where the region stands among the regions with a value: a line of dots, right = more fragile.

    The regions of the comparison basket (`pinned`) get a blue ring and « ★ » in their tooltip."""
    present = [(c, v) for c, v in points if not is_missing(v)]
    if len(present) < 2:
        return html.Div(NOT_AVAILABLE, className="strip-empty small text-muted")
    low, high = min(v for _, v in present), max(v for _, v in present)
    span = (high - low) or 1.0
    dots = [html.Span(className="strip-dot" + (" strip-dot-selected" if c == region else
                                               " strip-dot-pinned" if c in pinned else ""),
                      style={"left": f"{(v - low) / span * 100:.1f}%"},
                      title=("★ " if c in pinned else "") + names.get(c, c))
            for c, v in present]
    mine = next((i for i, (c, _) in enumerate(sorted(present, key=lambda p: -p[1])) if c == region), None)
    label = (f"Position parmi {len(present)} régions : "
             + (f"{mine + 1}e plus fragile" if mine is not None else NOT_AVAILABLE))
    return html.Div([html.Div(dots, className="strip-line"),
                     html.Div(["moins fragile", html.Span("plus fragile", className="float-end")],
                              className="strip-legend")],
                    className="strip", role="img", **{"aria-label": label})


def indicator_table(rows: list[dict], region: str, names: dict[str, str], pinned=()) -> html.Table:
    header = html.Thead(html.Tr([html.Th(h, scope="col") for h in
                                 ("Indicateur", "Valeur", "Rang", "Écart à la France", "Parmi les régions",
                                  "Source")]))
    body = []
    for r in rows:
        body.append(html.Tr([
            html.Th([r["label"], html.Br(), kind_badge(r["kind"]), *indicator_notes(r)], scope="row"),
            # data-label: the column's name, shown before the cell when rows become cards (phones)
            html.Td([format_value(r["value"], r["unit"]),
                     html.Div(r["method"], className="small text-muted value-method") if r.get("method") else None,
                     trend_block(r.get("trend"))],
                    className="value-cell", **{"data-label": "Valeur"}),
            html.Td([r["rank_text"] or "non classée",
                     html.Div(r["comparison_note"], className="small comparison-note")
                     if r["comparison_note"] else None],
                    className="rank-cell", **{"data-label": "Rang"}),
            html.Td(format_signed(r["gap"], _gap_unit(r["unit"])) if not is_missing(r["gap"]) else NOT_AVAILABLE,
                    **{"data-label": "Écart à la France"}),
            html.Td(position_strip(r["strip"], region, names, pinned), className="strip-cell",
                    **{"data-label": "Parmi les régions"}),
            html.Td(source_link(r["source"][:70] + ("…" if len(r["source"]) > 70 else ""), r["url"], r["year"]),
                    **{"data-label": "Source"}),
        ]))
    return dbc.Table([header, html.Tbody(body)], size="sm", className="indicator-table stack-table", responsive=True)


def trend_block(trend: dict | None):
    """Beside an indicator with at least 3 years: a small trend line (the region in orange, France
    métropolitaine dotted grey) and the sentence that says the change and the gap to France."""
    if not trend:
        return None
    years = f"{trend['region'][0][0]}-{trend['region'][-1][0]}"
    return html.Div([
        html.Img(src=series.sparkline_uri(trend), alt=trend["sentence"], width=140, height=40,
                 className="trend-line", title=f"{years} : région (trait plein orange), France "
                                               "métropolitaine (pointillés gris)"),
        html.Div(trend["sentence"], className="small trend-sentence"),
    ], className="indicator-trend", **{"data-indicator": trend["id"]})


def indicator_notes(row: dict) -> list:
    """Under an indicator's name: its caveat, its reliability when the 2020 report's table is
    doubted, and whether it enters the domain's index."""
    notes = []
    if row.get("caveat"):
        notes.append(html.Div(row["caveat"], className="caveat small"))
    if row.get("reliability"):
        notes.append(html.Div(f"Fiabilité {row['reliability']}"
                              + (f" : {row['reliability_reason']}" if row.get("reliability_reason") else ""),
                              className=f"reliability small reliability-{row['reliability'][:4]}"))
    if row.get("value") is not None and not row.get("in_index"):
        notes.append(html.Div("hors de l'indice du domaine", className="small text-muted not-in-index"))
    if row.get("read_at"):
        notes.append(html.Div(["chiffre lu sur ", html.A("cette page", href=row["read_at"], target="_blank",
                                                         rel="noopener")], className="small text-muted"))
    return notes


def _gap_unit(unit: str) -> str:
    return "point" if unit.startswith("%") else unit


def score_uncertainty(row: dict) -> str:
    """« (IC 95 % : 6,2 à 6,6 ; n = 2 400) » after a perception score whose effectif is known,
    with « effectif faible » under 30 answers; "" without effectif (no interval can be given)."""
    n = row.get("n")
    if is_missing(n) or is_missing(row.get("score_low")):
        return ""
    text = (f" (IC 95\u00a0% : {format_number(row['score_low'], 1)} à {format_number(row['score_high'], 1)} ;"
            f" n\u00a0=\u00a0{format_number(int(n), 0)}")
    return text + (" ; effectif faible)" if rules.is_small_sample(n) else ")")


def domain_panel(domain: dict, rows: list[dict], region: str, names: dict[str, str], open_: bool,
                 pinned=(), perception=()) -> html.Details:
    """One domain of the region view: where the region stands (plain words and « x / n »; the
    index in standard deviations in the tooltip), perceived score, then its indicators.
    `perception`: the perception scores of the domain that are series (dashboard/views/region.py perception_trends),
    each said with its change and, between two different surveys, the break."""
    standing = domain["standing"]
    parts = [p for p in (standing["words"], standing["rank"]) if p]
    index_text = " · ".join(parts) if parts else standing["note"]
    note = standing["note"] if parts and standing["note"] else ""
    perceived = ("perçu : " + format_number(domain["score"], 1) + " / 10" + score_uncertainty(domain)
                 if not is_missing(domain.get("score")) else f"perçu : {NOT_AVAILABLE}")
    perception_badge = kind_badge(domain["perception_kind"]) if domain.get("perception_kind") else None
    summary = html.Summary([
        html.Span(domain["label"], className="domain-name"),
        html.Span([index_text, html.Span(f" ({note})", className="small") if note else None],
                  className="domain-index", title=standing["tooltip"] or None),
        html.Span([perceived, " ", perception_badge], className="domain-perceived"),
        html.Span(domain["quadrant"] or "", className="domain-quadrant"),
    ], className="domain-summary")
    # one HTML block, not ~90 components a domain: the region view appears in a fraction of the time
    content = static_block(indicator_table(rows, region, names, pinned), "indicator-table-block") if rows else html.P(
        f"Aucun indicateur objectif pour ce domaine : {NOT_AVAILABLE}. "
        "Les résultats de l'Observatoire peuvent être ajoutés par la page « Importer des données ».",
        className="text-muted")
    trends = html.Div([html.P(t["sentence"], className="small perception-trend", **{"data-region": t["code"]})
                       for t in perception], className="perception-trends") if perception else None
    return html.Details([summary, html.Div([trends, content] if trends else content, className="domain-body")],
                        open=open_,
                        className="domain-panel", id=f"domain-panel-{domain['domain_id']}")


def simple_table(caption: str, header: tuple[str, ...], rows: list[tuple]) -> html.Table:
    return html.Table([
        html.Caption(caption),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
        html.Tbody([html.Tr([html.Td(str(c)) for c in row]) for row in rows]),
    ], className="table table-sm text-alternative")
