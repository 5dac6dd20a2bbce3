"""Where to write the labels of a scatter's points so that they neither overlap nor leave the plot."""

from __future__ import annotations

import pandas as pd


def label_positions(points: pd.DataFrame, width_px: float = 1100, height_px: float = 380, *,
                    x_range: list[float] | None = None, y_range: list[float] | None = None,
                    occupied: list[tuple] = (), char_px: float = 7.2, line_px: float = 18,
                    hide_crowded: bool = False) -> list[str | None]:
    """A text position per point whose label box overlaps no label or point already placed.

    Boxes are estimated in data units from the plot's size in pixels (`char_px` per character of
    the longest line, `line_px` per line of a label broken with <br>): good enough for 13 or 16
    short names; the first free position in PLACES wins. `x_range`/`y_range` are the axes' ranges
    when fixed (else the padded spread of the points); `occupied` boxes (x0, y0, x1, y1 in data
    units) are already taken, by fixed notes say. With `hide_crowded` (a phone's narrow plot), a
    label with no free place gets None: the caller leaves it out rather than print it over
    another (the point's hover and the table under the chart still name it).
    """
    if points.empty:
        return []
    low_x, high_x = x_range or padded_range(points["x"])
    low_y, high_y = y_range or padded_range(points["y"])
    if x_range is None and y_range is None:  # the plot's size stands for the points' spread
        px = ((points["x"].max() - points["x"].min()) or 1.0) / width_px
        py = ((points["y"].max() - points["y"].min()) or 1.0) / height_px
    else:
        px, py = (high_x - low_x) / width_px, (high_y - low_y) / height_px
    marks = [(x - 7 * px, y - 7 * py, x + 7 * px, y + 7 * py) for x, y in zip(points["x"], points["y"])]
    boxes: list[tuple] = list(occupied)
    positions = {}
    for index, row in points.sort_values(["y", "x"], ascending=False).iterrows():
        lines = str(row["label"]).split("<br>")
        half, tall = max(len(line) for line in lines) * char_px / 2 * px, line_px * len(lines) * py
        chosen = None if hide_crowded else PLACES[0][0]
        for name, (dx, dy) in PLACES:
            cx, cy = row["x"] + dx * (half + 9 * px), row["y"] + dy * (tall / 2 + 8 * py)
            box = (cx - half, cy - tall / 2, cx + half, cy + tall / 2)
            own = (row["x"] - 7 * px, row["y"] - 7 * py, row["x"] + 7 * px, row["y"] + 7 * py)
            inside = low_x <= box[0] and box[2] <= high_x and low_y <= box[1] and box[3] <= high_y
            if inside and not any(_overlap(box, other) for other in boxes + [m for m in marks if m != own]):
                chosen = name
                boxes.append(box)
                break
        else:
            if not hide_crowded:
                boxes.append(box)
        positions[index] = chosen
    return [positions[i] for i in points.index]


NARROW_LINE_CHARS = 14   # a phone's labels: on lines of at most 14 characters (wrap_words)


def drawn(labels, positions: list[str | None]) -> tuple[list[str], list[str]]:
    """The texts and text positions a trace draws from label_positions' answer: a label with no
    place (None, with hide_crowded) is drawn empty, at the usual place."""
    return ([label if position else "" for label, position in zip(labels, positions)],
            [position or PLACES[0][0] for position in positions])


PLACES = (("top center", (0, 1)), ("bottom center", (0, -1)), ("middle right", (1, 0)),
          ("middle left", (-1, 0)), ("top right", (1, 1)), ("bottom left", (-1, -1)),
          ("top left", (-1, 1)), ("bottom right", (1, -1)))


def padded_range(values: pd.Series, extra: float | None = None, share: float = 0.1) -> list[float]:
    """The axis range: the values (and `extra`, France's point) with a margin on each side, room
    for the labels at the edges."""
    low, high = float(values.min()), float(values.max())
    if extra is not None:
        low, high = min(low, extra), max(high, extra)
    margin = (high - low) * share or 1.0
    return [low - margin, high + margin]


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
