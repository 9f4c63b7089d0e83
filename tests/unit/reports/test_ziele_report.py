"""reports.ziele: the settings of the page's URL and of stored slides, and the report on the demo city."""

from __future__ import annotations

import pytest

from sozialraum.analysis.goals import DEFAULT_TREND_PERIODS
from sozialraum.reports.source import Source
from sozialraum.reports.ziele import ZieleError, ZieleParams, build


def test_params_read_stored_slides_and_the_url_alike():
    stored = ZieleParams.from_query({"jahr": 2025, "trend": 5, "ziel": 3})  # the demo deck's ints
    from_url = ZieleParams.from_query({"jahr": "2025", "trend": "5", "ziel": "3"})

    assert stored == from_url == ZieleParams(2025, 5, 3)
    assert ZieleParams.from_query(stored.to_query()) == stored
    assert ZieleParams(2025, 4, status="gefährdet").to_query() == {"trend": "4", "jahr": "2025", "status": "gefährdet"}


@pytest.mark.parametrize("query", [{}, {"trend": "viele", "status": "irgendwie", "jahr": "x"}, {"trend": 1}])
def test_unreadable_settings_fall_back_to_the_defaults(query):
    assert ZieleParams.from_query(query) == ZieleParams(None, DEFAULT_TREND_PERIODS, None, "alle")


def test_the_report_lists_goals_by_traffic_light_and_filters(demo_engine):
    everything = build(Source(demo_engine), ZieleParams(2025))
    at_risk = build(Source(demo_engine), ZieleParams(2025, status="gefährdet"))

    assert everything.year == everything.params.jahr == 2025
    assert len(everything.listing) == len(everything.assessed) == len(everything.export)
    order = ["erreicht", "auf Kurs", "gefährdet", "nicht auf Kurs", "keine Daten"]
    positions = [order.index(s) for s in everything.listing["Status"]]
    assert positions == sorted(positions)
    assert set(at_risk.listing["Status"]) <= {"gefährdet"}
    assert len(at_risk.export) == len(everything.export)  # the download holds every goal, as before
    assert "5 Jahre" in everything.rule


def test_the_goal_path_and_a_deleted_goal(demo_engine):
    source = Source(demo_engine)
    first = int(build(source, ZieleParams(2025)).assessed["id"].iloc[0])
    path = build(source, ZieleParams(2025, ziel=first)).path

    assert path is not None
    assert path.series.index.max() <= 2025
    assert [f.label.split(" ")[0] for f in path.key_figures] == [
        "Basiswert",
        "Letzter",
        "Trendprognose",
        "Zielwert",
        "Fortschritt",
    ]
    with pytest.raises(ZieleError, match="gelöscht"):
        build(source, ZieleParams(2025, ziel=999999))
