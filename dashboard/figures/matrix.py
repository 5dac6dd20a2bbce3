"""Figure builder of the comparison page's matrix (« tableau croisé »); the scatter's is in
dashboard/figures/scatter.py.

Pure: frames and labels in, plotly figure dicts out (see dashboard/figures/charts.py for why dicts).
"""

from __future__ import annotations

import pandas as pd

from dashboard.figures import theme
from dashboard.analysis.compare import METHOD_LABELS
from dashboard.comparison_rules import (
    LEVEL_COMPARABLE,
    LEVEL_PARTIAL,
    MIN_REGIONS_COMPARABLE,
    MIN_REGIONS_FOR_RANK,
    TOTAL_REGIONS,
    coverage_note,
    indicator_count_label,
    rank_label,
)
from dashboard.figures.charts import ILLUSTRATIVE_NOTE, illustrative_annotation
from dashboard.analysis.indicators import standardise
from dashboard.labels import format_number, format_signed, format_value, is_missing
from dashboard.analysis.matrix import COLOURING_LABELS
from dashboard.data.schema import KIND_ILLUSTRATIVE, NOT_AVAILABLE

ND = "n.d."
INCOMPLETE = "incompl."
PALE = "#f1f3f5"  # a partial comparison: its value written on a pale square, never coloured
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
        return format_signed(value, "", 2 if colouring in ("indice", "tendance") else 1)
    if method == "rang":  # a domain shows its mean fragility percentile (0-100)
        return format_number(value, 0)
    if method == "ecart":
        return format_signed(value, "%", 0) if colouring == "indice" else format_signed(value, "", 1)
    return format_number(value, 1) if colouring == "perception" else format_value(value)


def colour_values(cells: pd.DataFrame, colouring: str, method: str) -> pd.Series:
    """What sets a cell's colour: the value itself on a z (or gap) scale, otherwise the cell's
    position within its column (z-score of the oriented values), so that units never mix."""
    comparable = cells["level"] == LEVEL_COMPARABLE if "level" in cells else True
    if method == "z" or colouring == "ecart":
        return cells["shown"].where(comparable)
    return cells.groupby("domain_id")["fragility"].transform(standardise).where(comparable)


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
                 basket: tuple[str, ...] = (), france: dict[str, float] | None = None,
                 report_note: str | None = None) -> dict:
    """The 13 regions (rows, in `regions` order) x domains (columns, in `domains` order).

    `cells`: matrix_cells() frame. Only a comparable column is coloured; a partial comparison is
    written on a pale square; missing cells are hatched grey « n.d. », regions lacking one of the
    index's indicators hatched « incompl. » (not ranked); basket regions are framed and bold;
    `france` (domain -> value) adds an uncoloured reference row; `report_note` says whether the
    2020 report's « douteuse » rows are in the indices.
    """
    by_key = cells_by_key(cells.assign(colour=colour_values(cells, colouring, method)))
    limit = 12 if (colouring == "ecart" and method == "rang") else COLOUR_LIMIT
    z, text, hover, missing, incomplete, plain = [], [], [], [], [], []
    for row, code in enumerate(regions):
        z_row, text_row, hover_row = [], [], []
        for column, domain in enumerate(domains):
            cell = by_key[(code, domain)]
            absent = is_missing(cell["shown"])
            uncoloured = not absent and is_missing(cell["colour"])  # not comparable: no position
            z_row.append(None if absent or uncoloured else max(-limit, min(limit, float(cell["colour"]))))
            text_row.append("" if absent or uncoloured else cell_text(cell["shown"], colouring, method))
            hover_row.append([_hover(cell, names[code], domain_labels[domain], colouring, method),
                              code, domain])
            if absent:
                (incomplete if is_incomplete(cell) else missing).append((row, column, hover_row[-1]))
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
    data = [heatmap, *_missing_traces(missing), *_missing_traces(incomplete, INCOMPLETE),
            *_plain_trace(plain)]
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
    subtitle = f"Méthode : {METHOD_LABELS[method]}" + (f" · {report_note}" if report_note else "")
    return {
        "data": data,
        "layout": {
            **theme.base_layout(13),
            "title": {"text": f"{_title(colouring, method)} : 13 régions × {len(domains)} domaines",
                      "subtitle": {"text": subtitle, "font": {"size": 14}},
                      "x": 0.01, "y": 0.985, "yanchor": "top", "font": {"size": 17}},
            "xaxis": {"tickvals": list(range(len(domains))), "side": "top", "tickangle": -35,
                      "ticktext": [_column_label(domain_labels[d], by_key, d, regions) for d in domains],
                      "showgrid": False, "zeroline": False, "range": [-0.5, len(domains) - 0.5],
                      "fixedrange": True},
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


def cells_by_key(cells: pd.DataFrame) -> dict[tuple[str, str], dict]:
    """(region, domain) -> the cell as a plain dict (a row lookup per cell in pandas is slow)."""
    return {(r["region_code"], r["domain_id"]): r for r in cells.to_dict("records")}


def is_incomplete(cell) -> bool:
    """A region that has some, not all, of the indicators the domain's index uses."""
    used = int(cell.get("n_used", 0) or 0)
    return used > 0 and 0 < int(cell["n_indicators"]) < used and not bool(cell.get("complete", True))


def _column_label(label: str, by_key: dict, domain: str, regions: list[str]) -> str:
    """The domain's name, marked when its column is only a partial comparison."""
    level = by_key[(regions[0], domain)].get("level") if regions else None
    if level == LEVEL_PARTIAL:
        n = int(by_key[(regions[0], domain)]["n_shown"])  # full words in hovers and legend
        return f"{label}<br><i>partielle ({n} régions)</i>"
    return label


INDEX_TITLES = {"brut": "Valeur brute de l'indicateur principal de chaque domaine",
                "ecart": "Écart moyen à la France métropolitaine (%)",
                "rang": "Centile de fragilité moyen (100 = la plus fragile)"}


def _title(colouring: str, method: str) -> str:
    if colouring == "indice":
        return INDEX_TITLES.get(method, COLOURING_LABELS[colouring])
    return COLOURING_LABELS[colouring]


PARTIAL_LEGEND = (f"comparaison partielle ({MIN_REGIONS_FOR_RANK} à {MIN_REGIONS_COMPARABLE - 1} "
                  f"régions sur {TOTAL_REGIONS}) : valeur écrite sur fond pâle, sans couleur ni classe")


def _plain_trace(plain: list[tuple]) -> list[dict]:
    """Values of a column that is not comparable: written on a pale square, never coloured."""
    if not plain:
        return []
    xs, ys = [], []
    for row, column, *_ in plain:
        xs += [column - 0.47, column + 0.47, column + 0.47, column - 0.47, column - 0.47, None]
        ys += [row - 0.46, row - 0.46, row + 0.46, row + 0.46, row - 0.46, None]
    pale = {"type": "scatter", "mode": "lines", "x": xs, "y": ys, "fill": "toself", "fillcolor": PALE,
            "line": {"width": 0}, "name": PARTIAL_LEGEND, "hoverinfo": "skip", "showlegend": True}
    return [pale, {"type": "scatter", "mode": "text", "x": [p[1] for p in plain], "y": [p[0] for p in plain],
                   "text": [p[3] for p in plain], "textfont": {"size": 12, "color": "#495057"},
                   "customdata": [p[2] for p in plain], "showlegend": False,
                   "hovertemplate": "%{customdata[0]}<extra></extra>"}]


def _row_label(name: str, pinned: bool) -> str:
    return f"<b>★ {name}</b>" if pinned else name


def _frame(row: int, columns: int) -> dict:
    return {"type": "rect", "x0": -0.5, "x1": columns - 0.5, "y0": row - 0.5, "y1": row + 0.5,
            "line": {"color": theme.SELECTED, "width": 3}, "fillcolor": "rgba(0,0,0,0)"}


MISSING_LEGEND = {ND: f"{ND} : {NOT_AVAILABLE} (hachuré)",
                  INCOMPLETE: f"{INCOMPLETE} : indice incomplet, région non classée (hachuré)"}


def _missing_traces(missing: list[tuple], mark: str = ND) -> list[dict]:
    """Hatched grey squares under an « n.d. » (or « incompl. ») label, named in the legend."""
    if not missing:
        return []
    xs, ys = [], []
    for row, column, _ in missing:
        xs += [column - 0.47, column + 0.47, column + 0.47, column - 0.47, column - 0.47, None]
        ys += [row - 0.46, row - 0.46, row + 0.46, row + 0.46, row - 0.46, None]
    hatch = {"type": "scatter", "mode": "lines", "x": xs, "y": ys, "fill": "toself",
             "fillcolor": HATCH["bgcolor"], "fillpattern": HATCH, "line": {"width": 0},
             "name": MISSING_LEGEND[mark], "hoverinfo": "skip", "showlegend": True}
    labels = {"type": "scatter", "mode": "text", "x": [m[1] for m in missing], "y": [m[0] for m in missing],
              "text": [mark] * len(missing), "textfont": {"size": 12, "color": "#212529"},
              "customdata": [m[2] for m in missing],
              "hovertemplate": "%{customdata[0]}<extra></extra>", "showlegend": False}
    return [hatch, labels]


def _hover(cell, region: str, domain: str, colouring: str, method: str) -> str:
    head = f"<b>{region}</b><br>{domain}<br>"
    index_cell = colouring in ("indice", "tendance") and method != "brut"
    if is_missing(cell["shown"]):
        return head + "<br>".join([NOT_AVAILABLE] + (_composition_lines(cell) if index_cell else []))
    unit = f"\u00a0{cell['unit']}" if cell["unit"] and method == "brut" else ""
    value = cell_text(cell["shown"], colouring, method) + unit
    label = METHOD_LABELS[method] if not (index_cell and method == "rang") else INDEX_TITLES["rang"].lower()
    lines = [f"{label[:1].upper()}{label[1:]} : {value}"]
    n_shown = int(cell.get("n_shown", 0) or 0)
    rank = rank_label(cell.get("method_rank"), n_shown)
    if rank:
        classed = cell["rank_class"] if isinstance(cell.get("rank_class"), str) else ""
        lines.append(f"Rang : {rank}" + (f" · {classed}" if classed else ""))
    note = coverage_note(n_shown) if colouring != "ecart" or n_shown else ""
    if note:
        lines.append(f"<i>{note} : pas de couleur ni de classe</i>")
    if cell["detail"]:
        lines.append(str(cell["detail"])[:90])
    if index_cell:
        lines += _composition_lines(cell)
    elif colouring == "indice" and cell["years"]:
        lines.append(f"Année : {cell['years']}")
    if KIND_ILLUSTRATIVE in cell["kinds"]:
        lines.append("⚠ " + ILLUSTRATIVE_NOTE)
    lines.append("<i>Cliquer : voir la région et ce domaine</i>")
    return head + "<br>".join(lines)


def _composition_lines(cell) -> list[str]:
    """What a domain cell is made of: « Indice : 2 indicateurs sur 3 · 2019, 2021 »."""
    used, available = int(cell.get("n_used", 0) or 0), int(cell.get("n_available", 0) or 0)
    if not used and not available:
        return ["Aucun indicateur dans ce domaine : pas d'indice"]
    if not used:
        return [f"Pas d'indice : aucun des {available} indicateurs du domaine n'est retenu (il faut "
                f"{MIN_REGIONS_COMPARABLE} régions sur {TOTAL_REGIONS} au moins, et une ligne du rapport "
                "2020 « douteuse » n'entre que si le lecteur l'inclut)" if available > 1 else
                f"Pas d'indice : l'indicateur du domaine n'est pas retenu (il faut {MIN_REGIONS_COMPARABLE} "
                f"régions sur {TOTAL_REGIONS} au moins, et une ligne du rapport 2020 « douteuse » n'entre "
                "que si le lecteur l'inclut)"]
    years = f" · {cell['years']}" if cell["years"] else ""
    lines = [f"Indice : {indicator_count_label(used, available)}{years}"]
    if is_incomplete(cell) or (is_missing(cell["shown"]) and used):
        have = int(cell["n_indicators"])
        lines.append(f"Indice incomplet : {have} des {used} indicateurs de l'indice renseigné"
                     f"{'s' if have > 1 else ''} ; région non classée")
    return lines
