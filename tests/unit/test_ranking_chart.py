"""The ranking beside the map: negative values leave room for their labels left of the bars."""

import pandas as pd

from sozialraum.charts.ranking import ranking_figure
from sozialraum.formatting import format_number


def _figure(values: list[float]):
    table = pd.DataFrame({"name": [f"Gebiet {i}" for i in range(len(values))], "wert": values})
    colours = pd.Series(["#cccccc"] * len(values))
    return ranking_figure(table, "wert", colours, float("nan"), lambda v: format_number(v, 2), "Rangfolge")


def test_negative_values_widen_the_axis_to_the_left():
    figure = _figure([-1.44, -0.5, 0.45, 1.41])
    low, high = figure.layout.xaxis.range
    assert low < -1.44 - 0.4 * (1.41 + 1.44)
    assert high > 1.41
    assert list(figure.data[0].text) == ["-1,44", "-0,50", "0,45", "1,41"]


def test_positive_values_keep_the_automatic_axis():
    assert _figure([3.0, 5.0]).layout.xaxis.range is None
