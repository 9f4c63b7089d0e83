"""Map payload and build time for Berlin's 542 LOR-Planungsräume (2021), ours against stock folium.

usage (from the project root): PYTHONPATH=src python bench/map_payload.py [GEOJSON]

Prints: bytes of map code streamlit-folium sends to the browser (script + header + html, as
``st_folium`` builds them), the same for a stock ``folium.GeoJson`` choropleth with ``GeoJsonTooltip``,
the one-off simplification time, and the warm build time (table, classes, map, serialisation) as the
page does it on every rerun once the simplified geometry is cached. Leaflet itself (~150 KB, served
from ./static and cached by the browser) is not part of either figure.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from streamlit_folium import _get_header, _get_html, _get_map_string

from sozialraum.analysis.classification import Method, classify
from sozialraum.analysis.mapdata import area_table
from sozialraum.maps.geometry import outline_geojson, simplify_for_map
from sozialraum.maps.indicator_map import MapSubject, indicator_map

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared/realdata/berlin_lor_geometry/berlin_lor2021_planungsraeume_wgs84.geojson"
YEAR, EARLIER = date(2025, 12, 31), date(2024, 12, 31)


def sent_bytes(folium_map: folium.Map) -> int:
    """What st_folium hands to its frontend for this map (its own rendering steps, in its order)."""
    folium_map.get_root().render()
    parts = [_get_html(folium_map), _get_header(folium_map), _get_map_string(folium_map)]
    return sum(len(part.encode()) for part in parts)


def fictitious_values(areas: pd.DataFrame) -> pd.DataFrame:
    """A share per area and year, deterministic, with a few suppressed values as real data has."""
    rng = np.random.default_rng(542)
    rows = []
    for period, shift in ((EARLIER, 0.0), (YEAR, 0.4)):
        values = rng.gamma(4.0, 3.0, len(areas)) + shift
        for area_id, value in zip(areas["id"], values, strict=True):
            flag = "suppressed" if area_id % 97 == 0 else "ok"
            rows.append((area_id, "share", period, value, None, None, flag))
    return pd.DataFrame(
        rows, columns=["area_id", "indicator_key", "period", "value", "numerator", "denominator", "flag"]
    )


def stock_folium(raw: gpd.GeoDataFrame, table: pd.DataFrame) -> folium.Map:
    data = raw.merge(table[["key", "value"]], left_on="PLR_ID", right_on="key")
    classes = classify(data["value"], Method.QUANTILES, 5)
    colours = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"]
    data["colour"] = [colours[c] if c >= 0 else "#d9d9d9" for c in classes.class_of(data["value"])]
    folium_map = folium.Map(tiles=None)
    folium.GeoJson(
        data,
        style_function=lambda feature: {"fillColor": feature["properties"]["colour"], "weight": 0.7},
        tooltip=folium.GeoJsonTooltip(["PLR_NAME", "value"]),
    ).add_to(folium_map)
    return folium_map


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.exists():
        print(f"Geometrie fehlt: {path} – Benchmark übersprungen.")
        return
    raw = gpd.read_file(path)
    areas = pd.DataFrame({"id": range(1, len(raw) + 1), "key": raw["PLR_ID"], "name": raw["PLR_NAME"]})
    values = fictitious_values(areas)

    started = time.perf_counter()
    simplified = simplify_for_map(raw[["PLR_ID", "geometry"]].rename(columns={"PLR_ID": "key"}))
    outline = outline_geojson(simplified)
    simplify_seconds = time.perf_counter() - started

    subject = MapSubject("Anteil (fiktiv)", "%", 1, -1, YEAR.year, EARLIER.year)

    def build() -> int:
        table = area_table(areas, values, "share", YEAR, EARLIER, -1, "%")
        classification = classify(table["value"], Method.QUANTILES, 5)
        folium_map = indicator_map(simplified, outline, table, subject, classification, "12,3\u00a0%")
        return sent_bytes(folium_map)

    build()  # warm up imports and caches, as a second page run would be
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        ours = build()
        timings.append(time.perf_counter() - started)
    table = area_table(areas, values, "share", YEAR, EARLIER, -1, "%")
    class_seconds = {}
    for method in Method:
        started = time.perf_counter()
        classify(table["value"], method, 5, manual_breaks=[5.0, 10.0, 20.0])
        class_seconds[method] = time.perf_counter() - started
    stock = sent_bytes(stock_folium(raw, area_table(areas, values, "share", YEAR, EARLIER, -1, "%")))

    print(f"Gebiete:                         {len(raw)}")
    print(f"Kartendaten an den Browser:      {ours / 1000:8.1f} KB  (Ziel ≤ 400 KB)")
    print(f"  zum Vergleich stock folium:    {stock / 1000:8.1f} KB")
    print(f"Vereinfachung (einmalig):        {simplify_seconds:8.3f} s")
    print(f"Warmer Kartenaufbau (Median/5):  {statistics.median(timings):8.3f} s  (Ziel ≤ 0,5 s Skriptlauf)")
    print("Klassenbildung (kalt; die Seite speichert das Ergebnis zwischen):")
    for method, seconds in class_seconds.items():
        print(f"  {method.value:<14}                 {seconds:8.3f} s")


if __name__ == "__main__":
    main()
