"""What each page must show on a shape's database in its default state, and the page bugs known today.

``shows_data(page, shape, at)`` returns what is missing (empty: fine). ``KNOWN_PAGE_BUGS`` names the
(shape, page) cases that fail because of a page, not because of this suite (issue 14); they are strict
xfails, so a fix turns them into XPASS failures and the entry must go.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from shapes.apptest import coloured_areas, drawn_lines, metrics_with_numbers, table_rows, traces_with_data
from shapes.generate import Shape

ALL = "*"
#: (shape or ALL, page) -> a page bug the suite finds, as a strict xfail until fixed (none today).
KNOWN_PAGE_BUGS: dict[tuple[str, str], str] = {}


def known_bug(shape: str, page: str) -> str | None:
    return KNOWN_PAGE_BUGS.get((shape, page)) or KNOWN_PAGE_BUGS.get((ALL, page))


def case(shape: str, page: str, *values: object) -> object:
    """A pytest parameter for (shape, page, …), a strict xfail when it is a known page bug."""
    reason = known_bug(shape, page)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(shape, page, *values, marks=marks, id="-".join(str(v) for v in (shape, page, *values)))


def _uebersicht(shape: Shape, at: AppTest) -> list[str]:
    return [] if metrics_with_numbers(at) else ["no key figure with a number"]


def _ziele(shape: Shape, at: AppTest) -> list[str]:
    if not shape.goals:
        return []
    missing = [] if any(table_rows(at)) else ["no goal table with rows"]
    # The first goal is the city's; shares without numerators give no city value to draw (an honest gap).
    needs_line = shape.numerators and "city" in shape.levels
    return missing + ([] if drawn_lines(at) or not needs_line else ["no goal chart with a line"])


def _budget(shape: Shape, at: AppTest) -> list[str]:
    if shape.budget == "none":
        return []
    missing = [] if any(table_rows(at)) else ["no budget table with rows"]
    return missing + ([] if metrics_with_numbers(at) else ["no budget figure with a number"])


def _karte(shape: Shape, at: AppTest) -> list[str]:
    if shape.without_geometry and not coloured_areas(at):
        # A level without boundaries: the page names the areas instead of drawing them.
        named = any("noch keine Umrisse" in info.value for info in at.info)
        missing = [] if named else ["no message naming the areas without a shape"]
        return missing + ([] if traces_with_data(at) or any(table_rows(at)) else ["no ranking"])
    coloured = coloured_areas(at)
    missing = [] if coloured else ["no coloured area on the map"]
    return missing + ([] if traces_with_data(at) or any(table_rows(at)) else ["no ranking"])


def _steckbrief(shape: Shape, at: AppTest) -> list[str]:
    return [] if metrics_with_numbers(at) and any(table_rows(at)) else ["no figures and no indicator table"]


def _vergleich(shape: Shape, at: AppTest) -> list[str]:
    if shape.area_count() < 2:
        return []
    # The distance chart measures from the city value: without a city area the page says so instead.
    chart = traces_with_data(at) or ("city" not in shape.levels and any("keinen Stadtwert" in i.value for i in at.info))
    return [] if any(table_rows(at)) and chart else ["no comparison table and chart"]


def _entwicklung(shape: Shape, at: AppTest) -> list[str]:
    return [] if drawn_lines(at) else ["no line with two or more points"]


def _sozialindex(shape: Shape, at: AppTest) -> list[str]:
    if not shape.index:
        return []
    if shape.without_geometry and not coloured_areas(at):
        named = any("noch keine Umrisse" in info.value for info in at.info)
        missing = [] if named else ["no message naming the areas without a shape"]
    else:
        missing = [] if coloured_areas(at) else ["no coloured area on the index map"]
    return missing + ([] if any(table_rows(at)) else ["no index table with rows"])


def _daten(shape: Shape, at: AppTest) -> list[str]:
    return [] if max(table_rows(at), default=0) >= len(shape.indicators) else ["no catalogue or coverage table"]


def _nothing_stored(shape: Shape, at: AppTest) -> list[str]:
    return []  # Sitzungsmappe and Präsentation have no deck on a fresh import: only "no crash".


SHOWS_DATA: dict[str, Callable[[Shape, AppTest], list[str]]] = {
    "uebersicht": _uebersicht,
    "ziele": _ziele,
    "budget": _budget,
    "karte": _karte,
    "steckbrief": _steckbrief,
    "vergleich": _vergleich,
    "entwicklung": _entwicklung,
    "sozialindex": _sozialindex,
    "sitzungsmappe": _nothing_stored,
    "praesentation": _nothing_stored,
    "daten": _daten,
}


def shows_data(page: str, shape: Shape, at: AppTest) -> list[str]:
    return SHOWS_DATA[page](shape, at)
