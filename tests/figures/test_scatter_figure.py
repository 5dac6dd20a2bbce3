"""The comparison page's scatter on a phone: names that fit, and a count of those left out."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.scatter import build_scatter


def crowded_points() -> pd.DataFrame:
    names = ["Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne", "Centre-Val de Loire",
             "Grand Est", "Hauts-de-France", "Normandie", "Nouvelle-Aquitaine"]
    # seven regions on almost one spot, one far away (it sets the scale)
    return pd.DataFrame({"region_code": [str(i) for i in range(len(names))], "name": names,
                         "x": [0.1 + i * 0.01 for i in range(7)] + [3.0],
                         "y": [0.1 + i * 0.01 for i in range(7)] + [3.0]})


def draw(narrow: bool) -> dict:
    return build_scatter(crowded_points(), x_label="x", y_label="y", method="z", correlation="ρ",
                         narrow=narrow)


def test_on_a_phone_the_names_left_out_are_counted_under_the_title():
    wide, narrow = draw(False), draw(True)
    assert all(t for trace in wide["data"] for t in trace["text"])
    assert "sans étiquette" not in wide["layout"]["title"]["subtitle"]["text"]
    left_out = sum(1 for trace in narrow["data"] for t in trace["text"] if not t)
    assert left_out > 0                       # seven names on one spot cannot all fit on 230 px
    subtitle = narrow["layout"]["title"]["subtitle"]["text"].replace("\u00a0", " ")
    assert f"{left_out} régions sans étiquette : touchez un point" in subtitle
    hover = [n for trace in narrow["data"] for n in trace["customdata"]]
    assert sorted(hover) == sorted(crowded_points()["name"])   # every name still on its point
