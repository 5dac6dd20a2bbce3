"""Figure builder of the comparison page's scatter (« nuage »): one labelled point per region,
the basket framed, France métropolitaine as a reference diamond, notes placed in pixels.

Pure: a frame and labels in, a plotly figure dict out (see dashboard/figures/charts.py for why dicts).
"""

from __future__ import annotations

import pandas as pd

from dashboard.figures import theme
from dashboard.analysis.compare import METHOD_LABELS
from dashboard.figures.charts import illustrative_annotation
from dashboard.figures.label_placement import NARROW_LINE_CHARS, drawn, label_positions, padded_range
from dashboard.labels import count, wrap_words

ND = "n.d."


def build_scatter(points: pd.DataFrame, *, x_label: str, y_label: str, method: str,
                  x_unit: str = "", y_unit: str = "",
                  correlation: str, basket: tuple[str, ...] = (), short_names: dict[str, str] | None = None,
                  france: tuple[float, float] | None = None, illustrative: bool = False,
                  narrow: bool = False) -> dict:
    """One labelled point per region with both values; basket regions bold and framed.

    `points` columns: region_code, name, x, y. `france` is France métropolitaine's (x, y) on the
    same scale, drawn as a reference diamond (never part of the correlation). `narrow`: drawn for
    a phone (about 290 px of plot): names on two lines in a smaller font, a name with no free
    place left out and counted under the title (touching its point gives its name).
    """
    short_names = short_names or {}
    present = points.dropna(subset=["x", "y"]).copy()
    present["label"] = present["region_code"].map(short_names).fillna(present["name"])
    if narrow:
        present["label"] = [wrap_words(label, NARROW_LINE_CHARS) for label in present["label"]]
        positions = label_positions(present, *NARROW_SCATTER_PLOT_PX, char_px=6.6, line_px=16,
                                    hide_crowded=True)
    else:
        positions = label_positions(present)
    present["label"], present["position"] = drawn(present["label"], positions)
    traces = []
    for pinned, group in present.groupby(present["region_code"].isin(basket)):
        traces.append({
            "type": "scatter", "mode": "markers+text", "x": group["x"].tolist(), "y": group["y"].tolist(),
            "text": [f"<b>{t}</b>" if pinned else t for t in group["label"]],
            "textposition": group["position"].tolist(), "customdata": group["name"].tolist(),
            "textfont": {"size": (14 if pinned else 12) - (2 if narrow else 0),
                         "color": "#000000" if pinned else "#343a40"},
            "name": "régions du panier" if pinned else "autres régions",
            "marker": {"size": 16 if pinned else 11, "color": theme.ACCENT if pinned else "#f1a340",
                       "line": {"color": theme.SELECTED if pinned else "white", "width": 2.5 if pinned else 1}},
            "hovertemplate": "<b>%{customdata}</b><br>x : %{x:.3~f}<br>y : %{y:.3~f}<extra></extra>",
        })
    if france is not None:
        traces.append({"type": "scatter", "mode": "markers+text", "x": [france[0]], "y": [france[1]],
                       "text": ["France métro."], "textposition": "bottom center", "name": "France métropolitaine (référence)",
                       "marker": {"symbol": "diamond", "size": 14, "color": theme.SECONDARY},
                       "hovertemplate": "<b>France métropolitaine</b><br>x : %{x:.3~f}<br>y : %{y:.3~f}<extra></extra>"})
    missing = points[points[["x", "y"]].isna().any(axis=1)]["name"].tolist()
    # notes stacked under the x axis and its two-line title, placed in pixels (paper fractions of
    # the plot's height): the figure's height is fixed, the bottom margin grows with the notes
    below = AXIS_BLOCK_PX + (MISSING_NOTE_PX if missing else 0) + (ILLUSTRATIVE_NOTE_PX if illustrative else 0)
    top = NARROW_SCATTER_TOP if narrow else SCATTER_TOP   # a phone: the title wraps onto more lines
    plot_px = SCATTER_HEIGHT - top - below
    annotations = []
    if missing:
        annotations.append({"text": f"Sans valeur sur un axe ({ND}) : " + ", ".join(missing),
                            "x": 0, "y": -AXIS_BLOCK_PX / plot_px, "yanchor": "top", "xref": "paper",
                            "yref": "paper", "xanchor": "left",
                            "showarrow": False, "font": {"size": 12, "color": "#495057"}})
    if illustrative:
        top = AXIS_BLOCK_PX + (MISSING_NOTE_PX if missing else 0)
        annotations.append(illustrative_annotation() | {"y": -top / plot_px})
    caption = f"Méthode : {METHOD_LABELS[method]}"
    hidden = positions.count(None)   # a phone: names left out for want of room
    unnamed = f"<br>{count(hidden, 'région')} sans étiquette : touchez un point" if hidden else ""
    def scale(unit: str) -> str:  # raw values and gaps keep the indicator's unit
        return AXIS_SCALES[method] + (f", {unit}" if unit and method in ("brut", "ecart") else "")
    return {
        "data": traces,
        "layout": {
            **theme.base_layout(13),
            "title": {"text": f"{y_label}<br>selon {x_label}", "x": 0.01, "font": {"size": 16},
                      "subtitle": {"text": f"{caption} · {correlation}" + unnamed, "font": {"size": 14}}},
            "xaxis": {"title": {"text": f"{x_label}<br>{scale(x_unit)}"}, "zeroline": method != "brut",
                      "automargin": True, **({"range": padded_range(present["x"], france and france[0])} if len(present) else {})},
            "yaxis": {"title": {"text": f"{wrap_words(y_label, 48)}<br>{scale(y_unit)}"}, "zeroline": method != "brut",
                      "automargin": True, **({"range": padded_range(present["y"], france and france[1])} if len(present) else {})},
            "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom"},
            "annotations": annotations, "height": SCATTER_HEIGHT,
            "margin": {"l": 20, "r": 20, "t": top, "b": below},
        },
    }


SCATTER_HEIGHT, SCATTER_TOP = 640, 130
NARROW_SCATTER_TOP = 210
NARROW_SCATTER_PLOT_PX = (190, 180)  # the plot on a 320 px phone (the narrowest), as measured
AXIS_BLOCK_PX = 82         # tick labels and the two-line axis title under the plot
MISSING_NOTE_PX = 24       # « Sans valeur sur un axe … », one line
ILLUSTRATIVE_NOTE_PX = 50  # the boxed illustrative warning, two lines

AXIS_SCALES = {"brut": "valeur brute", "ecart": "écart à la France métropolitaine",
               "z": "score z (plus haut = plus fragile)", "rang": "rang (1 = la plus fragile)"}
