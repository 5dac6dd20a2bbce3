"""The matrix's colourings (index, perception, felt-minus-measured gap, trend), its sorting and
France métropolitaine's reference row. Pure pandas: dashboard/analysis/compare.py holds the methods.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.analysis import series
from dashboard.analysis.compare import (
    CELL_COLUMNS,
    apply_method,
    composition,
    domain_cells,
    main_indicators,
)
from dashboard.comparison_rules import comparison_level, is_comparable
from dashboard.analysis.indicators import fragility_rank, quadrant
from dashboard.data.schema import FRANCE, PERCEPTION_PREFERENCE, REGION_CODES

# -- the three colourings of the matrix -------------------------------------------------------

COLOURINGS = ("indice", "perception", "ecart", "tendance")
COLOURING_LABELS = {"indice": "Indice de fragilité mesurée", "perception": "Perception (note sur 10)",
                    "ecart": "Écart ressenti − mesuré",
                    "tendance": "Tendance (évolution sur la période commune)"}
GAP_METHODS = ("z", "rang")  # the felt-minus-measured gap has no raw value and no France value
# a change is compared as a z-score or a rank only: its raw value mixes units and periods
STANDARDISED_ONLY = ("ecart", "tendance")


def france_perception(perception: pd.DataFrame, profile: str) -> pd.DataFrame:
    """The France métropolitaine perception score per domain (published, latest year first)."""
    rows = perception[(perception["region_code"] == FRANCE) & (perception["profile"] == profile)].copy()
    rows["preference"] = rows["kind"].map({k: i for i, k in enumerate(PERCEPTION_PREFERENCE)})
    rows = rows.sort_values(["preference", "year"], ascending=[True, False], na_position="last")
    return rows.drop_duplicates("domain_id")[["domain_id", "score", "year", "kind", "source"]]


def perception_cells(chosen: pd.DataFrame, france: pd.DataFrame, domain_ids: list[str],
                     method: str) -> pd.DataFrame:
    """13 regions x every domain: the perceived score (0-10, higher = felt more fragile)."""
    # France's score is a reference only from the same survey year: no 2015 value under a 2019 one
    same_year = dict(zip(zip(france["domain_id"], france["year"]), france["score"].astype(float)))
    rows = chosen.assign(value=chosen["score"].astype(float), oriented=chosen["score"].astype(float),
                         france_value=[same_year.get((d, y), float("nan"))
                                       for d, y in zip(chosen["domain_id"], chosen["year"])])
    shown = apply_method(rows, method, by="domain_id") if len(rows) else rows
    shown = shown.assign(n_indicators=1, detail=shown["source"], unit="/ 10" if method == "brut" else "",
                         years=shown["year"].astype(str), kinds=shown["kind"])
    return _grid(shown, domain_ids)


def gap_cells(felt_measured: pd.DataFrame, index: pd.DataFrame, domain_ids: list[str],
              method: str) -> pd.DataFrame:
    """Felt minus measured: gap of z-scores (« z ») or of ranks (« rang »), + = felt more fragile.

    `index` is the z-score grid of the domain indices in force (domain_cells(..., "z")), so that
    the report rows' choice reaches the gap; ranks are taken over the regions that have both sides.
    """
    objective = index.set_index(["region_code", "domain_id"])["shown"]
    rows = felt_measured.copy()
    rows["objective"] = [objective.get((r, d), np.nan) for r, d in zip(rows["region_code"], rows["domain_id"])]
    both = rows["objective"].notna() & rows["perceived"].notna()
    if method == "rang":
        ranked = rows[both]
        rows["shown"] = (ranked.groupby("domain_id")["objective"].transform(fragility_rank)
                         - ranked.groupby("domain_id")["perceived"].transform(fragility_rank))
    else:
        rows["shown"] = (rows["perceived"] - rows["objective"]).where(both)
    low = rows["perceived_low"] if "perceived_low" in rows else pd.Series(np.nan, index=rows.index)
    high = rows["perceived_high"] if "perceived_high" in rows else pd.Series(np.nan, index=rows.index)
    detail = [quadrant(o, p, lo, hi) or "" for o, p, lo, hi in zip(
        rows["objective"], rows["perceived"], low, high)]  # the neutral band, as on the home page
    rows = rows.assign(fragility=rows["shown"], n_indicators=1, detail=detail, unit="", years="",
                       kinds=rows["perception_kind"])
    cells = _grid(rows, domain_ids)
    n_column = cells.groupby("domain_id")["shown"].transform("count").astype(int)
    # a gap is no fragility: no rank class (the classes would say « felt more than measured »)
    return cells.assign(method_rank=np.nan, n_shown=n_column, rank_class=None,
                        level=[comparison_level(n) for n in n_column])


def _grid(rows: pd.DataFrame, domain_ids: list[str]) -> pd.DataFrame:
    grid = pd.MultiIndex.from_product([list(REGION_CODES), list(domain_ids)],
                                      names=["region_code", "domain_id"])
    keep = [c for c in CELL_COLUMNS + ["method_rank", "n_shown", "level", "rank_class"] if c in rows.columns]
    cells = rows[keep].drop_duplicates(["region_code", "domain_id"]).set_index(
        ["region_code", "domain_id"]).reindex(grid).reset_index()
    cells.loc[cells["shown"].isna(), "fragility"] = np.nan
    cells["n_indicators"] = cells["n_indicators"].fillna(0).astype(int)
    for column in ("detail", "unit", "years", "kinds"):
        cells[column] = cells[column].fillna("").astype(str)
    if "n_shown" in cells:  # a domain without any score keeps its level: values only
        cells["n_shown"] = cells.groupby("domain_id")["n_shown"].transform("max").fillna(0).astype(int)
        cells["level"] = [comparison_level(n) for n in cells["n_shown"]]
    return cells


def matrix_cells(model, colouring: str, method: str, profile: str,
                 include_doubtful: bool = False) -> pd.DataFrame:
    """The cells of the matrix for a Model, kept with the Model (it never changes)."""
    key = f"compare_cells:{colouring}:{method}:{profile}:{include_doubtful}"
    def compute():
        if colouring == "perception":
            return perception_cells(model.perception[profile],
                                    france_perception(model.bundle.perception, profile),
                                    model.domain_ids, method)
        if colouring == "ecart":
            return gap_cells(model.felt_measured[profile],
                             matrix_cells(model, "indice", "z", profile, include_doubtful),
                             model.domain_ids, method if method in GAP_METHODS else "z")
        if colouring == "tendance":  # the rows are already the index's: doubtful ones chosen upstream
            return domain_cells(trend_scores(model, include_doubtful), model.bundle.indicators,
                                model.domain_ids, method, include_doubtful=True)
        return domain_cells(model.scores, model.bundle.indicators, model.domain_ids, method,
                            include_doubtful=include_doubtful)
    return model._lookup(key, compute)


def effective_method(colouring: str, method: str) -> str:
    """The method actually used: the gap and the trend exist only as z-scores or ranks."""
    return method if colouring not in STANDARDISED_ONLY or method in GAP_METHODS else "z"


TREND_COLUMNS = ["region_code", "indicator_id", "domain_id", "value", "oriented", "france_value",
                 "year", "kind"]


def trend_scores(model, include_doubtful: bool = False) -> pd.DataFrame:
    """Model.scores' shape for the « tendance » colouring: each index indicator's change over its
    common period (series.change_over_common_period: first and last years covered by at least
    10 regions), oriented by higher_is_more_fragile (+ = became more fragile); `year` is the
    period (« 2016-2024 »). An indicator without two comparable years has no row. Kept with the
    Model."""
    def compute():
        rows = []
        for domain, ids in model.index_composition(include_doubtful).items():
            for indicator_id in ids:
                points = model.series_points(indicator_id)
                moved = series.change_over_common_period(points)
                if moved.empty:
                    continue
                info = model.indicator(indicator_id)
                sign = 1.0 if bool(info["higher_is_more_fragile"]) else -1.0
                first, last = int(moved["first_year"].iloc[0]), int(moved["last_year"].iloc[0])
                france = (series.values_in(points, last).get(FRANCE, np.nan)
                          - series.values_in(points, first).get(FRANCE, np.nan))
                for row in moved.itertuples():
                    rows.append(dict(region_code=row.region_code, indicator_id=indicator_id, domain_id=domain,
                                     value=row.change, oriented=sign * row.change, france_value=france,
                                     year=f"{first}-{last}", kind=info["kind"]))
        return pd.DataFrame(rows, columns=TREND_COLUMNS)
    return model._lookup(f"trend_scores:{include_doubtful}", compute)


# -- sorting ------------------------------------------------------------------------------------

def order_regions(cells: pd.DataFrame, names: dict[str, str], sort: str) -> list[str]:
    """Rows: by name, by mean over the domains, or by one domain (most fragile first, n.d. last)."""
    codes = sorted(REGION_CODES, key=lambda c: names.get(c, c))
    if sort == "nom":
        return codes
    pick = cells if sort == "moyenne" else cells[cells["domain_id"] == sort]
    key = pick.groupby("region_code")["fragility"].mean()
    return sorted(codes, key=lambda c: (pd.isna(key.get(c)), -(key.get(c) or 0)
                                        if not pd.isna(key.get(c)) else 0))


def order_domains(cells: pd.DataFrame, domain_ids: list[str], sort: str) -> list[str]:
    """Columns: file order (by family), by coverage, or by one region's row (most fragile first)."""
    if sort == "ordre":
        return list(domain_ids)
    if sort == "couverture":
        counts = cells.dropna(subset=["shown"]).groupby("domain_id").size()
        return sorted(domain_ids, key=lambda d: -int(counts.get(d, 0)))
    row = cells[cells["region_code"] == sort].set_index("domain_id")["fragility"]
    return sorted(domain_ids, key=lambda d: (pd.isna(row.get(d)), -(row.get(d) or 0)
                                             if not pd.isna(row.get(d)) else 0))


# -- France métropolitaine, the reference row (when it is in the basket) -----------------------

def france_cells(model, colouring: str, method: str, profile: str,
                 include_doubtful: bool = False) -> dict[str, float]:
    """domain -> France's value under `method`, placed on the regions' scale (not ranked).

    The same rules as the regions': a z-score only on a comparable scale, a domain value only
    when France has every indicator of the domain's index (else n.d.). Kept with the Model."""
    key = f"compare_france:{colouring}:{method}:{profile}:{include_doubtful}"
    return model._lookup(key, lambda: _france_cells(model, colouring, method, profile, include_doubtful))


def _france_cells(model, colouring: str, method: str, profile: str,
                  include_doubtful: bool) -> dict[str, float]:
    if colouring == "ecart" or method == "rang":
        return {}  # France is not one of the ranked regions; its felt-measured gap is not computed
    if colouring == "perception":
        france = france_perception(model.bundle.perception, profile)
        chosen = model.perception[profile]
        years = dict(zip(france["domain_id"], france["year"]))
        # France is a reference only for the same survey year as the regions' scores
        same_year = {d for d, rows in chosen.groupby("domain_id")
                     if set(rows["year"].dropna()) == {years.get(d)}}
        scores = {d: s for d, s in zip(france["domain_id"], france["score"].astype(float)) if d in same_year}
        if method != "z":
            return {d: (0.0 if method == "ecart" else s) for d, s in scores.items()}
        out = {}
        for domain, rows in chosen.groupby("domain_id"):
            spread = rows["score"].astype(float).std(ddof=0)
            if domain in scores and is_comparable(len(rows)) and spread:
                out[domain] = (scores[domain] - rows["score"].astype(float).mean()) / spread
        return out
    scores = trend_scores(model, include_doubtful) if colouring == "tendance" else model.scores
    used = composition(scores, model.bundle.indicators,
                       include_doubtful=include_doubtful or colouring == "tendance")
    if method == "brut":
        main = main_indicators(scores, model.bundle.indicators, used)
        first = scores.drop_duplicates("indicator_id").set_index("indicator_id")
        return {d: float(first.loc[i, "france_value"]) for d, i in main.items()
                if not pd.isna(first.loc[i, "france_value"])}
    by_indicator = dict(tuple(scores.groupby("indicator_id", sort=False)))
    out = {}
    for domain, ids in used.items():
        values = [france_z(by_indicator[i]) for i in ids]
        if method == "ecart":  # France against itself, over the indicators where it has a value
            out[domain] = 0.0 if any(not pd.isna(v) for v in values) else np.nan
        elif ids and not any(pd.isna(v) for v in values):
            out[domain] = float(np.mean(values))
    return {d: v for d, v in out.items() if not pd.isna(v)}


def france_z(rows: pd.DataFrame) -> float:
    """France métropolitaine's z-score on one indicator's regional scale (NaN unless comparable)."""
    present = rows.dropna(subset=["oriented"])
    france = rows["france_value"].iloc[0] if len(rows) else np.nan
    if pd.isna(france) or not is_comparable(len(present)):
        return np.nan
    sign = -1.0 if ((present["oriented"] == -present["value"]) & (present["value"] != 0)).any() else 1.0
    spread = present["oriented"].std(ddof=0)
    return (sign * france - present["oriented"].mean()) / spread if spread else 0.0
