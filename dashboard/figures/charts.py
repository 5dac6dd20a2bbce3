"""Pure figure builders: everything comes in as arguments, a plotly figure dict goes out.

Figures are plain dicts (not go.Figure): building a go.Figure validates every attribute and costs
10-75 ms, a dict costs about 2 ms, and Dash serialises both the same way.
"""

from __future__ import annotations

import pandas as pd

from dashboard import comparison_rules as rules
from dashboard.figures import theme
from dashboard.labels import format_number, format_value, is_missing
from dashboard.data.schema import DEFAULT_PROFILE, KIND_IMPORTED, NOT_AVAILABLE, PROFILE_LABELS

MAP_CONFIG = {
    "locale": "fr",
    "topojsonURL": "/assets/topojson/",
    "displaylogo": False,
    "responsive": True,
    # no « Share chart » (uploads to a cloud: the dashboard works offline and shares no data)
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "sendChartToCloud"],
}
ILLUSTRATIVE_NOTE = "Données illustratives (démonstration) : pas des résultats d'enquête"
IMPORTED_NOTE = "Données importées (cette session)"


def felt_by(profile: str) -> str:
    """« par les élus »: whose perception a chart shows, in its legend or axis title."""
    return "par les " + PROFILE_LABELS[profile].lower()


def _plotted(values) -> list:
    """Values that only position a colour or a bar: 4 significant digits are plenty, and each
    answer of the map or comparison callback is a few hundred bytes lighter (texts show the
    exact values, formatted elsewhere)."""
    return [None if is_missing(v) else float(f"{float(v):.4g}") for v in values]


def map_layer(codes: list[str], values: list, hover: list[list[str]], *, colorbar_title: str,
              diverging: bool, higher_is_more_fragile: bool = True, footnote: str = "",
              comparable: bool = True) -> dict:
    """What changes when the domain or indicator changes: z, hover text, colours, colour bar.

    The same keys are sent as a Patch by the map callback, so the geometry never travels twice.
    `hover` holds [value, rank] per region (hover_rows); the region names are the trace's constant
    `text`, and the footnote (year · source), the same for the 13 regions, is written once in the
    hover template rather than 13 times in customdata.
    A partial comparison (`comparable` False: fewer than 10 regions, comparison_rules) is drawn in
    one pale colour, without a colour scale: its values are in the hover, never on a common scale.
    """
    if not comparable:
        return {
            "locations": list(codes), "z": _plotted(values),  # one colour at both ends of the scale
            "customdata": hover, "hovertemplate": map_hovertemplate(footnote),
            "colorscale": [[0, theme.PARTIAL], [1, theme.PARTIAL]], "reversescale": False,
            "zmid": None, "colorbar": {"title": {"text": ""}}, "showscale": False,
        }
    scale = theme.DIVERGING if diverging else theme.SEQUENTIAL
    colorbar = {"title": {"text": colorbar_title, "side": "top"}, "len": 0.75, "thickness": 16, "x": 1.0}
    if diverging:  # say what the colours mean, not only the numbers
        colorbar.update(tickvals=[-2, -1, 0, 1, 2],
                        ticktext=["−2 moins fragile", "−1", "0 moyenne", "+1", "+2 plus fragile"])
    else:
        colorbar["title"]["text"] += "<br><i>foncé = plus fragile</i>"
    return {
        "locations": list(codes),
        "z": _plotted(values),
        "customdata": hover,
        "hovertemplate": map_hovertemplate(footnote),
        "colorscale": scale,
        "reversescale": not higher_is_more_fragile,
        "zmid": 0 if diverging else None,
        "colorbar": colorbar,
        "showscale": any(not is_missing(v) for v in values),  # no scale for a map of grey only
    }


def build_choropleth(geometry, names: dict[str, str], layer: dict, *, title: str,
                     missing_count: int, selected: str | None = None, pinned=()) -> dict:
    """The map: a grey base trace (« donnée non disponible ») under the coloured layer.

    `geometry` is the GeoJSON dict or the URL it is served at (the browser then fetches it once).
    """
    codes = list(names)
    base = {
        "type": "choropleth", "geojson": geometry, "featureidkey": "properties.code",
        "locations": codes, "z": [0] * len(codes), "showscale": False,
        "colorscale": [[0, theme.MISSING], [1, theme.MISSING]],
        "customdata": [names[c] for c in codes],
        "hovertemplate": "<b>%{customdata}</b><br>" + NOT_AVAILABLE + "<extra></extra>",
        "marker": {"line": {"color": "white", "width": 1}}, "name": NOT_AVAILABLE,
    }
    coloured = {
        "type": "choropleth", "geojson": geometry, "featureidkey": "properties.code",
        "text": [names.get(c, c) for c in layer["locations"]],  # sent once: names never change
        "marker": {"line": {"color": "white", "width": 1}},
        **layer,
    }
    # On top, transparent: the outlines of the chosen region and of the basket, drawn over every
    # neighbour's border, and visible also on a region without a value (absent from `coloured`).
    outlines = {
        "type": "choropleth", "geojson": geometry, "featureidkey": "properties.code",
        "locations": codes, "z": [0] * len(codes), "showscale": False, "hoverinfo": "skip",
        "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], "name": "contours",
        "marker": {"line": {"color": outline_colours(codes, selected, pinned),
                            "width": outline_widths(codes, selected, pinned)}},
    }
    return {
        "data": [base, coloured, outlines],
        "layout": {
            **theme.base_layout(),
            "title": {"text": title, "x": 0.01, "font": {"size": 18}},
            "geo": {"fitbounds": "locations", "visible": False, "projection": {"type": "mercator"},
                    "bgcolor": "rgba(0,0,0,0)"},
            "margin": {"l": 0, "r": 0, "t": 48, "b": 0},
            "annotations": [missing_annotation(missing_count)],
            "dragmode": False,
        },
    }


def missing_annotation(missing_count: int) -> dict:
    text = (f"<span style='color:{theme.MISSING}'>■</span> gris : {NOT_AVAILABLE}"
            f" ({missing_count} région{'s' if missing_count > 1 else ''})" if missing_count else "")
    return {"text": text, "x": 0.01, "y": 0.01, "xref": "paper", "yref": "paper",
            "showarrow": False, "xanchor": "left", "font": {"size": 13}}


OUTLINE_TRACE = 2  # index of the outlines trace in build_choropleth's figure


def outline_widths(codes: list[str], selected: str | None, pinned=()) -> list[float]:
    """Thick outline for the chosen region, a thinner one for the regions of the basket, none
    for the others (their white borders belong to the coloured layer)."""
    return [4 if c == selected else 3 if c in pinned else 0 for c in codes]


def outline_colours(codes: list[str], selected: str | None, pinned=()) -> list[str]:
    return [theme.SELECTED if c == selected else theme.PINNED if c in pinned else "rgba(0,0,0,0)"
            for c in codes]


def region_label(name: str, code: str, highlighted=(), pinned=()) -> str:
    """A region's name on a chart axis: bold when chosen, « ★ » when in the comparison basket."""
    label = f"★ {name}" if code in pinned else name
    return f"<b>{label}</b>" if code in highlighted else label


def hover_rows(names: dict[str, str], values: dict[str, float], ranks: dict[str, float],
               unit: str, n_ranked: int) -> list[list[str]]:
    """customdata for the map: value in its unit and rank « x / n » (comparison_rules.rank_label),
    per region (in `names` order)."""
    return [[format_value(values.get(c), unit),
             rules.rank_label(ranks.get(c), n_ranked) or "non classée"] for c in names]


def map_hovertemplate(footnote: str) -> str:
    """The map's hover: name, value, rank x / n, then the year and source shared by all regions."""
    note = footnote.replace("%{", "% {")  # a source text is never read as a template variable
    return ("<b>%{text}</b><br>%{customdata[0]}<br>Rang : %{customdata[1]}"
            + (f"<br>{note}" if note else "") + "<extra></extra>")




def illustrative_annotation() -> dict:
    # on two lines: one line overflows a half-width chart (1280 px laptop)
    return {"text": "⚠ " + ILLUSTRATIVE_NOTE.replace(" : ", " :<br>"), "x": 0.5, "y": -0.22, "yanchor": "top",
            "xref": "paper", "yref": "paper",
            "showarrow": False, "font": {"size": 13, "color": theme.WARNING},
            "bgcolor": "#fff3cd", "bordercolor": theme.WARNING, "borderpad": 4}


def imported_annotation() -> dict:
    """Imported perception shown: said above the plot, on the right (the title is on the left)."""
    return {"text": IMPORTED_NOTE, "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom",
            "xref": "paper", "yref": "paper", "showarrow": False,
            "font": {"size": 13, "color": "#055160"}, "bgcolor": "#cff4fc", "bordercolor": "#055160",
            "borderpad": 3}


def _kinds_note(rows: pd.DataFrame, illustrative: bool) -> str:
    kinds = (["illustratif"] if illustrative else []) + (
        ["données importées"] if (rows["perception_kind"] == KIND_IMPORTED).any() else [])
    return " — " + ", ".join(kinds) if kinds else ""


def build_domain_comparison(rows: pd.DataFrame, *, domain_label: str, illustrative: bool,
                            highlighted=(), pinned=(), profile: str = DEFAULT_PROFILE) -> dict:
    """The 13 regions side by side for one domain: measured index and perceived score (both z).

    `rows` columns: name, region_code, objective, perceived, perception_kind. `highlighted` regions
    are written in bold, `pinned` ones (the comparison basket) with a « ★ ».
    """
    rows = rows.sort_values("objective", na_position="first")
    names = [region_label(n, c, highlighted, pinned) for n, c in zip(rows["name"], rows["region_code"])]
    measured = {"type": "bar", "orientation": "h", "y": names, "x": _plotted(rows["objective"]),
                "name": "Mesuré (indice)", "marker": {"color": theme.ACCENT},
                "hovertemplate": "%{y}<br>mesuré : %{x:.2f}<extra></extra>"}
    felt = {"type": "bar", "orientation": "h", "y": names, "x": _plotted(rows["perceived"]),
            "name": f"Ressenti {felt_by(profile)} (note standardisée)" + _kinds_note(rows, illustrative),
            "marker": {"color": "white" if illustrative else theme.SECONDARY,
                       "line": {"color": theme.SECONDARY, "width": 2},
                       "pattern": {"shape": "/" if illustrative else "", "fgcolor": theme.SECONDARY}},
            "hovertemplate": "%{y}<br>ressenti : %{x:.2f}<extra></extra>"}
    annotations = [illustrative_annotation()] if illustrative else []
    return {
        "data": [measured, felt],
        "layout": {
            **theme.base_layout(),
            "title": {"text": f"{domain_label} : mesuré et ressenti, les 13 régions", "x": 0.01,
                      "y": 0.98, "yanchor": "top"},
            "barmode": "group", "bargap": 0.25,
            "xaxis": {"title": {"text": "écart à la moyenne des régions (écarts-types)"}, "zeroline": True},
            "yaxis": {"automargin": True},
            "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
            "annotations": annotations, "margin": {"l": 10, "r": 20, "t": 110, "b": 130},
        },
    }


def describe_values(names: list[str], values: list, unit: str) -> str:
    """A short French text alternative for a chart of values by region."""
    pairs = [(n, v) for n, v in zip(names, values) if not is_missing(v)]
    if not pairs:
        return f"Aucune valeur disponible ({NOT_AVAILABLE})."
    top = max(pairs, key=lambda p: p[1])
    low = min(pairs, key=lambda p: p[1])
    return (f"{len(pairs)} régions sur {len(names)} ont une valeur ; la plus élevée : {top[0]} "
            f"({format_value(top[1], unit)}), la plus basse : {low[0]} ({format_value(low[1], unit)}).")


__all__ = ["MAP_CONFIG", "build_choropleth", "map_layer", "hover_rows", "map_hovertemplate",
           "build_domain_comparison", "describe_values", "format_number"]
