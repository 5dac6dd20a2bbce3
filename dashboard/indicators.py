"""Indicator maths: orientation, z-scores, ranks, gaps to France, domain indices, felt versus measured.

Tidy frames in, tidy frames out. Missing stays missing: a region without a value gets NaN, never 0.
Conventions (written out on the « Sources et méthodes » page):
- every indicator is oriented so that higher = more fragile (values of a « lower is more fragile »
  indicator are negated before scoring);
- the z-score uses the mean and the population standard deviation (ddof=0) of the regions that
  have a value; with fewer than 3 regions there is no z-score (two values always give ±1); when all values are equal every
  region scores 0 (no region stands out);
- rank 1 = most fragile; ties share the best rank (method « min »);
- the gap to France is the raw value minus the France métropolitaine value, in the indicator's unit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.schema import (
    FRANCE,
    PERCEPTION_PREFERENCE,
    QUADRANT_BLIND_SPOT,
    QUADRANT_FELT,
    QUADRANT_SHARED_ALERT,
    QUADRANT_SHARED_ASSET,
    REGION_CODES,
)

MIN_REGIONS_FOR_Z = 3  # with two regions every z-score is ±1: no information


def standardise(values: pd.Series) -> pd.Series:
    """z-scores of `values` (NaN kept); 0 everywhere when all values are equal."""
    present = values.dropna()
    if len(present) < MIN_REGIONS_FOR_Z:
        return pd.Series(np.nan, index=values.index, dtype=float)
    spread = present.std(ddof=0)
    if spread == 0 or present.nunique() == 1:  # equal floats can give sd 1e-17, not 0
        return values.where(values.isna(), 0.0).astype(float)
    return (values - present.mean()) / spread


def fragility_rank(oriented: pd.Series) -> pd.Series:
    """1 = most fragile; ties share the best rank; NaN stays NaN."""
    return oriented.rank(ascending=False, method="min")


def score_indicators(values: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """One row per (region, indicator) with a value among the 13 regions.

    Columns: region_code, indicator_id, domain_id, value, oriented, z, rank, n_regions,
    france_value, gap_to_france, year, kind.
    """
    meta = catalogue.set_index("id")
    regional = values[values["region_code"].isin(REGION_CODES)]
    france = values[values["region_code"] == FRANCE].set_index("indicator_id")["value"]
    parts = []
    for indicator_id, group in regional.groupby("indicator_id", sort=False):
        info = meta.loc[indicator_id]
        sign = 1.0 if info["higher_is_more_fragile"] else -1.0
        oriented = group["value"].astype(float) * sign
        frm = france.get(indicator_id, np.nan)
        parts.append(pd.DataFrame({
            "region_code": group["region_code"].to_numpy(),
            "indicator_id": indicator_id,
            "domain_id": info["domain_id"],
            "value": group["value"].astype(float).to_numpy(),
            "oriented": oriented.to_numpy(),
            "z": standardise(oriented).to_numpy(),
            "rank": fragility_rank(oriented).to_numpy(),
            "n_regions": int(oriented.notna().sum()),
            "france_value": frm,
            "gap_to_france": (group["value"].astype(float) - frm).to_numpy(),
            "year": int(info["year"]),
            "kind": info["kind"],
        }))
    columns = ["region_code", "indicator_id", "domain_id", "value", "oriented", "z", "rank",
               "n_regions", "france_value", "gap_to_france", "year", "kind"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def domain_index(scores: pd.DataFrame, domain_ids: list[str]) -> pd.DataFrame:
    """Fragility index of each region x domain: mean of its available z-scores, with coverage.

    Returns the full grid (13 regions x every domain); a cell without any z-score has index NaN,
    n_indicators 0 and empty years/kinds. rank is over the regions that have an index.
    """
    usable = scores.dropna(subset=["z"])
    grouped = usable.groupby(["region_code", "domain_id"]).agg(
        index=("z", "mean"),
        n_indicators=("z", "size"),
        years=("year", lambda s: ", ".join(str(y) for y in sorted(set(s)))),
        kinds=("kind", lambda s: ", ".join(sorted(set(s)))),
    )
    grid = pd.MultiIndex.from_product([list(REGION_CODES), list(domain_ids)],
                                      names=["region_code", "domain_id"])
    out = grouped.reindex(grid).reset_index()
    out["n_indicators"] = out["n_indicators"].fillna(0).astype(int)
    out[["years", "kinds"]] = out[["years", "kinds"]].fillna("")
    out["rank"] = out.groupby("domain_id")["index"].rank(ascending=False, method="min")
    return out


def select_perception(perception: pd.DataFrame, profile: str) -> pd.DataFrame:
    """The one perception score shown per region x domain for `profile`.

    The most authoritative kind wins (imported, then published, then illustrative), then the latest
    year. Columns: region_code, domain_id, score, year, n, kind, source.
    """
    rows = perception[(perception["profile"] == profile)
                      & perception["region_code"].isin(REGION_CODES)].copy()
    rows["preference"] = rows["kind"].map({k: i for i, k in enumerate(PERCEPTION_PREFERENCE)})
    rows = rows.sort_values(["preference", "year"], ascending=[True, False], na_position="last")
    chosen = rows.drop_duplicates(["region_code", "domain_id"], keep="first")
    return chosen[["region_code", "domain_id", "score", "year", "n", "kind", "source"]].reset_index(
        drop=True)


def quadrant(objective: float, perceived: float) -> str | None:
    """French name of the felt-versus-measured quadrant; None when either side is missing."""
    if pd.isna(objective) or pd.isna(perceived):
        return None
    measured, felt = objective > 0, perceived > 0
    if measured and felt:
        return QUADRANT_SHARED_ALERT
    if measured:
        return QUADRANT_BLIND_SPOT
    if felt:
        return QUADRANT_FELT
    return QUADRANT_SHARED_ASSET


def felt_versus_measured(index_grid: pd.DataFrame, chosen_perception: pd.DataFrame) -> pd.DataFrame:
    """Perception and measure on one scale (both standardised across the 13 regions).

    Columns: region_code, domain_id, objective (domain index), score (0-10), perceived (z of the
    score within the domain), gap = perceived - objective, quadrant, perception_kind.
    """
    perceived = chosen_perception.copy()
    perceived["perceived"] = perceived.groupby("domain_id")["score"].transform(standardise)
    merged = index_grid[["region_code", "domain_id", "index"]].merge(
        perceived[["region_code", "domain_id", "score", "perceived", "kind"]],
        on=["region_code", "domain_id"], how="left")
    merged = merged.rename(columns={"index": "objective", "kind": "perception_kind"})
    merged["gap"] = merged["perceived"] - merged["objective"]
    merged["quadrant"] = [quadrant(o, p) for o, p in zip(merged["objective"], merged["perceived"])]
    return merged


def largest_divergences(felt_measured: pd.DataFrame, region_code: str, count: int = 3) -> pd.DataFrame:
    """The `count` domains of a region where perception and measure differ most (|gap|)."""
    rows = felt_measured[(felt_measured["region_code"] == region_code)
                         & felt_measured["gap"].notna()].copy()
    rows["distance"] = rows["gap"].abs()
    return rows.sort_values("distance", ascending=False).head(count)
