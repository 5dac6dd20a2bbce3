"""The « tableau croisé » (13 regions x 16 domains) under four methods, and rank classes.

Pure pandas, no Dash. A method says how a value is shown (`?methode=`):
- « brut »: the raw value, in the indicator's unit;
- « ecart »: the value minus the France métropolitaine value (n.d. where France has no value);
- « z »: the z-score among the regions (population standard deviation, at least 3 regions);
- « rang »: 1 = the most fragile region, ties share the best rank.
A domain has no unit of its own, so its cell under each method is (written on /sources):
- z: the domain's fragility index, the mean of its indicators' z-scores (as everywhere in the app);
- rang: the mean of its indicators' ranks (robust to one extreme region);
- ecart: the mean of its indicators' relative gaps to France, in % of the France value, oriented so
  that + = more fragile than France;
- brut: the raw value of the domain's best covered indicator (official sources first), named.
These four can rank regions differently: rank_classes() and class_changes() say where.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.indicators import MIN_REGIONS_FOR_Z, fragility_rank, standardise
from dashboard.schema import KIND_OFFICIAL, REGION_CODES

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
                "years", "kinds"]


# -- one measure (an indicator, a domain's perception…) under a method --------------------------

def apply_method(scores: pd.DataFrame, method: str, by: str = "indicator_id") -> pd.DataFrame:
    """A copy of `scores` with the value each region shows under `method`, its rank and class.

    `scores` has the columns of Model.scores that matter here: region_code, value, oriented (value
    with its sign flipped when lower is more fragile) and france_value; rows are grouped by `by`
    (one group per indicator) when that column exists. Added columns: shown (the value in the
    method's unit), fragility (higher = more fragile), method_rank (1 = most fragile among the
    regions that show a value), n_shown and rank_class (a tercile, see rank_class()).
    """
    if method not in METHODS:
        raise ValueError(f"méthode inconnue : {method}")
    out = scores.copy()
    groups = out.groupby(by, sort=False) if by in out.columns else [(None, out)]
    parts = [_apply_one(group, method) for _, group in groups]
    out = pd.concat(parts).loc[out.index] if parts else out.assign(
        shown=np.nan, fragility=np.nan, method_rank=np.nan, n_shown=0, rank_class=None)
    return out


def _apply_one(group: pd.DataFrame, method: str) -> pd.DataFrame:
    group = group.copy()
    value = group["value"].astype(float)
    oriented = group["oriented"].astype(float)
    sign = -1.0 if ((oriented == -value) & (value != 0)).any() else 1.0
    france = group["france_value"].astype(float) if "france_value" in group else np.nan
    if method == "brut":
        shown, fragility = value, oriented
    elif method == "ecart":
        shown = value - france
        fragility = sign * shown
    elif method == "z":
        shown = standardise(oriented)
        fragility = shown
    else:
        shown = fragility_rank(oriented).where(oriented.notna())
        fragility = -shown
    group["shown"] = shown
    group["fragility"] = fragility
    return with_rank_classes(group)


def with_rank_classes(frame: pd.DataFrame) -> pd.DataFrame:
    """Add method_rank (by fragility, 1 = most fragile, ties share the best), n_shown, rank_class."""
    frame = frame.copy()
    present = frame["fragility"].notna() & frame["shown"].notna()
    frame["method_rank"] = frame["fragility"].where(present).rank(ascending=False, method="min")
    frame["n_shown"] = int(present.sum())
    frame["rank_class"] = [rank_class(r, int(present.sum())) for r in frame["method_rank"]]
    return frame


def rank_class(rank, n: int) -> str | None:
    """Tercile of the regions that have a value: ranks 1-4 / 5-8 / 9-13 out of 13.

    None (no class) without a rank or with fewer than 3 regions.
    """
    if rank is None or pd.isna(rank) or n < MIN_REGIONS_FOR_Z:
        return None
    if rank <= n / 3:
        return RANK_CLASSES[0]
    if rank <= 2 * n / 3:
        return RANK_CLASSES[1]
    return RANK_CLASSES[2]


# -- the domain cells of the matrix ------------------------------------------------------------

def main_indicators(scores: pd.DataFrame, catalogue: pd.DataFrame) -> dict[str, str]:
    """domain -> its best covered indicator (most regions, official first, then catalogue order)."""
    order = {i: n for n, i in enumerate(catalogue["id"])}
    best: dict[str, tuple] = {}
    for indicator_id, rows in scores.groupby("indicator_id", sort=False):
        key = (int(rows["value"].notna().sum()), rows["kind"].iloc[0] == KIND_OFFICIAL,
               -order.get(indicator_id, 0))
        domain = rows["domain_id"].iloc[0]
        if domain not in best or key > best[domain][0]:
            best[domain] = (key, indicator_id)
    return {d: k[1] for d, k in best.items()}


def domain_cells(scores: pd.DataFrame, catalogue: pd.DataFrame, domain_ids: list[str],
                 method: str) -> pd.DataFrame:
    """13 regions x every domain under `method`, with rank, class and what the cell is made of.

    Columns: region_code, domain_id, shown, fragility, n_indicators, detail (the indicator named
    under « brut »), unit, years, kinds, method_rank, n_shown, rank_class.
    """
    labels = dict(zip(catalogue["id"], catalogue["label_fr"]))
    units = dict(zip(catalogue["id"], catalogue["unit"]))
    usable = scores[scores["n_regions"] >= MIN_REGIONS_FOR_Z]
    if method == "brut":
        main = main_indicators(scores, catalogue)
        rows = apply_method(scores[scores["indicator_id"].isin(main.values())], "brut")
        rows = rows.assign(detail=rows["indicator_id"].map(labels), unit=rows["indicator_id"].map(units))
    else:
        rows = apply_method(usable, "z" if method == "z" else "rang" if method == "rang" else "ecart")
        if method == "ecart":  # relative to France, so that indicators of different units average
            france = rows["france_value"].astype(float)
            rows["shown"] = (rows["fragility"] / france.abs() * 100).where(france != 0)
            rows["fragility"] = rows["shown"]
        rows = rows.assign(detail="", unit="%" if method == "ecart" else "")
    rows = rows.dropna(subset=["shown"])
    grouped = rows.groupby(["region_code", "domain_id"]).agg(
        shown=("shown", "mean"), fragility=("fragility", "mean"), n_indicators=("shown", "size"), detail=("detail", "first"),
        unit=("unit", "first"),
        years=("year", lambda s: ", ".join(str(y) for y in sorted(set(s)))),
        kinds=("kind", lambda s: ", ".join(sorted(set(s)))))
    grid = pd.MultiIndex.from_product([list(REGION_CODES), list(domain_ids)],
                                      names=["region_code", "domain_id"])
    cells = grouped.reindex(grid).reset_index()
    cells["n_indicators"] = cells["n_indicators"].fillna(0).astype(int)
    for column in ("detail", "unit", "years", "kinds"):
        cells[column] = cells[column].fillna("")
    parts = [with_rank_classes(g) for _, g in cells.groupby("domain_id", sort=False)]
    return pd.concat(parts).loc[cells.index]


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
