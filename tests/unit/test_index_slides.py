"""Sozialindex slides on the demo city (SQLite and PostgreSQL): the figures agree with ``run_index``."""

from datetime import date

import pytest

from sozialraum.services.social_index import run_index
from sozialraum.slides import render_slide
from sozialraum.store import social_index as social_index_store

PERIOD = date(2025, 12, 31)


@pytest.fixture
def status_result(demo_engine):
    return run_index(demo_engine, social_index_store.load_definition(demo_engine, "status"), PERIOD)


def test_map_slide_draws_each_class_with_the_counts_of_the_index(demo_engine, status_result):
    slide = render_slide(demo_engine, "sozialindex", {"index": "status", "stichtag": "2025-12-31"})

    assert slide.ok, slide.message
    counts = status_result.class_counts()
    legend = [trace.name for trace in slide.figure.data if trace.showlegend is not False]
    assert len(legend) >= len(counts)
    for entry, (label, count) in zip(legend, counts.items(), strict=False):
        assert entry.startswith(label)
        assert entry.endswith(f": {int(count)} {'Gebiet' if count == 1 else 'Gebiete'}")
    assert f"{len(status_result.valid)} Gebiete mit Klasse" in slide.notes
    highest = status_result.valid.sort_values("index").iloc[-1]["area_name"]
    assert f"Höchste Indexwerte: {highest}" in slide.notes
    assert "standardisiert" in slide.method


@pytest.mark.parametrize("view", ["verteilung", "matrix", "robustheit"])
def test_other_views_render_a_figure(demo_engine, view):
    slide = render_slide(demo_engine, "sozialindex", {"index": "status", "darstellung": view})

    assert slide.ok, slide.message
    assert slide.figure is not None
    assert len(slide.figure.data) > 0


def test_distribution_bars_match_the_class_counts(demo_engine, status_result):
    slide = render_slide(demo_engine, "sozialindex", {"index": "status", "darstellung": "verteilung"})

    counts = status_result.class_counts()
    shown = {}
    for trace in slide.figure.data:
        for label, value in zip(trace.y, trace.x, strict=True):
            shown[label] = value
    for label, count in counts.items():
        assert any(str(label) in str(name) and value == count for name, value in shown.items())


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"index": "gibt_es_nicht"}, "gibt es nicht mehr"),
        ({"index": "status", "stichtag": "2001-12-31"}, "31.12.2001"),
        ({"index": "status", "darstellung": "torte"}, "Darstellung"),
    ],
)
def test_stale_settings_become_a_german_message(demo_engine, params, message):
    slide = render_slide(demo_engine, "sozialindex", params)

    assert not slide.ok
    assert message in slide.message
