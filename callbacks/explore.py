"""Home page callbacks: URL <-> controls, map recolouring (Patch), domain comparison, region view.

Thin by design: each one reads the process-wide Model (built once, never mutated) and delegates
to dashboard/ and layouts/.
"""

from __future__ import annotations

import json

from dash import Input, Output, Patch, State, callback, ctx, no_update
from plotly.io.json import to_json_plotly as to_json  # what Dash serialises answers with

from dashboard.views import home as views
from dashboard.views import region as region_view_module
from dashboard.analysis.basket import MAX_REGIONS, basket_regions
from dashboard.figures.charts import OUTLINE_TRACE, missing_annotation, outline_colours, outline_widths
from dashboard.analysis.model import cached_for_reference, get_model, model_for
from dashboard.data.schema import DEFAULT_PROFILE, FRANCE, PROFILES, REGION_CODES
from dashboard.views.urlstate import INDEX_CHOICE, ViewState, parse_query, to_query
from layouts import ids
from layouts.components import notice_alert
from layouts.pages.home import (YEAR, YEAR_BOX, basket_controls, domain_section, quadrant_section,
                                region_section, region_summary_card, url_context, year_slider_style)

BASKET_OUTPUTS = (
    Output(ids.BASKET, "data"),
    Output(ids.BASKET_SUMMARY, "children"),
    Output(ids.BASKET_TOGGLE, "children"),
    Output(ids.BASKET_TOGGLE, "disabled"),
    Output(ids.BASKET_TOGGLE, "title"),
    Output(ids.BASKET_CLEAR, "disabled"),
)


@callback(
    Output(ids.HOME_URL, "search"),
    Output(ids.DOMAIN, "value"),
    Output(ids.INDICATOR, "options"),
    Output(ids.INDICATOR, "value"),
    Output(ids.REGION, "value"),
    Output(ids.NOTICE, "children"),
    *BASKET_OUTPUTS,
    Output(ids.PROFILE, "value"),
    Output(YEAR, "value"),
    Output(YEAR, "min"),
    Output(YEAR, "max"),
    Output(YEAR, "marks"),
    Output(YEAR_BOX, "style"),
    Output(YEAR, "step"),
    Input(ids.HOME_URL, "search"),
    Input(ids.DOMAIN, "value"),
    Input(ids.INDICATOR, "value"),
    Input(ids.REGION, "value"),
    Input(ids.MAP, "clickData"),
    Input(ids.BASKET_TOGGLE, "n_clicks"),
    Input(ids.BASKET_CLEAR, "n_clicks"),
    State(ids.BASKET, "data"),
    State(ids.IMPORTED, "data"),
    Input(ids.PROFILE, "value"),
    Input(YEAR, "value"),
    prevent_initial_call=True,
)
def sync_view_state(search, domain, indicator, region, click, toggle=None, clear=None, shown_basket=None,
                    imported=None, profile=None, year=None):
    """One place keeps the URL, the four pickers, the year slider and the basket in step
    (Back/Forward included)."""
    # a tampered request may send anything: the pickers hold strings, the click a dict
    domain, indicator, region, profile = (v if isinstance(v, str) else None
                                          for v in (domain, indicator, region, profile))
    shown_basket = shown_basket if isinstance(shown_basket, list) else []
    model = model_for(imported)
    context = url_context(model)
    if ctx.triggered_id == ids.HOME_URL:  # page mounted, or Back/Forward: the URL leads
        state, notices = parse_query(search, **context)
        return (
            no_update,
            state.domain if state.domain != domain else no_update,
            views.indicator_options(model, state.domain) if state.domain != domain else no_update,
            state.indicator if state.indicator != indicator else no_update,
            (state.region or "") if state.region != (region or None) else no_update,
            notice_alert(notices) if notices else no_update,
            *basket_outputs(model, state, shown_basket, region),
            state.profile if state.profile != profile else no_update,
            *year_outputs(model, state, indicator, year),
        )
    current, _ = parse_query(search, **context)
    state = current
    if ctx.triggered_id == ids.DOMAIN and domain in context["domains"]:
        state = state.with_(domain=domain, indicator=INDEX_CHOICE)
    elif ctx.triggered_id == ids.INDICATOR and indicator:
        # the year stays when the new indicator has it (moving between crime series in 2019)
        keep = state.year in context["years_by_indicator"].get(indicator, ())
        state = state.with_(indicator=indicator, year=state.year if keep else None)
    elif ctx.triggered_id == YEAR and isinstance(year, int) and not isinstance(year, bool):
        state = state.with_(year=year)
    elif ctx.triggered_id == ids.REGION:
        state = state.with_(region=region if region in context["regions"] else None)
    elif ctx.triggered_id == ids.MAP and click:
        code = clicked_region(click)
        if code in context["regions"]:
            state = state.with_(region=code)
    elif ctx.triggered_id == ids.BASKET_TOGGLE and state.region:
        state = state.with_(basket=toggled(state.basket, state.region))
    elif ctx.triggered_id == ids.BASKET_CLEAR:
        state = state.with_(basket=())
    elif ctx.triggered_id == ids.PROFILE and profile in PROFILES:
        state = state.with_(profile=profile)
    checked, notices = parse_query(to_query(state), **context)
    domain_changed = checked.domain != current.domain
    return (
        to_query(checked),
        no_update,
        views.indicator_options(model, checked.domain) if domain_changed else no_update,
        checked.indicator if checked.indicator != indicator else no_update,
        (checked.region or "") if checked.region != (region or None) else no_update,
        notice_alert(notices),
        *basket_outputs(model, checked, shown_basket, current.region),
        checked.profile if profile is not None and checked.profile != profile else no_update,
        *year_outputs(model, checked, current.indicator, year),
    )


def year_outputs(model, state, shown_indicator, shown_year) -> tuple:
    """The year slider: its years when the indicator changed, its value when the year changed."""
    marks = views.indicator_year_marks(model, state.indicator)
    value = state.year if state.year in marks["years"] else marks["value"]
    if state.indicator == shown_indicator:
        return (value if value != shown_year else no_update,) + (no_update,) * 5
    return (value, marks["min"], marks["max"], marks["marks"], year_slider_style(marks), marks["step"])


def basket_outputs(model, state, shown_basket: list, shown_region) -> tuple:
    """The basket bar, sent only when the basket or the region it names changed."""
    if list(state.basket) == shown_basket and state.region == (shown_region or None):
        return (no_update,) * len(BASKET_OUTPUTS)
    store, *controls = basket_controls(model, state)
    return (store if store != shown_basket else no_update, *controls)


def toggled(basket: tuple, region: str) -> tuple:
    """The basket with `region` added (when there is room) or removed; France stays last."""
    regions = basket_regions(basket)
    if region in regions:
        regions.remove(region)
    elif len(regions) < MAX_REGIONS:
        regions.append(region)
    return tuple(regions) + ((FRANCE,) if FRANCE in basket else ())


@callback(
    Output(ids.MAP, "figure"),
    Output(ids.MAP_DESCRIPTION, "children"),
    Input(ids.DOMAIN, "value"),
    Input(ids.INDICATOR, "value"),
    Input(ids.REGION, "value"),
    Input(ids.BASKET, "data"),
    State(ids.IMPORTED, "data"),
    Input(YEAR, "value"),
    prevent_initial_call=True,
)
def update_map(domain, indicator, region, basket=None, imported=None, year=None):
    """Recolour the map: only what changed travels (values on a domain, indicator or year change,
    outlines on a region or basket change), never the geometry nor the 13 region codes."""
    model = model_for(imported)
    if not isinstance(domain, str) or domain not in model.domain_labels:  # a tampered request
        return no_update, no_update
    valid = {o["value"] for o in views.indicator_options(model, domain)}
    shown = indicator  # what the picker held: an indicator of the former domain means a new scale
    indicator = indicator if isinstance(indicator, str) and indicator in valid else INDEX_CHOICE
    year = year if isinstance(year, int) and not isinstance(year, bool) else None
    view = views.map_view(model, domain, indicator, views.shown_year(model, indicator, year))
    changed = triggered_props()
    if changed == {YEAR}:
        return year_patch(model, indicator, view), view.description
    recolour = changed is None or bool(changed & {ids.DOMAIN, ids.INDICATOR})
    patch = Patch()
    if recolour:
        # index to index (a domain change while the index is shown): same colour scale, only the
        # colour bar's title (its years) changes
        same_scale = changed == {ids.DOMAIN} and shown == INDEX_CHOICE
        for key, value in view.layer.items():
            if key == "locations":  # always the same 13 codes, in the same order
                continue
            if same_scale and key in INDEX_SCALE_KEYS:
                if key == "colorbar":
                    patch["data"][1]["colorbar"]["title"]["text"] = value["title"]["text"]
                continue
            patch["data"][1][key] = value
        patch["layout"]["title"]["text"] = view.title
        patch["layout"]["annotations"][0]["text"] = missing_annotation(view.missing_count)["text"]
    if changed is None or changed & {ids.REGION, ids.BASKET}:
        pinned = pinned_regions(basket)
        codes = view.layer["locations"]
        patch["data"][OUTLINE_TRACE]["marker"]["line"]["width"] = outline_widths(codes, region, pinned)
        patch["data"][OUTLINE_TRACE]["marker"]["line"]["color"] = outline_colours(codes, region, pinned)
    return patch, view.description if recolour else no_update


YEAR_CHANGING = ("z", "customdata", "hovertemplate")  # the rest is the same for every comparable year


def year_patch(model, indicator: str, view) -> Patch:
    """Another year of the same indicator: values, hover and titles only, when every year of the
    series is comparable (same colour scale); else the whole layer (a partial year is pale)."""
    patch = Patch()
    coverage = model.year_coverage(indicator) if indicator != INDEX_CHOICE else {}
    same_scale = bool(coverage) and all(views.rules.is_comparable(n) for n in coverage.values())
    for key, value in view.layer.items():
        if key == "locations" or (same_scale and key not in YEAR_CHANGING):
            continue
        patch["data"][1][key] = value
    if same_scale:
        patch["data"][1]["colorbar"]["title"]["text"] = view.layer["colorbar"]["title"]["text"]
    patch["layout"]["title"]["text"] = view.title
    patch["layout"]["annotations"][0]["text"] = missing_annotation(view.missing_count)["text"]
    return patch


# what build_domain_comparison varies with the domain, per trace (measured bars; felt bars, whose
# legend and look say when the perception is illustrative or imported)
COMPARISON_CHANGING = (("x", "y"), ("x", "y", "name", "marker"))


INDEX_SCALE_KEYS = ("colorscale", "reversescale", "zmid", "colorbar", "zmin", "zmax")  # the same for every index


def triggered_props() -> set[str] | None:
    """Ids of the inputs that fired this call (None outside a Dash request: everything changed)."""
    try:
        changed = {p.split(".")[0] for p in ctx.triggered_prop_ids}
    except Exception:  # called directly (tests, benchmarks): no callback context
        return None
    return changed or None


@callback(
    Output(ids.DOMAIN_COMPARISON, "figure"),
    Output(ids.DOMAIN_COMPARISON_TEXT, "children"),
    Input(ids.DOMAIN, "value"),
    Input(ids.REGION, "value"),
    Input(ids.BASKET, "data"),
    State(ids.IMPORTED, "data"),
    Input(ids.PROFILE, "value"),
    prevent_initial_call=True,
)
def update_domain_comparison(domain, region, basket=None, imported=None, profile=None):
    model = model_for(imported)
    if not isinstance(domain, str) or domain not in model.domain_labels:  # a tampered request
        return no_update, no_update
    state = parse_query(to_query_safe(domain, region), **url_context(model))[0]
    state = state.with_(basket=pinned_regions(basket), profile=chosen_profile(profile))
    figure, text = domain_section(model, state)  # built once per view for the bundled data
    patch = Patch()  # constant parts (trace types, hover templates, axes, fonts) stay in the browser
    for i, trace in enumerate(figure["data"]):
        for key in COMPARISON_CHANGING[i]:
            patch["data"][i][key] = trace[key]
    patch["layout"]["title"]["text"] = figure["layout"]["title"]["text"]
    patch["layout"]["annotations"] = figure["layout"]["annotations"]
    return patch, text


@callback(
    Output(ids.REGION_PANEL, "children"),
    Output(ids.REGION_DOMAINS, "children"),
    Output(ids.QUADRANT, "figure"),
    Output(ids.QUADRANT_TABLE, "children"),
    Input(ids.REGION, "value"),
    Input(ids.BASKET, "data"),
    State(ids.IMPORTED, "data"),
    Input(ids.PROFILE, "value"),
    State(ids.HOME_NARROW, "data"),
    prevent_initial_call=True,
)
def update_region_view(region, basket=None, imported=None, profile=None, narrow=None):
    model = model_for(imported)
    return region_view(model, known_region(model, region), pinned_regions(basket), chosen_profile(profile),
                       narrow is True)


@callback(
    Output(ids.QUADRANT, "figure", allow_duplicate=True),
    Input(ids.HOME_NARROW, "data"),
    State(ids.REGION, "value"),
    State(ids.IMPORTED, "data"),
    State(ids.PROFILE, "value"),
    prevent_initial_call=True,
)
def redraw_quadrant_for_phone(narrow, region, imported=None, profile=None):
    """A phone's page drew the quadrant for a wide screen: drawn again for its width."""
    model = model_for(imported)
    region = known_region(model, region)
    if narrow is not True or region is None:
        return no_update
    return region_view_module.quadrant(model, region, chosen_profile(profile), narrow=True)[0]


def known_region(model, region) -> str | None:
    """The region's code when it is one of the 13 (anything else a tampered request sends: None)."""
    known = isinstance(region, str) and region in model.region_names and region != "FRM"
    return region if known else None


@callback(
    Output(ids.REGION_SUMMARY, "children"),
    Input(ids.REGION, "value"),
    State(ids.IMPORTED, "data"),
    prevent_initial_call=True,
)
def update_region_summary(region, imported=None):
    """Where the chosen region stands, right under the pickers (measured values only)."""
    model = model_for(imported)
    return region_summary_card(model, known_region(model, region))


@cached_for_reference(maxsize=64)
def region_view(model, region: str | None, pinned: tuple, profile: str, narrow: bool = False) -> tuple:
    """The region view's four outputs in their JSON form (plain dicts and lists, what the browser
    receives anyway): its ~1 100 components take 20 ms to build and, as components, 30 ms for
    Dash to serialise at each request; plain data, under 1 ms. Kept per region, basket,
    profile and width (a phone's narrow quadrant) for the bundled data."""
    figure, table = quadrant_section(model, region, profile, narrow)
    heading, domains = region_section(model, region, pinned, profile)
    return tuple(json.loads(to_json([heading, domains, figure, table])))


def warm_reference_views() -> None:
    """Build the views a visit without a basket asks for (each region's view, each domain's
    comparison with each region highlighted: 14 + 224, ~1,5 s; each year of each series on the
    map) once, in the gunicorn master
    before the workers are forked: they all inherit them. Same arguments as the callbacks pass,
    so the same cache keys."""
    model = get_model()
    for domain in model.domain_ids:   # each year of each series on the map (the year slider)
        for indicator in model.indicators_of(domain)["id"]:
            for year in model.indicator_years(indicator):
                views.map_view(model, domain, indicator, year)
    for region in [None, *REGION_CODES]:
        region_view(model, region, (), DEFAULT_PROFILE, False)   # the callback's own arguments
        for domain in model.domain_ids:
            domain_section(model, ViewState(domain=domain, region=region))


def pinned_regions(basket) -> tuple[str, ...]:
    """The basket store's regions, France left out, at most MAX_REGIONS (anything else a
    tampered request sends is dropped)."""
    codes = [c for c in basket if c in REGION_CODES] if isinstance(basket, list) else []
    return tuple(dict.fromkeys(codes))[:MAX_REGIONS]


def chosen_profile(profile) -> str:
    """The profile picker's value, or the default for anything a tampered request sends."""
    return profile if profile in PROFILES else DEFAULT_PROFILE


def clicked_region(click) -> str | None:
    """The region code of a map click (None for anything else)."""
    points = click.get("points") if isinstance(click, dict) else None
    point = points[0] if isinstance(points, list) and points else None
    code = point.get("location") if isinstance(point, dict) else None
    return code if isinstance(code, str) else None


def to_query_safe(domain, region) -> str:
    return to_query(ViewState(domain=str(domain), region=region if isinstance(region, str) else None))
