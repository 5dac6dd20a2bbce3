"""What the region view shows, from a Model: key figures, the standing of each domain, the indicator
rows with their trends, the first sentence, similar regions, felt versus measured (plain frames and
French sentences, no Dash). The map and the domain comparison are in dashboard/views/home.py.
"""

from __future__ import annotations

import pandas as pd

from dashboard.figures.quadrant import build_quadrant
from dashboard.labels import format_number, format_signed, format_value, is_missing, join_french
from dashboard import comparison_rules as rules
from dashboard.analysis import series
from dashboard.analysis.model import Model, cached_for_reference
from dashboard.data.schema import (
    DEFAULT_PROFILE,
    FRANCE,
    KIND_ILLUSTRATIVE,
    KIND_OFFICIAL,
    NOT_AVAILABLE,
    PROFILE_LABELS,
)
from dashboard.views.home import uses_illustrative

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
    from dashboard.analysis.indicators import largest_divergences

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


def quadrant(model: Model, region: str, profile: str = DEFAULT_PROFILE,
             narrow: bool = False) -> tuple[dict, pd.DataFrame]:
    """(figure, points) of a region's felt-versus-measured quadrant: home page, exports, workshop,
    report (each gets its own figure to adjust); `narrow`: drawn for a phone."""
    points = quadrant_points(model, region, profile)
    figure = build_quadrant(points, region_name=model.region_names[region],
                            illustrative=uses_illustrative(points), profile=profile, narrow=narrow)
    return figure, points


def quadrant_table(points: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Text alternative of the quadrant chart: (domain, quadrant, perceived score)."""
    rows = []
    for row in points.itertuples():
        quadrant = NOT_AVAILABLE if is_missing(row.quadrant) or not row.quadrant else row.quadrant
        rows.append((row.label, quadrant, format_number(row.score, 1)))  # a missing quadrant is NaN
    return rows
