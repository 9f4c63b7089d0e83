"""One small chart per Wirkungsziel: baseline, actual path, trend projection and target."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from sozialraum.analysis.goals import GoalAssessment, GoalStatus
from sozialraum.charts.common import ACTUAL_COLOUR, german_layout

#: Traffic-light colours, readable for most colour-vision deficiencies thanks to the labels beside them.
STATUS_COLOURS: dict[GoalStatus, str] = {
    GoalStatus.ACHIEVED: "#1a7f37",
    GoalStatus.ON_TRACK: "#57ab5a",
    GoalStatus.AT_RISK: "#d29922",
    GoalStatus.OFF_TRACK: "#cf222e",
    GoalStatus.NO_DATA: "#8c959f",
}
TARGET_COLOUR = "#444"


def goal_figure(
    series: pd.Series,
    baseline_year: int,
    baseline_value: float,
    target_year: int,
    target_value: float,
    assessment: GoalAssessment,
    unit: str,
    title: str | None = None,
) -> go.Figure:
    """``series`` is the actual path indexed by year; the projection runs from the latest value to the
    trend line's value in the target year."""
    hover = f"%{{x}}: %{{y:,.1f}} {unit}<extra>%{{fullData.name}}</extra>"
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            name="Ist",
            x=list(series.index),
            y=list(series.to_numpy()),
            mode="lines+markers",
            line={"color": ACTUAL_COLOUR, "width": 3},
            hovertemplate=hover,
        )
    )
    if assessment.projected_value is not None and assessment.latest_year is not None:
        figure.add_trace(
            go.Scatter(
                name="Trendprognose",
                x=[assessment.latest_year, target_year],
                y=[assessment.latest_value, assessment.projected_value],
                mode="lines",
                line={"color": STATUS_COLOURS[assessment.status], "width": 3, "dash": "dot"},
                hovertemplate=hover,
            )
        )
    figure.add_trace(
        go.Scatter(
            name="Basiswert",
            x=[baseline_year],
            y=[baseline_value],
            mode="markers",
            marker={"symbol": "diamond", "size": 12, "color": "#9ecae1", "line": {"color": ACTUAL_COLOUR, "width": 1}},
            hovertemplate=hover,
        )
    )
    figure.add_trace(
        go.Scatter(
            name="Zielwert",
            x=[target_year],
            y=[target_value],
            mode="markers",
            marker={"symbol": "star", "size": 16, "color": TARGET_COLOUR},
            hovertemplate=hover,
        )
    )
    figure.add_hline(y=target_value, line={"color": TARGET_COLOUR, "width": 1, "dash": "dash"})
    figure.update_xaxes(dtick=1, tickformat="d")
    figure.update_yaxes(title_text=unit, tickformat=",.1f")
    return german_layout(figure, title)


def stored_goal_figure(
    goal: Mapping[str, Any], series: pd.Series, assessment: GoalAssessment, unit: str, title: str | None = None
) -> go.Figure:
    """``goal_figure`` for a goal row as ``goals_store.load_goals`` returns it."""
    return goal_figure(
        series,
        int(goal["baseline_year"]),
        float(goal["baseline_value"]),
        int(goal["target_year"]),
        float(goal["target_value"]),
        assessment,
        unit,
        title,
    )
