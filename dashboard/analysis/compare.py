"""The « tableau croisé » (13 regions x 16 domains) under four methods, and rank classes.

Pure pandas, no Dash. Every rule of comparison comes from dashboard/comparison_rules.py: a figure
is standardised, coloured and classed only when it is comparable (at least MIN_REGIONS_COMPARABLE
regions); with MIN_REGIONS_FOR_RANK or more it keeps a rank « x / n » with its real n; below,
values only. A method says how a value is shown (`?methode=`):
- « brut »: the raw value, in the indicator's unit;
- « ecart »: the value minus the France métropolitaine value (n.d. where France has no value);
- « z »: the z-score among the regions (population standard deviation), comparable figures only;
- « rang »: 1 = the most fragile region, ties share the best rank.
A domain has no unit of its own. Its cell uses the indicators of the domain's index
(comparison_rules.index_indicators: the same set for every region), and a region lacking one of
them is « incomplet », shown but not ranked. Under each method (written on /sources):
- z: the domain's fragility index, the mean of its indicators' z-scores;
- rang: the mean of its indicators' fragility percentiles (100 = the most fragile), never a mean of
  ranks taken out of different totals;
- ecart: the mean of its indicators' relative gaps to France, in % of the France value, oriented so
  that + = more fragile than France (over the index's indicators that have a France value);
- brut: the raw value of the domain's best covered indicator (the index's first), named.
These four can rank regions differently: rank_classes() and class_changes() say where.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.comparison_rules import (
    comparison_level,
    fragility_percentile,
    index_indicators,
    is_comparable,
    may_rank,
)
from dashboard.analysis.indicators import fragility_rank, standardise
from dashboard.data.schema import KIND_OFFICIAL, REGION_CODES

METHODS = ("brut", "ecart", "z", "rang")
DEFAULT_METHOD = "z"
METHOD_LABELS = {
    "brut": "valeur brute",
    "ecart": "écart à la France métropolitaine",
    "z": "score z (écart à la moyenne des régions)",
    "rang": "rang (1 = la plus fragile)",
}
RANK_CLASSES = ("parmi les plus fragiles", "intermédiaire", "parmi les moins fragiles")
NOT_CLASSED = "non classée"
CELL_COLUMNS = ["region_code", "domain_id", "shown", "fragility", "n_indicators", "detail", "unit",
                "years", "kinds", "n_used", "n_available", "complete"]


# -- one measure (an indicator, a domain's perception…) under a method --------------------------

def apply_method(scores: pd.DataFrame, method: str, by: str = "indicator_id") -> pd.DataFrame:
    """A copy of `scores` with the value each region shows under `method`, its rank and class.

    `scores` has the columns of Model.scores that matter here: region_code, value, oriented (value
    with its sign flipped when lower is more fragile) and france_value; rows are grouped by `by`
    (one group per indicator) when that column exists. Added columns: shown (the value in the
    method's unit; no z-score unless comparable, no rank below MIN_REGIONS_FOR_RANK regions),
    fragility (higher = more fragile), method_rank (1 = most fragile), n_shown (regions ranked),
    n_regions (regions with a value), level (comparison_rules.comparison_level) and rank_class.
    """
    if method not in METHODS:
        raise ValueError(f"méthode inconnue : {method}")
    out = scores.copy()
    groups = out.groupby(by, sort=False) if by in out.columns else [(None, out)]
    parts = [_apply_one(group, method) for _, group in groups]
    out = pd.concat(parts).loc[out.index] if parts else out.assign(
        shown=np.nan, fragility=np.nan, method_rank=np.nan, n_shown=0, n_regions=0,
        level=comparison_level(0), rank_class=None)
    return out


def _apply_one(group: pd.DataFrame, method: str) -> pd.DataFrame:
    group = group.copy()
    value = group["value"].astype(float)
    oriented = group["oriented"].astype(float)
    n_regions = int(oriented.notna().sum())
    sign = -1.0 if ((oriented == -value) & (value != 0)).any() else 1.0
    france = group["france_value"].astype(float) if "france_value" in group else np.nan
    if method == "brut":
        shown, fragility = value, oriented
    elif method == "ecart":
        shown = value - france
        fragility = sign * shown
    elif method == "z":  # a z-score only where the regions are enough to compare
        shown = standardise(oriented) if is_comparable(n_regions) else oriented * np.nan
        fragility = shown
    else:
        shown = fragility_rank(oriented).where(oriented.notna())
        shown = shown if may_rank(n_regions) else shown * np.nan
        fragility = -shown
    group["shown"] = shown
    group["fragility"] = fragility
    group["n_regions"] = n_regions
    group["level"] = comparison_level(n_regions)
    return with_rank_classes(group)


def with_rank_classes(frame: pd.DataFrame) -> pd.DataFrame:
    """Add method_rank (by fragility, 1 = most fragile, ties share the best; none below
    MIN_REGIONS_FOR_RANK regions), n_shown (regions ranked) and rank_class (comparable only)."""
    frame = frame.copy()
    present = frame["fragility"].notna() & frame["shown"].notna()
    n = int(present.sum())
    ranks = frame["fragility"].where(present).rank(ascending=False, method="min")
    frame["method_rank"] = ranks if may_rank(n) else ranks * np.nan
    frame["n_shown"] = n
    frame["rank_class"] = [rank_class(r, n) for r in frame["method_rank"]]
    return frame


def rank_class(rank, n: int) -> str | None:
    """Tercile of the regions that have a value: ranks 1-4 / 5-8 / 9-13 out of 13.

    None (no class) without a rank or when the figure is not comparable (too few regions).
    """
    if rank is None or pd.isna(rank) or not is_comparable(n):
        return None
    if rank <= n / 3:
        return RANK_CLASSES[0]
    if rank <= 2 * n / 3:
        return RANK_CLASSES[1]
    return RANK_CLASSES[2]


# -- the domain cells of the matrix ------------------------------------------------------------

def coverage(scores: pd.DataFrame) -> dict[str, int]:
    """indicator -> how many of the 13 regions have a value."""
    present = scores.dropna(subset=["value"])
    return present.groupby("indicator_id")["region_code"].nunique().to_dict()


def composition(scores: pd.DataFrame, catalogue: pd.DataFrame, *,
                include_doubtful: bool = False) -> dict[str, list[str]]:
    """domain -> the indicators of its index (comparison_rules.index_indicators)."""
    return index_indicators(catalogue, coverage(scores), include_doubtful=include_doubtful)


def main_indicators(scores: pd.DataFrame, catalogue: pd.DataFrame,
                    used: dict[str, list[str]] | None = None) -> dict[str, str]:
    """domain -> its best covered indicator: one of the index's when it has any (most regions,
    official first, then catalogue order)."""
    order = {i: n for n, i in enumerate(catalogue["id"])}
    in_index = {i for ids in (used or {}).values() for i in ids}
    best: dict[str, tuple] = {}
    for indicator_id, rows in scores.groupby("indicator_id", sort=False):
        key = (indicator_id in in_index, int(rows["value"].notna().sum()),
               rows["kind"].iloc[0] == KIND_OFFICIAL, -order.get(indicator_id, 0))
        domain = rows["domain_id"].iloc[0]
        if domain not in best or key > best[domain][0]:
            best[domain] = (key, indicator_id)
    return {d: k[1] for d, k in best.items()}


def domain_cells(scores: pd.DataFrame, catalogue: pd.DataFrame, domain_ids: list[str],
                 method: str, *, include_doubtful: bool = False) -> pd.DataFrame:
    """13 regions x every domain under `method`, with rank, class and what the cell is made of.

    Columns: region_code, domain_id, shown, fragility, n_indicators (of the cell's set the region
    has), n_used (the set's size), n_available (indicators of the domain), complete (the region
    has the whole set), detail (the indicator named under « brut »), unit, years, kinds,
    method_rank, n_shown (regions ranked), level and rank_class.
    """
    labels = dict(zip(catalogue["id"], catalogue["label_fr"]))
    units = dict(zip(catalogue["id"], catalogue["unit"]))
    available = catalogue.groupby("domain_id")["id"].nunique().to_dict() if "domain_id" in catalogue else {}
    used = composition(scores, catalogue, include_doubtful=include_doubtful)
    if method == "brut":
        main = main_indicators(scores, catalogue, used)
        sets = {d: [i] for d, i in main.items()}
        rows = apply_method(scores[scores["indicator_id"].isin(main.values())], "brut")
        rows = rows.assign(detail=rows["indicator_id"].map(labels), unit=rows["indicator_id"].map(units))
    else:
        rows, sets = _index_rows(scores, used, method)
    grid = pd.MultiIndex.from_product([list(REGION_CODES), list(domain_ids)],
                                      names=["region_code", "domain_id"])
    present = rows.dropna(subset=["shown"])
    grouped = present.groupby(["region_code", "domain_id"]).agg(
        shown=("shown", "mean"), fragility=("fragility", "mean"), n_indicators=("shown", "size"),
        detail=("detail", "first"), unit=("unit", "first"),
        years=("year", lambda s: ", ".join(str(y) for y in sorted(set(s)))),
        kinds=("kind", lambda s: ", ".join(sorted(set(s))))).reindex(grid)
    cells = grouped.reset_index()
    cells["n_indicators"] = cells["n_indicators"].fillna(0).astype(int)
    cells["n_used"] = cells["domain_id"].map(lambda d: len(sets.get(d, []))).astype(int)
    cells["n_available"] = cells["domain_id"].map(lambda d: int(available.get(d, 0))).astype(int)
    cells["complete"] = (cells["n_used"] > 0) & (cells["n_indicators"] == cells["n_used"])
    if method != "brut":  # an incomplete region keeps no value: it is not ranked as if complete
        cells.loc[~cells["complete"], ["shown", "fragility"]] = np.nan
    for column in ("detail", "unit", "years", "kinds"):
        cells[column] = cells[column].fillna("")
    parts = [_with_level(g) for _, g in cells.groupby("domain_id", sort=False)]
    return pd.concat(parts).loc[cells.index]


def _index_rows(scores: pd.DataFrame, used: dict[str, list[str]], method: str):
    """The rows of the index's indicators under `method` (z, percentile or relative gap)."""
    wanted = {i for ids in used.values() for i in ids}
    rows = scores[scores["indicator_id"].isin(wanted)]
    if method == "ecart":  # relative to France, so that indicators of different units average
        rows = rows[rows["france_value"].notna() & (rows["france_value"] != 0)]
        sets = {d: [i for i in ids if i in set(rows["indicator_id"])] for d, ids in used.items()}
        rows = apply_method(rows, "ecart")
        france = rows["france_value"].astype(float)
        rows["shown"] = rows["fragility"] / france.abs() * 100
        rows["fragility"] = rows["shown"]
        return rows.assign(detail="", unit="%"), sets
    rows = apply_method(rows, "z" if method == "z" else "rang")
    if method == "rang":  # percentiles: ranks out of 10 and out of 13 may then be averaged
        rows["shown"] = [fragility_percentile(r, n) for r, n in zip(rows["shown"], rows["n_shown"])]
        rows["fragility"] = rows["shown"]
    return rows.assign(detail="", unit=""), used


def _with_level(cells: pd.DataFrame) -> pd.DataFrame:
    """Rank the column's regions that show a value; its level follows how many they are."""
    cells = with_rank_classes(cells)
    cells["level"] = comparison_level(int(cells["n_shown"].iloc[0]) if len(cells) else 0)
    return cells


# -- how stable are the classes across methods -----------------------------------------------

def class_table(frames: dict[str, pd.DataFrame], keys: tuple[str, ...] = ("region_code", "domain_id")
                ) -> pd.DataFrame:
    """One row per key, one column per method holding the rank class (None when not classed)."""
    table = None
    for method, frame in frames.items():
        part = frame[list(keys) + ["rank_class"]].rename(columns={"rank_class": method})
        table = part if table is None else table.merge(part, on=list(keys), how="outer")
    return table if table is not None else pd.DataFrame(columns=list(keys))


def class_changes(frames: dict[str, pd.DataFrame],
                  keys: tuple[str, ...] = ("region_code", "domain_id")) -> pd.DataFrame:
    """The rows of class_table() whose class differs between at least two methods that class it."""
    table = class_table(frames, keys)
    methods = [m for m in frames]
    if table.empty:
        return table
    def differs(row) -> bool:
        classes = {row[m] for m in methods if isinstance(row[m], str)}
        return len(classes) > 1
    return table[table.apply(differs, axis=1)].reset_index(drop=True)
