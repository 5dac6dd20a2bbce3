"""What the home page's map and domain comparison show, computed from a Model: plain frames and
French sentences, no Dash. The region view's parts are in dashboard/views/region.py.

The callbacks call these and hand the results to figure builders (dashboard/figures/charts.py) or to
component factories (layouts/components.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.figures.charts import build_choropleth, build_domain_comparison, hover_rows, map_layer
from dashboard.labels import format_value, is_missing, join_french, wrap_words
from dashboard import comparison_rules as rules
from dashboard.analysis import series
from dashboard.analysis.indicators import fragility_rank
from dashboard.analysis.model import Model, cached_for_reference
from dashboard.data.schema import (
    DEFAULT_PROFILE,
    KIND_ILLUSTRATIVE,
    KIND_LABELS,
    NOT_AVAILABLE,
    REGION_CODES,
)
from dashboard.views.urlstate import INDEX_CHOICE

INDEX_UNIT = "écart-type"


@dataclass(frozen=True)
class MapView:
    layer: dict           # the keys map_layer() returns (Patch-able)
    title: str
    missing_count: int
    description: str      # French text alternative of the map


def region_names(model: Model) -> dict[str, str]:
    return {c: model.region_names[c] for c in REGION_CODES}


@cached_for_reference()
def indicator_options(model: Model, domain_id: str) -> list[dict]:
    """Picker options: the domain index first, then the domain's indicators with year and kind."""
    options = [{"label": "Indice de fragilité du domaine (toutes sources)", "value": INDEX_CHOICE}]
    for row in model.indicators_of(domain_id).itertuples():
        mark = "" if row.kind == "officiel" else f" · {KIND_LABELS.get(row.kind, row.kind)}"
        options.append({"label": f"{row.label_fr} ({row.year}){mark}", "value": row.id})
    return options


def shown_year(model: Model, indicator_id: str, year) -> int | None:
    """The year the map shows for an indicator: `year` when its series has it, else the current
    year (the catalogue's); None for the domain index."""
    if indicator_id == INDEX_CHOICE:
        return None
    years = model.indicator_years(indicator_id)
    return year if isinstance(year, int) and year in years else int(model.indicator(indicator_id)["year"])


def year_values(model: Model, indicator_id: str, year: int) -> tuple[dict, dict, int]:
    """(values, ranks, n) of the 13 regions in one year of an indicator's series: ranked among
    the regions that have that year (comparison rules), France left out."""
    points = model.series_points(indicator_id)
    values = {c: v for c, v in series.values_in(points, year).items() if c in REGION_CODES}
    sign = 1.0 if model.indicator(indicator_id)["higher_is_more_fragile"] else -1.0
    oriented = pd.Series({c: v * sign for c, v in values.items()}, dtype=float)
    ranks = fragility_rank(oriented).to_dict() if len(oriented) else {}
    return values, ranks, len(values)


@cached_for_reference()
def map_view(model: Model, domain_id: str, indicator_id: str, year: int | None = None) -> MapView:
    """The map of a domain index or of an indicator in one year of its series (`year`; None or a
    year the series lacks: its current year). A region without that year is grey."""
    names = region_names(model)
    label = model.domain_labels[domain_id]
    year = shown_year(model, indicator_id, year)
    if indicator_id != INDEX_CHOICE and year != int(model.indicator(indicator_id)["year"]):
        return _year_map_view(model, indicator_id, year, names)
    if indicator_id == INDEX_CHOICE:
        cells = model.index[model.index["domain_id"] == domain_id].set_index("region_code")
        values = cells["index"].to_dict()
        ranks = cells["rank"].to_dict()
        n_ranked = int(cells["n_ranked"].iloc[0]) if len(cells) else 0
        comparable = bool(cells["comparable"].any())
        years = sorted({y for ys in cells["years"] if ys for y in ys.split(", ")})
        year_text = ", ".join(years) if years else NOT_AVAILABLE
        used = int(cells["n_used"].iloc[0]) if len(cells) else 0
        available = int(cells["n_available"].iloc[0]) if len(cells) else 0
        footnote = (f"Indice ({year_text}) · moyenne de {rules.indicator_count_label(used, available)}"
                    " standardisés")
        title = f"{label} : indice de fragilité ({year_text})"
        colorbar = f"Indice<br>({INDEX_UNIT})<br>{year_text}"
        unit, diverging, higher = INDEX_UNIT, True, True
    else:
        info = model.indicator(indicator_id)
        scores = model.scores[model.scores["indicator_id"] == indicator_id].set_index("region_code")
        values = scores["value"].to_dict()
        ranks = scores["rank"].to_dict()
        n_ranked = int(scores["value"].notna().sum())
        comparable = rules.is_comparable(n_ranked)
        kind_note = "" if info["kind"] == "officiel" else f" · {KIND_LABELS.get(info['kind'], info['kind'])}"
        footnote = f"{info['year']} · {info['source'][:80]}{kind_note}"
        title = f"{info['label_fr']} ({info['year']})"
        colorbar = f"{wrap_words(info['unit'], 18)}<br>{info['year']}"
        unit, diverging, higher = info["unit"], False, bool(info["higher_is_more_fragile"])
    if not comparable and any(not is_missing(v) for v in values.values()):
        title += f" · {rules.coverage_note(n_ranked)} : pas d'échelle de couleurs commune"
    layer = map_layer(list(names), [values.get(c) for c in names],
                      hover_rows(names, values, ranks, unit, n_ranked), colorbar_title=colorbar,
                      diverging=diverging, footnote=footnote, higher_is_more_fragile=higher,
                      comparable=comparable)
    layer.update(series_range(model, indicator_id))
    missing = sum(1 for c in names if is_missing(values.get(c)))
    return MapView(layer=layer, title=title, missing_count=missing,
                   description=describe_map(names, values, unit, title))


def _year_map_view(model: Model, indicator_id: str, year: int, names: dict[str, str]) -> MapView:
    """An earlier (or later) year of a series: values, ranks « x / n » and colours among the
    regions of that year only; fewer than 10 regions is a partial comparison, drawn pale."""
    info = model.indicator(indicator_id)
    values, ranks, n = year_values(model, indicator_id, year)
    comparable = rules.is_comparable(n)
    points = model.series_points(indicator_id)
    sources = points[points["year"] == year]["source"]
    source = str(sources.iloc[0]) if len(sources) else str(info["source"])
    kind_note = "" if info["kind"] == "officiel" else f" · {KIND_LABELS.get(info['kind'], info['kind'])}"
    title = f"{info['label_fr']} ({year})"
    if not comparable and values:
        title += f" · {rules.coverage_note(n)} : pas d'échelle de couleurs commune"
    layer = map_layer(list(names), [values.get(c) for c in names],
                      hover_rows(names, values, ranks, info["unit"], n),
                      colorbar_title=f"{wrap_words(info['unit'], 18)}<br>{year}", diverging=False,
                      footnote=f"{year} · {source[:80]}{kind_note}",
                      higher_is_more_fragile=bool(info["higher_is_more_fragile"]), comparable=comparable)
    layer.update(series_range(model, indicator_id))
    missing = sum(1 for c in names if is_missing(values.get(c)))
    return MapView(layer=layer, title=title, missing_count=missing,
                   description=describe_map(names, values, info["unit"], title))


def series_range(model: Model, indicator_id: str) -> dict:
    """One colour range for every year of a series (its lowest and highest regional values), so
    that a colour means the same value whichever year the slider shows; None (each map its own
    range) for the index and one-year indicators."""
    if indicator_id == INDEX_CHOICE or len(model.indicator_years(indicator_id)) < 2:
        return {"zmin": None, "zmax": None}
    points = model.series_points(indicator_id)
    regional = points[points["region_code"].isin(REGION_CODES)]["value"].dropna()
    return {"zmin": round(float(regional.min()), 4), "zmax": round(float(regional.max()), 4)}


def region_map(model: Model, geometry, domain_id: str, indicator_id: str, *,
               region: str | None = None, pinned=(), year: int | None = None) -> dict:
    """The map figure of a view; `geometry` is the GeoJSON itself (exports) or its URL (the page)."""
    view = map_view(model, domain_id, indicator_id, year)
    return build_choropleth(geometry, region_names(model), view.layer, title=view.title,
                            missing_count=view.missing_count, selected=region, pinned=pinned)


def describe_map(names: dict[str, str], values: dict, unit: str, title: str) -> str:
    present = {c: v for c, v in values.items() if c in names and not is_missing(v)}
    if not present:
        return f"{title} : {NOT_AVAILABLE} pour les 13 régions."
    top = max(present, key=present.get)
    low = min(present, key=present.get)
    missing = [names[c] for c in names if c not in present]
    text = (f"{title}. {len(present)} région{'s' if len(present) > 1 else ''} sur 13 "
            f"{'ont' if len(present) > 1 else 'a'} une valeur. Valeur la plus élevée : "
            f"{names[top]} ({format_value(present[top], unit)}) ; la plus basse : {names[low]} "
            f"({format_value(present[low], unit)}).")
    if missing:
        text += f" {NOT_AVAILABLE.capitalize()} : {join_french(missing)}."
    return text


def indicator_year_marks(model: Model, indicator_id: str) -> dict:
    """The map's year slider for an indicator: {min, max, marks, value, years}; no years for the
    domain index or a one-year indicator."""
    years = () if indicator_id == INDEX_CHOICE else model.indicator_years(indicator_id)
    if len(years) < 2:
        return dict(years=(), min=0, max=0, marks={}, value=None, step=None)
    # consecutive years: step 1, so that the arrow keys move year by year (with step None, only
    # Home/End would); years with gaps: only the marks
    consecutive = years[-1] - years[0] == len(years) - 1
    return dict(years=years, min=years[0], max=years[-1], marks={y: str(y) for y in years},
                value=int(model.indicator(indicator_id)["year"]), step=1 if consecutive else None)


def domain_rows(model: Model, domain_id: str, profile: str = DEFAULT_PROFILE) -> pd.DataFrame:
    felt = model.felt_measured[profile]
    rows = felt[felt["domain_id"] == domain_id].copy()
    rows["name"] = rows["region_code"].map(model.region_names)
    return rows


def domain_comparison(model: Model, domain_id: str, *, region: str | None = None, pinned=(),
                      profile: str = DEFAULT_PROFILE) -> tuple[dict, pd.DataFrame]:
    """(figure, rows) of the 13 regions' measure and perception in one domain: the chart of the home
    page, its exports and the workshop slide (each gets its own figure to adjust)."""
    rows = domain_rows(model, domain_id, profile)
    figure = build_domain_comparison(rows, domain_label=model.domain_labels[domain_id],
                                     illustrative=uses_illustrative(rows),
                                     highlighted=[region] if region else [], pinned=pinned,
                                     profile=profile)
    return figure, rows


def uses_illustrative(frame: pd.DataFrame) -> bool:
    return bool((frame["perception_kind"] == KIND_ILLUSTRATIVE).any())
