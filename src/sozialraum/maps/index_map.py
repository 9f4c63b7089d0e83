"""The class map of a social index: one colour per class (``charts.social_index.class_colours``),
excluded areas grey with their reason in the tooltip, and a legend whose counts match the bar chart."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from sozialraum.analysis.social_index import IndexResult
from sozialraum.formatting import format_number
from sozialraum.maps.choropleth import NO_DATA, Legend, LegendEntry, TooltipTexts, choropleth_map
from sozialraum.maps.index_colours import class_colours, class_names

TOOLTIP_TEXTS = TooltipTexts(value_label="Index", rank_label="Klasse", city_average="", change_label="Ausgeschlossen")
NOT_COMPUTED = "nicht berechnet"


def _areas(count: int) -> str:
    return f"{count} {'Gebiet' if count == 1 else 'Gebiete'}"


def index_map_rows(result: IndexResult) -> pd.DataFrame:
    """Per area of the result: key, name, fill (class colour or NO_DATA) and the tooltip texts."""
    table = result.table
    colours = class_colours(result.definition.thresholds)
    names = class_names(result.definition)
    positions = table["class_position"]
    valid = table["excluded"].isna() & positions.notna()
    return pd.DataFrame(
        {
            "key": [str(key) for key in table.index],
            "name": table["area_name"] if "area_name" in table.columns else [str(k) for k in table.index],
            "fill": [colours[int(p)] if ok else NO_DATA for p, ok in zip(positions, valid, strict=True)],
            "value_text": [format_number(v, 2) if ok else "" for v, ok in zip(table["index"], valid, strict=True)],
            "rank_text": [names[int(p)] if ok else "ausgeschlossen" for p, ok in zip(positions, valid, strict=True)],
            "change_text": [
                "" if ok else (reason if isinstance(reason, str) else NOT_COMPUTED)
                for reason, ok in zip(table["excluded"], valid, strict=True)
            ],
        }
    ).reset_index(drop=True)


def index_legend(result: IndexResult, title: str) -> Legend:
    counts = result.class_counts()
    colours = class_colours(result.definition.thresholds)
    entries = [
        LegendEntry(colour, f"{name}: {_areas(int(count))}")
        for colour, name, count in zip(colours, class_names(result.definition), counts, strict=True)
    ]
    excluded = len(result.table) - int(counts.sum())
    notes = ["Blau = günstigere, Rot = ungünstigere Lage als im Mittel der Stadt."]
    if excluded:
        entries.append(LegendEntry(NO_DATA, f"ausgeschlossen: {_areas(excluded)}"))
        notes.append("Grau: ohne Klasse (zu wenige Einwohner, ungültige oder fehlende Werte).")
    return Legend(title, tuple(entries), tuple(notes))


def index_map(
    geometries: gpd.GeoDataFrame,
    outline_geojson: str,
    result: IndexResult,
    title: str,
    selected_key: str | None = None,
    tile_url: str | None = None,
    tile_attribution: str | None = None,
) -> folium.Map:
    """``geometries`` (key, geometry; simplified, ``maps.geometry``) coloured by the areas' classes.

    An area with geometry but no row in the result is drawn grey as *nicht berechnet*.
    """
    rows = index_map_rows(result)
    shapes = geometries[["key", "geometry"]].merge(rows, on="key", how="left")
    missing = shapes["fill"].isna()
    shapes.loc[missing, "name"] = shapes.loc[missing, "key"]
    shapes.loc[missing, ["fill", "value_text", "rank_text", "change_text"]] = [NO_DATA, "", "–", NOT_COMPUTED]
    return choropleth_map(
        shapes, outline_geojson, index_legend(result, title), TOOLTIP_TEXTS, selected_key, tile_url, tile_attribution
    )
