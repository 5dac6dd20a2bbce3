"""What each view shows, computed from a Model: plain frames and French sentences, no Dash.

The callbacks call these and hand the results to figure builders (dashboard/figures.py) or to
component factories (layouts/components.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.figures import (build_choropleth, build_domain_comparison, build_quadrant, hover_rows,
                               map_layer)
from dashboard.labels import (format_number, format_signed, format_value, is_missing, join_french,
                              wrap_words)
from dashboard import comparison_rules as rules
from dashboard import series
from dashboard.indicators import fragility_rank
from dashboard.model import Model, cached_for_reference
from dashboard.schema import (
    DEFAULT_PROFILE,
    FRANCE,
    KIND_ILLUSTRATIVE,
    KIND_LABELS,
    KIND_OFFICIAL,
    NOT_AVAILABLE,
    PROFILE_LABELS,
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


def domain_standing(cell: dict) -> dict:
    """How one region x domain cell of the index reads for an élu, by the comparison rules:
    `words` (« parmi les 3 régions les plus fragiles »… or None), `rank` (« 2e / 13 » or None),
    `note` (what limits the comparison, or ""), `tooltip` (the index in standard deviations)."""
    index, n_ranked = cell.get("index"), int(cell.get("n_ranked") or 0)
    used, have = int(cell.get("n_used") or 0), int(cell.get("n_indicators") or 0)
    available = int(cell.get("n_available") or 0)
    tooltip = ""
    if not is_missing(index):
        tooltip = (f"indice {format_signed(index, '', 2)} écart-type "
                   f"({rules.indicator_count_label(used, available)})")
    if is_missing(index):
        if used and have:
            note = (f"indice incomplet : {rules.indicator_count_label(have, used)} de l'indice "
                    "pour cette région, non classée")
        elif available:
            note = (f"aucun indicateur comparable (au moins {rules.MIN_REGIONS_COMPARABLE} régions "
                    "sur 13) : pas d'indice")
        else:
            note = f"pas d'indicateur mesuré : {NOT_AVAILABLE}"
        return dict(words=None, rank=None, note=note, tooltip=tooltip)
    rank = rules.rank_label(cell.get("rank"), n_ranked)
    if not rules.is_comparable(n_ranked):
        return dict(words=None, rank=rank, note=rules.partial_label(n_ranked), tooltip=tooltip)
    return dict(words=rules.standing_words(cell.get("rank"), n_ranked, index), rank=rank,
                note="" if used == available else rules.indicator_count_label(used, available),
                tooltip=tooltip)


def region_domains(model: Model, region: str, profile: str = DEFAULT_PROFILE) -> pd.DataFrame:
    """The 16 domains of a region: comparable indices from the most to the least fragile, then
    partial comparisons, then domains without index. Adds `standing` (domain_standing())."""
    cells = model.index[model.index["region_code"] == region]
    felt = model.felt_measured[profile]
    felt = felt[felt["region_code"] == region][["domain_id", "score", "score_low", "score_high", "n",
                                                "perceived", "perception_kind", "quadrant", "gap"]]
    out = cells.merge(felt, on="domain_id", how="left")
    out["label"] = out["domain_id"].map(model.domain_labels)
    order = {d: i for i, d in enumerate(model.domain_ids)}
    out["file_order"] = out["domain_id"].map(order)
    out["standing"] = [domain_standing(c) for c in out.to_dict("records")]
    out["group"] = [0 if c and not is_missing(i) else 1 if not is_missing(i) else 2
                    for c, i in zip(out["comparable"], out["index"])]
    return out.sort_values(["group", "index", "file_order"], ascending=[True, False, True],
                           na_position="last")


def indicator_rows(model: Model, region: str, domain_id: str) -> list[dict]:
    """Every indicator of a domain for one region: value, rank « x / n », gap to France, where it
    stands, whether it enters the domain's index, and the note on its comparison."""
    in_index = set(model.index_composition().get(domain_id, []))
    rows = []
    for info in model.indicator_records(domain_id):
        scores = model.indicator_scores(info.id)
        mine = scores.by_region.get(region) if scores else None
        n = scores.n_regions if scores else 0
        rows.append(dict(
            id=info.id, label=info.label_fr, unit=info.unit, year=int(info.year), kind=info.kind,
            source=info.source, url=info.source_url, caveat=info.caveat,
            reliability=str(getattr(info, "fiabilite", "") or ""),
            reliability_reason=str(getattr(info, "fiabilite_raison", "") or ""),
            value=mine[0] if mine else None, rank=mine[1] if mine else None,
            rank_text=rules.rank_label(mine[1], n) if mine else None,
            n_regions=n, gap=mine[2] if mine else None, france=model.france_value(info.id),
            comparison_note=rules.coverage_note(n), in_index=info.id in in_index,
            method=model.value_notes(info.id, region).get("methode", ""),
            read_at=model.value_notes(info.id, region).get("lu_sur", ""),
            strip=list(scores.strip) if scores else [],
            trend=indicator_trend(model, info.id, region),
        ))
    return rows


def perception_trends(model: Model, region: str, domain_id: str, profile: str = DEFAULT_PROFILE) -> list[dict]:
    """The perception scores of a domain that are series (at least 2 survey years), the region's
    then France métropolitaine's: series.perception_change() with `code` and its French `sentence`
    (the break said when the years come from different surveys). [] when neither has 2 years."""
    found = model._lookup("perception_trends", lambda: _perception_trends(model))
    return [found[key] for key in ((region, domain_id, profile), (FRANCE, domain_id, profile))
            if key in found]


def _perception_trends(model: Model) -> dict:
    perception = model.bundle.perception
    dated = perception[perception["year"].notna() & (perception["kind"] != KIND_ILLUSTRATIVE)]
    out = {}
    for (code, domain_id, profile), group in dated.groupby(["region_code", "domain_id", "profile"]):
        if group["year"].nunique() < 2:
            continue
        moved = series.perception_change(series.perception_points(group, code, domain_id, profile))
        if moved is None:
            continue
        whose = PROFILE_LABELS.get(profile, profile).lower()
        sentence = series.perception_sentence(model.region_names.get(code, code), moved)
        out[(code, domain_id, profile)] = dict(moved, code=code,
                                               sentence=f"Perception des {whose} dans le temps. {sentence}")
    return out


def indicator_trend(model: Model, indicator_id: str, region: str) -> dict | None:
    """series.trend() of one indicator for a region (None under 3 years), with its id, label
    and unit."""
    info = model.indicator(indicator_id)
    if len(model.indicator_years(indicator_id)) < series.MIN_YEARS_FOR_TREND:
        return None
    found = series.trend(model.series_points(indicator_id), region, model.region_names[region], info["unit"])
    if found is None:
        return None
    return dict(found, id=indicator_id, label=info["label_fr"], unit=info["unit"], domain_id=info["domain_id"])


@cached_for_reference(maxsize=64)
def region_trends(model: Model, region: str) -> list[dict]:
    """Every indicator of a region with at least 3 years, in domain order: the region's and
    France's points, the change since the first year, the gap to France and the French sentence
    (for the workshop step « Évolution » and the PDF: series.trend_figure(item, …) draws one).
    The earlier catalogue rows of a series (taux_pauvrete_2018 beside _2020) are not repeated."""
    out, seen = [], set()
    for domain_id in model.domain_ids:
        for info in model.indicator_records(domain_id):
            key = (domain_id, rules.series_of(info.id), info.label_fr, info.unit)
            if key in seen:
                continue
            seen.add(key)
            found = indicator_trend(model, info.id, region)
            if found:
                out.append(found)
    return out


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


def _headline_indicator(model: Model, region: str, domain_id: str, most_fragile: bool) -> dict | None:
    """The index indicator that says most about a region's standing in a domain (largest z in
    the finding's direction, public statistics first): its value, France's value, rank « x / n »."""
    ids = model.index_composition().get(domain_id, [])
    scores = model.scores[(model.scores["region_code"] == region) & model.scores["indicator_id"].isin(ids)]
    scores = scores.dropna(subset=["z"])
    if scores.empty:
        return None
    official = scores[scores["kind"] == KIND_OFFICIAL]
    scores = official if len(official) else scores      # a public statistic speaks first
    row = scores.loc[scores["z"].idxmax() if most_fragile else scores["z"].idxmin()]
    info = model.indicator(row["indicator_id"])
    return dict(label=info["label_fr"], year=int(info["year"]), kind=info["kind"],
                value=format_value(row["value"], info["unit"]),
                france=format_value(row["france_value"], info["unit"]),
                rank=rules.rank_label(row["rank"], row["n_regions"]))


@cached_for_reference(maxsize=64)
def region_summary(model: Model, region: str) -> dict:
    """Where a region stands, from measured values only (never the illustrative perception):
    `lead` (the first sentence an élu reads), `fragile` and `strong` (up to 3 comparable domains
    each, beyond the neutral band, with their headline indicator), `coverage` (« 9 domaines sur 16
    mesurés et comparables »)."""
    name = model.region_names[region]
    cells = model.index[(model.index["region_code"] == region) & model.index["comparable"]
                        & model.index["index"].notna()]
    def item(cell: dict, fragile: bool) -> dict:
        return dict(domain_id=cell["domain_id"], label=model.domain_labels[cell["domain_id"]],
                    **domain_standing(cell),
                    headline=_headline_indicator(model, region, cell["domain_id"], fragile))
    ordered = cells.sort_values("index", ascending=False).to_dict("records")
    fragile = [item(c, True) for c in ordered
               if rules.is_marked(c["rank"], c["n_ranked"], c["index"], True)][:rules.TOP_COUNT]
    strong = [item(c, False) for c in reversed(ordered)
              if rules.is_marked(c["rank"], c["n_ranked"], c["index"], False)][:rules.TOP_COUNT]
    total = len(model.domain_ids)
    coverage = (f"{len(ordered)} domaine{'s' if len(ordered) > 1 else ''} sur {total} mesuré"
                f"{'s' if len(ordered) > 1 else ''} et comparable{'s' if len(ordered) > 1 else ''} "
                f"(au moins {rules.MIN_REGIONS_COMPARABLE} régions sur 13)")
    if fragile:
        lead = f"{name} : fragilités mesurées les plus marquées en {_quoted(fragile)}"
    else:
        lead = f"{name} : aucun domaine mesuré ne la place nettement au-dessus de la moyenne des régions"
    if strong:
        lead += f" ; points forts en {_quoted(strong)}"
    return dict(lead=lead + ".", fragile=fragile, strong=strong, coverage=coverage,
                n_comparable=len(ordered))


MIN_SHARED_DOMAINS = 5  # fewer comparable domains in common: no « profil proche » is claimed
SIMILAR_COUNT = 3


@cached_for_reference(maxsize=64)
def similar_regions(model: Model, region: str) -> list[dict]:
    """The regions whose comparable domain indices are nearest to `region`'s: root mean square
    of the index differences over the comparable domains both have (at least
    MIN_SHARED_DOMAINS), nearest first. Each: code, name, distance, shared (domains used)."""
    cells = model.index[model.index["comparable"] & model.index["index"].notna()]
    grid = cells.pivot(index="region_code", columns="domain_id", values="index")
    if region not in grid.index:
        return []
    mine = grid.loc[region]
    out = []
    for code, row in grid.drop(index=region).iterrows():
        both = mine.notna() & row.notna()
        shared = int(both.sum())
        if shared < MIN_SHARED_DOMAINS:
            continue
        distance = float(((mine[both] - row[both]) ** 2).mean() ** 0.5)
        out.append(dict(code=code, name=model.region_names[code], distance=distance, shared=shared))
    return sorted(out, key=lambda r: (r["distance"], r["name"]))[:SIMILAR_COUNT]


def _quoted(items: list[dict]) -> str:
    """« santé », « emploi » et « sport »: domain names that contain « et » stay readable."""
    return join_french([f"«\u00a0{i['label'].lower()}\u00a0»" for i in items])


def divergence(model: Model, region: str, profile: str = DEFAULT_PROFILE) -> tuple[str, bool]:
    """(sentence, illustrative): the three domains where perception and measure diverge most.
    With the illustrative perception, the sentence is an « exemple fictif »: shown only after the
    measured findings, in a box that says so (region_summary leads)."""
    from dashboard.indicators import largest_divergences

    top = largest_divergences(model.felt_measured[profile], region, 3)
    name = model.region_names[region]
    if top.empty:
        return (f"{name} : aucun domaine comparable n'a à la fois une mesure et une perception "
                "nettement éloignées de la moyenne ; l'écart n'est pas interprété."), False
    parts = []
    for row in top.itertuples():
        direction = "ressenti plus fort que mesuré" if row.gap > 0 else "mesuré plus fort que ressenti"
        parts.append(f"{model.domain_labels[row.domain_id].lower()} ({direction}, {row.quadrant})")
    sentence = f"{name} : perception et mesure divergent le plus en {join_french(parts)}."
    return sentence, bool((top["perception_kind"] == KIND_ILLUSTRATIVE).any())


def divergence_sentence(model: Model, region: str, profile: str = DEFAULT_PROFILE) -> str:
    """divergence()'s sentence, with the warning when its perception is illustrative."""
    sentence, illustrative = divergence(model, region, profile)
    if illustrative:
        sentence = ("Exemple fictif (perception illustrative, pas un résultat d'enquête) — "
                    + sentence)
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
