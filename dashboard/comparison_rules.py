"""The comparison rules, in one place: when a figure may be standardised, ranked, coloured or
classed, how a domain index is composed, and where « proche de la moyenne » begins.

Every view (home, region view, workshop, PDF, /comparer, exports) asks this module; /sources
explains the same rules with the settings' values (`rules_settings()`). Pure Python, no Dash.

- An indicator is **comparable** (z-score, colour scale, rank class, « parmi les plus fragiles »)
  only when at least MIN_REGIONS_COMPARABLE of the 13 regions have a value.
- With MIN_REGIONS_FOR_RANK to MIN_REGIONS_COMPARABLE - 1 regions it is a **partial comparison**:
  values and a rank « x / n » with its real n, never coloured on a common scale, never in an index.
- Below MIN_REGIONS_FOR_RANK: values only.
- A domain index uses the same eligible indicators for every region it ranks (comparable, not
  « douteuse », the latest comparable year of a series); a region lacking one of them gets no index
  (« indice incomplet »), it is not ranked as if complete.
- A series' « current » year is its latest year covered by MIN_REGIONS_COMPARABLE regions
  (`current_year`), not the latest year of any single region.
- A standardised position within ±NEUTRAL_BAND standard deviations of the regional mean is
  « proche de la moyenne »: no quadrant, no « angle mort ».
"""

from __future__ import annotations

import math
import re

import pandas as pd

from dashboard.data.schema import REGION_CODES
from dashboard.labels import is_missing

MIN_REGIONS_COMPARABLE = 10   # of 13: standardised, coloured, classed, enters a domain index
MIN_REGIONS_FOR_RANK = 3      # below, values only (two values always give z = ±1)
NEUTRAL_BAND = 0.25           # standard deviations around the regional mean: « proche de la moyenne »
TOTAL_REGIONS = 13
DOUBTFUL = "douteuse"         # `fiabilite` of a report row that does not mean what its domain suggests
Z_95 = 1.959963984540054      # two-sided 95 % normal quantile
SCORE_MAX_SD = 5.0            # largest possible standard deviation of a 0-10 score (half at 0, half at 10)
SMALL_SAMPLE = 30             # below this effectif a perception score is flagged « effectif faible »

LEVEL_COMPARABLE = "comparable"
LEVEL_PARTIAL = "partielle"
LEVEL_VALUES = "valeurs seules"

NEAR_AVERAGE = "proche de la moyenne"
MOST_FRAGILE_WORDS = "parmi les 3 régions les plus fragiles"
LEAST_FRAGILE_WORDS = "parmi les 3 régions les moins fragiles"
MORE_FRAGILE_WORDS = "plus fragile que la moyenne"
LESS_FRAGILE_WORDS = "moins fragile que la moyenne"
TOP_COUNT = 3                 # « parmi les 3 régions les plus fragiles »


# -- coverage --------------------------------------------------------------------------------

def comparison_level(n_regions) -> str:
    """« comparable » (>= 10 regions), « partielle » (3-9) or « valeurs seules » (< 3)."""
    n = 0 if n_regions is None or pd.isna(n_regions) else int(n_regions)
    if n >= MIN_REGIONS_COMPARABLE:
        return LEVEL_COMPARABLE
    if n >= MIN_REGIONS_FOR_RANK:
        return LEVEL_PARTIAL
    return LEVEL_VALUES


def is_comparable(n_regions) -> bool:
    return comparison_level(n_regions) == LEVEL_COMPARABLE


def may_rank(n_regions) -> bool:
    return comparison_level(n_regions) != LEVEL_VALUES


def partial_label(n_regions) -> str:
    """The mark of a partial comparison: « comparaison partielle (3 régions) »."""
    return f"comparaison partielle ({int(n_regions)} régions)"


def coverage_note(n_regions) -> str:
    """What a reader must know about an indicator's coverage, in French ("" when comparable)."""
    level = comparison_level(n_regions)
    if level == LEVEL_COMPARABLE:
        return ""
    if level == LEVEL_PARTIAL:
        return partial_label(n_regions)
    n = int(n_regions or 0)
    return f"valeur seule ({n} région{'s' if n > 1 else ''} : pas de classement)"


# -- ranks ----------------------------------------------------------------------------------

def rank_label(rank, n_regions) -> str | None:
    """The one way a rank is written anywhere: « 1re / 3 », « 9e / 13 »; None when it may not be
    shown (no rank, or fewer than MIN_REGIONS_FOR_RANK regions)."""
    if rank is None or pd.isna(rank) or not may_rank(n_regions):
        return None
    rank = int(rank)
    return f"{rank}{'re' if rank == 1 else 'e'}\u00a0/\u00a0{int(n_regions)}"


def fragility_percentile(rank, n_regions) -> float:
    """A rank as a share of the way from least (0) to most (100) fragile, so that ranks taken out
    of different totals can be averaged: 1re / 3 and 1re / 13 both give 100."""
    if rank is None or pd.isna(rank) or not may_rank(n_regions):
        return math.nan
    n = int(n_regions)
    return 100.0 * (n - float(rank)) / (n - 1)


def standing_words(rank, n_regions, z=None) -> str | None:
    """Where a region stands, in plain words for élus (standard deviations stay in tooltips).

    Only for a comparable figure (None otherwise). Inside the neutral band: « proche de la
    moyenne » (as on the quadrant); else « parmi les 3 régions les plus (moins) fragiles » by rank
    when the side agrees, or « plus (moins) fragile que la moyenne » by the side of the mean —
    the same side the quadrant uses, so a view never calls « proche de la moyenne » a cell the
    quadrant places in « alerte partagée »."""
    if rank is None or pd.isna(rank) or not is_comparable(n_regions):
        return None
    rank, n = int(rank), int(n_regions)
    side = side_of_average(z) if z is not None and not pd.isna(z) else (
        1 if rank <= TOP_COUNT else -1 if rank > n - TOP_COUNT else 0)
    if side == 0:
        return NEAR_AVERAGE
    if side > 0:
        return MOST_FRAGILE_WORDS if rank <= TOP_COUNT else MORE_FRAGILE_WORDS
    return LEAST_FRAGILE_WORDS if rank > n - TOP_COUNT else LESS_FRAGILE_WORDS


def is_marked(rank, n_regions, z, fragile: bool) -> bool:
    """A « most marked » fragility (or strength) of a region: comparable, beyond the neutral band
    and in the more (less) fragile half of the regions."""
    if rank is None or pd.isna(rank) or not is_comparable(n_regions) or z is None or pd.isna(z):
        return False
    middle = (int(n_regions) + 1) / 2
    if fragile:
        return side_of_average(z) > 0 and rank < middle
    return side_of_average(z) < 0 and rank > middle


# -- neutral band ---------------------------------------------------------------------------

def side_of_average(z, low=None, high=None) -> int:
    """+1 above the neutral band, -1 below, 0 inside it (or missing). With an interval
    [low, high], the side is only given when the whole interval is outside the band."""
    if z is None or pd.isna(z):
        return 0
    low = z if low is None or pd.isna(low) else low
    high = z if high is None or pd.isna(high) else high
    if min(z, low) > NEUTRAL_BAND:
        return 1
    if max(z, high) < -NEUTRAL_BAND:
        return -1
    return 0


# -- domain index composition ---------------------------------------------------------------

_YEAR_SUFFIX = re.compile(r"_(19|20)\d\d$")


def series_of(indicator_id: str) -> str:
    """Indicators that differ only by a trailing year are one series (taux_pauvrete_2018/_2020)."""
    return _YEAR_SUFFIX.sub("", indicator_id)


def index_indicators(catalogue: pd.DataFrame, coverage: dict[str, int], *,
                     include_doubtful: bool = False) -> dict[str, list[str]]:
    """domain -> the indicators its index uses, the same for every region it ranks.

    An indicator enters when it is comparable (coverage[id] >= MIN_REGIONS_COMPARABLE), is not
    « douteuse » (unless `include_doubtful`), and is the latest comparable year of its series
    (two years of one series would count it twice and mix years in one score).
    """
    reliability = catalogue["fiabilite"] if "fiabilite" in catalogue else pd.Series("", index=catalogue.index)
    chosen: dict[tuple[str, str], tuple[int, str]] = {}
    for row, fiabilite in zip(catalogue.itertuples(), reliability):
        if not is_comparable(coverage.get(row.id, 0)):
            continue
        if not include_doubtful and str(fiabilite).strip().lower() == DOUBTFUL:
            continue
        key = (row.domain_id, series_of(row.id))
        year = int(row.year)
        if key not in chosen or year > chosen[key][0]:
            chosen[key] = (year, row.id)
    out: dict[str, list[str]] = {}
    for row in catalogue.itertuples():  # catalogue order
        key = (row.domain_id, series_of(row.id))
        if key in chosen and chosen[key][1] == row.id:
            out.setdefault(row.domain_id, []).append(row.id)
    return out


def indicator_count_label(used: int, available: int) -> str:
    """« 2 indicateurs sur 3 » (used in the index / indicators of the domain)."""
    return f"{used} indicateur{'s' if used > 1 else ''} sur {available}"


# -- uncertainty ----------------------------------------------------------------------------

def score_interval(score, n, sd=None) -> tuple[float, float]:
    """95 % interval of a mean 0-10 score from `n` answers: with the survey's standard deviation
    `sd` when known, else the largest possible spread of a 0-10 score (SCORE_MAX_SD = 5), which
    can only make the interval wider. (nan, nan) without an effectif."""
    if score is None or pd.isna(score) or n is None or pd.isna(n) or int(n) < 2:
        return (math.nan, math.nan)
    spread = SCORE_MAX_SD if sd is None or pd.isna(sd) else float(sd)
    half = Z_95 * spread / math.sqrt(int(n))
    return (max(0.0, float(score) - half), min(10.0, float(score) + half))


def is_small_sample(n) -> bool:
    return n is not None and not pd.isna(n) and int(n) < SMALL_SAMPLE


def spearman_interval(rho, n) -> tuple[float, float]:
    """95 % interval of Spearman's rho: Fisher z with the Bonett-Wright standard error
    sqrt((1 + rho²/2) / (n - 3)). (nan, nan) with fewer than 4 pairs."""
    if rho is None or pd.isna(rho) or n is None or int(n) < 4:
        return (math.nan, math.nan)
    rho = max(min(float(rho), 0.999999), -0.999999)
    centre = math.atanh(rho)
    half = Z_95 * math.sqrt((1 + rho * rho / 2) / (int(n) - 3))
    return (math.tanh(centre - half), math.tanh(centre + half))


def rules_settings() -> list[tuple[str, str]]:
    """The settings' values, in French, for /sources."""
    return [
        ("Régions nécessaires pour comparer", f"{MIN_REGIONS_COMPARABLE} sur {TOTAL_REGIONS}"),
        ("Régions nécessaires pour un rang", f"{MIN_REGIONS_FOR_RANK}"),
        ("Bande « proche de la moyenne »", f"±\u00a0{NEUTRAL_BAND:.2f}".replace(".", ",") + " écart-type"),
        ("Effectif faible", f"moins de {SMALL_SAMPLE} répondants"),
    ]


# -- a series' « current » year: the latest one the rules allow to compare -----------------------

def coverage_by_year(points: pd.DataFrame) -> dict[int, int]:
    """year -> how many of the 13 regions have a value (France métropolitaine not counted)."""
    regional = points[points["region_code"].isin(REGION_CODES)]
    regional = regional[regional["value"].map(lambda v: not is_missing(v) and v != "")]
    counts = regional.groupby("year")["region_code"].nunique()
    return {int(year): int(n) for year, n in counts.items()}


def current_year(coverage: dict[int, int]) -> int | None:
    """The latest year covered by at least MIN_REGIONS_COMPARABLE regions; without one, the latest
    year (None for an empty series)."""
    if not coverage:
        return None
    covered = [y for y, n in coverage.items() if is_comparable(n)]
    return max(covered or coverage)
