"""Bedarfsorientierte Mittelverteilung: how far the formula moves each space from its current budget."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sozialraum.charts.common import german_layout
from sozialraum.formatting import format_euro

GAIN_COLOUR = "#1b7837"
LOSS_COLOUR = "#b2182b"


def allocation_difference_figure(allocation: pd.DataFrame, title: str) -> go.Figure:
    """Horizontal bars of formula minus current per space (green: gets more, red: gets less).

    ``allocation``: area_name, current, formula, difference.
    """
    ordered = allocation.sort_values("difference")
    hover = [
        f"{name}<br>bisher: {format_euro(current)}<br>nach Formel: {format_euro(formula)}"
        f"<br>Differenz: {format_euro(difference)}"
        for name, current, formula, difference in zip(
            ordered["area_name"], ordered["current"], ordered["formula"], ordered["difference"], strict=True
        )
    ]
    figure = go.Figure(
        go.Bar(
            x=ordered["difference"] / 1e3,
            y=ordered["area_name"],
            orientation="h",
            marker_color=[GAIN_COLOUR if d >= 0 else LOSS_COLOUR for d in ordered["difference"]],
            hovertext=hover,
            hoverinfo="text",
        )
    )
    figure.update_xaxes(title_text="Differenz nach Formel gegenüber bisher, Tsd. €", tickformat=",.0f")
    figure.update_layout(height=max(320, 28 * len(ordered) + 120), showlegend=False)
    return german_layout(figure, title)
