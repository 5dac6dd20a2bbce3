"""The felt-versus-measured quadrant: labels that stay readable."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.quadrant import build_quadrant


def points(rows):
    return pd.DataFrame(rows, columns=["label", "objective", "perceived", "perception_kind"])


def positions(figure) -> dict[str, str]:
    return {label: position for trace in figure["data"]
            for label, position in zip(trace["text"], trace["textposition"])}


def test_two_domains_at_the_same_place_get_their_labels_on_different_sides():
    figure = build_quadrant(points([("Emploi", 0.5, 0.5, "publié"), ("Logement", 0.5, 0.55, "publié"),
                                    ("Santé", -1.0, -1.0, "publié")]),
                            region_name="Bretagne", illustrative=False)
    placed = positions(figure)
    assert placed["Emploi"] != placed["Logement"]
    assert placed["Santé"] == "top center"  # alone: the usual place


def test_a_label_next_to_a_quadrant_name_moves_away_from_it():
    # a point just under « fragilité ressentie » (top left corner): its label must not sit on it
    figure = build_quadrant(points([("Pauvreté et exclusion", -1.55, 1.75, "publié")]),
                            region_name="Bretagne", illustrative=False)
    assert positions(figure)["Pauvreté et exclusion"] != "top center"


def test_on_a_phone_a_name_with_no_room_is_left_out_and_said_so_never_printed_over_another():
    crowded = [(f"Domaine numéro {i}", 0.3 + i * 0.02, 0.3 + i * 0.02, "publié") for i in range(6)]
    wide = build_quadrant(points(crowded), region_name="Bretagne", illustrative=False)
    narrow = build_quadrant(points(crowded), region_name="Bretagne", illustrative=False, narrow=True)
    assert all(trace["text"] for trace in wide["data"]) and "sans étiquette" not in str(wide["layout"])
    shown = [t for trace in narrow["data"] for t in trace["text"] if t]
    left_out = sum(1 for trace in narrow["data"] for t in trace["text"] if not t)
    assert shown and left_out                                   # six names cannot all fit on 225 px
    assert all("<br>" in t for t in shown)                      # wrapped on two lines
    note = " ".join(a["text"] for a in narrow["layout"]["annotations"]).replace("\u00a0", " ")
    assert f"{left_out} domaine" in note and "sans étiquette : voir le tableau" in note
    hover = [name for trace in narrow["data"] for name in trace["customdata"]]
    assert sorted(hover) == sorted(label for label, *_ in crowded)   # every name still on hover


def test_on_a_phone_the_title_and_axis_title_break_onto_lines_of_their_own():
    narrow = build_quadrant(points([("Emploi", 0.5, 0.5, "publié")]), region_name="Provence-Alpes-Côte d'Azur",
                            illustrative=True, narrow=True)
    assert narrow["layout"]["title"]["text"] == "Ressenti et mesuré :<br>Provence-Alpes-Côte d'Azur"
    assert narrow["layout"]["xaxis"]["title"]["text"].startswith("Fragilité mesurée<br>")
    assert narrow["data"][0]["textfont"]["size"] < 13
