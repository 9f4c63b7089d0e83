"""Budget figures: plan against actual by aid type and over the years."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sozialraum.charts.common import ACTUAL_COLOUR, OVERSPEND_COLOUR, PLANNED_COLOUR, german_layout
from sozialraum.formatting import format_euro, format_percent
from sozialraum.vocabulary import AID_TYPE_LABELS

MILLION = 1_000_000  # axes in Mio. €: "93,0" reads faster than "93.000.000 €"


def budget_plan_actual_figure(by_aid_type: pd.DataFrame, title: str, source: str | None = None) -> go.Figure:
    """Grouped bars, plan against actual per aid type; actual bars turn red where they exceed the plan.

    ``by_aid_type`` has columns aid_type, planned, actual, execution_rate (see ``plan_actual_by``).
    """
    # Logical order, from least to most intensive aid, then prevention: not alphabetical.
    order = {aid: position for position, aid in enumerate(AID_TYPE_LABELS)}
    by_aid_type = by_aid_type.sort_values("aid_type", key=lambda column: column.map(order).fillna(len(order)))
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
                y=by_aid_type["planned"] / MILLION,
                marker_color=PLANNED_COLOUR,
                hovertext=hover_planned,
                hoverinfo="text",
            ),
            go.Bar(
                name="Ist",
                x=labels,
                y=by_aid_type["actual"] / MILLION,
                marker_color=[OVERSPEND_COLOUR if o else ACTUAL_COLOUR for o in over],
                hovertext=hover_actual,
                hoverinfo="text",
            ),
        ]
    )
    figure.update_layout(barmode="group", bargap=0.25)
    figure.update_yaxes(title_text="Mio. €", tickformat=",.1f")
    return german_layout(figure, title, source)


def budget_trend_figure(by_year: pd.DataFrame, title: str, source: str | None = None) -> go.Figure:
    """Plan and actual over the years (columns year, planned, actual)."""
    figure = go.Figure(
        [
            go.Scatter(
                name="Ansatz (Soll)",
                x=by_year["year"],
                y=by_year["planned"] / MILLION,
                mode="lines+markers",
                line={"color": PLANNED_COLOUR, "width": 3, "dash": "dash"},
                hovertemplate="%{x}: %{y:,.1f} Mio. €<extra>Ansatz</extra>",
            ),
            go.Scatter(
                name="Ist",
                x=by_year["year"],
                y=by_year["actual"] / MILLION,
                mode="lines+markers",
                line={"color": ACTUAL_COLOUR, "width": 3},
                hovertemplate="%{x}: %{y:,.1f} Mio. €<extra>Ist</extra>",
            ),
        ]
    )
    figure.update_xaxes(dtick=1, tickformat="d")
    figure.update_yaxes(title_text="Mio. €", tickformat=",.0f", rangemode="tozero")
    return german_layout(figure, title, source)
