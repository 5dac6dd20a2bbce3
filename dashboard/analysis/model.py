"""Derived tables computed once per data bundle: scores, domain indices, felt versus measured.

Callbacks look things up here instead of recomputing per request. A Model is built from a
DataBundle and never changed afterwards; an import builds a new Model for the session that made it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache, wraps

import pandas as pd

from dashboard import comparison_rules as rules
from dashboard.analysis import series
from dashboard.analysis.indicators import (domain_index, felt_versus_measured, index_composition, score_indicators,
                                  select_perception)
from dashboard.data.loading import DataBundle, get_bundle
from dashboard.data.schema import DEFAULT_PROFILE, FRANCE, PROFILES, REGION_CODES
from dashboard.imports.merging import SESSION_SOURCE, merged_bundle, session_files, with_extra_dir


@dataclass(frozen=True)
class Model:
    bundle: DataBundle
    scores: pd.DataFrame            # score_indicators(): one row per region x indicator
    index: pd.DataFrame             # domain_index(): 13 regions x 16 domains (« douteuse » rows out)
    perception: dict[str, pd.DataFrame]        # profile -> select_perception()
    felt_measured: dict[str, pd.DataFrame]     # profile -> felt_versus_measured()
    domain_labels: dict[str, str] = field(default_factory=dict)
    region_names: dict[str, str] = field(default_factory=dict)

    @property
    def domain_ids(self) -> list[str]:
        return self.bundle.domains["id"].tolist()

    def indicators_of(self, domain_id: str) -> pd.DataFrame:
        """The catalogue rows of a domain (read-only: the same frame is handed to every caller)."""
        by_domain = self._lookup("indicators_by_domain", lambda: dict(
            tuple(self.bundle.indicators.groupby("domain_id", sort=False))))
        return by_domain.get(domain_id, self.bundle.indicators.iloc[0:0])

    def indicator_records(self, domain_id: str) -> tuple:
        """indicators_of(domain_id).itertuples(), made once per domain."""
        records = self._lookup("indicator_records", lambda: {})
        if domain_id not in records:
            records[domain_id] = tuple(self.indicators_of(domain_id).itertuples())
        return records[domain_id]

    def indicator(self, indicator_id: str) -> pd.Series:
        rows = self._lookup("indicator_rows", lambda: {
            row["id"]: row for _, row in self.bundle.indicators.iloc[::-1].iterrows()})  # first wins
        if indicator_id not in rows:
            raise IndexError(f"indicateur inconnu : {indicator_id}")
        return rows[indicator_id]

    def indicator_scores(self, indicator_id: str) -> IndicatorScores | None:
        """One indicator's scores, indexed for the region view (None when it has no score)."""
        return self._lookup("indicator_scores", self._index_scores).get(indicator_id)

    def france_value(self, indicator_id: str):
        """The indicator's value for France métropolitaine (None when absent)."""
        return self._lookup("france_values", self._france_values).get(indicator_id)

    def value_notes(self, indicator_id: str, region: str) -> dict:
        """Where one value was read (`lu_sur`) and how it was made (`methode`), when the data says."""
        notes = self._lookup("value_notes", self._value_notes)
        return notes.get((indicator_id, region), {})

    def _value_notes(self) -> dict:
        values = self.bundle.values
        out = {}
        for column in ("lu_sur", "methode"):
            if column not in values:
                continue
            present = values[values[column].notna() & (values[column].astype(str).str.strip() != "")]
            for code, indicator_id, note in zip(present["region_code"], present["indicator_id"], present[column]):
                out.setdefault((indicator_id, code), {})[column] = str(note)
        return out

    # -- series (issue 14): an indicator's values per year ---------------------------------------
    def series_points(self, indicator_id: str) -> pd.DataFrame:
        """Every year of the series `indicator_id` belongs to: region_code, year, value, source,
        source_url, lu_sur, licence, methode (regions and France; empty frame when unknown)."""
        return self._lookup("series_points", self._series_points).get(indicator_id, _NO_POINTS)

    def indicator_years(self, indicator_id: str) -> tuple[int, ...]:
        """The years of an indicator's series, oldest first (one year for most indicators)."""
        years = self._lookup("indicator_years", lambda: {
            i: tuple(sorted(set(int(y) for y in p["year"]))) for i, p in self._lookup(
                "series_points", self._series_points).items()})
        return years.get(indicator_id, ())

    def year_coverage(self, indicator_id: str) -> dict[int, int]:
        """year -> how many of the 13 regions have a value (series.coverage_by_year)."""
        cached = self._lookup("year_coverage", lambda: {})
        if indicator_id not in cached:
            cached[indicator_id] = series.coverage_by_year(self.series_points(indicator_id))
        return cached[indicator_id]

    def series_members(self, indicator_id: str) -> pd.DataFrame:
        """The catalogue rows of the series `indicator_id` belongs to (same domain, same series id:
        taux_pauvrete_2018 and taux_pauvrete_2020), oldest first."""
        catalogue = self.bundle.indicators
        info = self.indicator(indicator_id)
        key = rules.series_of(indicator_id)
        same = catalogue[(catalogue["domain_id"] == info["domain_id"])
                         & (catalogue["id"].map(rules.series_of) == key)]
        return same.sort_values("year")

    def _series_points(self) -> dict[str, pd.DataFrame]:
        """indicator id -> its series' points. A catalogue row brings its own year's values
        (objective_values.csv); series_values.csv brings the other years; catalogue rows of one
        series with the same label and unit share their points (a change of definition splits)."""
        catalogue = self.bundle.indicators
        values = self.bundle.values.merge(catalogue[["id", "year"]], left_on="indicator_id", right_on="id")
        values = values.drop(columns="id").assign(year=lambda f: f["year"].astype(int))
        frames = [values]
        if self.bundle.series is not None and len(self.bundle.series):
            frames.insert(0, self.bundle.series)   # first: its rows win over a duplicate year
        every = pd.concat(frames, ignore_index=True)
        every["value"] = every["value"].astype(float)
        keys = {row.id: (row.domain_id, rules.series_of(row.id), row.label_fr, row.unit)
                for row in catalogue.itertuples()}
        every["key"] = every["indicator_id"].map(keys)
        every = every.dropna(subset=["key"]).drop_duplicates(["key", "region_code", "year"], keep="first")
        by_key = {key: group.drop(columns=["key"]).sort_values(["region_code", "year"]).reset_index(drop=True)
                  for key, group in every.groupby("key", sort=False)}
        return {indicator_id: by_key.get(key, _NO_POINTS) for indicator_id, key in keys.items()}

    def coverage_of(self, domain_id: str) -> int:
        """How many of the 13 regions have a domain index."""
        cells = self.index[self.index["domain_id"] == domain_id]
        return int(cells["index"].notna().sum())

    def index_composition(self, include_doubtful: bool = False) -> dict[str, list[str]]:
        """domain -> the indicators its index uses (the same for every region it ranks)."""
        return self._lookup(f"composition_{include_doubtful}", lambda: index_composition(
            self.scores, self.bundle.indicators, include_doubtful=include_doubtful))

    def index_for(self, include_doubtful: bool = False) -> pd.DataFrame:
        """The domain index grid; with `include_doubtful`, the « douteuse » rows of the 2020
        report enter it too (a researcher's choice on /comparer, never the default)."""
        if not include_doubtful:
            return self.index
        return self._lookup("index_with_doubtful", lambda: domain_index(
            self.scores, self.domain_ids, self.index_composition(True), _available(self.bundle)))

    def best_covered_domain(self) -> str:
        """Default domain: the most regions with an index, official sources first, then file order."""
        return self._lookup("best_covered_domain", self._best_covered_domain)

    def _best_covered_domain(self) -> str:
        official = self.scores[self.scores["kind"] == "officiel"]
        def key(domain_id: str) -> tuple[int, int]:
            official_regions = official[official["domain_id"] == domain_id]["region_code"].nunique()
            return (self.coverage_of(domain_id), official_regions)
        return max(self.domain_ids, key=key)

    # Lookups derived from the (never changed) frames, computed at first use and kept with the
    # Model: callbacks then read dicts instead of filtering frames on every request.
    def warm_lookups(self) -> "Model":
        """Compute every lookup now (the production server does it once, before forking workers)."""
        self.best_covered_domain()
        for domain_id in self.domain_ids:
            self.indicator_records(domain_id)
        for indicator_id in self.bundle.indicators["id"]:
            self.indicator(indicator_id)
            self.indicator_scores(indicator_id)
            self.france_value(indicator_id)
            self.year_coverage(indicator_id)   # also builds every indicator's years (series_points)
        return self

    def _lookup(self, name: str, compute):
        cache = self.__dict__.setdefault("_lookups", {})
        if name not in cache:
            cache[name] = compute()  # two threads may both compute it: same value, no harm
        return cache[name]

    def _index_scores(self) -> dict[str, IndicatorScores]:
        lookups = {}
        for indicator_id, scores in self.scores.groupby("indicator_id", sort=False):
            by_region: dict[str, tuple] = {}
            for code, value, rank, gap in zip(scores["region_code"], scores["value"].to_numpy(),
                                              scores["rank"].to_numpy(), scores["gap_to_france"].to_numpy()):
                by_region.setdefault(code, (value, rank, gap))
            lookups[indicator_id] = IndicatorScores(
                by_region=by_region, n_regions=len(scores),
                strip=tuple(sorted(zip(scores["region_code"], scores["oriented"]))))
        return lookups

    def _france_values(self) -> dict:
        values = self.bundle.values
        france = values[values["region_code"] == FRANCE]
        first = france.drop_duplicates("indicator_id", keep="first")
        return dict(zip(first["indicator_id"], first["value"].to_numpy()))


_NO_POINTS = pd.DataFrame(columns=["region_code", "indicator_id", "year", "value"])


@dataclass(frozen=True)
class IndicatorScores:
    by_region: dict[str, tuple]     # region code -> (value, rank, gap to France)
    n_regions: int                  # how many regions have a score
    strip: tuple                    # sorted (region code, oriented value) pairs


def _available(bundle: DataBundle) -> dict[str, int]:
    """domain -> how many indicators the catalogue has for it."""
    return bundle.indicators.groupby("domain_id")["id"].nunique().to_dict()


def build_model(bundle: DataBundle) -> Model:
    domain_ids = bundle.domains["id"].tolist()
    scores = score_indicators(bundle.values, bundle.indicators)
    index = domain_index(scores, domain_ids, index_composition(scores, bundle.indicators),
                         _available(bundle))
    perception = {p: select_perception(bundle.perception, p) for p in PROFILES}
    felt = {p: felt_versus_measured(index, perception[p]) for p in PROFILES}
    return Model(
        bundle=bundle, scores=scores, index=index, perception=perception, felt_measured=felt,
        domain_labels=dict(zip(bundle.domains["id"], bundle.domains["label_fr"])),
        region_names=dict(zip(bundle.regions["code"], bundle.regions["nom"])),
    )


# -- a session's imports: one merged Model per distinct set of files, shared by the sessions that
#    have them (the cache compares the files' digest, never the frames) ----------------------------
CACHE_SIZE = 8


@dataclass(frozen=True)
class _Key:
    """What the cache compares: the payload's digest and which base Model; not the frames."""

    digest: str
    base_id: int
    base: object = field(compare=False, hash=False)     # kept alive while cached: id stays unique
    payload: str = field(compare=False, hash=False)


@lru_cache(maxsize=CACHE_SIZE)
def _merged_model(key: _Key):
    files = json.loads(key.payload)
    return build_model(merged_bundle(key.base.bundle, files, SESSION_SOURCE))


def model_with_imports(base_model, imported):
    """The Model of a session: `base_model` plus its imports (`base_model` when none or invalid)."""
    files = session_files(imported, base_model.domain_ids)
    if not files:
        return base_model
    payload = json.dumps(files, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return _merged_model(_Key(digest, id(base_model), base_model, payload))



@lru_cache(maxsize=1)
def get_model() -> Model:
    """The model of the bundled (or deployment) data, plus IMPACT_EXTRA_DIR, built once per process."""
    return build_model(with_extra_dir(get_bundle()))


def cached_for_reference(maxsize: int = 256):
    """Memoise `function(model, *args)` when `model` is the reference model (get_model()), which
    never changes; a session's merged model (imports) is computed each time. The result is
    shared between requests: callers only read it."""
    def decorate(function):
        @lru_cache(maxsize=maxsize)
        def reference(*args):
            return function(get_model(), *args)

        @wraps(function)
        def wrapper(model, *args):
            if model is get_model():
                try:
                    return reference(*args)
                except TypeError:  # an unhashable argument (a tampered request): no cache
                    pass
            return function(model, *args)

        wrapper.cache_info = reference.cache_info
        return wrapper
    return decorate


def model_for(imported) -> Model:
    """The Model a browser session sees: the bundled data, plus what that session imported.

    `imported` is the content of the session's dcc.Store (None when nothing was imported).
    Its files are read back by dashboard/imports/merging.py; the merged Model is cached above.
    """
    if not imported:
        return get_model()
    return model_with_imports(get_model(), imported)


__all__ = ["Model", "build_model", "get_model", "DEFAULT_PROFILE", "REGION_CODES"]
