"""What each view shows, computed from a Model: plain frames and French sentences, no Dash.

The callbacks call these and hand the results to figure builders (dashboard/figures.py) or to
component factories (layouts/components.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.figures import (build_choropleth, build_domain_comparison, build_quadrant, hover_rows,
                               map_layer)
from dashboard.labels import format_number, format_value, is_missing, join_french, wrap_words
from dashboard.model import Model, cached_for_reference
from dashboard.schema import (
    DEFAULT_PROFILE,
    KIND_ILLUSTRATIVE,
    KIND_LABELS,
    NOT_AVAILABLE,
    REGION_CODES,
)
from dashboard.urlstate import INDEX_CHOICE

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


@cached_for_reference()
def map_view(model: Model, domain_id: str, indicator_id: str) -> MapView:
    names = region_names(model)
    label = model.domain_labels[domain_id]
    if indicator_id == INDEX_CHOICE:
        cells = model.index[model.index["domain_id"] == domain_id].set_index("region_code")
        values = cells["index"].to_dict()
        ranks = cells["rank"].to_dict()
        years = sorted({y for ys in cells["years"] if ys for y in ys.split(", ")})
        year_text = ", ".join(years) if years else NOT_AVAILABLE
        footnote = f"Indice ({year_text}) · moyenne des indicateurs standardisés"
        title = f"{label} : indice de fragilité ({year_text})"
        colorbar = f"Indice<br>({INDEX_UNIT})<br>{year_text}"
        layer = map_layer(list(names), [values.get(c) for c in names],
                          hover_rows(names, values, ranks, INDEX_UNIT),
                          colorbar_title=colorbar, diverging=True, footnote=footnote)
        unit = INDEX_UNIT
    else:
        info = model.indicator(indicator_id)
        scores = model.scores[model.scores["indicator_id"] == indicator_id].set_index("region_code")
        values = scores["value"].to_dict()
        ranks = scores["rank"].to_dict()
        kind_note = "" if info["kind"] == "officiel" else f" · {KIND_LABELS.get(info['kind'], info['kind'])}"
        footnote = f"{info['year']} · {info['source'][:80]}{kind_note}"
        title = f"{info['label_fr']} ({info['year']})"
        colorbar = f"{wrap_words(info['unit'], 18)}<br>{info['year']}"
        layer = map_layer(list(names), [values.get(c) for c in names],
                          hover_rows(names, values, ranks, info["unit"]),
                          colorbar_title=colorbar, diverging=False, footnote=footnote,
                          higher_is_more_fragile=bool(info["higher_is_more_fragile"]))
        unit = info["unit"]
    missing = sum(1 for c in names if is_missing(values.get(c)))
    return MapView(layer=layer, title=title, missing_count=missing,
                   description=describe_map(names, values, unit, title))


def region_map(model: Model, geometry, domain_id: str, indicator_id: str, *,
               region: str | None = None, pinned=()) -> dict:
    """The map figure of a view; `geometry` is the GeoJSON itself (exports) or its URL (the page)."""
    view = map_view(model, domain_id, indicator_id)
    return build_choropleth(geometry, region_names(model), view.layer, title=view.title,
                            missing_count=view.missing_count, selected=region, pinned=pinned)


def describe_map(names: dict[str, str], values: dict, unit: str, title: str) -> str:
    present = {c: v for c, v in values.items() if c in names and not is_missing(v)}
    if not present:
        return f"{title} : {NOT_AVAILABLE} pour les 13 régions."
    top = max(present, key=present.get)
    low = min(present, key=present.get)
    missing = [names[c] for c in names if c not in present]
    text = (f"{title}. {len(present)} régions sur 13 ont une valeur. Valeur la plus élevée : "
            f"{names[top]} ({format_value(present[top], unit)}) ; la plus basse : {names[low]} "
            f"({format_value(present[low], unit)}).")
    if missing:
        text += f" {NOT_AVAILABLE.capitalize()} : {join_french(missing)}."
    return text


# key figures of the region view: for each, the profile figures to try in order
KEY_FIGURES = (
    ("population_municipale_recensement_2020", "population_au_1er_janvier_population_legale_estimation_local_2018"),
    ("pib_regional_2021",),
)


def key_figures(model: Model, region: str) -> list[dict]:
    """Population, PIB and PIB per inhabitant of a region, each with its year and source."""
    profile = model.bundle.profile
    rows = profile[profile["region_code"] == region].set_index("figure_id")
    figures = []
    for candidates in KEY_FIGURES:
        hit = next((rows.loc[c] for c in candidates if c in rows.index), None)
        if hit is not None:
            figures.append(dict(label=hit["label_fr"], value=format_value(hit["value"], hit["unit"]),
                                year=int(hit["year"]), source=hit["source"], url=hit["source_url"]))
    gdp = model.bundle.values
    gdp = gdp[(gdp["region_code"] == region) & (gdp["indicator_id"] == "pib_hab_2021")]
    if len(gdp):
        info = model.indicator("pib_hab_2021")
        figures.append(dict(label="PIB par habitant", value=format_value(gdp.iloc[0]["value"], info["unit"]),
                            year=int(info["year"]), source=info["source"], url=info["source_url"]))
    return figures


def region_domains(model: Model, region: str, profile: str = DEFAULT_PROFILE) -> pd.DataFrame:
    """The 16 domains of a region, most fragile first (domains without index last)."""
    cells = model.index[model.index["region_code"] == region]
    felt = model.felt_measured[profile]
    felt = felt[felt["region_code"] == region][["domain_id", "score", "perceived", "perception_kind", "quadrant", "gap"]]
    out = cells.merge(felt, on="domain_id", how="left")
    out["label"] = out["domain_id"].map(model.domain_labels)
    order = {d: i for i, d in enumerate(model.domain_ids)}
    out["file_order"] = out["domain_id"].map(order)
    return out.sort_values(["index", "file_order"], ascending=[False, True], na_position="last")


def indicator_rows(model: Model, region: str, domain_id: str) -> list[dict]:
    """Every indicator of a domain for one region: value, rank, gap to France, where it stands."""
    rows = []
    for info in model.indicator_records(domain_id):
        scores = model.indicator_scores(info.id)
        mine = scores.by_region.get(region) if scores else None
        rows.append(dict(
            id=info.id, label=info.label_fr, unit=info.unit, year=int(info.year), kind=info.kind,
            source=info.source, url=info.source_url, caveat=info.caveat,
            value=mine[0] if mine else None, rank=mine[1] if mine else None,
            n_regions=scores.n_regions if scores else 0, gap=mine[2] if mine else None,
            france=model.france_value(info.id),
            strip=list(scores.strip) if scores else [],
        ))
    return rows


def divergence_sentence(model: Model, region: str, profile: str = DEFAULT_PROFILE) -> str:
    """The three domains where perception and measure diverge most, as one French sentence."""
    from dashboard.indicators import largest_divergences

    top = largest_divergences(model.felt_measured[profile], region, 3)
    name = model.region_names[region]
    if top.empty:
        return (f"{name} : aucun domaine n'a à la fois une mesure et une perception ; "
                "l'écart ne peut pas être calculé.")
    parts = []
    for row in top.itertuples():
        direction = "ressenti plus fort que mesuré" if row.gap > 0 else "mesuré plus fort que ressenti"
        parts.append(f"{model.domain_labels[row.domain_id].lower()} ({direction}, {row.quadrant})")
    sentence = (f"{name} : perception et mesure divergent le plus en {join_french(parts)}.")
    if (top["perception_kind"] == KIND_ILLUSTRATIVE).any():
        sentence += " Attention : la perception est ici illustrative (démonstration)."
    return sentence


def quadrant_points(model: Model, region: str, profile: str = DEFAULT_PROFILE) -> pd.DataFrame:
    felt = model.felt_measured[profile]
    points = felt[felt["region_code"] == region].copy()
    points["label"] = points["domain_id"].map(model.domain_labels)
    return points


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


def quadrant(model: Model, region: str, profile: str = DEFAULT_PROFILE) -> tuple[dict, pd.DataFrame]:
    """(figure, points) of a region's felt-versus-measured quadrant: home page, exports, workshop,
    report (each gets its own figure to adjust)."""
    points = quadrant_points(model, region, profile)
    figure = build_quadrant(points, region_name=model.region_names[region],
                            illustrative=uses_illustrative(points), profile=profile)
    return figure, points


def uses_illustrative(frame: pd.DataFrame) -> bool:
    return bool((frame["perception_kind"] == KIND_ILLUSTRATIVE).any())


def quadrant_table(points: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Text alternative of the quadrant chart: (domain, quadrant, perceived score)."""
    rows = []
    for row in points.itertuples():
        quadrant = NOT_AVAILABLE if is_missing(row.quadrant) or not row.quadrant else row.quadrant
        rows.append((row.label, quadrant, format_number(row.score, 1)))  # a missing quadrant is NaN
    return rows
