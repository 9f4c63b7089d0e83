"""Plotly figure builders: data in, ``go.Figure`` out. No Streamlit here.

Every figure uses ``separators=",."`` so axes and hover texts show German numbers (``1.234,5``).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sozialraum.analysis.budget import AID_TYPE_LABELS
from sozialraum.formatting import format_euro, format_percent

PLANNED_COLOUR = "#9ecae1"  # light blue: the plan is the frame
ACTUAL_COLOUR = "#08519c"  # dark blue: what happened
OVERSPEND_COLOUR = "#cb181d"

GERMAN_LAYOUT = {
    "separators": ",.",
    "font": {"family": "Source Sans Pro, Arial, sans-serif", "size": 14},
    "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    "plot_bgcolor": "white",
}


def german_layout(figure: go.Figure, title: str | None = None, source: str | None = None) -> go.Figure:
    figure.update_layout(**GERMAN_LAYOUT)
    if title:
        figure.update_layout(title={"text": title, "x": 0, "xanchor": "left"})
    if source:
        figure.add_annotation(
            text=f"Quelle: {source}",
            xref="paper",
            yref="paper",
            x=0,
            y=-0.12,
            showarrow=False,
            font={"size": 11, "color": "#666"},
            xanchor="left",
        )
        figure.update_layout(margin={"b": 60})
    figure.update_yaxes(gridcolor="#e5e5e5", zerolinecolor="#bbb")
    return figure


def budget_plan_actual_figure(by_aid_type: pd.DataFrame, title: str, source: str | None = None) -> go.Figure:
    """Grouped bars, plan against actual per aid type; actual bars turn red where they exceed the plan.

    ``by_aid_type`` has columns aid_type, planned, actual, execution_rate (see ``plan_actual_by``).
    """
    labels = [AID_TYPE_LABELS.get(aid, aid) for aid in by_aid_type["aid_type"]]
    over = by_aid_type["actual"] > by_aid_type["planned"]
    hover_planned = [f"Ansatz: {format_euro(v)}" for v in by_aid_type["planned"]]
    hover_actual = [
        f"Ist: {format_euro(a)}<br>Ausschöpfung: {format_percent(r)}"
        for a, r in zip(by_aid_type["actual"], by_aid_type["execution_rate"], strict=True)
    ]
    figure = go.Figure(
        [
            go.Bar(
                name="Ansatz (Soll)",
                x=labels,
                y=by_aid_type["planned"],
                marker_color=PLANNED_COLOUR,
                hovertext=hover_planned,
                hoverinfo="text",
            ),
            go.Bar(
                name="Ist",
                x=labels,
                y=by_aid_type["actual"],
                marker_color=[OVERSPEND_COLOUR if o else ACTUAL_COLOUR for o in over],
                hovertext=hover_actual,
                hoverinfo="text",
            ),
        ]
    )
    figure.update_layout(barmode="group", bargap=0.25)
    figure.update_yaxes(title_text="Euro", tickformat=",.0f", ticksuffix=" €")
    return german_layout(figure, title, source)


def budget_trend_figure(by_year: pd.DataFrame, title: str, source: str | None = None) -> go.Figure:
    """Plan and actual over the years (columns year, planned, actual)."""
    figure = go.Figure(
        [
            go.Scatter(
                name="Ansatz (Soll)",
                x=by_year["year"],
                y=by_year["planned"],
                mode="lines+markers",
                line={"color": PLANNED_COLOUR, "width": 3, "dash": "dash"},
                hovertemplate="%{x}: %{y:,.0f} €<extra>Ansatz</extra>",
            ),
            go.Scatter(
                name="Ist",
                x=by_year["year"],
                y=by_year["actual"],
                mode="lines+markers",
                line={"color": ACTUAL_COLOUR, "width": 3},
                hovertemplate="%{x}: %{y:,.0f} €<extra>Ist</extra>",
            ),
        ]
    )
    figure.update_xaxes(dtick=1, tickformat="d")
    figure.update_yaxes(title_text="Euro", tickformat=",.0f", ticksuffix=" €", rangemode="tozero")
    return german_layout(figure, title, source)
