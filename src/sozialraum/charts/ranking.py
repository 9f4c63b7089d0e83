"""The ranking beside the map: every area's bar in its map colour, the city's value marked."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from sozialraum.charts.common import german_layout

BAR_HEIGHT_PX = 20


def ranking_figure(
    table: pd.DataFrame,
    column: str,
    colours: pd.Series,
    city_value: float,
    format_value: Callable[[float], str],
    title: str,
) -> go.Figure:
    """Horizontal bars of ``table[column]`` per area (``name``), highest on top, coloured as on the map.

    Areas without a value are left out (the map and legend show them); ``city_value`` (NaN: none) is a
    dashed line labelled with its formatted value.
    """
    shown = table.assign(colour=colours).dropna(subset=[column]).sort_values(column)
    figure = go.Figure(
        go.Bar(
            x=shown[column],
            y=shown["name"],
            orientation="h",
            marker={"color": shown["colour"], "line": {"color": "#8a8a8a", "width": 0.5}},
            text=[format_value(v) for v in shown[column]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    if not np.isnan(city_value):
        figure.add_vline(
            x=city_value,
            line={"color": "#1b1f24", "dash": "dash", "width": 1.5},
            annotation_text=f"Stadt: {format_value(city_value)}",
            annotation_position="top",
        )
    german_layout(figure, title)
    figure.update_layout(
        height=max(260, 110 + BAR_HEIGHT_PX * len(shown)),
        showlegend=False,
        margin={"l": 10, "r": 60, "t": 80, "b": 10},
        yaxis={"automargin": True, "dtick": 1},
        xaxis={"gridcolor": "#e5e5e5", "zerolinecolor": "#999"},
    )
    lowest = float(shown[column].min()) if len(shown) else 0.0
    if lowest < 0:
        # A negative bar's label sits left of its end; without room there it runs into the area names.
        highest = max(float(shown[column].max()), 0.0)
        span = highest - lowest
        figure.update_xaxes(range=[lowest - 0.45 * span, highest + (0.3 if highest > 0 else 0.05) * span])
    return figure
