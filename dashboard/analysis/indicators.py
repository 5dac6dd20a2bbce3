"""Indicator maths: orientation, z-scores, ranks, gaps to France, domain indices, felt versus measured.

Tidy frames in, tidy frames out. Missing stays missing: a region without a value gets NaN, never 0.
When a figure may be standardised, ranked or classed is decided by dashboard/comparison_rules.py;
conventions (written out on the « Sources et méthodes » page):
- every indicator is oriented so that higher = more fragile (values of a « lower is more fragile »
  indicator are negated before scoring);
- the z-score uses the mean and the population standard deviation (ddof=0) of the regions that
  have a value, and exists only for a comparable indicator (at least MIN_REGIONS_COMPARABLE
  regions); when all values are equal every region scores 0 (no region stands out);
- rank 1 = most fragile; ties share the best rank (method « min »); no rank below
  MIN_REGIONS_FOR_RANK regions;
- the gap to France is the raw value minus the France métropolitaine value, in the indicator's unit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard import comparison_rules as rules
from dashboard.data.schema import (
    FRANCE,
    PERCEPTION_PREFERENCE,
    QUADRANT_BLIND_SPOT,
    QUADRANT_FELT,
    QUADRANT_NEAR_AVERAGE,
    QUADRANT_SHARED_ALERT,
    QUADRANT_SHARED_ASSET,
    REGION_CODES,
)

MIN_REGIONS_FOR_Z = rules.MIN_REGIONS_COMPARABLE  # kept name: fewer regions, no z-score


def standardise(values: pd.Series) -> pd.Series:
    """z-scores of `values` (NaN kept); none below the comparison threshold; 0 everywhere when all
    values are equal."""
    present = values.dropna()
    if not rules.is_comparable(len(present)):
        return pd.Series(np.nan, index=values.index, dtype=float)
    spread = present.std(ddof=0)
    if spread == 0 or present.nunique() == 1:  # equal floats can give sd 1e-17, not 0
        return values.where(values.isna(), 0.0).astype(float)
    return (values - present.mean()) / spread


def fragility_rank(oriented: pd.Series) -> pd.Series:
    """1 = most fragile; ties share the best rank; NaN stays NaN (and every rank is NaN below
    MIN_REGIONS_FOR_RANK regions)."""
    if not rules.may_rank(int(oriented.notna().sum())):
        return pd.Series(np.nan, index=oriented.index, dtype=float)
    return oriented.rank(ascending=False, method="min")


SCORE_COLUMNS = ["region_code", "indicator_id", "domain_id", "value", "oriented", "z", "rank",
                 "n_regions", "level", "percentile", "france_value", "gap_to_france", "year", "kind"]


def score_indicators(values: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """One row per (region, indicator) with a value among the 13 regions.

    Columns: SCORE_COLUMNS. `level` is the indicator's comparison level (comparison_rules),
    `percentile` the rank as a share of the way from least (0) to most (100) fragile.
    """
    meta = catalogue.set_index("id")
    regional = values[values["region_code"].isin(REGION_CODES)]
    france = values[values["region_code"] == FRANCE].set_index("indicator_id")["value"]
    parts = []
    for indicator_id, group in regional.groupby("indicator_id", sort=False):
        info = meta.loc[indicator_id]
        sign = 1.0 if info["higher_is_more_fragile"] else -1.0
        raw = group["value"].astype(float)
        oriented = raw * sign
        n = int(oriented.notna().sum())
        rank = fragility_rank(oriented)
        frm = france.get(indicator_id, np.nan)
        parts.append(pd.DataFrame({
            "region_code": group["region_code"].to_numpy(),
            "indicator_id": indicator_id,
            "domain_id": info["domain_id"],
            "value": raw.to_numpy(),
            "oriented": oriented.to_numpy(),
            "z": standardise(oriented).to_numpy(),
            "rank": rank.to_numpy(),
            "n_regions": n,
            "level": rules.comparison_level(n),
            "percentile": [rules.fragility_percentile(r, n) for r in rank],
            "france_value": frm,
            "gap_to_france": (raw - frm).to_numpy(),
            "year": int(info["year"]),
            "kind": info["kind"],
        }))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=SCORE_COLUMNS)


def index_composition(scores: pd.DataFrame, catalogue: pd.DataFrame, *,
                      include_doubtful: bool = False) -> dict[str, list[str]]:
    """domain -> the indicators its index uses (comparison_rules.index_indicators over the scores'
    coverage)."""
    coverage = scores.groupby("indicator_id")["n_regions"].first().to_dict() if len(scores) else {}
    return rules.index_indicators(catalogue, coverage, include_doubtful=include_doubtful)


def domain_index(scores: pd.DataFrame, domain_ids: list[str], composition: dict[str, list[str]],
                 available: dict[str, int] | None = None) -> pd.DataFrame:
    """Fragility index of each region x domain: the mean of the z-scores of the domain's index
    indicators (`composition`), for the regions that have every one of them.

    Returns the full grid (13 regions x every domain). Columns: region_code, domain_id, index,
    n_indicators (z-scores averaged), n_used (indicators the index uses), n_available (indicators
    the domain has), complete, years, kinds, rank (among complete regions), n_ranked, comparable.
    A region lacking one of the index's indicators has index NaN and complete False: it is not
    ranked against the others as if complete.
    """
    available = available or {}
    wanted = {(d, i) for d, ids in composition.items() for i in ids}
    usable = scores[[(d, i) in wanted for d, i in zip(scores["domain_id"], scores["indicator_id"])]]
    usable = usable.dropna(subset=["z"])
    grouped = usable.groupby(["region_code", "domain_id"]).agg(
        mean_z=("z", "mean"),
        n_indicators=("z", "size"),
        years=("year", lambda s: ", ".join(str(y) for y in sorted(set(s)))),
        kinds=("kind", lambda s: ", ".join(sorted(set(s)))),
    )
    grid = pd.MultiIndex.from_product([list(REGION_CODES), list(domain_ids)],
                                      names=["region_code", "domain_id"])
    out = grouped.reindex(grid).reset_index()
    out["n_indicators"] = out["n_indicators"].fillna(0).astype(int)
    out[["years", "kinds"]] = out[["years", "kinds"]].fillna("")
    out["n_used"] = out["domain_id"].map(lambda d: len(composition.get(d, []))).astype(int)
    out["n_available"] = out["domain_id"].map(lambda d: int(available.get(d, 0))).astype(int)
    out["complete"] = (out["n_used"] > 0) & (out["n_indicators"] == out["n_used"])
    out["index"] = out["mean_z"].where(out["complete"])
    out = out.drop(columns="mean_z")
    out["n_ranked"] = out.groupby("domain_id")["index"].transform("count").astype(int)
    out["rank"] = out.groupby("domain_id")["index"].rank(ascending=False, method="min")
    out["rank"] = out["rank"].where(out["n_ranked"].map(rules.may_rank))
    out["comparable"] = out["n_ranked"].map(rules.is_comparable).astype(bool)
    return out


def select_perception(perception: pd.DataFrame, profile: str) -> pd.DataFrame:
    """The one perception score shown per region x domain for `profile`.

    The most authoritative kind wins (imported, then published, then illustrative), then the latest
    year. Columns: region_code, domain_id, score, year, n, ecart_type, kind, source.
    """
    rows = perception[(perception["profile"] == profile)
                      & perception["region_code"].isin(REGION_CODES)].copy()
    if "ecart_type" not in rows:
        rows["ecart_type"] = np.nan
    rows["preference"] = rows["kind"].map({k: i for i, k in enumerate(PERCEPTION_PREFERENCE)})
    rows = rows.sort_values(["preference", "year"], ascending=[True, False], na_position="last")
    chosen = rows.drop_duplicates(["region_code", "domain_id"], keep="first")
    return chosen[["region_code", "domain_id", "score", "year", "n", "ecart_type", "kind",
                   "source"]].reset_index(drop=True)


def quadrant(objective: float, perceived: float, perceived_low: float | None = None,
             perceived_high: float | None = None) -> str | None:
    """French name of the felt-versus-measured quadrant; None when either side is missing;
    « proche de la moyenne » when either side lies in the neutral band, or when the perception's
    interval reaches into it."""
    if pd.isna(objective) or pd.isna(perceived):
        return None
    measured = rules.side_of_average(objective)
    felt = rules.side_of_average(perceived, perceived_low, perceived_high)
    if measured == 0 or felt == 0:
        return QUADRANT_NEAR_AVERAGE
    if measured > 0 and felt > 0:
        return QUADRANT_SHARED_ALERT
    if measured > 0:
        return QUADRANT_BLIND_SPOT
    if felt > 0:
        return QUADRANT_FELT
    return QUADRANT_SHARED_ASSET


def _perceived_scale(chosen_perception: pd.DataFrame) -> pd.DataFrame:
    """z of each score within its domain, and its 95 % interval on the same scale."""
    out = chosen_perception.copy()
    out["perceived"] = out.groupby("domain_id")["score"].transform(standardise)
    bounds = [rules.score_interval(s, n, sd) for s, n, sd in
              zip(out["score"], out["n"], out["ecart_type"])]
    out["score_low"] = [b[0] for b in bounds]
    out["score_high"] = [b[1] for b in bounds]
    mean = out.groupby("domain_id")["score"].transform("mean")
    spread = out.groupby("domain_id")["score"].transform(lambda s: s.std(ddof=0))
    spread = spread.where(out["perceived"].notna() & (spread > 0))
    out["perceived_low"] = (out["score_low"] - mean) / spread
    out["perceived_high"] = (out["score_high"] - mean) / spread
    return out


def felt_versus_measured(index_grid: pd.DataFrame, chosen_perception: pd.DataFrame) -> pd.DataFrame:
    """Perception and measure on one scale (both standardised across the regions).

    Columns: region_code, domain_id, objective (domain index), score (0-10), score_low/high (its
    95 % interval, NaN without effectif), n, perceived (z of the score within the domain),
    perceived_low/high, gap = perceived - objective, quadrant, perception_kind.
    """
    perceived = _perceived_scale(chosen_perception)
    merged = index_grid[["region_code", "domain_id", "index"]].merge(
        perceived[["region_code", "domain_id", "score", "score_low", "score_high", "n", "perceived",
                   "perceived_low", "perceived_high", "kind"]],
        on=["region_code", "domain_id"], how="left")
    merged = merged.rename(columns={"index": "objective", "kind": "perception_kind"})
    merged["gap"] = merged["perceived"] - merged["objective"]
    merged["quadrant"] = [quadrant(o, p, lo, hi) for o, p, lo, hi in zip(
        merged["objective"], merged["perceived"], merged["perceived_low"], merged["perceived_high"])]
    return merged


def largest_divergences(felt_measured: pd.DataFrame, region_code: str, count: int = 3) -> pd.DataFrame:
    """The `count` domains of a region where perception and measure differ most (|gap|), among
    the cells placed in a quadrant (not « proche de la moyenne »)."""
    rows = felt_measured[(felt_measured["region_code"] == region_code)
                         & felt_measured["gap"].notna()
                         & (felt_measured["quadrant"] != QUADRANT_NEAR_AVERAGE)].copy()
    rows["distance"] = rows["gap"].abs()
    return rows.sort_values("distance", ascending=False).head(count)
