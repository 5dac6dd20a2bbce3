"""Build data/regions.geojson, the small outline file the app draws, from IGN Admin Express 2018.

    python scripts/make_geometry.py [../shared/data/geo/regions.geojson]

The regions are simplified together (shapely.coverage_simplify keeps shared borders shared, so no
gaps or overlaps open between neighbours), snapped to a 0,001° grid before rounding (plain
rounding can make polygons invalid), and written with exterior rings clockwise (what plotly's geo
subplot expects; counter-clockwise rings fill the outside of the shape). Only the `code` (INSEE)
and `nom` properties are kept. Source: IGN Admin Express COG 2018 via france-geojson, Licence Ouverte.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping

ROOT = Path(__file__).resolve().parents[1]
TOLERANCE = 0.025   # degrees, about 1,5 km: invisible at dashboard scale
GRID = 1e-3
DECIMALS = 3


def clockwise(polygon: Polygon) -> Polygon:
    """Exterior clockwise, holes counter-clockwise (sign -1.0 in shapely's orient)."""
    return shapely.geometry.polygon.orient(polygon, sign=-1.0)


def oriented(geometry):
    """Every polygon of a (multi)polygon wound clockwise; other parts (lines, points) dropped."""
    parts = [geometry] if isinstance(geometry, Polygon) else list(getattr(geometry, "geoms", []))
    polygons = []
    for part in parts:
        if isinstance(part, Polygon):
            polygons.append(clockwise(part))
        elif isinstance(part, MultiPolygon):
            polygons.extend(clockwise(p) for p in part.geoms)
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def _round(coords):
    if isinstance(coords[0], (float, int)):
        return [round(coords[0], DECIMALS), round(coords[1], DECIMALS)]
    return [_round(c) for c in coords]


def build(source: Path) -> dict:
    regions = gpd.read_file(source)
    simplified = shapely.coverage_simplify(regions.geometry.values, TOLERANCE)
    snapped = shapely.set_precision(simplified, GRID)
    features = []
    for code, name, geometry in zip(regions["code"], regions["nom"], snapped):
        geometry = oriented(shapely.make_valid(geometry) if not geometry.is_valid else geometry)
        shape = mapping(geometry)
        features.append({"type": "Feature", "properties": {"code": str(code), "nom": name},
                         "geometry": {"type": shape["type"], "coordinates": _round(shape["coordinates"])}})
    features.sort(key=lambda f: f["properties"]["code"])
    check(features)
    return {"type": "FeatureCollection", "features": features}


def check(features: list[dict]) -> None:
    """Rounding must not have made a shape invalid or turned a ring: fail loudly rather than ship it."""
    for feature in features:
        geometry = shapely.geometry.shape(feature["geometry"])
        polygons = [geometry] if isinstance(geometry, Polygon) else list(geometry.geoms)
        code = feature["properties"]["code"]
        if not geometry.is_valid:
            raise ValueError(f"région {code} : géométrie invalide ({shapely.is_valid_reason(geometry)})")
        if any(p.exterior.is_ccw or not all(h.is_ccw for h in p.interiors) for p in polygons):
            raise ValueError(f"région {code} : anneau extérieur non horaire ou trou horaire")


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data/geo/regions.geojson"
    collection = build(source)
    target = ROOT / "data" / "regions.geojson"
    target.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{target}: {len(collection['features'])} régions, {target.stat().st_size / 1024:.0f} Ko")


if __name__ == "__main__":
    main()
