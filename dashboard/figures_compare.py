"""Figure builders of the comparison page: the matrix (« tableau croisé ») and the scatter.

Pure: frames and labels in, plotly figure dicts out (see dashboard/figures.py for why dicts).
"""

from __future__ import annotations

import pandas as pd

from dashboard import theme
from dashboard.compare import METHOD_LABELS
from dashboard.figures import ILLUSTRATIVE_NOTE, illustrative_annotation
from dashboard.indicators import standardise
from dashboard.label_placement import label_positions, padded_range
from dashboard.labels import format_number, format_rank, format_signed, format_value, is_missing, wrap_words
from dashboard.matrix import COLOURING_LABELS
from dashboard.schema import KIND_ILLUSTRATIVE, NOT_AVAILABLE

ND = "n.d."
CELL_HEIGHT = 38
COLOUR_LIMIT = 2.5
HATCH = {"shape": "/", "bgcolor": "#d9d9d9", "fgcolor": "#8c8c8c", "size": 7, "solidity": 0.25}
GAP_SCALE = list(reversed([[1 - s, c] for s, c in theme.DIVERGING]))  # purple = felt more than measured


def cell_text(value, colouring: str, method: str) -> str:
    """The short number written in a cell (the unit is in the hover text and the legend)."""
    if is_missing(value):
        return ND
    text = _cell_text(value, colouring, method)
    if not any(ch in "123456789" for ch in text):
        text = text.lstrip("+−")  # never « −0,0 »
    return text


def _cell_text(value, colouring: str, method: str) -> str:
    if colouring == "ecart":
        return format_signed(value, "", 0 if method == "rang" else 1)
    if method == "z":
        return format_signed(value, "", 2 if colouring == "indice" else 1)
    if method == "rang":
        return format_number(value, 1 if colouring == "indice" else 0)
    if method == "ecart":
        return format_signed(value, "%", 0) if colouring == "indice" else format_signed(value, "", 1)
    return format_number(value, 1) if colouring == "perception" else format_value(value)


def colour_values(cells: pd.DataFrame, colouring: str, method: str) -> pd.Series:
    """What sets a cell's colour: the value itself on a z (or gap) scale, otherwise the cell's
    position within its column (z-score of the oriented values), so that units never mix."""
    if method == "z" or colouring == "ecart":
        return cells["shown"]
    return cells.groupby("domain_id")["fragility"].transform(standardise)


def _colorbar(colouring: str, method: str) -> dict:
    if colouring == "ecart":
        limit = 12 if method == "rang" else 2
        return {"title": {"text": "Ressenti<br>− mesuré", "side": "top"},
                "tickvals": [-limit, 0, limit],
                "ticktext": ["mesuré plus<br>fort", "0", "ressenti plus<br>fort"]}
    title = "Score z" if method == "z" else "Position<br>dans la<br>colonne"
    return {"title": {"text": title, "side": "top"}, "tickvals": [-2, 0, 2],
            "ticktext": ["−2 moins<br>fragile", "0 moyenne", "+2 plus<br>fragile"]}


def build_matrix(cells: pd.DataFrame, *, regions: list[str], domains: list[str],
                 names: dict[str, str], domain_labels: dict[str, str], colouring: str, method: str,
                 basket: tuple[str, ...] = (), france: dict[str, float] | None = None) -> dict:
    """The 13 regions (rows, in `regions` order) x domains (columns, in `domains` order).

    `cells`: matrix_cells() frame. Missing cells are hatched grey and written « n.d. »; basket
    regions are framed and bold; `france` (domain -> value) adds an uncoloured reference row.
    """
    cells = cells.assign(colour=colour_values(cells, colouring, method))
    by_key = cells.set_index(["region_code", "domain_id"])
    limit = 12 if (colouring == "ecart" and method == "rang") else COLOUR_LIMIT
    z, text, hover, missing, plain = [], [], [], [], []
    for row, code in enumerate(regions):
        z_row, text_row, hover_row = [], [], []
        for column, domain in enumerate(domains):
            cell = by_key.loc[(code, domain)]
            absent = is_missing(cell["shown"])
            uncoloured = not absent and is_missing(cell["colour"])  # fewer than 3 regions: no position
            z_row.append(None if absent or uncoloured else max(-limit, min(limit, float(cell["colour"]))))
            text_row.append("" if absent or uncoloured else cell_text(cell["shown"], colouring, method))
            hover_row.append([_hover(cell, names[code], domain_labels[domain], colouring, method),
                              code, domain])
            if absent:
                missing.append((row, column, hover_row[-1]))
            elif uncoloured:
                plain.append((row, column, hover_row[-1], cell_text(cell["shown"], colouring, method)))
        z.append(z_row), text.append(text_row), hover.append(hover_row)
    heatmap = {
        "type": "heatmap", "z": z, "x": list(range(len(domains))), "y": list(range(len(regions))),
        "text": text, "texttemplate": "%{text}", "textfont": {"size": 12}, "customdata": hover,
        "hovertemplate": "%{customdata[0]}<extra></extra>", "xgap": 2, "ygap": 2,
        "colorscale": GAP_SCALE if colouring == "ecart" else theme.DIVERGING,
        "zmin": -limit, "zmax": limit, "zmid": 0, "name": COLOURING_LABELS[colouring],
        "colorbar": {**_colorbar(colouring, method), "len": 0.8, "thickness": 14, "y": 0.45},
        "showlegend": False,
    }
    data = [heatmap, *_missing_traces(missing), *_plain_trace(plain)]
    labels = [_row_label(names[c], c in basket) for c in regions]
    shapes = [_frame(regions.index(c), len(domains)) for c in basket if c in regions]
    if france is not None:
        row = len(regions)
        labels.append("<i>France métro. (réf.)</i>")
        data.append({"type": "scatter", "mode": "text", "x": list(range(len(domains))),
                     "y": [row] * len(domains), "showlegend": False,
                     "hovertemplate": "<b>France métropolitaine</b><br>repère, hors classement<extra></extra>",
                     "text": [cell_text(france.get(d), colouring, method) for d in domains],
                     "textfont": {"size": 12, "color": "#212529"}})
        shapes.append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": row - 0.5,
                       "y1": row - 0.5, "line": {"color": "#212529", "width": 2}})
    illustrative = colouring != "indice" and (cells["kinds"] == KIND_ILLUSTRATIVE).any()
    return {
        "data": data,
        "layout": {
            **theme.base_layout(13),
            "title": {"text": f"{_title(colouring, method)} : 13 régions × {len(domains)} domaines",
                      "subtitle": {"text": f"Méthode : {METHOD_LABELS[method]}", "font": {"size": 14}},
                      "x": 0.01, "y": 0.985, "yanchor": "top", "font": {"size": 17}},
            "xaxis": {"tickvals": list(range(len(domains))), "side": "top", "tickangle": -35,
                      "ticktext": [domain_labels[d] for d in domains], "showgrid": False,
                      "zeroline": False, "range": [-0.5, len(domains) - 0.5], "fixedrange": True},
            "yaxis": {"tickvals": list(range(len(labels))), "ticktext": labels, "autorange": "reversed",
                      "showgrid": False, "zeroline": False, "fixedrange": True, "automargin": True,
                      "ticksuffix": " "},
            "shapes": shapes,
            "annotations": [illustrative_annotation() | {"x": 1, "xanchor": "right", "y": -0.03}]
            if illustrative else [],
            "legend": {"orientation": "h", "x": 0, "y": -0.01, "yanchor": "top"},
            "height": 230 + CELL_HEIGHT * len(labels) + (60 if illustrative else 0),
            "margin": {"l": 10, "r": 10, "t": 190, "b": 90 if illustrative else 40},
            "dragmode": False,
        },
    }


INDEX_TITLES = {"brut": "Valeur brute de l'indicateur principal de chaque domaine",
                "ecart": "Écart moyen à la France métropolitaine (%)",
                "rang": "Rang moyen des indicateurs de chaque domaine"}


def _title(colouring: str, method: str) -> str:
    if colouring == "indice":
        return INDEX_TITLES.get(method, COLOURING_LABELS[colouring])
    return COLOURING_LABELS[colouring]


def _plain_trace(plain: list[tuple]) -> list[dict]:
    """Values of a column that fewer than 3 regions fill: written, but not coloured (no position)."""
    if not plain:
        return []
    return [{"type": "scatter", "mode": "text", "x": [p[1] for p in plain], "y": [p[0] for p in plain],
             "text": [p[3] for p in plain], "textfont": {"size": 12, "color": "#212529"},
             "customdata": [p[2] for p in plain], "showlegend": False,
             "hovertemplate": "%{customdata[0]}<br><i>Non colorée : moins de 3 régions renseignées</i>"
                              "<extra></extra>"}]


def _row_label(name: str, pinned: bool) -> str:
    return f"<b>★ {name}</b>" if pinned else name


def _frame(row: int, columns: int) -> dict:
    return {"type": "rect", "x0": -0.5, "x1": columns - 0.5, "y0": row - 0.5, "y1": row + 0.5,
            "line": {"color": theme.SELECTED, "width": 3}, "fillcolor": "rgba(0,0,0,0)"}


def _missing_traces(missing: list[tuple]) -> list[dict]:
    """Hatched grey squares under an « n.d. » label, named in the legend."""
    if not missing:
        return []
    xs, ys = [], []
    for row, column, _ in missing:
        xs += [column - 0.47, column + 0.47, column + 0.47, column - 0.47, column - 0.47, None]
        ys += [row - 0.46, row - 0.46, row + 0.46, row + 0.46, row - 0.46, None]
    hatch = {"type": "scatter", "mode": "lines", "x": xs, "y": ys, "fill": "toself",
             "fillcolor": HATCH["bgcolor"], "fillpattern": HATCH, "line": {"width": 0},
             "name": f"{ND} : {NOT_AVAILABLE} (hachuré)", "hoverinfo": "skip", "showlegend": True}
    labels = {"type": "scatter", "mode": "text", "x": [m[1] for m in missing], "y": [m[0] for m in missing],
              "text": [ND] * len(missing), "textfont": {"size": 12, "color": "#212529"},
              "customdata": [m[2] for m in missing],
              "hovertemplate": "%{customdata[0]}<extra></extra>", "showlegend": False}
    return [hatch, labels]


def _hover(cell, region: str, domain: str, colouring: str, method: str) -> str:
    head = f"<b>{region}</b><br>{domain}<br>"
    if is_missing(cell["shown"]):
        return head + NOT_AVAILABLE
    unit = f"\u00a0{cell['unit']}" if cell["unit"] and method == "brut" else ""
    value = cell_text(cell["shown"], colouring, method) + unit
    label = METHOD_LABELS[method]
    lines = [f"{label[:1].upper()}{label[1:]} : {value}"]
    if not is_missing(cell.get("method_rank")):
        lines.append(f"Rang : {format_rank(cell['method_rank'], int(cell['n_shown']))} · {cell['rank_class']}")
    if cell["detail"]:
        lines.append(str(cell["detail"])[:90])
    if colouring == "indice" and cell["n_indicators"]:
        lines.append(f"{cell['n_indicators']} indicateur{'s' if cell['n_indicators'] > 1 else ''}"
                     f" · {cell['years']}")
    if KIND_ILLUSTRATIVE in cell["kinds"]:
        lines.append("⚠ " + ILLUSTRATIVE_NOTE)
    lines.append("<i>Cliquer : voir la région et ce domaine</i>")
    return head + "<br>".join(lines)


def build_scatter(points: pd.DataFrame, *, x_label: str, y_label: str, method: str,
                  x_unit: str = "", y_unit: str = "",
                  correlation: str, basket: tuple[str, ...] = (), short_names: dict[str, str] | None = None,
                  france: tuple[float, float] | None = None, illustrative: bool = False) -> dict:
    """One labelled point per region with both values; basket regions bold and framed.

    `points` columns: region_code, name, x, y. `france` is France métropolitaine's (x, y) on the
    same scale, drawn as a reference diamond (never part of the correlation).
    """
    short_names = short_names or {}
    present = points.dropna(subset=["x", "y"]).copy()
    present["label"] = present["region_code"].map(short_names).fillna(present["name"])
    present["position"] = label_positions(present)
    traces = []
    for pinned, group in present.groupby(present["region_code"].isin(basket)):
        traces.append({
            "type": "scatter", "mode": "markers+text", "x": group["x"].tolist(), "y": group["y"].tolist(),
            "text": [f"<b>{t}</b>" if pinned else t for t in group["label"]],
            "textposition": group["position"].tolist(), "customdata": group["name"].tolist(),
            "textfont": {"size": 14 if pinned else 12, "color": "#000000" if pinned else "#343a40"},
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
    plot_px = SCATTER_HEIGHT - SCATTER_TOP - below
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
    def scale(unit: str) -> str:  # raw values and gaps keep the indicator's unit
        return AXIS_SCALES[method] + (f", {unit}" if unit and method in ("brut", "ecart") else "")
    return {
        "data": traces,
        "layout": {
            **theme.base_layout(13),
            "title": {"text": f"{y_label}<br>selon {x_label}", "x": 0.01, "font": {"size": 16},
                      "subtitle": {"text": f"{caption} · {correlation}", "font": {"size": 14}}},
            "xaxis": {"title": {"text": f"{x_label}<br>{scale(x_unit)}"}, "zeroline": method != "brut",
                      "automargin": True, **({"range": padded_range(present["x"], france and france[0])} if len(present) else {})},
            "yaxis": {"title": {"text": f"{wrap_words(y_label, 48)}<br>{scale(y_unit)}"}, "zeroline": method != "brut",
                      "automargin": True, **({"range": padded_range(present["y"], france and france[1])} if len(present) else {})},
            "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom"},
            "annotations": annotations, "height": SCATTER_HEIGHT,
            "margin": {"l": 20, "r": 20, "t": SCATTER_TOP, "b": below},
        },
    }


SCATTER_HEIGHT, SCATTER_TOP = 640, 130
AXIS_BLOCK_PX = 82         # tick labels and the two-line axis title under the plot
MISSING_NOTE_PX = 24       # « Sans valeur sur un axe … », one line
ILLUSTRATIVE_NOTE_PX = 50  # the boxed illustrative warning, two lines

AXIS_SCALES = {"brut": "valeur brute", "ecart": "écart à la France métropolitaine",
               "z": "score z (plus haut = plus fragile)", "rang": "rang (1 = la plus fragile)"}
