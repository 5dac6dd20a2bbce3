"""« Tableau du rapport 2020 »: the study's own regional table, row by row, with its reliability,
for one region (region view) — visible, but out of the domain indices when « douteuse »."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.labels import format_value
from dashboard.analysis.model import Model
from dashboard.data.schema import KIND_REPORT


def report_rows(model: Model, region: str) -> list[dict]:
    """Each row of the 2020 report's table kept in data/: label, the region's and France's value,
    reliability and its reason, caveat, and whether it enters its domain's index."""
    catalogue = model.bundle.indicators
    used = {i for ids in model.index_composition().values() for i in ids}
    rows = []
    for info in catalogue[catalogue["kind"] == KIND_REPORT].itertuples():
        scores = model.indicator_scores(info.id)
        mine = scores.by_region.get(region) if scores else None
        rows.append(dict(
            id=info.id, label=info.label_fr, domain=model.domain_labels.get(info.domain_id, info.domain_id),
            value=format_value(mine[0] if mine else None, info.unit),
            france=format_value(model.france_value(info.id), info.unit),
            reliability=str(getattr(info, "fiabilite", "") or "non évaluée"),
            reason=str(getattr(info, "fiabilite_raison", "") or ""),
            caveat=str(info.caveat or "") if str(info.caveat) != "nan" else "",
            in_index=info.id in used))
    return rows


def report_table_section(model: Model, region: str) -> html.Details:
    rows = report_rows(model, region)
    header = html.Thead(html.Tr([html.Th(h, scope="col") for h in
                                 ("Ligne du rapport", "Domaine", "Valeur", "France métropolitaine",
                                  "Fiabilité", "Dans l'indice du domaine")]))
    body = [html.Tr([
        html.Th([r["label"], html.Div(r["caveat"], className="caveat small") if r["caveat"] else None],
                scope="row"),
        html.Td(r["domain"], **{"data-label": "Domaine"}),
        html.Td(r["value"], **{"data-label": "Valeur"}),
        html.Td(r["france"], **{"data-label": "France métropolitaine"}),
        html.Td([html.Strong(r["reliability"]), html.Div(r["reason"], className="small")],
                className=f"reliability-{r['reliability'][:4]}", **{"data-label": "Fiabilité"}),
        html.Td("oui" if r["in_index"] else "non (écartée par défaut)",
                **{"data-label": "Dans l'indice du domaine"}),
    ]) for r in rows]
    return html.Details([
        html.Summary(html.Strong(f"Tableau du rapport 2020 ({len(rows)} lignes) : les chiffres de "
                                 "l'étude, avec leur fiabilité")),
        html.P("Ces lignes viennent du tableau « Indicateurs de fragilité par région » du rapport "
               "Le RAMEAU de 2020 (transcription). Celles dont la fiabilité est « douteuse » restent "
               "visibles ici mais n'entrent pas dans les indices de domaine ; la page « Comparer » "
               "permet de les y inclure.", className="small text-muted"),
        dbc.Table([header, html.Tbody(body)], size="sm", className="report-table stack-table",
                  responsive=True),
    ], className="report-table-section mt-3", id="report-table-section")
