"""Figures of the Steckbrief, Vergleich and Entwicklung pages: locator map, deviations, trend lines."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots
from shapely.geometry.base import BaseGeometry

from sozialraum.charts.common import german_layout
from sozialraum.formatting import format_date, format_number, format_value

HIGHLIGHT_COLOUR = "#08519c"
OTHER_FILL = "#e6e6e6"
CITY_LINE_COLOUR = "#444444"
BREAK_COLOUR = "#cb181d"
FAVOURABLE_COLOUR = "#1a9850"
UNFAVOURABLE_COLOUR = "#d73027"
#: Qualitative colours that stay apart for up to ten lines.
SERIES_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]


def _rings(geometry: BaseGeometry) -> list[tuple[list[float], list[float]]]:
    polygons = getattr(geometry, "geoms", [geometry])
    rings = []
    for polygon in polygons:
        x, y = polygon.exterior.coords.xy
        rings.append((list(x), list(y)))
    return rings


def locator_map_figure(outlines: gpd.GeoDataFrame, highlight_ids: Sequence[int], height: int = 260) -> go.Figure:
    """All areas as grey outlines in lon/lat, the highlighted ones filled; drawn without any map tiles.

    The y axis is scaled by 1/cos(latitude) so the city keeps its shape (plain lon/lat would squash it).
    """
    figure = go.Figure()
    highlight = set(highlight_ids)
    for row in outlines.itertuples():
        chosen = row.id in highlight
        for x, y in _rings(row.geometry):
            figure.add_trace(
                go.Scatter(
                    x=x,
                    y=y,
                    mode="lines",
                    fill="toself",
                    fillcolor=HIGHLIGHT_COLOUR if chosen else OTHER_FILL,
                    line={"color": "white", "width": 0.8},
                    hoverinfo="text",
                    text=row.name,
                    hoveron="fills",
                    showlegend=False,
                )
            )
    figure.update_xaxes(visible=False)
    if outlines.empty:
        # Areas imported from a list have no boundary yet: no scale to keep, a sentence instead.
        figure.update_yaxes(visible=False)
        figure.add_annotation(
            text="Noch keine Umrisse gespeichert.", showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper"
        )
    else:
        bounds = outlines.total_bounds
        mid_latitude = (bounds[1] + bounds[3]) / 2
        figure.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(mid_latitude)))
    german_layout(figure)
    figure.update_layout(height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False)
    return figure


def deviation_figure(deviations: pd.DataFrame, labels: dict[int, str], catalogue: pd.DataFrame) -> go.Figure:
    """Dot plot: one row per indicator, one marker per area at its standardised distance from the city.

    ``deviations`` comes from ``analysis.comparison.standardised_deviations`` (one period, the chosen
    areas). Right of the centre line is better than the city for indicators with a direction.
    """
    figure = go.Figure()
    indicator_keys = [key for key in catalogue.index if key in set(deviations["indicator_key"])]
    row_labels = {
        key: catalogue.loc[key, "short_name"]
        + (" (ohne Wertung: rechts = höher)" if catalogue.loc[key, "polarity"] == 0 else "")
        for key in indicator_keys
    }
    for number, (area_id, label) in enumerate(labels.items()):
        own = deviations[deviations["area_id"] == area_id].set_index("indicator_key").reindex(indicator_keys)
        hover = []
        for key in indicator_keys:
            unit, decimals = catalogue.loc[key, "unit"], int(catalogue.loc[key, "decimals"])
            hover.append(
                f"{label}<br>{catalogue.loc[key, 'short_name']}: {format_value(own.loc[key, 'value'], unit, decimals)}"
                f" (Vergleichswert {format_value(own.loc[key, 'centre'], unit, decimals)})"
                f"<br>Abstand: {format_number(own.loc[key, 'favourable'], 2, signed=True)} Standardabweichungen"
            )
        figure.add_trace(
            go.Scatter(
                x=own["favourable"],
                y=[row_labels[key] for key in indicator_keys],
                mode="markers",
                name=label,
                marker={
                    "size": 11,
                    "color": SERIES_COLOURS[number % len(SERIES_COLOURS)],
                    "line": {"width": 1, "color": "white"},
                },
                hovertext=hover,
                hoverinfo="text",
            )
        )
    figure.add_vline(
        x=0, line={"color": CITY_LINE_COLOUR, "width": 1.5}, annotation_text="Stadt", annotation_position="bottom"
    )
    german_layout(figure, title="Abstand zum Stadtwert in Standardabweichungen")
    figure.update_xaxes(
        title="← ungünstiger als die Stadt · günstiger als die Stadt →", zeroline=False, gridcolor="#e5e5e5"
    )
    figure.update_yaxes(autorange="reversed", gridcolor="#f0f0f0")
    figure.update_layout(height=max(320, 120 + 26 * len(indicator_keys)), margin={"t": 110})
    return figure


def _hover_texts(frame: pd.DataFrame, label: str, unit: str, decimals: int, indexed: bool) -> list[str]:
    texts = []
    for period, value in zip(frame["period"], frame["value"], strict=True):
        shown = format_number(value, 1) if indexed else format_value(value, unit, decimals)
        texts.append(f"{label}<br>{format_date(period)}: {shown}")
    return texts


def period_ticks(periods: Sequence[date], sparse: bool) -> dict[str, list]:
    """Ticks exactly at the reference dates (31.12.2025 is labelled 2025, not placed just before 2026);
    full German dates when a year has more than one reference date."""
    unique = sorted(set(periods))
    one_per_year = len({p.year for p in unique}) == len(unique)
    if sparse:
        unique = unique[::2]
    return {"tickvals": unique, "ticktext": [str(p.year) if one_per_year else format_date(p) for p in unique]}


def trend_figure(
    series: pd.DataFrame,
    city: pd.DataFrame,
    labels: dict[int, str],
    title: str,
    unit: str,
    decimals: int,
    breaks: Sequence[date] = (),
    indexed_to: date | None = None,
    small_multiples_from: int = 5,
) -> go.Figure:
    """Lines of one indicator for the areas in ``labels``, with the city as a dashed reference line.

    ``series`` and ``city`` come from ``analysis.trends.series_on_grid`` (NaN = gap, never bridged).
    From ``small_multiples_from`` areas on, each area gets its own small panel, each with the city line.
    ``breaks`` are periods where the boundary version changes; they get a red dotted marker.
    """
    indexed = indexed_to is not None
    area_ids = list(labels)
    multiples = len(area_ids) >= small_multiples_from
    columns = 3 if multiples else 1
    rows = math.ceil(len(area_ids) / columns) if multiples else 1
    figure = make_subplots(
        rows=rows,
        cols=columns,
        shared_xaxes=True,
        shared_yaxes=True,
        subplot_titles=[labels[a] for a in area_ids] if multiples else None,
        vertical_spacing=0.12 if multiples else 0.02,
        horizontal_spacing=0.04,
    )
    city_line = {"color": CITY_LINE_COLOUR, "width": 2, "dash": "dash"}
    for number, area_id in enumerate(area_ids):
        own = series[series["area_id"] == area_id]
        row, column = (number // columns + 1, number % columns + 1) if multiples else (1, 1)
        colour = HIGHLIGHT_COLOUR if multiples else SERIES_COLOURS[number % len(SERIES_COLOURS)]
        figure.add_trace(
            go.Scatter(
                x=own["period"],
                y=own["value"],
                mode="lines+markers",
                name=labels[area_id],
                line={"color": colour, "width": 2.5},
                marker={"size": 5},
                connectgaps=False,
                hovertext=_hover_texts(own, labels[area_id], unit, decimals, indexed),
                hoverinfo="text",
                showlegend=not multiples,
            ),
            row=row,
            col=column,
        )
        if multiples or number == 0:
            figure.add_trace(
                go.Scatter(
                    x=city["period"],
                    y=city["value"],
                    mode="lines",
                    name="Gesamtstadt",
                    line=city_line,
                    connectgaps=False,
                    hovertext=_hover_texts(city, "Gesamtstadt", unit, decimals, indexed),
                    hoverinfo="text",
                    showlegend=not multiples,
                ),
                row=row,
                col=column,
            )
    for period in breaks:
        figure.add_vline(
            x=pd.Timestamp(period).timestamp() * 1000, line={"color": BREAK_COLOUR, "dash": "dot", "width": 1.5}
        )
    if breaks and not multiples:
        # A legend entry, not a note under the axis, where it would collide with the date labels.
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                name="neuer Gebietsstand (davor andere Grenzen)",
                line={"color": BREAK_COLOUR, "dash": "dot", "width": 1.5},
                hoverinfo="skip",
            )
        )
    elif breaks:
        figure.add_annotation(
            text="rot gepunktet: neuer Gebietsstand (Werte davor beziehen sich auf andere Grenzen)",
            xref="paper",
            yref="paper",
            x=0,
            y=-0.06,
            showarrow=False,
            font={"size": 12, "color": BREAK_COLOUR},
            xanchor="left",
        )
    axis_title = f"Index ({indexed_to.year} = 100)" if indexed else unit
    german_layout(figure, title=title)
    figure.update_xaxes(gridcolor="#f0f0f0", **period_ticks(list(series["period"]) + list(city["period"]), multiples))
    figure.update_yaxes(title=None, gridcolor="#e5e5e5")
    figure.update_yaxes(title=axis_title, row=1, col=1)
    figure.update_layout(height=420 if not multiples else 240 * rows + 120, hovermode="closest")
    if multiples:
        figure.update_layout(margin={"t": 130})
    return figure
