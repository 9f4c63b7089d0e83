"""Figures of Steckbrief, Vergleich and Entwicklung: what they draw, in German, without a tile server."""

import math
from datetime import date

import geopandas as gpd
import pandas as pd
from shapely.geometry import MultiPolygon, box

from sozialraum.charts.area_figures import (
    BREAK_COLOUR,
    HIGHLIGHT_COLOUR,
    deviation_figure,
    locator_map_figure,
    period_ticks,
    trend_figure,
)

PERIODS = [date(2020, 12, 31), date(2021, 12, 31), date(2022, 12, 31)]


def grid(area_id, numbers):
    return pd.DataFrame({"area_id": area_id, "indicator_key": "k", "period": PERIODS, "value": numbers})


def test_locator_map_fills_only_the_chosen_area_and_keeps_the_aspect():
    outlines = gpd.GeoDataFrame(
        {"id": [1, 2], "name": ["Nord", "Süd"]},
        geometry=[
            box(13.0, 52.5, 13.1, 52.6),
            MultiPolygon([box(13.0, 52.4, 13.05, 52.5), box(13.05, 52.4, 13.1, 52.5)]),
        ],
        crs="EPSG:4326",
    )
    figure = locator_map_figure(outlines, [2])
    fills = [trace.fillcolor for trace in figure.data]
    assert fills.count(HIGHLIGHT_COLOUR) == 2  # both parts of the multipolygon
    assert len(fills) == 3
    assert figure.layout.yaxis.scaleanchor == "x"
    assert figure.layout.yaxis.scaleratio == 1 / math.cos(math.radians(52.5))
    assert figure.layout.geo.projection.type is None  # no geo subplot, so nothing fetches map data


def test_trend_lines_keep_gaps_mark_breaks_and_speak_german():
    series = pd.concat([grid(1, [10.25, None, 12.0]), grid(2, [8.0, 9.0, 9.5])])
    city = grid(9, [9.0, 9.5, 10.0])
    figure = trend_figure(series, city, {1: "Nord", 2: "Süd"}, "SGB-II-Quote", "%", 1, breaks=[PERIODS[1]])
    lines = [trace for trace in figure.data if trace.name == "Nord"]
    assert lines[0].connectgaps is False
    assert math.isnan(lines[0].y[1])
    assert "31.12.2020: 10,3\u00a0%" in lines[0].hovertext[0]
    city_trace = next(trace for trace in figure.data if trace.name == "Gesamtstadt")
    assert city_trace.line.dash == "dash"
    assert [shape.line.color for shape in figure.layout.shapes] == [BREAK_COLOUR]
    assert figure.layout.separators == ",."
    assert list(figure.layout.xaxis.ticktext) == ["2020", "2021", "2022"]


def test_many_areas_become_small_multiples_each_with_the_city():
    labels = {area: f"Gebiet {area}" for area in range(1, 7)}
    series = pd.concat([grid(area, [1.0, 2.0, 3.0]) for area in labels])
    figure = trend_figure(series, grid(9, [2.0, 2.0, 2.0]), labels, "Titel", "Fälle", 0)
    assert sum(trace.name == "Gesamtstadt" for trace in figure.data) == 6
    assert {annotation.text for annotation in figure.layout.annotations} >= set(labels.values())


def test_index_axis_is_labelled_with_the_base_year():
    figure = trend_figure(
        grid(1, [100.0, 110.0, 120.0]), grid(9, [100.0, 105.0, 110.0]), {1: "Nord"}, "T", "%", 1, indexed_to=PERIODS[0]
    )
    assert figure.layout.yaxis.title.text == "Index (2020 = 100)"


def test_ticks_show_full_dates_when_a_year_has_several_periods():
    ticks = period_ticks([date(2024, 6, 30), date(2024, 12, 31)], sparse=False)
    assert ticks["ticktext"] == ["30.06.2024", "31.12.2024"]


def test_deviation_chart_puts_favourable_to_the_right():
    catalogue = pd.DataFrame(
        {"short_name": ["SGB II"], "unit": ["%"], "decimals": [1], "polarity": [-1]}, index=["sgb2_rate"]
    )
    deviations = pd.DataFrame(
        {"area_id": [1], "indicator_key": ["sgb2_rate"], "value": [10.0], "centre": [12.5], "favourable": [1.25]}
    )
    figure = deviation_figure(deviations, {1: "Nord"}, catalogue)
    assert list(figure.data[0].x) == [1.25]
    assert "10,0\u00a0%" in figure.data[0].hovertext[0]
    assert "+1,25 Standardabweichungen" in figure.data[0].hovertext[0]
    assert "günstiger als die Stadt →" in figure.layout.xaxis.title.text
