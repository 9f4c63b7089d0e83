"""Boundaries of Musterstadt: an irregular city outline cut by a river, partitioned level by level.

The city sits in the open North Sea so that on any base map it is obviously not a real place. Each
level is cut into the next finer one with clustered Voronoi cells (many small cells grouped into
compact regions), which gives irregular, street-like borders rather than the straight edges of a
plain Voronoi diagram. All shapes are built in the metric ETRS89/UTM zone 32N (EPSG:25832) at full
floating-point precision: snapping to a grid would move the points where a border meets its
parent's border off that border and leave slivers between the levels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import split

from sozialraum.demo.layout import CITY_KEY, DISTRICTS, RiverBank

METRIC_CRS = "EPSG:25832"
CITY_CENTRE_LON_LAT = (6.60, 55.30)
#: The outline is about 15 km wide and 12 km high.
CITY_HALF_WIDTH_M = 7_500.0
CITY_HALF_HEIGHT_M = 6_000.0

_OUTLINE_VERTICES = 240
_RIVER_VERTICES = 400
_RIVER_HALF_LENGTH_M = 12_000.0
#: Voronoi cells per resulting region; more cells make borders finer-grained.
_CELLS_PER_DISTRICT = 20
_CELLS_PER_SOCIAL_SPACE = 12
_CELLS_PER_PLANNING_AREA = 10
_KMEANS_ITERATIONS = 15

_TO_METRIC = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
_TO_WGS84 = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)


@dataclass(frozen=True)
class CityGeometry:
    """Shapes in EPSG:25832: the river and one polygon per area key (city, districts, …)."""

    river: LineString
    polygons: dict[str, Polygon]


def build_city_geometry(rng: np.random.Generator) -> CityGeometry:
    """Draw the outline and the river, then partition districts, social spaces and planning areas."""
    centre = np.array(_TO_METRIC.transform(*CITY_CENTRE_LON_LAT))
    outline = _city_outline(centre, rng)
    river, banks = _river_and_banks(outline, centre, rng)
    polygons: dict[str, Polygon] = {}
    for bank, bank_polygon in banks.items():
        districts = [district for district in DISTRICTS if district.bank == bank]
        pieces = _partition(bank_polygon, len(districts), _CELLS_PER_DISTRICT, rng)
        pieces.sort(key=lambda piece: piece.centroid.x)  # west to east, as DISTRICTS promises
        polygons.update({district.key: piece for district, piece in zip(districts, pieces, strict=True)})
    for district in DISTRICTS:
        spaces = district.social_spaces
        pieces = _partition(polygons[district.key], len(spaces), _CELLS_PER_SOCIAL_SPACE, rng)
        polygons.update({space.key: piece for space, piece in zip(spaces, pieces, strict=True)})
        for space in spaces:
            keys = space.planning_area_keys()
            pieces = _partition(polygons[space.key], len(keys), _CELLS_PER_PLANNING_AREA, rng)
            polygons.update(dict(zip(keys, pieces, strict=True)))
    # The union leaves hair-thin holes along the river, where both banks got their own extra vertices
    # (1e-10 m apart); the city has no real holes, so its outer ring is the whole truth.
    districts = shapely.union_all([polygons[district.key] for district in DISTRICTS])
    polygons[CITY_KEY] = Polygon(districts.exterior)
    return CityGeometry(river=river, polygons=polygons)


def to_wgs84(geometry: BaseGeometry) -> BaseGeometry:
    """Reproject from EPSG:25832 to EPSG:4326 (longitude, latitude)."""
    return shapely.transform(geometry, lambda xy: np.column_stack(_TO_WGS84.transform(xy[:, 0], xy[:, 1])))


def to_metric(geometry: BaseGeometry) -> BaseGeometry:
    """Reproject from EPSG:4326 to EPSG:25832, where lengths and areas are in metres."""
    return shapely.transform(geometry, lambda xy: np.column_stack(_TO_METRIC.transform(xy[:, 0], xy[:, 1])))


def _city_outline(centre: np.ndarray, rng: np.random.Generator) -> Polygon:
    """A smooth blob: an ellipse whose radius wobbles with a few random low harmonics.

    The radius stays well above zero, so the outline is star-shaped around the centre and simple.
    """
    angles = np.linspace(0.0, 2 * np.pi, _OUTLINE_VERTICES, endpoint=False)
    radius = np.ones_like(angles)
    for harmonic in range(2, 7):
        amplitude = rng.uniform(0.03, 0.10) / np.sqrt(harmonic - 1)
        radius += amplitude * np.cos(harmonic * angles + rng.uniform(0, 2 * np.pi))
    x = centre[0] + CITY_HALF_WIDTH_M * radius * np.cos(angles)
    y = centre[1] + CITY_HALF_HEIGHT_M * radius * np.sin(angles)
    return Polygon(np.column_stack([x, y]))


def _river_and_banks(
    outline: Polygon, centre: np.ndarray, rng: np.random.Generator
) -> tuple[LineString, dict[RiverBank, Polygon]]:
    """A meandering river from west to east that cuts the outline into exactly two banks.

    A bend can, rarely, leave and re-enter the city and cut off a third piece; such a river is drawn
    again, which keeps every district on one bank and in one piece.
    """
    while True:
        river = _meandering_line(centre, rng)
        pieces = [piece for piece in shapely.get_parts(split(outline, river)) if piece.area > 0]
        if len(pieces) == 2:
            south, north = sorted(pieces, key=lambda piece: piece.centroid.y)
            return river, {RiverBank.NORTH: north, RiverBank.SOUTH: south}


def _meandering_line(centre: np.ndarray, rng: np.random.Generator) -> LineString:
    offset_x = np.linspace(-_RIVER_HALF_LENGTH_M, _RIVER_HALF_LENGTH_M, _RIVER_VERTICES)
    offset_y = (
        rng.uniform(-800, 800)
        + rng.uniform(-0.12, 0.12) * offset_x
        + rng.uniform(500, 900) * np.sin(2 * np.pi * offset_x / rng.uniform(7_000, 10_000) + rng.uniform(0, 2 * np.pi))
        + rng.uniform(150, 350) * np.sin(2 * np.pi * offset_x / rng.uniform(2_500, 4_000) + rng.uniform(0, 2 * np.pi))
    )
    return LineString(np.column_stack([centre[0] + offset_x, centre[1] + offset_y]))


def _partition(parent: Polygon, parts: int, cells_per_part: int, rng: np.random.Generator) -> list[Polygon]:
    """Cut ``parent`` into ``parts`` contiguous polygons, ordered clockwise from north.

    Random points are clustered into compact groups (k-means); each region is the union of its
    points' Voronoi cells clipped to the parent, so the regions tile the parent exactly.
    """
    points = _random_points_inside(parent, parts * cells_per_part, rng)
    voronoi = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=parent, ordered=True)
    cells = shapely.intersection(shapely.get_parts(voronoi), parent)
    labels = _kmeans_labels(points, parts, rng)
    regions = [_polygonal(shapely.union_all(cells[labels == label])) for label in range(parts)]
    return _clockwise_from_north(_make_contiguous(regions), parent.centroid)


def _random_points_inside(polygon: Polygon, count: int, rng: np.random.Generator) -> np.ndarray:
    min_x, min_y, max_x, max_y = polygon.bounds
    accepted = np.empty((0, 2))
    while len(accepted) < count:
        candidates = rng.uniform((min_x, min_y), (max_x, max_y), size=(2 * count, 2))
        inside = shapely.contains_xy(polygon, candidates[:, 0], candidates[:, 1])
        accepted = np.vstack([accepted, candidates[inside]])
    return accepted[:count]


def _kmeans_labels(points: np.ndarray, clusters: int, rng: np.random.Generator) -> np.ndarray:
    """Cluster labels from Lloyd's algorithm; a cluster that empties takes the worst-fitting point."""
    centres = points[rng.choice(len(points), size=clusters, replace=False)]
    for _ in range(_KMEANS_ITERATIONS):
        distances = np.linalg.norm(points[:, None, :] - centres[None, :, :], axis=2)
        labels = distances.argmin(axis=1)
        for cluster in range(clusters):
            if not np.any(labels == cluster):
                worst_fit = distances[np.arange(len(points)), labels].argmax()
                labels[worst_fit] = cluster
            centres[cluster] = points[labels == cluster].mean(axis=0)
    return labels


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Drop the lines and points an overlay can leave where shapes only touch."""
    polygons = [part for part in shapely.get_parts(geometry) if isinstance(part, Polygon)]
    return shapely.union_all(polygons)


def _make_contiguous(regions: list[BaseGeometry]) -> list[Polygon]:
    """Merge every detached fragment into the neighbour with which it shares the longest border.

    Clipping convex cells to a concave parent can split a region into pieces; a municipality's area
    must be one polygon. The largest piece stays, the others join a neighbour, until none is split.
    """
    regions = list(regions)
    while (split_index := next((i for i, r in enumerate(regions) if not isinstance(r, Polygon)), None)) is not None:
        main, *fragments = sorted(shapely.get_parts(regions[split_index]), key=lambda part: -part.area)
        regions[split_index] = main
        for fragment in fragments:
            neighbour = max(
                (i for i in range(len(regions)) if i != split_index),
                key=lambda i: shapely.intersection(fragment.boundary, regions[i].boundary).length,
            )
            regions[neighbour] = shapely.union(regions[neighbour], fragment)
    return regions


def _clockwise_from_north(regions: list[Polygon], centre: shapely.Point) -> list[Polygon]:
    """Order as official numbering often runs: clockwise, starting north of the parent's centre."""

    def bearing(region: Polygon) -> float:
        point = region.representative_point()
        return float(np.arctan2(point.x - centre.x, point.y - centre.y) % (2 * np.pi))

    return sorted(regions, key=bearing)
