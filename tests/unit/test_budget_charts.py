import pandas as pd

from sozialraum.charts.budget import budget_plan_actual_figure, budget_trend_figure


def test_aid_types_appear_in_the_fields_order_and_overspending_is_red():
    by_aid = pd.DataFrame(
        {
            "aid_type": ["stationaer", "ambulant", "praeventiv", "teilstationaer"],
            "planned": [3e6, 2e6, 1e6, 5e5],
            "actual": [3.3e6, 1.9e6, 1e6, 5e5],
            "execution_rate": [110.0, 95.0, 100.0, 100.0],
        }
    )
    figure = budget_plan_actual_figure(by_aid, "Test")
    planned, actual = figure.data
    assert list(planned.x) == ["ambulant", "teilstationär", "stationär", "präventiv"]
    assert list(planned.y) == [2.0, 0.5, 3.0, 1.0]  # in Mio. €
    assert actual.marker.color[2] == "#cb181d"  # stationär over plan
    assert actual.marker.color[0] != "#cb181d"
    assert "110,0" in actual.hovertext[2]
    assert figure.layout.separators == ",."


def test_trend_figure_has_plan_and_actual_lines_with_a_source_line():
    by_year = pd.DataFrame({"year": [2024, 2025], "planned": [1e6, 2e6], "actual": [1.1e6, 2.1e6]})
    figure = budget_trend_figure(by_year, "Trend", source="Amt für Statistik")
    assert [trace.name for trace in figure.data] == ["Ansatz (Soll)", "Ist"]
    assert figure.layout.annotations[0].text == "Quelle: Amt für Statistik"
