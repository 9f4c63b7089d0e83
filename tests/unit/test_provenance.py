"""Provenance of exports: source, as-of date, demo label, definitions; and the source line in chart images."""

from __future__ import annotations

from datetime import datetime

import plotly.graph_objects as go
import pytest

from sozialraum.charts.common import german_layout, with_source_line
from sozialraum.export import images
from sozialraum.reports.provenance import export_notes, is_demo, source_line
from sozialraum.store import repository

DEMO_INFO = {"source": "Amt für Statistik", "as_of": "2025-12-31", "is_demo": "1"}


def test_source_line_names_source_date_and_demo_label():
    assert source_line(DEMO_INFO) == "Datenquelle: Amt für Statistik · Datenstand: 31.12.2025 · fiktive Beispieldaten"
    assert source_line({"source": "Amt"}) == "Datenquelle: Amt"
    assert source_line({}) == "Datenquelle: nicht angegeben"
    assert is_demo(DEMO_INFO)
    assert not is_demo({"is_demo": "0"})


def test_export_notes_carry_method_and_definitions_of_the_shown_indicators(demo_engine):
    catalogue = repository.load_indicators(demo_engine)
    notes = dict(
        export_notes(
            repository.dataset_info(demo_engine),
            catalogue=catalogue,
            indicator_keys=["sgb2_rate"],
            method=[("Klassen", "Quantile, 5 Klassen")],
            exported_at=datetime(2026, 1, 2, 9, 30),
        )
    )
    assert notes["Quelle"].startswith("Fiktive Beispieldaten")
    assert notes["Datenstand"] == "31.12.2025"
    assert "keine realen Verhältnisse" in notes["Hinweis"]
    assert notes["Exportiert am"] == "02.01.2026 09:30 Uhr"
    assert notes["Klassen"] == "Quantile, 5 Klassen"
    definition = notes["SGB-II-Quote"]
    assert catalogue.loc["sgb2_rate", "definition"] in definition
    assert "Einheit: %." in definition
    assert "Richtung: niedriger ist günstiger." in definition
    assert "Arbeitslosenquote" not in notes  # only the indicators of the table


def test_source_line_is_added_to_a_copy_below_everything():
    figure = german_layout(go.Figure(go.Bar(x=["a"], y=[1])), title="Titel")
    exported = with_source_line(figure, "Datenquelle: Amt · Datenstand: 31.12.2025")
    assert len(figure.layout.annotations) == 0  # the page's figure is untouched
    note = exported.layout.annotations[-1]
    assert note.text == "Datenquelle: Amt · Datenstand: 31.12.2025"
    assert exported.layout.margin.b > (figure.layout.margin.b or 0)


@pytest.mark.skipif(not images.static_images_available(), reason="no Chromium on this machine")
def test_exported_svg_carries_the_source_line():
    figure = german_layout(go.Figure(go.Bar(x=["Nordstadt"], y=[1])))
    svg = images.figure_image(with_source_line(figure, "Datenquelle: Amt für Statistik"), "svg", width=500, height=300)
    assert "Datenquelle: Amt für Statistik".encode() in svg
