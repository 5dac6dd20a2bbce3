"""The felt-versus-measured quadrant: labels that stay readable."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.charts import build_quadrant


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
