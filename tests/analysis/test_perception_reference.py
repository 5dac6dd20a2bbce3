"""Perception against France compares the same survey year, or is not computed (issue 11 §4)."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis.matrix import france_cells, perception_cells, france_perception
from dashboard.analysis.model import get_model


def test_france_perception_reference_is_only_drawn_for_the_same_survey_year():
    model = get_model()
    cells = france_cells(model, "perception", "brut", "citoyens")
    # the regions' (illustrative) scores are of 2019: IMPACT-Citoyens 2019 is France's reference
    assert cells["emploi"] == 6.4
    # pauvreté has only PHARE 2015 for France: no 2015 reference under 2019 values
    assert "pauvrete_exclusion" not in cells


def test_a_region_gap_to_france_perception_is_not_computed_across_survey_years():
    model = get_model()
    chosen = model.perception["citoyens"]
    france = france_perception(model.bundle.perception, "citoyens")
    cells = perception_cells(chosen, france, model.domain_ids, "ecart").set_index(["region_code", "domain_id"])
    assert not pd.isna(cells.loc[("53", "emploi"), "shown"])              # 2019 against 2019
    assert pd.isna(cells.loc[("53", "pauvrete_exclusion"), "shown"])      # 2019 against 2015: none
