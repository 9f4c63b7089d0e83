"""10,000 planning areas (500 social spaces, 20 districts), imported once: the pages that draw every area
still open, colour them and stay within a time a planner would wait. The figures go to the test log."""

from __future__ import annotations

import time

import pytest

from shapes.apptest import coloured_areas, crashes, drawn_lines, open_page, raw_options, table_rows, widget
from shapes.generate import MANY_AREAS

#: Seconds for one page run on 10,000 areas; generous for a shared CI machine, tight enough to catch a
#: page that suddenly loops over areas in Python or draws 10,000 bars.
PAGE_SECONDS = 60


@pytest.fixture
def many(shape_databases, monkeypatch) -> str:
    url = shape_databases.url(MANY_AREAS.name)
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", url)
    return url


def timed_open(page: str, **params: object):
    started = time.perf_counter()
    at = open_page(page, timeout=PAGE_SECONDS * 2, **params)
    return at, time.perf_counter() - started


def test_map_of_ten_thousand_planning_areas(many, logged_errors):
    at, seconds = timed_open("karte")
    assert not crashes(at, logged_errors), crashes(at, logged_errors)
    # The default level (social spaces today) has every area coloured, whichever level it is.
    assert coloured_areas(at) in (500, MANY_AREAS.area_count())
    level = widget(at, "ebene")
    planning_area = next(option for option in raw_options(at, level) if option in ("planning_area", "planungsraum"))
    started = time.perf_counter()
    at = level.set_value(planning_area).run(timeout=PAGE_SECONDS * 2)
    planning_seconds = time.perf_counter() - started
    print(f"Karte, 10.000 Planungsräume: Standard {seconds:.1f} s, Planungsräume {planning_seconds:.1f} s")
    assert not crashes(at, logged_errors), crashes(at, logged_errors)
    assert coloured_areas(at) == MANY_AREAS.area_count()
    assert max(table_rows(at), default=0) == MANY_AREAS.area_count()  # a ranking table instead of 10,000 bars
    assert planning_seconds < PAGE_SECONDS


@pytest.mark.parametrize("page", ["uebersicht", "vergleich", "entwicklung", "daten"])
def test_pages_open_on_ten_thousand_areas(many, logged_errors, page):
    at, seconds = timed_open(page)
    print(f"{page}, 10.000 Planungsräume: {seconds:.1f} s")
    assert not crashes(at, logged_errors), crashes(at, logged_errors)
    assert seconds < PAGE_SECONDS
    if page == "entwicklung":
        assert drawn_lines(at) >= 1
