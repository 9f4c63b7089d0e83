"""Figures of the budget page: clickable bubbles, quadrant labels, the allocation difference, the shift lines."""

import pandas as pd

from sozialraum.analysis.budget_outcome import Comparison
from sozialraum.charts.allocation import GAIN_COLOUR, LOSS_COLOUR, allocation_difference_figure
from sozialraum.charts.budget_outcome import budget_outcome_figure, space_hover_texts
from sozialraum.charts.space_budget import aid_type_mix_figure, share_over_years_figure


def points():
    return pd.DataFrame(
        {
            "area_key": ["0101", "0102", "0201"],
            "area_name": ["Nord", "Süd", "Hafen"],
            "district": ["Altstadt", "Altstadt", "Hafenviertel"],
            "population": [1000, 4000, 2000],
            "spending": [100.0, 300.0, 250.0],
            "outcome": [-5.0, 2.0, None],
            "hover": ["a", "b", "c"],
        }
    )


def test_bubbles_carry_the_space_key_and_are_grouped_by_district():
    comparison = Comparison(year=2025, base_year=2017, spending_change=True, outcome_change=True)
    figure = budget_outcome_figure(points(), (200.0, 0.0), comparison, -1, ("x", "y"), "Titel", highlight_key="0102")
    assert [trace.name for trace in figure.data] == ["Altstadt"]  # the space without an outcome is left out
    assert list(figure.data[0].customdata) == ["0101", "0102"]
    assert list(figure.data[0].marker.size) == [1000, 4000]
    assert list(figure.data[0].marker.line.color) == ["white", "black"]  # the selected space is ringed
    labels = {annotation.text for annotation in figure.layout.annotations}
    assert "Mitteleinsatz schwächer gestiegen,<br>Entwicklung besser als Durchschnitt" in labels
    assert "Mitteleinsatz stärker gestiegen,<br>Entwicklung schlechter als Durchschnitt" in labels
    assert figure.layout.shapes[0].x0 == 200.0
    assert figure.layout.shapes[1].y0 == 0.0
    assert figure.layout.separators == ",."


def test_allocation_bars_are_green_for_gains_and_red_for_losses():
    allocation = pd.DataFrame(
        {"area_name": ["A", "B"], "current": [100.0, 200.0], "formula": [150.0, 150.0], "difference": [50.0, -50.0]}
    )
    bar = allocation_difference_figure(allocation, "Titel").data[0]
    assert list(bar.y) == ["B", "A"]
    assert list(bar.marker.color) == [LOSS_COLOUR, GAIN_COLOUR]
    assert "nach Formel: 150\u00a0€" in bar.hovertext[1]


def test_mix_and_shift_figures():
    composition = pd.DataFrame(
        {
            "area_name": ["Nord", "Nord", "Süd"],
            "aid_type": ["ambulant", "stationaer", "stationaer"],
            "share": [40, 60, 100],
        }
    )
    mix = aid_type_mix_figure(composition, "Mix")
    assert [trace.name for trace in mix.data] == ["ambulant", "stationär"]
    assert list(mix.data[0].x)[1] != list(mix.data[0].x)[1]  # Süd has no outpatient share: NaN, not 0
    shares = pd.DataFrame(
        {
            "area_key": ["1", "1", "2", "2"],
            "area_name": ["A", "A", "B", "B"],
            "year": [1, 2, 1, 2],
            "share": [60, 40, 60, 62],
        }
    )
    lines = share_over_years_figure(shares, "Shift", highlight={"1"})
    # Highlighted spaces are drawn last (on top) and thicker.
    assert [trace.name for trace in lines.data] == ["B", "A"]
    assert lines.data[1].line.width > lines.data[0].line.width


def test_hover_shows_the_spaces_figures_in_german():
    labelled = points().assign(quadrant=["niedriger Mitteleinsatz, Wirkung über Durchschnitt", "x", "y"])
    shift = pd.DataFrame({"area_key": ["0101"], "residential_share_base": [67.25], "residential_share_now": [46.6]})
    hover = space_hover_texts(labelled, shift, ("Ist je Kopf", "HzE-Quote"), 1, (2017, 2025))
    assert hover[0] == (
        "<b>Nord</b> (Altstadt)<br>Ist je Kopf: 100<br>HzE-Quote: -5,0<br>Einwohner: 1.000"
        "<br>Anteil stationär 2017 → 2025: 67,3\u00a0% → 46,6\u00a0%"
        "<br><i>niedriger Mitteleinsatz, Wirkung über Durchschnitt</i>"
    )
    assert "Anteil stationär 2017 → 2025: – → –" in hover[1]  # no shares known for this space
