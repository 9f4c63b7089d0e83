"""The map opens on the bulk of the areas: far-off fragments (Hamburg's Neuwerk) do not set the bounds."""

import re
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import MultiPolygon, box

from sozialraum.analysis.classification import Method, classify
from sozialraum.analysis.mapdata import area_table
from sozialraum.maps.geometry import bulk_bounds, outline_geojson
from sozialraum.maps.indicator_map import MapSubject, indicator_map

NOW = date(2025, 12, 31)
REALDATA = Path(__file__).resolve().parents[3] / "shared" / "realdata"


def grid(size: int = 5) -> list:
    return [
        box(10 + 0.01 * i, 53.5 + 0.01 * j, 10.01 + 0.01 * i, 53.51 + 0.01 * j)
        for i in range(size)
        for j in range(size)
    ]


def test_a_far_island_area_is_left_out_of_the_bounds():
    island = box(8.40, 53.90, 8.45, 53.93)
    areas = gpd.GeoDataFrame({"key": [str(i) for i in range(26)]}, geometry=[*grid(), island], crs=4326)
    assert areas.total_bounds[0] == pytest.approx(8.40)
    west, south, east, north = bulk_bounds(areas)
    assert (west, south, east, north) == pytest.approx((10.0, 53.5, 10.05, 53.55))


def test_a_far_part_of_one_area_is_left_out_too():
    # A district whose multipolygon includes the island, as Hamburg-Mitte includes Neuwerk.
    cells = grid()
    district = MultiPolygon([cells[0], box(8.40, 53.90, 8.45, 53.93)])
    areas = gpd.GeoDataFrame({"key": ["mitte", *map(str, range(1, 25))]}, geometry=[district, *cells[1:]], crs=4326)
    assert bulk_bounds(areas)[0] == pytest.approx(10.0)


def test_a_compact_city_keeps_all_of_it():
    areas = gpd.GeoDataFrame({"key": [str(i) for i in range(25)]}, geometry=grid(), crs=4326)
    assert bulk_bounds(areas) == pytest.approx(tuple(areas.total_bounds))
    few = areas.iloc[:2]
    assert bulk_bounds(few) == pytest.approx(tuple(few.total_bounds))


def test_the_map_is_fitted_to_the_bulk():
    cells = [*grid(), box(8.40, 53.90, 8.45, 53.93)]
    keys = [f"{i:02d}" for i in range(len(cells))]
    areas = gpd.GeoDataFrame({"id": range(1, 27), "key": keys, "name": keys}, geometry=cells, crs=4326)
    values = pd.DataFrame(
        [(i + 1, "x", NOW, float(i), None, None, "ok") for i in range(26)],
        columns=["area_id", "indicator_key", "period", "value", "numerator", "denominator", "flag"],
    )
    table = area_table(areas, values, "x", NOW, None, -1, "%")
    subject = MapSubject("Quote", "%", 1, -1, 2025, None)
    folium_map = indicator_map(
        areas, outline_geojson(areas), table, subject, classify(table["value"], Method.QUANTILES, 3), "–"
    )
    html = folium_map.get_root().render()
    fitted = re.search(r"fitBounds\(\s*\[\[([-\d.]+),\s*([-\d.]+)\],\s*\[([-\d.]+),\s*([-\d.]+)\]\]", html)
    assert fitted, "no fitBounds in the map"
    south, west, north, east = map(float, fitted.groups())
    assert (south, west, north, east) == pytest.approx((53.5, 10.0, 53.55, 10.05))


@pytest.mark.skipif(not (REALDATA / "hamburg").is_dir(), reason="realdata/hamburg fehlt")
def test_hamburg_opens_on_the_city_not_on_neuwerk():
    quarters = gpd.read_file(REALDATA / "hamburg" / "hamburg-quarters.geojson").to_crs(4326)
    assert quarters.total_bounds[0] < 8.6  # Neuwerk, ~100 km west-north-west in the Wadden Sea
    west, south, east, north = bulk_bounds(quarters)
    assert west > 9.7
    assert north < 53.75
    assert east == pytest.approx(quarters.total_bounds[2])
