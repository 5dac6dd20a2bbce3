"""Fixtures shared by the unit tests of the exports."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dashboard.analysis.model import build_model, get_model


@pytest.fixture(scope="module")
def model():
    return get_model()


@pytest.fixture(scope="module")
def tampered(model):
    """A model whose data holds formula-looking text (as an import or a bad file could)."""
    regions = model.bundle.regions.copy()
    regions.loc[regions["code"] == "53", "nom"] = "=HYPERLINK(\"http://x\";\"clic\")"
    regions.loc[regions["code"] == "11", "nom"] = "@SUM(A1)"
    return build_model(replace(model.bundle, regions=regions))
