"""Workshop page (« mode atelier »): one projected slide per step, stepped from the keyboard.

assets/workshop.js turns ←/→ and PageUp/PageDown (what presentation clickers send) into a new
`?etape=` and Esc into `/?region=<code>`; callbacks/workshop.py renders the step the URL names,
for the window's size (`WORKSHOP_VIEWPORT`, written by the browser). The slides say what the home
page says (region_view.region_summary, domain_standing, indicator_rows, divergence), in fewer words:
one message per slide. Type scales with the window (assets/workshop.css); no navbar or footer.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard.figures import charts as figures
from dashboard.views import home as views
from dashboard.views import region as region_view
from dashboard.labels import count, format_value, is_missing
from dashboard.analysis.model import Model
from dashboard.data.schema import KIND_ILLUSTRATIVE, KIND_LABELS, KIND_OFFICIAL, NOT_AVAILABLE
from dashboard.views.workshop import (
    DEFAULT_VIEWPORT,
    Viewport,
    WorkshopState,
    EVOLUTION,
    comparison_figure,
    divergence_items,
    evolution_figure,
    evolution_message,
    has_series,
    headline_trend,
    locator_figure,
    parse_workshop_query,
    perception_of,
    projector,
    quadrant_figure,
    step_title,
)
from layouts.pages import register
from layouts.pages.home import GEOMETRY_URL

WORKSHOP_URL = "workshop-url"
WORKSHOP_STEP = "workshop-step"
WORKSHOP_HEADING = "workshop-heading"
WORKSHOP_VIEWPORT = "workshop-viewport"
GRAPH_CONFIG = {**figures.MAP_CONFIG, "displayModeBar": False, "responsive": True}
HINT = "← → ou télécommande : étape précédente / suivante · Échap : quitter"
FICTIONAL = "Exemple fictif"
FICTIONAL_TEXT = "perception illustrative, pas un résultat d'enquête."
MAX_INDICATORS = 3  # a domain slide lists at most three indicators (the rest: the region report)


def _graph(figure: dict, name: str) -> dcc.Graph:
    return dcc.Graph(figure=figure, config=GRAPH_CONFIG, className="workshop-graph",
                     id=f"workshop-graph-{name}")


def _notice(notices: list[str]):
    return html.Div(" ".join(notices), className="workshop-notice", role="status") if notices else None


def _body(left, right) -> html.Div:
    return html.Div([html.Div(left, className="workshop-left"), html.Div(right, className="workshop-right")],
                    className="workshop-body")


def _standing(item: dict) -> str:
    """« parmi les 3 régions les plus fragiles · 1re / 13 » (the home page's words and rank)."""
    return " · ".join(p for p in (item.get("words"), item.get("rank")) if p) or item.get("note") or ""


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


def _findings(title: str, items: list[dict], empty: str) -> list:
    if not items:
        return [html.H2(title), html.P(empty, className="workshop-source")]
    return [html.H2(title), html.Ul([html.Li([html.Strong(i["label"]), html.Br(),
                                              html.Span(_standing(i), title=i["tooltip"] or None)])
                                     for i in items])]


def overview_body(model: Model, region: str, viewport: Viewport) -> html.Div:
    """Where the region stands, from measured values only (the home page's summary)."""
    summary = region_view.region_summary(model, region)
    figure = projector(locator_figure(GEOMETRY_URL, views.region_names(model), region), viewport.font)
    return _body(_graph(figure, "carte"), [
        *_findings("Fragilités les plus marquées", summary["fragile"],
                   "Aucun domaine mesuré ne la place nettement au-dessus de la moyenne."),
        *_findings("Points forts", summary["strong"],
                   "Aucun domaine mesuré ne la place nettement au-dessous de la moyenne."),
        html.P(f"{count(summary['n_comparable'], 'domaine')} sur 16 "
               f"{'mesurés et comparables' if summary['n_comparable'] > 1 else 'mesuré et comparable'}.",
               className="workshop-source"),
    ])


def profile_body(model: Model, region: str, profile: str) -> html.Div:
    def card(label, value, detail=None):
        return html.Div([html.Div(label, className="workshop-key-label"),
                         html.Div(value, className="workshop-key-value"),
                         html.Div(detail, className="workshop-source") if detail else None],
                        className="workshop-key")
    cards = [card(f["label"], f["value"], f"{f['year']} · {_clip(f['source'], 60)}")
             for f in region_view.key_figures(model, region)]
    summary = region_view.region_summary(model, region)
    cards.append(card("Domaines mesurés et comparables", f"{summary['n_comparable']} / 16",
                      "au moins 10 régions sur 13 mesurées"))
    domains = region_view.region_domains(model, region, profile)
    felt = int(domains["perceived"].notna().sum())
    illustrative = bool((domains["perception_kind"] == KIND_ILLUSTRATIVE).any())
    cards.append(card(perception_of(profile), f"{felt} / 16",
                      f"{FICTIONAL.lower()} : {FICTIONAL_TEXT}" if illustrative else "domaines avec une note"))
    return html.Div(cards, className="workshop-keys")


def _fictional_box(extra=None) -> html.Div:
    return html.Div([html.Strong(f"{FICTIONAL} : "), FICTIONAL_TEXT, extra],
                    className="workshop-warning fictional-example")


def divergence_body(model: Model, region: str, profile: str, viewport: Viewport) -> html.Div:
    """The quadrant, then the three largest divergences: inside an « exemple fictif » box when the
    perception is illustrative (the measured findings came first, steps 1 and 2)."""
    items, illustrative = divergence_items(model, region, profile)
    listing = (html.Ul([html.Li([html.Strong(i["label"]), html.Br(), f"{i['direction']} ({i['quadrant']})"])
                        for i in items]) if items
               else html.P("Aucun domaine n'est nettement éloigné de la moyenne à la fois en mesure "
                           "et en perception.", className="workshop-source"))
    side = _fictional_box(listing) if illustrative else listing
    return _body(_graph(quadrant_figure(model, region, profile, viewport), "quadrant"), side)


def _indicator_item(row: dict) -> html.Li:
    rank = " · ".join(p for p in (row["rank_text"], row["comparison_note"],
                                  "" if row["in_index"] else "hors indice") if p)
    kind = None if row["kind"] == KIND_OFFICIAL else html.Span(
        " · " + KIND_LABELS.get(row["kind"], row["kind"]), className="workshop-kind")
    value = format_value(row["value"], row["unit"]) if not is_missing(row["value"]) else NOT_AVAILABLE
    return html.Li([html.Strong(_clip(row["label"], 80)), f" ({row['year']})", html.Br(), value,
                    f" · {rank}" if rank and not is_missing(row["value"]) else "", kind])


def domain_body(model: Model, region: str, domain_id: str, profile: str, viewport: Viewport) -> html.Div:
    domains = region_view.region_domains(model, region, profile)
    cell = domains[domains["domain_id"] == domain_id].iloc[0]
    rows = region_view.indicator_rows(model, region, domain_id)
    shown = sorted(rows, key=lambda r: (not r["in_index"], is_missing(r["value"])))[:MAX_INDICATORS]
    side = [html.P([html.Strong(model.region_names[region]), " : ", _standing(cell["standing"])],
                   className="workshop-lead"),
            html.Ul([_indicator_item(r) for r in shown]) if shown
            else html.P(f"Aucun indicateur mesuré : {NOT_AVAILABLE}.", className="workshop-source")]
    if len(rows) > MAX_INDICATORS:
        more = len(rows) - MAX_INDICATORS
        side.append(html.P(f"+ {count(more, 'autre indicateur', 'autres indicateurs')} dans la fiche région.",
                           className="workshop-source"))
    if cell["perception_kind"] == KIND_ILLUSTRATIVE:
        side.append(_fictional_box())
    return _body(_graph(comparison_figure(model, domain_id, region, profile, viewport), "comparaison"), side)


def evolution_body(model: Model, region: str, viewport: Viewport) -> html.Div:
    """The region's most moved series against France métropolitaine, one sentence; the others are
    in the region report."""
    item, others = headline_trend(model, region)
    if item is None:  # a tampered link to a region without series: say so, draw nothing
        return _body(None, html.P(f"Aucune série de plusieurs années : {NOT_AVAILABLE}.",
                                  className="workshop-source"))
    figure = evolution_figure(item, model.region_names[region], viewport)
    side = [html.H2(_clip(item["label"], 80)),
            html.P(evolution_message(item), className="workshop-lead")]
    if others:
        side.append(html.P(f"Et {count(others, 'autre série', 'autres séries')} dans la fiche région.",
                           className="workshop-source"))
    return _body(_graph(figure, "evolution"), side)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def step_content(model: Model, state: WorkshopState, notices: list[str],
                 viewport: Viewport = DEFAULT_VIEWPORT) -> html.Div:
    """The whole slide; its data attributes tell assets/workshop.js where the sequence stands."""
    if state.region is None:
        return html.Div([_notice(notices), region_chooser(model)], className="workshop-step",
                        **{"data-region": "", "data-step": "1", "data-steps": "1",
                           "data-viewport": viewport.text})
    step = state.current
    if step == "carte":
        body = overview_body(model, state.region, viewport)
    elif step == "profil":
        body = profile_body(model, state.region, state.profile)
    elif step == "divergences":
        body = divergence_body(model, state.region, state.profile, viewport)
    elif step == EVOLUTION:
        body = evolution_body(model, state.region, viewport)
    else:
        body = domain_body(model, state.region, step.split(":", 1)[1], state.profile, viewport)
    total = len(state.steps)
    return html.Div([
        _notice(notices),
        html.Header([
            html.Span(model.region_names[state.region], className="workshop-region"),
            html.Span(perception_of(state.profile), className="workshop-profile"),
            html.Span(f"Étape {state.step} / {total}", className="workshop-counter"),
        ], className="workshop-header"),
        html.H1(step_title(model, step), id=WORKSHOP_HEADING),
        body,
        html.Footer(HINT, className="workshop-hint"),
    ], className="workshop-step", **{"data-region": state.region, "data-step": str(state.step),
                                     "data-steps": str(total), "data-query": state.query(),
                                     "data-profile": state.profile, "data-viewport": viewport.text})


def layout(model: Model, search: str | None = None) -> html.Div:
    state, notices = parse_workshop_query(search, model.domain_ids, has_series(model))
    return html.Div([
        dcc.Location(id=WORKSHOP_URL, refresh=False),
        dcc.Store(id=WORKSHOP_VIEWPORT),
        html.Div(step_content(model, state, notices), id=WORKSHOP_STEP, className="workshop-frame"),
    ], className="workshop-page")


register("/atelier", layout, "Mode atelier")
