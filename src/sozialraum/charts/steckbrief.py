"""Figures of one Steckbrief for print: key indicators over time and the distance from the city value."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from sozialraum.analysis.comparison import standardised_deviations
from sozialraum.analysis.keyfigures import choose_key_indicators, choose_population_indicator
from sozialraum.analysis.trends import series_on_grid
from sozialraum.charts.area_figures import deviation_figure, trend_figure

if TYPE_CHECKING:  # the figures read a built Steckbrief; charts never build reports
    from sozialraum.reports.steckbrief import Steckbrief

#: How many key indicators get a trend chart in print (two per row).
TREND_COUNT = 4


def trend_figures(steckbrief: Steckbrief, count: int = TREND_COUNT) -> list[go.Figure]:
    """One line chart per key indicator: the area against the city over all periods (gaps stay gaps)."""
    if steckbrief.level_values is None or steckbrief.city_values is None:
        return []
    catalogue, area = steckbrief.catalogue, steckbrief.area
    figures = []
    for key in choose_key_indicators(catalogue, count=count):
        own = steckbrief.level_values[
            (steckbrief.level_values["area_id"] == area.id) & (steckbrief.level_values["indicator_key"] == key)
        ]
        if own["value"].notna().sum() < 2:
            continue  # a single point is no trend
        city = steckbrief.city_values[steckbrief.city_values["indicator_key"] == key]
        meta = catalogue.loc[key]
        figure = trend_figure(
            series_on_grid(own, steckbrief.periods),
            series_on_grid(city, steckbrief.periods),
            {area.id: area.name},
            title=str(meta["short_name"] or meta["name"]),
            unit=str(meta["unit"] or ""),
            decimals=int(meta["decimals"]),
        )
        figures.append(figure)
    return figures


def deviation_chart(steckbrief: Steckbrief) -> go.Figure | None:
    """The area's distance from the city value in standard deviations, for every indicator with a value."""
    if steckbrief.level_values is None or steckbrief.city_values is None:
        return None
    period = steckbrief.period
    level = steckbrief.level_values[steckbrief.level_values["period"] == period]
    city = steckbrief.city_values[steckbrief.city_values["period"] == period]
    population_key = choose_population_indicator(steckbrief.catalogue)
    deviations = standardised_deviations(level, city, steckbrief.catalogue, population_key)
    deviations = deviations[(deviations["area_id"] == steckbrief.area.id) & deviations["favourable"].notna()]
    if deviations.empty:
        return None
    return deviation_figure(deviations, {steckbrief.area.id: steckbrief.area.name}, steckbrief.catalogue)
