"""The map core without a browser: colours by polarity, legend texts, escaping, offline assets, geometry."""

from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from sozialraum.analysis.classification import Method, classify
from sozialraum.analysis.mapdata import area_table, favourable_rank
from sozialraum.maps.choropleth import HATCHED, NO_DATA
from sozialraum.maps.colours import change_class_colours, class_colours
from sozialraum.maps.geometry import outline_geojson, simplify_for_map
from sozialraum.maps.indicator_map import MapSubject, area_fills, build_legend, indicator_map
from sozialraum.maps.offline import STATIC_URL, offline_map, sync_leaflet_assets
from sozialraum.store import repository

NOW, BEFORE = date(2025, 12, 31), date(2024, 12, 31)
BERLIN = Path(__file__).resolve().parents[3] / "shared/realdata/berlin_lor_geometry"
SHARE = MapSubject("SGB-II-Quote", "%", 1, -1, 2025, 2024)


def grid_areas(names: list[str]) -> gpd.GeoDataFrame:
    """Square areas side by side near Hannover, keys 01, 02, …"""
    shapes = [box(9.7 + 0.01 * i, 52.37, 9.71 + 0.01 * i, 52.38) for i in range(len(names))]
    keys = [f"{i + 1:02d}" for i in range(len(names))]
    return gpd.GeoDataFrame({"id": range(1, len(names) + 1), "key": keys, "name": names}, geometry=shapes, crs=4326)


def observations(rows: list[tuple[int, date, float | None, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(area, "sgb2_rate", period, value, None, None, flag) for area, period, value, flag in rows],
        columns=["area_id", "indicator_key", "period", "value", "numerator", "denominator", "flag"],
    )


def test_worse_is_darker_whatever_the_polarity():
    higher_worse, higher_better = class_colours(5, -1), class_colours(5, 1)
    assert higher_worse[-1] == higher_better[0] == "#b30000"  # ColorBrewer OrRd's darkest
    assert class_colours(3, 0) == ["#deebf7", "#9ecae1", "#3182bd"]  # neutral: Blues


def test_change_colours_diverge_at_zero_and_follow_polarity():
    lower, upper = [-5.0, -1.0, 1.0], [-1.0, 1.0, 4.0]
    colours = change_class_colours(lower, upper, polarity=1)  # decrease of a good thing is bad: red
    assert colours == ["#ef8a62", "#f7f7f7", "#67a9cf"]
    assert change_class_colours(lower, upper, polarity=-1) == colours[::-1]


def test_rank_one_is_the_most_favourable_value():
    values = pd.Series([10.0, 30.0, np.nan, 20.0])
    assert favourable_rank(values, -1).tolist() == [1, 3, pd.NA, 2]
    assert favourable_rank(values, 1).tolist() == [3, 1, pd.NA, 2]


def test_table_keeps_missing_and_suppressed_apart_and_computes_changes():
    areas = grid_areas(["A", "B", "C", "D"])
    values = observations(
        [
            (1, NOW, 12.0, "ok"),
            (1, BEFORE, 10.5, "ok"),
            (2, NOW, None, "suppressed"),
            (3, NOW, 20.0, "ok"),
            (3, BEFORE, 25.0, "ok"),
        ]
    )
    table = area_table(areas, values, "sgb2_rate", NOW, BEFORE, -1, "%")
    assert table["flag"].tolist() == ["ok", "suppressed", "ok", "missing"]
    assert table["change"].iloc[0] == pytest.approx(1.5)  # percentage points
    assert table["change"].iloc[2] == pytest.approx(-5.0)
    counts = area_table(areas, values, "sgb2_rate", NOW, BEFORE, 0, "Personen")
    assert counts["change"].iloc[2] == pytest.approx(-20.0)  # per cent for everything else
    fills = area_fills(table, SHARE, classify(table["value"], Method.QUANTILES, 3))
    assert fills.iloc[1] == HATCHED
    assert fills.iloc[3] == NO_DATA


def test_legend_states_bounds_in_german_with_unit_and_explains_gaps():
    areas = grid_areas(["A", "B", "C", "D", "E"])
    values = observations(
        [(1, NOW, 5.25, "ok"), (2, NOW, 10.0, "ok"), (3, NOW, 1234.5, "ok"), (4, NOW, None, "suppressed")]
    )
    table = area_table(areas, values, "sgb2_rate", NOW, None, -1, "%")
    classification = classify(table["value"], Method.MANUAL, manual_breaks=[6.0, 100.0])
    legend = build_legend(table, area_fills(table, SHARE, classification), SHARE, classification)
    labels = [entry.label for entry in legend.entries]
    assert labels == [
        "5,3 bis 6,0\u00a0% (1 Gebiet)",
        "über 6,0 bis 100,0\u00a0% (1 Gebiet)",
        "über 100,0 bis 1.234,5\u00a0% (1 Gebiet)",
        "geheimgehalten (1)",
        "keine Daten (1)",
    ]
    assert legend.title == "SGB-II-Quote 2025 (in %)"
    assert any("Datenschutz" in note for note in legend.notes)


def map_html(names: list[str]) -> str:
    areas = grid_areas(names)
    values = observations([(i + 1, NOW, 10.0 + i, "ok") for i in range(len(names))])
    table = area_table(areas, values, "sgb2_rate", NOW, None, -1, "%")
    simplified = simplify_for_map(areas)
    folium_map = indicator_map(
        simplified, outline_geojson(simplified), table, SHARE, classify(table["value"], Method.QUANTILES, 3), "11 %"
    )
    return folium_map.get_root().render()


def test_area_names_are_escaped_in_the_map():
    html = map_html(["<script>alert(1)</script>", "Tom & Jerry", "Normal"])
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html.replace("\\u0026", "&")
    assert "Tom &amp; Jerry" in html.replace("\\u0026", "&")


def test_map_loads_no_file_from_outside_the_app():
    html = map_html(["A", "B", "C"])
    assert "http://" not in html
    assert "https://" not in html
    assert f'src="{STATIC_URL}leaflet.js"' in html
    assert html.count('"type":"Feature"') == 3


def test_leaflet_files_are_copied_from_the_installed_package(tmp_path):
    target = sync_leaflet_assets(tmp_path)
    assert (target / "leaflet.js").stat().st_size > 100_000
    assert (target / "leaflet.css").exists()
    assert (target / "images" / "layers.png").exists()


def neighbours_share_borders(areas: gpd.GeoDataFrame) -> None:
    geometries = areas.geometry.to_numpy()
    tree = shapely.STRtree(geometries)
    pairs = tree.query(geometries, predicate="intersects").T
    for left, right in pairs:
        if left < right:
            overlap = shapely.intersection(geometries[left], geometries[right]).area
            smaller = min(geometries[left].area, geometries[right].area)
            assert overlap < 1e-3 * smaller  # no overlap beyond the metre-scale rounding of coordinates …
    union = shapely.union_all(geometries, grid_size=1e-5)
    holes = sum(len(polygon.interiors) for polygon in getattr(union, "geoms", [union]))
    assert holes == 0  # … and no slivers between neighbours


def test_demo_geometry_stays_a_coverage_after_simplification(demo_engine):
    raw = repository.load_area_geometries(demo_engine, "planning_area")
    simplified = simplify_for_map(raw)
    assert len(simplified) == len(raw) == 51
    neighbours_share_borders(simplified)


@pytest.mark.skipif(not BERLIN.exists(), reason="Berliner LOR-Geometrie (../shared/realdata) nicht vorhanden")
def test_berlin_planning_areas_fit_the_payload_budget():
    raw = gpd.read_file(BERLIN / "berlin_lor2021_planungsraeume_wgs84.geojson")
    simplified = simplify_for_map(raw[["PLR_ID", "geometry"]])
    size = sum(len(shapely.to_geojson(geometry)) for geometry in simplified.geometry)
    assert len(simplified) == 542
    assert size < 350_000  # geometry share of the 400 KB map budget
    neighbours_share_borders(simplified)


def test_base_map_only_when_a_tile_url_is_configured():
    bounds = [[52.3, 9.6], [52.4, 9.8]]
    assert "L.tileLayer" not in offline_map(bounds).get_root().render()
    wmts = "https://geo.example.de/wmts/stadtplan/{z}/{x}/{y}.png"
    html = offline_map(bounds, wmts, "© Stadt Beispiel").get_root().render()
    assert "L.tileLayer" in html
    assert wmts in html
    assert '"attribution": "\\u00a9 Stadt Beispiel"' in html
