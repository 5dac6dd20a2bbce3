"""The indicator scatter (« nuage »): any measure against any other, 13 regions, Spearman's rho.

An axis is an indicator id, « indice:<domain> » (the domain's fragility index) or
« perception:<domain> » (the perceived score of a domain) or « tendance:<indicator> » (its change
over the common period, dashboard/analysis/series.py). Values go through the chosen method
(dashboard/compare.apply_method). Pure pandas and numpy: no scipy, no Dash.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.analysis.compare import apply_method, domain_cells
from dashboard.comparison_rules import coverage_note, is_comparable, may_rank, spearman_interval
from dashboard.labels import format_number, join_french
from dashboard.analysis.matrix import france_cells, france_perception
from dashboard.data.schema import FRANCE, KIND_ILLUSTRATIVE, KIND_LABELS, REGION_CODES

INDEX_PREFIX, PERCEPTION_PREFIX, TREND_PREFIX = "indice:", "perception:", "tendance:"
PERMUTATIONS, SEED = 10000, 2019
PREFERRED_AXES = ("chomage_2019", "pib_hab_2021")


@dataclass(frozen=True)
class Axis:
    key: str
    label: str          # « Taux de chômage (2019) »
    unit: str
    years: frozenset
    kinds: frozenset
    rows: pd.DataFrame  # apply_method() output for the 13 regions (shown, method_rank, rank_class…)
    france: float | None = None  # France métropolitaine on the same scale (None when it has none)

    @property
    def illustrative(self) -> bool:
        return KIND_ILLUSTRATIVE in self.kinds


def axis_options(model) -> list[dict]:
    """Every indicator (with year and kind), then each domain's index and perception."""
    options = []
    for row in model.bundle.indicators.itertuples():
        mark = "" if row.kind == "officiel" else f" · {KIND_LABELS.get(row.kind, row.kind)}"
        options.append({"label": f"{row.label_fr} ({row.year}){mark}", "value": row.id})
    for domain in model.domain_ids:
        label = model.domain_labels[domain]
        options.append({"label": f"Indice de fragilité : {label}", "value": INDEX_PREFIX + domain})
        options.append({"label": f"Perception : {label}", "value": PERCEPTION_PREFIX + domain})
    for indicator_id, (first, last) in trend_periods(model).items():
        options.append({"label": f"Évolution {first}-{last} : {model.indicator(indicator_id)['label_fr']}",
                        "value": TREND_PREFIX + indicator_id})
    return options


def trend_periods(model) -> dict[str, tuple[int, int]]:
    """indicator -> (first, last) year of its common period (at least two years covered by 10
    regions), one catalogue row per series (its latest). Kept with the Model."""
    from dashboard.analysis import series
    from dashboard.comparison_rules import series_of

    def compute():
        latest = {}
        for row in model.bundle.indicators.sort_values("year").itertuples():
            latest[(row.domain_id, series_of(row.id))] = row.id
        out = {}
        for indicator_id in latest.values():
            moved = series.change_over_common_period(model.series_points(indicator_id))
            if not moved.empty and is_comparable(int(moved["change"].notna().sum())):
                out[indicator_id] = (int(moved["first_year"].iloc[0]), int(moved["last_year"].iloc[0]))
        return out
    return model._lookup("scatter_trend_periods", compute)


def _trend_rows(model, key: str):
    """(rows, label, unit, years, kinds, France's change) of a « tendance:<indicator> » axis."""
    from dashboard.analysis import series

    indicator_id = key[len(TREND_PREFIX):]
    if indicator_id not in trend_periods(model):
        raise KeyError(key)
    info, points = model.indicator(indicator_id), model.series_points(indicator_id)
    moved = series.change_over_common_period(points)
    first, last = trend_periods(model)[indicator_id]
    france = series.values_in(points, last).get(FRANCE, np.nan) - series.values_in(points, first).get(FRANCE, np.nan)
    sign = 1.0 if bool(info["higher_is_more_fragile"]) else -1.0
    rows = moved.assign(value=moved["change"], oriented=sign * moved["change"], france_value=france)
    return (rows, f"Évolution {first}-{last} : {info['label_fr']}", str(info["unit"]), {first, last},
            {info["kind"]}, france)


def default_axes(model) -> tuple[str, str]:
    ids = model.bundle.indicators["id"].tolist()
    preferred = [i for i in PREFERRED_AXES if i in ids]
    chosen = preferred + [i for i in ids if i not in preferred]
    return (chosen[0], chosen[1]) if len(chosen) > 1 else (chosen[0], chosen[0])


def axis(model, key: str, method: str, profile: str, include_doubtful: bool = False) -> Axis:
    """The values of one axis under `method` (raises KeyError for an unknown key), kept with the
    Model (callers only read it).

    A domain's index is the matrix's (the report rows' choice included); an incomplete region
    has no index there, so it is no point here."""
    axes = model._lookup("scatter_axes", dict)
    cache_key = (key, method, profile, include_doubtful)
    if cache_key not in axes:
        axes[cache_key] = _axis(model, key, method, profile, include_doubtful)
    return axes[cache_key]


def _axis(model, key: str, method: str, profile: str, include_doubtful: bool) -> Axis:
    if key.startswith(PERCEPTION_PREFIX):
        domain = _domain(model, key, PERCEPTION_PREFIX)
        chosen = model.perception[profile]
        chosen = chosen[chosen["domain_id"] == domain]
        france = france_perception(model.bundle.perception, profile)
        reference = dict(zip(france["domain_id"], france["score"].astype(float))).get(domain, np.nan)
        rows = chosen.assign(value=chosen["score"].astype(float), oriented=chosen["score"].astype(float),
                             france_value=reference)
        label, unit = f"Perception : {model.domain_labels[domain]}", "/ 10"
        years, kinds = {int(y) for y in chosen["year"].dropna()}, set(chosen["kind"])
        france_point = france_cells(model, "perception", method, profile).get(domain)
    elif key.startswith(TREND_PREFIX):
        rows, label, unit, years, kinds, france = _trend_rows(model, key)
        france_point = _france_indicator(rows, france, method)
    elif key.startswith(INDEX_PREFIX):
        domain = _domain(model, key, INDEX_PREFIX)
        cells = index_cells(model, include_doubtful)
        cells = cells[cells["domain_id"] == domain]
        rows = cells.assign(value=cells["shown"], oriented=cells["shown"], france_value=np.nan)
        label, unit = f"Indice de fragilité : {model.domain_labels[domain]}", "écart-type"
        years = {int(y) for ys in cells["years"] if ys for y in ys.split(", ")}
        kinds = {k for ks in cells["kinds"] if ks for k in ks.split(", ")}
        france_point = (france_cells(model, "indice", "z", profile, include_doubtful).get(domain)
                        if method in ("brut", "z") else None)
    else:
        info = model.indicator(key)
        rows = model.scores[model.scores["indicator_id"] == key]
        label, unit = f"{info['label_fr']} ({info['year']})", str(info["unit"])
        years, kinds = {int(info["year"])}, {info["kind"]}
        france_point = _france_indicator(rows, model.france_value(key), method)
    shown = apply_method(rows[["region_code", "value", "oriented", "france_value"]], method, by="_")
    return Axis(key, label, unit, frozenset(years), frozenset(kinds), shown,
                None if france_point is None or pd.isna(france_point) else float(france_point))


def index_cells(model, include_doubtful: bool):
    """The domain indices in force (z-scores of complete regions), kept with the Model."""
    return model._lookup(f"scatter_index:{include_doubtful}", lambda: domain_cells(
        model.scores, model.bundle.indicators, model.domain_ids, "z", include_doubtful=include_doubtful))


def _domain(model, key: str, prefix: str) -> str:
    domain = key[len(prefix):]
    if domain not in model.domain_labels:
        raise KeyError(key)
    return domain


def _france_indicator(rows: pd.DataFrame, france, method: str):
    if france is None or pd.isna(france) or method == "rang":
        return None
    if method == "brut":
        return france
    if method == "ecart":
        return 0.0
    present = rows.dropna(subset=["oriented"])
    sign = -1.0 if ((present["oriented"] == -present["value"]) & (present["value"] != 0)).any() else 1.0
    spread = present["oriented"].std(ddof=0)
    if not is_comparable(len(present)):
        return None
    return (sign * france - present["oriented"].mean()) / spread if spread else 0.0


def points(x: Axis, y: Axis, names: dict[str, str]) -> pd.DataFrame:
    """One row per region: region_code, name, x, y (NaN where the region has no value)."""
    frame = pd.DataFrame({"region_code": list(REGION_CODES)})
    frame["name"] = frame["region_code"].map(names)
    frame["x"] = frame["region_code"].map(dict(zip(x.rows["region_code"], x.rows["shown"])))
    frame["y"] = frame["region_code"].map(dict(zip(y.rows["region_code"], y.rows["shown"])))
    return frame


# -- rank correlation ---------------------------------------------------------------------------

def spearman(x, y) -> tuple[float | None, int]:
    """(rho, n): Pearson's correlation of the average ranks, over the pairs with both values.

    rho is None with fewer than 3 pairs or when one side is constant (no order to compare).
    """
    pairs = pd.DataFrame({"x": x, "y": y}).astype(float).dropna()
    n = len(pairs)
    if n < 3:
        return None, n
    rx, ry = pairs["x"].rank(method="average"), pairs["y"].rank(method="average")
    if rx.std(ddof=0) == 0 or ry.std(ddof=0) == 0:
        return None, n
    return float(np.corrcoef(rx, ry)[0, 1]), n


def permutation_p(x, y, draws: int = PERMUTATIONS, seed: int = SEED) -> float | None:
    """Two-sided p-value of rho by permutation (reproducible seed): share of shuffles with |rho| as large."""
    pairs = pd.DataFrame({"x": x, "y": y}).astype(float).dropna()
    rho, n = spearman(pairs["x"], pairs["y"])
    if rho is None:
        return None
    rx = pairs["x"].rank(method="average").to_numpy()
    ry = pairs["y"].rank(method="average").to_numpy()
    rng = np.random.default_rng(seed)
    shuffled = rng.permuted(np.tile(ry, (draws, 1)), axis=1)
    cx, cy = rx - rx.mean(), shuffled - shuffled.mean(axis=1, keepdims=True)
    rhos = (cy @ cx) / (np.sqrt((cx ** 2).sum()) * np.sqrt((cy ** 2).sum(axis=1)))
    return float((np.sum(np.abs(rhos) >= abs(rho) - 1e-12) + 1) / (draws + 1))


def short_correlation(rho: float | None, n: int) -> str:
    """« ρ de Spearman = 0,62, IC 95 % [0,12 ; 0,87] (n = 13) », for a chart's subtitle."""
    if rho is None:
        return f"ρ de Spearman non calculable (n = {n})"
    return f"ρ de Spearman = {_signed(rho)}, IC 95 % {interval_text(spearman_interval(rho, n))} (n = {n})"


def interval_text(interval: tuple[float, float]) -> str:
    """« [−0,11 ; 0,84] » (« [intervalle non calculable] » with fewer than 4 pairs)."""
    low, high = interval
    if pd.isna(low) or pd.isna(high):
        return "[intervalle non calculable]"
    return f"[{_signed(low)}\u00a0; {_signed(high)}]"


def _signed(value: float) -> str:
    """A correlation with a true minus sign (« −0,11 »), as everywhere in the French text."""
    return format_number(value, 2).replace("-", "−")


STRENGTHS = ((0.7, "forte"), (0.4, "modérée"), (0.0, "faible"))


def strength_words(rho: float | None, interval: tuple[float, float]) -> str:
    """How strong the link is, read from the 95 % interval, not from rho alone: « liaison
    incertaine » when the interval holds 0, otherwise qualified by its bound nearest 0
    (« liaison modérée » when even that bound reaches 0,4)."""
    low, high = interval
    if rho is None or pd.isna(low) or pd.isna(high):
        return "liaison non mesurable"
    if low <= 0 <= high:
        return "liaison incertaine"
    nearest = min(abs(low), abs(high))
    word = next(w for limit, w in STRENGTHS if nearest >= limit)
    return f"liaison {word}, {'de même sens' if rho > 0 else 'de sens contraire'}"


CHANCE_NOTE = ("Parmi les nombreuses paires de mesures que l'on peut croiser ici, certaines seront "
               "corrélées par hasard : une liaison trouvée en essayant plusieurs paires est une "
               "piste à vérifier, pas une conclusion.")


def correlation_sentence(rho: float | None, n: int, p: float | None) -> str:
    if rho is None:
        return (f"Corrélation de rang de Spearman : non calculable (n = {n} région"
                f"{'s' if n > 1 else ''} avec les deux valeurs ; il en faut au moins 3, non toutes égales).")
    interval = spearman_interval(rho, n)
    text = (f"Corrélation de rang de Spearman : ρ = {_signed(rho)} (n = {n} régions), "
            f"intervalle de confiance à 95 % {interval_text(interval)} : {strength_words(rho, interval)}")
    if strength_words(rho, interval) == "liaison incertaine":
        text += " (l'intervalle contient 0 : le sens même du lien n'est pas établi)"
    text += "."
    if p is not None:
        shown = "p < 0,001" if p < 0.001 else f"p ≈ {format_number(p, 3)}"
        text += (f" Test par permutation ({format_number(PERMUTATIONS, 0)} tirages) : {shown}" + (" (peu compatible avec une absence de lien)." if p < 0.05
                                             else " (compatible avec une absence de lien)."))
    return text


def warnings(x: Axis, y: Axis, n: int) -> list[str]:
    """French warnings: fewer than 13 regions, different years, different kinds, illustrative."""
    out = []
    if x.key == y.key:
        out.append("Les deux axes montrent la même mesure : la corrélation vaut 1 par construction.")
    if n < len(REGION_CODES):
        out.append(f"Seules {n} régions sur 13 ont une valeur sur les deux axes : la corrélation "
                   "porte sur ces régions seulement.")
    if x.years and y.years and x.years != y.years:
        out.append("Les deux mesures ne portent pas sur les mêmes années ("
                   f"{_years(x.years)} contre {_years(y.years)}) : la comparaison mêle des dates.")
    if x.kinds and y.kinds and x.kinds != y.kinds:
        out.append("Les deux mesures ne sont pas de même nature ("
                   f"{_kinds(x.kinds)} contre {_kinds(y.kinds)}).")
    for side in (x, y):
        if len(side.rows) and side.rows["shown"].isna().all() and side.rows["value"].notna().any():
            n_side = int(side.rows["value"].notna().sum())
            out.append(f"{side.label} : {coverage_note(n_side)} : pas de score z ni de position sur "
                       "une échelle commune ; choisissez la valeur brute"
                       + (" ou le rang." if may_rank(n_side) else "."))
    if x.illustrative or y.illustrative:
        out.append("Un axe montre une perception illustrative (valeurs fictives de démonstration) : "
                   "cette corrélation n'a aucune valeur de résultat.")
    return out


def _years(years) -> str:
    return join_french([str(y) for y in sorted(years)])


def _kinds(kinds) -> str:
    return join_french([KIND_LABELS.get(k, k) for k in sorted(kinds)])


__all__ = ["Axis", "axis", "axis_options", "default_axes", "points", "spearman", "permutation_p",
           "correlation_sentence", "short_correlation", "strength_words", "interval_text", "warnings",
           "CHANCE_NOTE", "FRANCE"]
