"""Workshop page (« mode atelier »): one projected slide per step, stepped from the keyboard.

assets/workshop.js turns ←/→ and PageUp/PageDown (what presentation clickers send) into a new
`?etape=` and Esc into `/?region=<code>`; callbacks/workshop.py renders the step the URL names.
Every text is at least 24 px (assets/workshop.css); the navbar and footer are hidden on this page.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard import figures, views
from dashboard.labels import format_rank, format_signed, format_value, is_missing
from dashboard.model import Model
from dashboard.schema import KIND_ILLUSTRATIVE, KIND_LABELS, KIND_OFFICIAL, NOT_AVAILABLE
from dashboard.workshop import (
    WorkshopState,
    locator_figure,
    parse_workshop_query,
    projector,
    step_title,
)
from layouts.pages import register
from layouts.pages.home import GEOMETRY_URL

WORKSHOP_URL = "workshop-url"
WORKSHOP_STEP = "workshop-step"
WORKSHOP_HEADING = "workshop-heading"
GRAPH_CONFIG = {**figures.MAP_CONFIG, "displayModeBar": False, "responsive": True}
HINT = "← → ou télécommande : étape précédente / suivante · Échap : quitter"


def _graph(figure: dict, name: str) -> dcc.Graph:
    return dcc.Graph(figure=figure, config=GRAPH_CONFIG, className="workshop-graph",
                     id=f"workshop-graph-{name}")


def _notice(notices: list[str]):
    return html.Div(" ".join(notices), className="workshop-notice", role="status") if notices else None


def region_chooser(model: Model) -> html.Div:
    names = views.region_names(model)
    return html.Div([
        html.H1("Mode atelier : choisissez une région", id=WORKSHOP_HEADING),
        html.Div([html.A(name, href=f"/atelier?region={code}&etape=1", className="workshop-choice")
                  for code, name in sorted(names.items(), key=lambda p: p[1])],
                 className="workshop-choices"),
        html.P("Astuce : préparez le lien (/atelier?region=53&etape=1&domaines=emploi,sante) "
               "et envoyez-le avant l'atelier.", className="workshop-hint"),
    ])


def overview_body(model: Model, region: str) -> html.Div:
    names = views.region_names(model)
    domains = views.region_domains(model, region).dropna(subset=["index"])
    top = domains.head(3)
    low = domains.tail(3).iloc[::-1]
    def items(rows):
        return html.Ul([html.Li([html.Strong(r.label), f" — {format_rank(r.rank)}"])
                        for r in rows.itertuples()])
    return html.Div([
        html.Div(_graph(projector(locator_figure(GEOMETRY_URL, names, region)), "carte"),
                 className="workshop-left"),
        html.Div([
            html.P(f"{names[region]} parmi les 13 régions métropolitaines.", className="workshop-lead"),
            html.H2("Domaines les plus fragiles"), items(top),
            html.H2("Domaines les moins fragiles"), items(low),
            html.P("Rang 1 = la plus fragile des 13 régions, selon les indicateurs mesurés.",
                   className="workshop-source"),
        ], className="workshop-right"),
    ], className="workshop-body")


def profile_body(model: Model, region: str) -> html.Div:
    cards = [html.Div([html.Div(f["label"], className="workshop-key-label"),
                       html.Div(f["value"], className="workshop-key-value"),
                       html.Div(f"{f['year']} · {_clip(f['source'], 90)}", className="workshop-source")],
                      className="workshop-key")
             for f in views.key_figures(model, region)]
    domains = views.region_domains(model, region)
    measured = int(domains["index"].notna().sum())
    felt = int(domains["perceived"].notna().sum())
    cards.append(html.Div([
        html.Div("Domaines couverts", className="workshop-key-label"),
        html.Div(f"{measured} / 16 mesurés", className="workshop-key-value"),
        html.Div(f"{felt} / 16 avec une perception", className="workshop-key-label"),
    ], className="workshop-key"))
    return html.Div(cards or html.P(NOT_AVAILABLE), className="workshop-keys")


def divergence_body(model: Model, region: str) -> html.Div:
    figure, _ = views.quadrant(model, region)
    figure["layout"]["title"]["text"] = ""
    figure["layout"]["margin"] = {"l": 100, "r": 20, "t": 20, "b": 210}
    return html.Div([
        html.Div(_graph(projector(figure), "quadrant"), className="workshop-left"),
        html.Div(html.P(views.divergence_sentence(model, region), className="workshop-lead"),
                 className="workshop-right"),
    ], className="workshop-body")


def domain_body(model: Model, region: str, domain_id: str) -> html.Div:
    figure, rows = views.domain_comparison(model, domain_id, region=region)
    figure["layout"]["title"]["text"] = ""
    figure["layout"]["margin"] = {"l": 10, "r": 20, "t": 110, "b": 150}
    figure["layout"]["legend"]["y"] = 1.02
    figure["layout"]["legend"]["yanchor"] = "bottom"
    figure["layout"]["yaxis"]["dtick"] = 1  # every region named, even at projector font size
    figure["layout"]["annotations"] = []    # the side panel carries the « illustratif » warning
    cell = rows[rows["region_code"] == region].iloc[0]
    index = (f"{format_rank(_rank(model, region, domain_id))} en fragilité mesurée "
             f"(indice {format_signed(cell['objective'], '', 2)})"
             if not is_missing(cell["objective"]) else f"fragilité mesurée : {NOT_AVAILABLE}")
    indicators = views.indicator_rows(model, region, domain_id)
    lines = [html.Li([html.Strong(r["label"]), html.Br(),
                      f"{format_value(r['value'], r['unit'])} ({r['year']})",
                      f" · {format_rank(r['rank'], r['n_regions'])}" if not is_missing(r["rank"]) else "",
                      html.Span(" · " + KIND_LABELS.get(r["kind"], r["kind"]), className="workshop-kind")
                      if r["kind"] != KIND_OFFICIAL else None])
             for r in indicators[:4]]
    side = [html.P([html.Strong(model.region_names[region]), " : ", index], className="workshop-lead"),
            html.P("Rang 1 = la région la plus fragile.", className="workshop-source"),
            html.Ul(lines) if lines else html.P(f"Aucun indicateur mesuré : {NOT_AVAILABLE}.")]
    if len(indicators) > 4:
        side.append(html.P(f"+ {len(indicators) - 4} autre(s) indicateur(s) dans la fiche région.",
                           className="workshop-source"))
    if cell["perception_kind"] == KIND_ILLUSTRATIVE:
        side.append(html.P("Perception illustrative (démonstration), pas un résultat d'enquête.",
                           className="workshop-warning"))
    return html.Div([
        html.Div(_graph(projector(figure), "comparaison"), className="workshop-left"),
        html.Div(side, className="workshop-right"),
    ], className="workshop-body")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _rank(model: Model, region: str, domain_id: str):
    cells = model.index[(model.index["region_code"] == region) & (model.index["domain_id"] == domain_id)]
    return cells["rank"].iloc[0] if len(cells) else None


def step_content(model: Model, state: WorkshopState, notices: list[str]) -> html.Div:
    """The whole slide; its data attributes tell assets/workshop.js where the sequence stands."""
    if state.region is None:
        return html.Div([_notice(notices), region_chooser(model)], className="workshop-step",
                        **{"data-region": "", "data-step": "1", "data-steps": "1"})
    step = state.current
    if step == "carte":
        body = overview_body(model, state.region)
    elif step == "profil":
        body = profile_body(model, state.region)
    elif step == "divergences":
        body = divergence_body(model, state.region)
    else:
        body = domain_body(model, state.region, step.split(":", 1)[1])
    total = len(state.steps)
    return html.Div([
        _notice(notices),
        html.Header([
            html.Span(model.region_names[state.region], className="workshop-region"),
            html.Span(f"Étape {state.step} / {total}", className="workshop-counter"),
        ], className="workshop-header"),
        html.H1(step_title(model, step), id=WORKSHOP_HEADING),
        body,
        html.Footer(HINT, className="workshop-hint"),
    ], className="workshop-step", **{"data-region": state.region, "data-step": str(state.step),
                                     "data-steps": str(total), "data-query": state.query()})


def layout(model: Model, search: str | None = None) -> html.Div:
    state, notices = parse_workshop_query(search, model.domain_ids)
    return html.Div([
        dcc.Location(id=WORKSHOP_URL, refresh=False),
        html.Div(step_content(model, state, notices), id=WORKSHOP_STEP, className="workshop-frame"),
    ], className="workshop-page")


register("/atelier", layout, "Mode atelier")
