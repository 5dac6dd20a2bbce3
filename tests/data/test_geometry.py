"""Contract of data/regions.geojson: the 13 regions, small, valid, wound as plotly expects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[2]
GEOMETRY = ROOT / "data" / "regions.geojson"
SOURCES = (ROOT.parent / "shared", Path("/work/shared"))  # ../shared, or where it lives on our machines
ORIGINAL = next((s / "data/geo/regions.geojson" for s in SOURCES if (s / "data/geo/regions.geojson").exists()), None)
CODES = {"11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"}


@pytest.fixture(scope="module")
def collection() -> dict:
    return json.loads(GEOMETRY.read_text(encoding="utf-8"))


def signed_area(ring: list[list[float]]) -> float:
    """Shoelace formula: positive for counter-clockwise rings, negative for clockwise ones."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])) / 2


def polygons(feature: dict) -> list:
    geometry = feature["geometry"]
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def test_geometry_holds_exactly_the_13_regions_keyed_by_insee_code(collection):
    assert {f["properties"]["code"] for f in collection["features"]} == CODES
    assert len(collection["features"]) == 13


def test_geometry_is_small_enough_to_send_once(collection):
    assert GEOMETRY.stat().st_size <= 60 * 1024


def test_every_exterior_ring_is_clockwise_and_every_hole_counter_clockwise(collection):
    for feature in collection["features"]:
        for polygon in polygons(feature):
            assert signed_area(polygon[0]) < 0, feature["properties"]["code"]
            for hole in polygon[1:]:
                assert signed_area(hole) > 0, feature["properties"]["code"]


def test_every_region_shape_is_valid(collection):
    for feature in collection["features"]:
        assert shape(feature["geometry"]).is_valid, feature["properties"]["code"]


@pytest.fixture(scope="module")
def original() -> dict:
    if ORIGINAL is None:
        pytest.skip("../shared (IGN Admin Express source) absent: nothing to compare with")
    return {str(f["properties"]["code"]): shape(f["geometry"])
            for f in json.loads(ORIGINAL.read_text(encoding="utf-8"))["features"]}


def test_simplified_france_keeps_its_total_area_within_two_percent(collection, original):
    simplified = sum(shape(f["geometry"]).area for f in collection["features"])
    full = sum(s.area for s in original.values())
    assert abs(simplified - full) / full < 0.02


def test_each_simplified_region_keeps_its_area_within_two_percent(collection, original):
    for feature in collection["features"]:
        code = feature["properties"]["code"]
        simplified = shape(feature["geometry"])
        assert abs(simplified.area - original[code].area) / original[code].area < 0.02, code


def test_neighbours_share_their_borders_without_overlapping(collection):
    shapes = [shape(f["geometry"]) for f in collection["features"]]
    union_area = shapely.union_all(shapes).area
    assert abs(union_area - sum(s.area for s in shapes)) / union_area < 1e-4
