"""Map geometry made light enough for the browser, without gaps or overlaps between neighbours.

``shapely.coverage_simplify`` simplifies the shared edges of a polygon coverage once for both sides, so
neighbouring areas keep a common border (Douglas-Peucker per polygon would open slivers); the input is
cleaned into a proper coverage first (``coverage_clean``). Both run in
a metric CRS so the tolerance is in metres. Coordinates are then rounded to about a metre; a shared
vertex rounds the same way on both sides, so borders stay shared.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

#: Below a screen pixel when a whole city fits the map: Berlin (45 km across) in a 700 px wide map is
#: ~65 m per pixel; only when a planner zooms in to street level do edges look straightened.
SIMPLIFY_TOLERANCE_M = 40.0
COORDINATE_DECIMALS = 5
#: Boundary files are rarely a clean coverage (digitising leaves overlaps and gaps of a few metres);
#: ``coverage_clean`` first removes overlaps and gaps narrower than this, so the simplification,
#: which assumes a clean coverage, cannot widen them into visible slivers.
GAP_WIDTH_M = 5.0  # 1e-5° is about 1 m


def _round_coordinates(geometries: np.ndarray) -> np.ndarray:
    return shapely.transform(geometries, lambda coordinates: np.round(coordinates, COORDINATE_DECIMALS))


def simplify_for_map(areas: gpd.GeoDataFrame, tolerance_m: float = SIMPLIFY_TOLERANCE_M) -> gpd.GeoDataFrame:
    """``areas`` (any CRS, one coverage) with simplified geometry in EPSG:4326."""
    if areas.empty:
        return areas.to_crs(4326)
    metric = areas.to_crs(areas.estimate_utm_crs())
    cleaned = shapely.coverage_clean(metric.geometry.to_numpy(), gap_width=GAP_WIDTH_M)
    simplified = shapely.coverage_simplify(cleaned, tolerance_m)
    wgs84 = gpd.GeoSeries(simplified, crs=metric.crs).to_crs(4326)
    return areas.set_geometry(gpd.GeoSeries(_round_coordinates(wgs84.to_numpy()), index=areas.index, crs=4326))


def outline_geojson(areas: gpd.GeoDataFrame) -> str:
    """The outer border of all areas (the city outline) as GeoJSON, from already simplified geometry.

    Unioned on the rounding grid: rounding can leave shared edges minutely apart, which
    ``coverage_union_all`` rejects.
    """
    if areas.empty:
        return "null"
    merged = shapely.union_all(areas.geometry.to_numpy(), grid_size=10.0**-COORDINATE_DECIMALS)
    return shapely.to_geojson(merged.boundary)


#: How far beyond the quartiles of the parts' centres (in interquartile ranges) a part may lie and still
#: count for the map's initial view; Tukey's "far out" fence.
BOUNDS_FENCE_IQR = 3.0


def bulk_bounds(areas: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    """Bounds (west, south, east, north) of the bulk of ``areas``: polygon parts whose centre lies far out
    of the others (Hamburg's island Neuwerk, 100 km off the city; an exclave) are left out, so the map
    opens on the city instead of a small patch in a corner. The parts are still drawn, one pan away."""
    parts = areas.geometry.explode(index_parts=False)
    parts = parts[~parts.is_empty]
    if len(parts) < 4:
        return tuple(float(v) for v in areas.total_bounds)
    centres = shapely.get_coordinates(parts.representative_point().to_numpy())
    low, high = np.quantile(centres, [0.25, 0.75], axis=0)
    # One scale for both axes (the larger spread), so a city stretched along one axis keeps its edges.
    fence = BOUNDS_FENCE_IQR * max(float((high - low).max()), 1e-9)
    keep = ((centres >= low - fence) & (centres <= high + fence)).all(axis=1)
    kept = parts[keep] if keep.any() else parts
    return tuple(float(v) for v in kept.total_bounds)


#: How many areas without a shape the map names; the rest are counted.
MISSING_SHAPES_NAMED = 10


def missing_shapes_text(names: list[str], level_plural: str) -> str | None:
    """A German sentence naming the areas a map cannot draw because no boundary is stored for them yet
    (imported from a list, the GIS has not delivered), or None when every area has one. Plain text: the
    caller escapes it for markdown."""
    if not names:
        return None
    shown = ", ".join(sorted(names)[:MISSING_SHAPES_NAMED])
    rest = len(names) - MISSING_SHAPES_NAMED
    more = f" und {rest} weitere" if rest > 0 else ""
    count = f"{len(names)} {level_plural}" if len(names) > 1 else "1 Gebiet"
    return (
        f"Für {count} sind noch keine Umrisse gespeichert, die Karte zeigt sie nicht: {shown}{more}. "
        "Die Werte stehen in der Rangfolge; Umrisse lassen sich auf der Seite Daten als Geometriedatei "
        "zum selben Gebietsstand nachladen."
    )


def map_shapes(areas: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, str]:
    """What a map draws of ``areas``: simplified geometry (key, geometry) and the city outline as GeoJSON."""
    simplified = simplify_for_map(areas)
    return simplified[["key", "geometry"]], outline_geojson(simplified)
