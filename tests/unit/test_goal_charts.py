"""The per-goal chart: actual path, projection, baseline and target."""

import pandas as pd

from sozialraum.analysis.goals import goal_status
from sozialraum.charts.goals import STATUS_COLOURS, goal_figure


def test_chart_shows_path_projection_baseline_and_target():
    values = pd.Series({2021: 10.0, 2022: 11.0, 2023: 12.0, 2024: 13.0, 2025: 14.0})
    assessment = goal_status(values, 10.0, 20.0, 2030, 1, 2025)
    figure = goal_figure(values, 2021, 10.0, 2030, 20.0, assessment, "%", "Test")
    traces = {trace.name: trace for trace in figure.data}
    assert list(traces) == ["Ist", "Trendprognose", "Basiswert", "Zielwert"]
    assert list(traces["Trendprognose"].x) == [2025, 2030]
    assert traces["Trendprognose"].y[1] == assessment.projected_value
    assert traces["Trendprognose"].line.color == STATUS_COLOURS[assessment.status]
    assert list(traces["Zielwert"].y) == [20.0]
    assert figure.layout.separators == ",."


def test_no_projection_line_without_a_trend():
    values = pd.Series({2025: 14.0})
    assessment = goal_status(values, 10.0, 20.0, 2030, 1, 2025)
    figure = goal_figure(values, 2021, 10.0, 2030, 20.0, assessment, "%")
    assert [trace.name for trace in figure.data] == ["Ist", "Basiswert", "Zielwert"]
