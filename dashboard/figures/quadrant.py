"""The felt-versus-measured quadrant of one region: one labelled point per domain, four named
quadrants, the neutral band; labels placed clear of each other, for a wide screen or a phone.

Pure: a frame in, a plotly figure dict out (see dashboard/figures/charts.py for why dicts).
"""

from __future__ import annotations

import pandas as pd

from dashboard import comparison_rules as rules
from dashboard.data.schema import DEFAULT_PROFILE, KIND_ILLUSTRATIVE, KIND_IMPORTED, QUADRANT_NEAR_AVERAGE, QUADRANTS
from dashboard.figures import theme
from dashboard.figures.charts import felt_by, illustrative_annotation, imported_annotation
from dashboard.figures.label_placement import NARROW_LINE_CHARS, drawn, label_positions
from dashboard.labels import count, format_number, wrap_words

NARROW_FONT = 11   # a phone: smaller names

def build_quadrant(points: pd.DataFrame, *, region_name: str, illustrative: bool,
                   profile: str = DEFAULT_PROFILE, narrow: bool = False) -> dict:
    """Felt versus measured for one region: one point per domain, four named quadrants.

    `points` columns: label, objective, perceived, quadrant, perception_kind. `narrow`: drawn for
    a phone (about 250 px of plot): labels on two lines in a smaller font, and a label with no
    free place left out (its point's hover and the table under the chart name it).
    """
    present = points.dropna(subset=["objective", "perceived"]).copy()
    hollow = present["perception_kind"] == KIND_ILLUSTRATIVE
    limit = max(2.0, float(present[["objective", "perceived"]].abs().max().max() or 0) + 0.4)
    if narrow:
        present["name"] = present["label"]
        present["label"] = [wrap_words(label, NARROW_LINE_CHARS) for label in present["label"]]
    positions = quadrant_label_positions(present, limit, narrow)   # None: left out (a phone)
    present["shown"], present["position"] = drawn(present["label"], positions)
    font = NARROW_FONT if narrow else 13
    traces = []
    for is_hollow, group in present.groupby(hollow):
        traces.append({
            "type": "scatter", "mode": "markers+text", "x": group["objective"].round(2).tolist(),
            "y": group["perceived"].round(2).tolist(), "text": group["shown"].tolist(),
            "customdata": group.get("name", group["label"]).tolist(),
            "textposition": group["position"].tolist(), "textfont": {"size": font},
            "name": "perception illustrative" if is_hollow else "perception mesurée",
            # an open symbol is stroked with marker.color: hollow = illustrative perception
            "marker": {"size": 16, "color": theme.ACCENT, "line": {"color": theme.ACCENT, "width": 3},
                       "symbol": "circle-open" if is_hollow else "circle"},
            "hovertemplate": "<b>%{customdata}</b><br>mesure : %{x:.2f}<br>perception : %{y:.2f}<extra></extra>",
        })
    corners = [(1, 1), (1, -1), (-1, 1), (-1, -1)]
    band = rules.NEUTRAL_BAND
    # the neutral band on each axis: a point inside it is « proche de la moyenne », in no quadrant
    shapes = [{"type": "rect", "xref": "x", "yref": "y", "x0": -band, "x1": band, "y0": -limit,
               "y1": limit, "fillcolor": theme.NEUTRAL_BAND, "line": {"width": 0}, "layer": "below"},
              {"type": "rect", "xref": "x", "yref": "y", "x0": -limit, "x1": limit, "y0": -band,
               "y1": band, "fillcolor": theme.NEUTRAL_BAND, "line": {"width": 0}, "layer": "below"}]
    annotations = [
        {"text": "<b>" + (name.replace(" ", "<br>", 1) if narrow else name) + "</b>",
         "x": cx * limit * 0.96, "y": cy * limit * 0.96, "showarrow": False,
         "xanchor": "right" if cx > 0 else "left", "yanchor": "top" if cy > 0 else "bottom",
         "align": "right" if cx > 0 else "left",
         "font": {"size": NARROW_FONT + 1 if narrow else 14, "color": theme.QUADRANT_COLOURS[name]}}
        for name, (cx, cy) in zip(QUADRANTS, corners)
    ]
    if illustrative:
        note = illustrative_annotation()
        # a phone: under the x title's three lines
        annotations.append(note | {"font": note["font"] | {"size": NARROW_FONT}, "y": -0.31} if narrow else note)
    if (present["perception_kind"] == KIND_IMPORTED).any():
        annotations.append(imported_annotation())
    else:  # the imported note takes the same place, above the plot on the right
        hidden = positions.count(None)   # a phone: labels left out for want of room
        unnamed = (f" ; {count(hidden, 'domaine')} sans étiquette : voir le tableau" if hidden else "")
        annotations.append({"text": (f"bandes grises : ± {format_number(band, 2)}" if narrow
                                     else f"bandes grises : {QUADRANT_NEAR_AVERAGE} (± {format_number(band, 2)})") + unnamed,
                            "x": 1, "y": 1.0, "xref": "paper", "yref": "paper", "xanchor": "right",
                            "yanchor": "bottom", "showarrow": False,
                            "font": {"size": NARROW_FONT if narrow else 12, "color": "#555"}})
    return {
        "data": traces,
        "layout": {
            **theme.base_layout(),
            "title": {"text": f"Ressenti et mesuré :{'<br>' if narrow else ' '}{region_name}", "x": 0.01},
            "xaxis": {"title": {"text": "Fragilité mesurée" + ("<br>" if narrow else " ")
                                        + "(indice, écart à la moyenne des régions)"},
                      "range": [-limit, limit], "zeroline": True, "zerolinewidth": 2},
            "yaxis": {"title": {"text": f"Fragilité ressentie {felt_by(profile)}<br>(note standardisée)"},
                      "range": [-limit, limit], "zeroline": True, "zerolinewidth": 2},
            "annotations": annotations, "showlegend": False, "shapes": shapes,
            # room for the two-line y title (a phone: every pixel for the plot)
            "margin": {"l": 70, "r": 8, "t": 125, "b": 150} if narrow else {"l": 90, "r": 20, "t": 50, "b": 130},
        },
    }


QUADRANT_PLOT_PX = (510, 380)  # plot area of the quadrant in a half-width column (1280 px screen)


NARROW_QUADRANT_PLOT_PX = (225, 400)  # the same on a phone (320 px wide: the narrowest), the chart full width


def quadrant_label_positions(points: pd.DataFrame, limit: float, narrow: bool = False) -> list[str | None]:
    """Domain labels placed clear of each other and of the four quadrant names in the corners
    (None: no free place on a phone's narrow plot, the label is left out)."""
    width, height = NARROW_QUADRANT_PLOT_PX if narrow else QUADRANT_PLOT_PX
    px, py = 2 * limit / width, 2 * limit / height
    corner = 0.96 * limit
    occupied = []
    for name, (cx, cy) in zip(QUADRANTS, [(1, 1), (1, -1), (-1, 1), (-1, -1)]):
        longest, lines = (max(len(w) for w in name.split(" ", 1)), 2) if narrow else (len(name), 1)
        wide, tall = longest * (7 if narrow else 8.5) * px, (17 if narrow else 22) * lines * py  # bold text
        x0 = corner - wide if cx > 0 else -corner
        y0 = corner - tall if cy > 0 else -corner
        occupied.append((x0, y0, x0 + wide, y0 + tall))
    frame = pd.DataFrame({"x": points["objective"], "y": points["perceived"], "label": points["label"]},
                         index=points.index)
    return label_positions(frame, width, height, x_range=[-limit, limit], y_range=[-limit, limit],
                           occupied=occupied, char_px=7.0 if narrow else 7.2, line_px=16 if narrow else 18,
                           hide_crowded=narrow)
