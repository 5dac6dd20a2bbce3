"""Derived tables computed once per data bundle: scores, domain indices, felt versus measured.

Callbacks look things up here instead of recomputing per request. A Model is built from a
DataBundle and never changed afterwards; an import builds a new Model for the session that made it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from dashboard.indicators import domain_index, felt_versus_measured, score_indicators, select_perception
from dashboard.loading import DataBundle, get_bundle
from dashboard.schema import DEFAULT_PROFILE, PROFILES, REGION_CODES


@dataclass(frozen=True)
class Model:
    bundle: DataBundle
    scores: pd.DataFrame            # score_indicators(): one row per region x indicator
    index: pd.DataFrame             # domain_index(): 13 regions x 16 domains
    perception: dict[str, pd.DataFrame]        # profile -> select_perception()
    felt_measured: dict[str, pd.DataFrame]     # profile -> felt_versus_measured()
    domain_labels: dict[str, str] = field(default_factory=dict)
    region_names: dict[str, str] = field(default_factory=dict)

    @property
    def domain_ids(self) -> list[str]:
        return self.bundle.domains["id"].tolist()

    def indicators_of(self, domain_id: str) -> pd.DataFrame:
        catalogue = self.bundle.indicators
        return catalogue[catalogue["domain_id"] == domain_id]

    def indicator(self, indicator_id: str) -> pd.Series:
        catalogue = self.bundle.indicators
        return catalogue[catalogue["id"] == indicator_id].iloc[0]

    def coverage_of(self, domain_id: str) -> int:
        """How many of the 13 regions have a domain index."""
        cells = self.index[self.index["domain_id"] == domain_id]
        return int(cells["index"].notna().sum())

    def best_covered_domain(self) -> str:
        """Default domain: the most regions with an index, official sources first, then file order."""
        official = self.scores[self.scores["kind"] == "officiel"]
        def key(domain_id: str) -> tuple[int, int]:
            official_regions = official[official["domain_id"] == domain_id]["region_code"].nunique()
            return (self.coverage_of(domain_id), official_regions)
        return max(self.domain_ids, key=key)


def build_model(bundle: DataBundle) -> Model:
    domain_ids = bundle.domains["id"].tolist()
    scores = score_indicators(bundle.values, bundle.indicators)
    index = domain_index(scores, domain_ids)
    perception = {p: select_perception(bundle.perception, p) for p in PROFILES}
    felt = {p: felt_versus_measured(index, perception[p]) for p in PROFILES}
    return Model(
        bundle=bundle, scores=scores, index=index, perception=perception, felt_measured=felt,
        domain_labels=dict(zip(bundle.domains["id"], bundle.domains["label_fr"])),
        region_names=dict(zip(bundle.regions["code"], bundle.regions["nom"])),
    )


@lru_cache(maxsize=1)
def get_model() -> Model:
    """The model of the bundled (or deployment) data, built once per process."""
    return build_model(get_bundle())


def model_for(imported) -> Model:
    """The Model a browser session sees: the bundled data, plus what that session imported.

    `imported` is the content of the session's dcc.Store (None when nothing was imported).
    The import feature (dashboard/importing.py) builds and caches the merged Model.
    """
    if not imported:
        return get_model()
    from dashboard.importing import model_with_imports

    return model_with_imports(get_model(), imported)


__all__ = ["Model", "build_model", "get_model", "DEFAULT_PROFILE", "REGION_CODES"]
