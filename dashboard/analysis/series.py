"""Indicators as series (issue 14): coverage per year, the « current » year, change since the first
year, the gap to France widening or narrowing, change over a common period, and a small trend line.

Pure Python, no Dash. A series is the values of one indicator per region and year
(data/series_values.csv, plus each catalogue row's own year). The « current » year of a series is
its latest year covered by at least MIN_REGIONS_COMPARABLE regions (dashboard/comparison_rules.py),
never the latest year of a single region. Missing stays missing: no year is filled in.
"""

from __future__ import annotations

import math
from urllib.parse import quote

import pandas as pd

from dashboard import comparison_rules as rules
from dashboard.comparison_rules import coverage_by_year, current_year  # noqa: F401  (series' own words)
from dashboard.labels import format_number, is_missing
from dashboard.data.schema import FRANCE, KIND_ILLUSTRATIVE, PERCEPTION_PREFERENCE, REGION_CODES

MIN_YEARS_FOR_TREND = 3   # fewer years: no trend line, no sentence (two points say little)
FRANCE_NAME = "France métropolitaine"
SERIES_COLUMNS = ["region_code", "year", "value"]


def values_in(points: pd.DataFrame, year: int) -> dict[str, float]:
    """region code -> value in `year` (regions and France)."""
    rows = points[points["year"] == year]
    return dict(zip(rows["region_code"], rows["value"].astype(float)))


def points_of(points: pd.DataFrame, region: str) -> list[tuple[int, float]]:
    """[(year, value)] of one region, oldest first, missing years left out."""
    rows = points[(points["region_code"] == region)].dropna(subset=["value"]).sort_values("year")
    return [(int(y), float(v)) for y, v in zip(rows["year"], rows["value"])]


# -- change and gap to France --------------------------------------------------------------------

def change(points: list[tuple[int, float]]) -> dict | None:
    """Change from the first to the last year: first/last year and value, `change` in the unit,
    `percent` (NaN when the first value is 0). None with fewer than 2 points."""
    if len(points) < 2:
        return None
    (first_year, first), (last_year, last) = points[0], points[-1]
    percent = (last - first) / abs(first) * 100 if first else math.nan
    return dict(first_year=first_year, last_year=last_year, first=first, last=last, change=last - first,
                percent=percent)


WIDENED, NARROWED, STABLE = "creusé", "resserré", "stable"


def gap_to_france(region: list[tuple[int, float]], france: list[tuple[int, float]]) -> dict | None:
    """The gap region − France in the first and last years both have: `first`, `last` (in the
    unit), years, and `trend`: « creusé » when |gap| grew, « resserré » when it shrank, « stable »
    when equal at the precision shown. None with fewer than 2 common years."""
    france_by_year = dict(france)
    common = [(y, v - france_by_year[y]) for y, v in region if y in france_by_year]
    if len(common) < 2:
        return None
    (first_year, first), (last_year, last) = common[0], common[-1]
    decimals = max(change_decimals(first), change_decimals(last))
    before, after = round(abs(first), decimals), round(abs(last), decimals)
    trend = STABLE if before == after else WIDENED if after > before else NARROWED
    return dict(first_year=first_year, last_year=last_year, first=first, last=last, trend=trend)


def signed(value: float, unit: str, decimals: int | None = None) -> str:
    """« +0,4 point », « −12,3 % », « +0,25 victime pour 1 000 habitants » (French typography: the
    minus sign, a no-break space before the unit, « point » for a rate in %)."""
    if is_missing(value):
        return format_number(value)
    decimals = change_decimals(value) if decimals is None else decimals
    sign = "+" if value > 0 else "−" if value < 0 else ""
    text = sign + format_number(abs(value), decimals)
    if unit.startswith("%"):
        unit = "points"
    if unit and abs(round(value, decimals)) < 2:
        unit = singular(unit)
    return f"{text}\u00a0{unit}" if unit else text


def change_decimals(value: float) -> int:
    """Enough decimals for a small change to show (0,004 is not « +0,00 »)."""
    magnitude = round(abs(value), 9)
    if magnitude >= 10000:
        return 0
    if magnitude >= 0.1 or magnitude == 0:
        return 1
    return 2 if magnitude >= 0.01 else 3


def singular(unit: str) -> str:
    """French: under 2, « victimes pour 1 000 habitants » -> « victime pour 1 000 habitants »."""
    for joint in (" pour ", " par ", " parmi "):
        if joint in unit:
            head, _, tail = unit.partition(joint)
            return singular(head) + joint + tail
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in unit.split(" "))


def percent_text(value: float) -> str:
    return signed(value, "", 1) + "\u00a0%" if not is_missing(value) else "évolution en % non calculable"


def trend_sentence(name: str, unit: str, moved: dict | None, gap: dict | None) -> str:
    """« Bretagne : −0,30 infraction pour 1 000 logements (−9,4 %) de 2016 à 2024 ; l'écart à la
    France métropolitaine s'est resserré (−1,02 en 2016, −0,71 en 2024). »"""
    if moved is None:
        return f"{name} : une seule année disponible, pas d'évolution."
    text = (f"{name} : {signed(moved['change'], unit)} ({percent_text(moved['percent'])}) de "
            f"{moved['first_year']} à {moved['last_year']}")
    if gap is None:
        return text + f" ; écart à la {FRANCE_NAME} non calculable (années communes insuffisantes)."
    shown = (f"{signed(gap['first'], '')} en {gap['first_year']}, "
             f"{signed(gap['last'], '')} en {gap['last_year']}")
    if gap["trend"] == STABLE:
        return text + f" ; l'écart à la {FRANCE_NAME} est stable ({shown})."
    return text + f" ; l'écart à la {FRANCE_NAME} s'est {gap['trend']} ({shown})."


def trend(points: pd.DataFrame, region: str, name: str, unit: str) -> dict | None:
    """A region's series against France: points, change, gap and sentence; None under
    MIN_YEARS_FOR_TREND years for the region."""
    mine, france = points_of(points, region), points_of(points, FRANCE)
    if len(mine) < MIN_YEARS_FOR_TREND:
        return None
    moved, gap = change(mine), gap_to_france(mine, france)
    return dict(region=mine, france=france, change=moved, gap=gap,
                sentence=trend_sentence(name, unit, moved, gap))


# -- change over a common period (the /comparer « tendance » measure) -------------------------------

def change_over_common_period(points: pd.DataFrame) -> pd.DataFrame:
    """Each region's change between the first and the last year covered by at least
    MIN_REGIONS_COMPARABLE regions (the common period), so that changes are compared over the same
    years. Columns: region_code, first_year, last_year, first, last, change, percent (NaN for a
    region lacking either year). Empty when fewer than two years are comparable."""
    coverage = coverage_by_year(points)
    years = sorted(y for y, n in coverage.items() if rules.is_comparable(n))
    columns = ["region_code", "first_year", "last_year", "first", "last", "change", "percent"]
    if len(years) < 2:
        return pd.DataFrame(columns=columns)
    first_year, last_year = years[0], years[-1]
    start, end = values_in(points, first_year), values_in(points, last_year)
    rows = []
    for code in REGION_CODES:
        a, b = start.get(code, math.nan), end.get(code, math.nan)
        rows.append(dict(region_code=code, first_year=first_year, last_year=last_year, first=a, last=b,
                         change=b - a, percent=(b - a) / abs(a) * 100 if a else math.nan))
    return pd.DataFrame(rows, columns=columns)


# -- breaks -------------------------------------------------------------------------------------

def breaks(members: pd.DataFrame) -> list[str]:
    """Where a series' definition changes (catalogue rows of one series with another label or
    unit), in French: each change splits the series."""
    out = []
    rows = members.sort_values("year").to_dict("records")
    for before, after in zip(rows, rows[1:]):
        if (before["label_fr"], before["unit"]) != (after["label_fr"], after["unit"]):
            out.append(f"rupture entre {before['year']} et {after['year']} : « {before['label_fr']} » "
                       f"({before['unit']}) puis « {after['label_fr']} » ({after['unit']})")
    return out


# -- small trend lines ----------------------------------------------------------------------------

REGION_COLOUR, FRANCE_COLOUR = "#d95f02", "#4d4d4d"   # the region's orange, France's dark grey


def trend_figure(item: dict, *, region_name: str, unit: str, title: str = "", height: int = 220) -> dict:
    """A small plotly line chart (plain dict) of a region against France métropolitaine, for the
    workshop step « Évolution » and the PDF's trend lines. `item` is a trend() result."""
    def line(points, name, colour, dash):
        return {"type": "scatter", "mode": "lines+markers", "name": name,
                "x": [y for y, _ in points], "y": [round(v, 4) for _, v in points],
                "line": {"color": colour, "width": 3, "dash": dash}, "marker": {"size": 6},
                "hovertemplate": f"<b>{name}</b><br>%{{x}} : %{{y}} {unit}<extra></extra>"}
    return {
        "data": [line(item["region"], region_name, REGION_COLOUR, "solid"),
                 line(item["france"], FRANCE_NAME, FRANCE_COLOUR, "dot")],
        "layout": {"title": {"text": title}, "height": height, "separators": ",\u202f",
                   "margin": {"l": 50, "r": 10, "t": 40 if title else 10, "b": 30},
                   "xaxis": {"dtick": 1, "tickformat": "d"}, "yaxis": {"title": {"text": unit}},
                   "legend": {"orientation": "h", "y": -0.2}, "font": {"size": 13}},
    }


def sparkline_svg(item: dict, width: int = 140, height: int = 40) -> str:
    """The same trend line as a tiny SVG (region: solid orange; France: dotted grey), light enough
    for every indicator of the region view."""
    values = [v for _, v in item["region"] + item["france"]]
    years = [y for y, _ in item["region"] + item["france"]]
    low, high, first, last = min(values), max(values), min(years), max(years)
    span, spread = (last - first) or 1, (high - low) or 1.0

    def path(points):
        return " ".join(f"{3 + (y - first) / span * (width - 6):.1f},{height - 3 - (v - low) / spread * (height - 6):.1f}"
                        for y, v in points)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">'
            f'<polyline fill="none" stroke="{FRANCE_COLOUR}" stroke-width="1.5" stroke-dasharray="3 2" '
            f'points="{path(item["france"])}"/>'
            f'<polyline fill="none" stroke="{REGION_COLOUR}" stroke-width="2.5" points="{path(item["region"])}"/>'
            "</svg>")


def sparkline_uri(item: dict) -> str:
    return "data:image/svg+xml;charset=utf-8," + quote(sparkline_svg(item))


# -- perception as a series ---------------------------------------------------------------------
# One survey question asked in several years (PHARE-Citoyens 2015, IMPACT-Citoyens 2019; an import
# of several years) is one series per territory, domain and profile. Two different surveys are not
# one measurement: a change of source is a break (« rupture de série »), said with the change.

SURVEY_BREAK = ("rupture de série : deux enquêtes différentes ({sources}), dont l'échantillon et la "
                "méthode diffèrent ; l'évolution n'est qu'indicative")


def perception_points(perception: pd.DataFrame, region: str, domain_id: str, profile: str) -> list[dict]:
    """The years of one perception score, oldest first: [{year, score, source, kind}]. Only rows with
    a year, of the kind of the score shown (imported, else published); illustrative scores are never
    a series (a change between invented values would be invented too). One row a year."""
    rows = perception[(perception["region_code"] == region) & (perception["domain_id"] == domain_id)
                      & (perception["profile"] == profile) & perception["year"].notna()
                      & (perception["kind"] != KIND_ILLUSTRATIVE)]
    if rows.empty:
        return []
    preference = {k: i for i, k in enumerate(PERCEPTION_PREFERENCE)}
    kind = min(rows["kind"], key=lambda k: preference.get(k, len(preference)))
    rows = rows[rows["kind"] == kind].drop_duplicates("year", keep="last").sort_values("year")
    return [dict(year=int(y), score=float(s), source=str(src), kind=str(k))
            for y, s, src, k in zip(rows["year"], rows["score"], rows["source"], rows["kind"])]


def perception_change(points: list[dict]) -> dict | None:
    """The change of a perception score from its first to its last year (points of
    perception_points): years, scores, change in points, and `break_` (the French caveat when the
    two years come from different surveys, else ""). None with fewer than 2 years."""
    if len(points) < 2:
        return None
    first, last = points[0], points[-1]
    sources = []
    for point in points:
        if point["source"] not in sources:
            sources.append(point["source"])
    caveat = SURVEY_BREAK.format(sources=" puis ".join(f"{p['source']} {p['year']}" for p in points)) \
        if len(sources) > 1 else ""
    return dict(first_year=first["year"], last_year=last["year"], first=first["score"],
                last=last["score"], change=last["score"] - first["score"], break_=caveat,
                points=points)


def perception_sentence(name: str, moved: dict) -> str:
    """« France métropolitaine : 7,1 / 10 en 2015, 6,4 / 10 en 2019, soit −0,7 point ; rupture de
    série : … »; the change in points of the 0-10 scale (never in percent)."""
    scores = ", ".join(f"{format_number(p['score'], 1)}\u00a0/\u00a010 en {p['year']}" for p in moved["points"])
    text = f"{name} : {scores}, soit {signed(moved['change'], 'points', 1)}"
    return text + (f" ; {moved['break_']}." if moved["break_"] else ".")
