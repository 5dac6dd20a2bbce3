"""One look for every chart: colour-blind-safe palettes, large legible fonts, French separators."""

from __future__ import annotations

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
ACCENT = "#b35806"      # orange-brown: « more fragile » across the app
SECONDARY = "#542788"   # purple: the perceived side (orange/purple is safe for colour-blind viewers)
SELECTED = "#000000"
PINNED = "#0b5394"      # dark blue outline: a region of the comparison basket
MISSING = "#b0b0b0"
PARTIAL = "#e8dccf"      # pale: a value shown, but a partial comparison (no common colour scale)
NEUTRAL_BAND = "rgba(0,0,0,0.07)"  # « proche de la moyenne » on the quadrant
WARNING = "#8a5a00"
# PuOr from ColorBrewer (colour-blind safe): purple = less fragile, orange = more fragile
DIVERGING = [[0.0, "#542788"], [0.25, "#998ec3"], [0.5, "#f7f7f7"], [0.75, "#f1a340"], [1.0, "#b35806"]]
# ColorBrewer Oranges (luminance carries the order, readable in grey and on a projector)
SEQUENTIAL = [[0.0, "#feedde"], [0.25, "#fdbe85"], [0.5, "#fd8d3c"], [0.75, "#e6550d"], [1.0, "#a63603"]]
QUADRANT_COLOURS = {
    "alerte partagée": "#a63603",
    "angle mort": "#7f3b08",
    "fragilité ressentie": "#542788",
    "atout partagé": "#2d6a4f",
}


def base_layout(font_size: int = 14) -> dict:
    return {
        "separators": ",\u202f",
        "font": {"family": FONT, "size": font_size, "color": "#212529"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "hoverlabel": {"font": {"size": 15}},
    }
