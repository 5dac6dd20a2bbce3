"""Projector-sized figures of the workshop (« mode atelier »): the window's size (`Viewport`),
the locator map, the felt-versus-measured quadrant and the 13-region bar chart, each drawn for the
slide's font and its chart's real size so that labels neither overlap nor leave the chart.
Pure code (plotly dicts); dashboard/views/workshop.py holds the steps and their URL state.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import pandas as pd

from dashboard.figures import charts as figures
from dashboard.views import home as views
from dashboard.views import region as region_view
from dashboard.figures.label_placement import label_positions
from dashboard.analysis.model import Model
from dashboard.data.schema import QUADRANT_NEAR_AVERAGE

# Projectors wash light tints out: regions outside the selection stay a mid grey with dark
# borders, the selection takes the app's darkest orange (colour-blind safe against grey).
LOCATOR_OTHER = "#bdbdbd"
LOCATOR_SELECTED = "#a63603"
BAR_OTHER = "#e08214"       # measured bars of the other regions: light orange, still visible projected
BAR_CHOSEN = "#7f3b08"      # the chosen region's measured bar: darkest orange, black outline
ROW_CHOSEN = "#ffe08a"      # the band behind the chosen region's row (the workshop's warning yellow)
MIN_FONT = 24  # text on the projected slide: at least 24 px at 1920 x 1080 (scaled with the window)


# -- the viewport: every size on the slide follows it ----------------------------------------

@dataclass(frozen=True)
class Viewport:
    """The browser window. `unit` mirrors the CSS `--u: min(1vw, 1.7778vh)` (1/100 of the largest
    16:9 frame that fits): type, margins and chart sizes are multiples of it."""
    width: int = 1920
    height: int = 1080

    @property
    def unit(self) -> float:
        return min(self.width / 100, self.height * 16 / 9 / 100)

    @property
    def font(self) -> int:
        """Chart text in px: the slide's smallest text (1,25 u, 24 px at 1920 x 1080)."""
        return max(12, round(1.25 * self.unit))

    @property
    def text(self) -> str:
        return f"{self.width}x{self.height}"

    def chart_box(self) -> tuple[float, float]:
        """(width, height) in px of the chart column, from the CSS of assets/workshop.css:
        padding 1,2 u / 2 u, header 3,4 u, title 4,2 u, hint 2,4 u; chart = 3/5 of the width."""
        u = self.unit
        height = self.height - 2.4 * u - 3.4 * u - 4.2 * u - 2.4 * u
        width = (self.width - 4 * u - 2 * u) * 3 / 5
        return width, height


DEFAULT_VIEWPORT = Viewport()


def parse_viewport(data) -> Viewport:
    """The browser's {w, h} (a dcc.Store): anything odd gives the 1920 x 1080 default."""
    try:
        width, height = int(data["w"]), int(data["h"])
    except (TypeError, KeyError, ValueError):
        return DEFAULT_VIEWPORT
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        return DEFAULT_VIEWPORT
    return Viewport(width, height)


def locator_figure(geometry, names: dict[str, str], region: str | None, *, title: str = "") -> dict:
    """The 13 regions in grey, the chosen one in dark orange with a black outline."""
    codes = list(names)
    layer = figures.map_layer(codes, [1.0 if c == region else 0.0 for c in codes],
                              [["", ""] for c in codes], colorbar_title="", diverging=False)
    layer.update(colorscale=[[0, LOCATOR_OTHER], [1, LOCATOR_SELECTED]], showscale=False,
                 reversescale=False, zmin=0, zmax=1)
    layer.pop("colorbar", None)
    fig = figures.build_choropleth(geometry, names, layer, title=title, missing_count=0, selected=region)
    fig["data"][1]["hovertemplate"] = "<b>%{text}</b><extra></extra>"
    if not title:
        fig["layout"]["margin"] = {"l": 0, "r": 0, "t": 0, "b": 0}
    return fig


def projector(fig: dict, font_size: int = MIN_FONT) -> dict:
    """A copy of a figure with every text at least `font_size` px and bolder marks."""
    fig = copy.deepcopy(fig)
    layout = fig.setdefault("layout", {})
    layout["font"] = {**layout.get("font", {}), "size": font_size, "color": "#000000"}
    if isinstance(layout.get("title"), dict):
        layout["title"]["font"] = {"size": font_size + 6}
    for annotation in layout.get("annotations", []):
        annotation["font"] = {**annotation.get("font", {}), "size": font_size}
        if "bgcolor" in annotation:  # warning boxes: black on saturated yellow survives a projector
            annotation.update(bgcolor="#ffe08a", bordercolor="#000000", borderwidth=2,
                              text=annotation.get("text", "").replace("<br>", " "))  # a wide slide: one line
            annotation["font"]["color"] = "#000000"
    for axis in ("xaxis", "yaxis"):
        if axis in layout:
            layout[axis]["tickfont"] = {"size": font_size}
            if isinstance(layout[axis].get("title"), dict):
                layout[axis]["title"]["font"] = {"size": font_size}
    if "legend" in layout:
        layout["legend"]["font"] = {"size": font_size}
    layout["hoverlabel"] = {"font": {"size": font_size}}
    for trace in fig.get("data", []):
        if "textfont" in trace:
            trace["textfont"] = {**trace["textfont"], "size": font_size}
        if trace.get("type") == "scatter":
            trace.setdefault("marker", {})["size"] = max(12, round(font_size * 0.9))
        colorbar = trace.get("colorbar")
        if colorbar:
            colorbar["tickfont"] = {"size": font_size}
            colorbar.setdefault("title", {})["font"] = {"size": font_size}
    return fig


CHAR = 0.62   # width of an average character of DejaVu Sans, in font sizes (a little generous)
BOLD_CHAR = 0.72


def quadrant_figure(model: Model, region: str, profile: str, viewport: Viewport = DEFAULT_VIEWPORT) -> dict:
    """The felt-versus-measured quadrant for the slide: short axis titles, the quadrant names in
    the corners, the point labels placed for the chart's real size at the slide's font."""
    figure, points = region_view.quadrant(model, region, profile)
    font = viewport.font
    figure = projector(figure, font)
    layout = figure["layout"]
    layout["title"]["text"] = ""
    margin = {"l": round(3.4 * font), "r": round(0.8 * font), "t": round(2.2 * font), "b": round(3.2 * font)}
    layout["margin"] = margin
    layout["xaxis"]["title"]["text"] = "Fragilité mesurée (écart à la moyenne)"
    layout["yaxis"]["title"]["text"] = f"Ressentie {figures.felt_by(profile)}"
    layout["xaxis"].update(dtick=1, automargin=False)
    layout["yaxis"].update(dtick=1, automargin=False)
    width, height = viewport.chart_box()
    plot = (width - margin["l"] - margin["r"], height - margin["t"] - margin["b"])
    notes = [a for a in layout["annotations"] if a.get("xref") == "paper"]
    corners = [a for a in layout["annotations"] if a.get("xref") != "paper"]
    for note in notes:  # above the plot: the warning on the left, the band's name on the right
        if "bgcolor" in note and "illustratives" in note.get("text", ""):
            note.update(text="⚠ Données illustratives", x=0, xanchor="left", y=1, yanchor="bottom",
                        borderpad=2, borderwidth=1)
        elif "bgcolor" not in note:
            note.update(x=1, xanchor="right", y=1, yanchor="bottom", text=f"gris : {QUADRANT_NEAR_AVERAGE}",
                        font={"size": font, "color": "#333333"})
    layout["yaxis"]["title"]["standoff"] = round(0.4 * font)
    for corner in corners:
        corner["font"] = {**corner.get("font", {}), "size": font}
    return place_labels(figure, points, plot, font)


def place_labels(figure: dict, points: pd.DataFrame, plot: tuple[float, float], font: int) -> dict:
    """The quadrant's point labels placed for a plot of `plot` px at `font` px, clear of each
    other and of the quadrant names in the corners (the workshop's slide, the printed report)."""
    layout = figure["layout"]
    limit = float(layout["xaxis"]["range"][1])
    occupied = []
    for corner in (a for a in layout["annotations"] if a.get("xref") != "paper"):
        size = corner.get("font", {}).get("size", font)
        wide = len(corner["text"].replace("<b>", "").replace("</b>", "")) * BOLD_CHAR * size
        right, top = corner["xanchor"] == "right", corner["yanchor"] == "top"
        occupied.append(_box(corner["x"], corner["y"], wide, 1.5 * size, plot, limit, right, top))
    present = points.dropna(subset=["objective", "perceived"])
    positions = _placed(present, plot, limit, font, occupied)
    for trace in figure["data"]:
        labels = trace.get("text", [])
        trace["textposition"] = [positions.get(label, "top center") for label in labels]
    return figure


def _box(x, y, wide_px, tall_px, plot, limit, right: bool, top: bool) -> tuple:
    """A text box anchored at (x, y), in data units."""
    px, py = 2 * limit / plot[0], 2 * limit / plot[1]
    x0 = x - wide_px * px if right else x
    y0 = y - tall_px * py if top else y
    return (x0, y0, x0 + wide_px * px, y0 + tall_px * py)


def _placed(points: pd.DataFrame, plot, limit: float, font: int, occupied) -> dict[str, str]:
    """label -> textposition, by label_placement with metrics scaled to the slide's font (it
    counts 7 px per character and 18 px per line: the plot is told smaller by the same ratio)."""
    if points.empty:
        return {}
    ratio = max(CHAR * font / 7, 1.3 * font / 18)
    frame = pd.DataFrame({"x": points["objective"], "y": points["perceived"], "label": points["label"]},
                         index=points.index)
    places = label_positions(frame, plot[0] / ratio, plot[1] / ratio, x_range=[-limit, limit],
                             y_range=[-limit, limit], occupied=occupied)
    return dict(zip(points["label"], places))


def comparison_figure(model: Model, domain_id: str, region: str, profile: str,
                      viewport: Viewport = DEFAULT_VIEWPORT) -> dict:
    """The 13 regions' measure and perception in one domain, every name on its own row, the chosen
    region's bar in its own colour on a yellow band (not only its label in bold)."""
    figure, rows = views.domain_comparison(model, domain_id, region=region, profile=profile)
    font = viewport.font
    layout = figure["layout"]
    layout["title"]["text"] = ""
    layout["annotations"] = []  # the side panel carries the « exemple fictif » warning
    layout["yaxis"].update(dtick=1, automargin=True)
    layout["legend"].update(y=1, yanchor="bottom", x=0, xanchor="left")
    measured, felt = figure["data"]
    measured["name"] = "Mesuré"
    felt["name"] = "Ressenti" + (" (exemple fictif)" if views.uses_illustrative(rows) else "")
    order = rows.sort_values("objective", na_position="first")["region_code"].tolist()
    chosen = [code == region for code in order]
    measured["marker"] = {"color": [BAR_CHOSEN if c else BAR_OTHER for c in chosen],
                          "line": {"color": "#000000", "width": [3 if c else 0 for c in chosen]}}
    # the legend shows the other regions' colour (plotly takes a bar's first colour): a marker
    # standing for the measured bars, the bars themselves out of the legend
    measured["showlegend"] = False
    layout["yaxis"]["type"] = "category"  # the marker must not turn the region axis numeric
    figure["data"].insert(0, {"type": "scatter", "mode": "markers", "x": [None], "y": measured["y"][:1],
                              "name": "Mesuré", "hoverinfo": "skip", "showlegend": True,
                              "marker": {"symbol": "square", "color": BAR_OTHER, "size": font}})
    if region in order:
        at = order.index(region)
        layout["shapes"] = [{"type": "rect", "xref": "paper", "yref": "y", "x0": 0, "x1": 1,
                             "y0": at - 0.5, "y1": at + 0.5, "fillcolor": ROW_CHOSEN,
                             "line": {"width": 0}, "layer": "below"}]
    figure = projector(figure, font)
    figure["layout"]["margin"] = {"l": round(0.5 * font), "r": round(0.8 * font), "t": round(2.2 * font),
                                  "b": round(3 * font)}
    return figure


def evolution_figure(item: dict, region_name: str, viewport: Viewport = DEFAULT_VIEWPORT) -> dict:
    """One series of the region against France métropolitaine (series.trend_figure), projector-
    sized: the chart fills its column (no fixed height), the legend above the plot so that it never
    meets the years."""
    from dashboard.analysis import series

    fig = projector(series.trend_figure(item, region_name=region_name, unit=item["unit"]), viewport.font)
    layout = fig["layout"]
    layout.pop("height", None)
    layout["legend"].update(orientation="h", x=0, xanchor="left", y=1.02, yanchor="bottom")
    layout["margin"] = {"l": 10, "r": 10, "t": round(viewport.font * 2.6), "b": 10}
    layout["xaxis"]["automargin"] = layout["yaxis"]["automargin"] = True
    for trace in fig["data"]:
        trace["line"]["width"] = max(3, round(viewport.font / 5))
        trace["marker"]["size"] = max(8, round(viewport.font * 0.5))  # years read as points, not blots
    return fig
