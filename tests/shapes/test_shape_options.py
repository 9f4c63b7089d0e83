"""Pages across their options on every shape: every year in the sidebar, and each page's own choices
(indicator, level, view, class method, comparison, tabs' selections), one at a time from the default."""

from __future__ import annotations

import pytest

from shapes.apptest import crashes, open_page, option_values, widget
from shapes.generate import SHAPES, sample_area_key

#: The page's own choices, by widget key. A key the page does not show on a shape is skipped, but each
#: page must show at least one of them (a renamed widget must not silently end the sweep).
PAGE_OPTIONS: dict[str, tuple[str, ...]] = {
    "uebersicht": ("cockpit_map_choice",),
    "ziele": ("goal_select", "goal_status_filter"),
    "budget": ("budget_base_year", "budget_outcome_indicator", "budget_spending_mode", "budget_outcome_mode"),
    "karte": ("kennzahl", "ebene", "ansicht", "methode", "fest"),
    "steckbrief": ("steckbrief_ebene",),
    "vergleich": ("vergleich_ebene",),
    "entwicklung": ("entwicklung_ebene", "entwicklung_index"),
    "sozialindex": ("stichtag",),
    "daten": ("coverage_indicator", "export_level"),
}
#: The shapes a page's choices are swept on: those that differ in what the page is about (all shapes for
#: the map and the analysis pages, the budget shapes for Budget & Wirkung, …), to keep the suite fast.
#: Shapes whose levels differ (or whose values aggregate differently): what the level choices are about.
LEVEL_SHAPES = ("standard", "one_level", "city_and_spaces", "five_levels", "two_versions", "single_area",
                "no_numerators", "neutral")  # fmt: skip
SWEEP_SHAPES: dict[str, tuple[str, ...]] = {
    "uebersicht": ("standard", "five_levels", "two_versions", "no_numerators", "neutral"),
    "ziele": ("standard", "two_versions", "no_numerators", "half_yearly"),
    "budget": ("standard", "two_versions", "plan_only", "actual_only", "neutral"),
    "karte": (
        "standard",
        "city_and_spaces",
        "five_levels",
        "two_versions",
        "half_yearly",
        "biennial",
        "no_numerators",
        "neutral",
        "no_geometry",
    ),
    "steckbrief": (*LEVEL_SHAPES, "no_geometry"),
    "vergleich": LEVEL_SHAPES,
    "entwicklung": LEVEL_SHAPES,
    "sozialindex": ("standard", "five_levels", "two_versions", "half_yearly", "no_geometry"),
    "daten": ("standard", "five_levels", "two_versions", "one_level"),
}
#: Pages whose content depends on the sidebar's year, and the shapes whose years differ in kind: plan years
#: after the series, a reform in the middle, half-years, every second year, no indicator with a polarity.
YEAR_PAGES = ("uebersicht", "budget", "karte", "steckbrief", "vergleich")
YEAR_SHAPES = ("standard", "two_versions", "half_yearly", "biennial", "neutral")
YEARS_PER_SWEEP = 4
#: Options tried per widget (first and last always): all on the richest shapes, fewer elsewhere for speed.
#: Level choices are always tried in full: levels are where shapes differ most.
FULL_SWEEP_SHAPES = ("standard", "two_versions", "five_levels")
OPTIONS_PER_WIDGET = {True: 6, False: 2}
NO_CITY_SHAPES = ("one_level", "single_area")

#: (shape, page) -> what breaks today when options change (checked on main at 2c7a634).
KNOWN_OPTION_BUGS: dict[tuple[str, str], str] = {}
KNOWN_YEAR_BUGS: dict[tuple[str, str], str] = {}


def _case(shape: str, page: str, known: dict[tuple[str, str], str]) -> object:
    reason = known.get((shape, page))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(shape, page, marks=marks, id=f"{shape}-{page}")


def _params(shape: str, page: str) -> dict[str, str]:
    """Steckbrief and Vergleich show one area in full: select one, as a user does."""
    return {"raum": sample_area_key(SHAPES[shape])} if page == "steckbrief" else {}


def _must_offer_options(shape_name: str, page: str) -> bool:
    """Whether the shape has what the page's choices are about (goals, an index, a budget, a city)."""
    shape = SHAPES[shape_name]
    applies = {"ziele": shape.goals, "sozialindex": shape.index, "budget": shape.budget != "none", "uebersicht": False}
    return shape_name not in NO_CITY_SHAPES and applies.get(page, True)


def sweep(at, keys: tuple[str, ...], limit: int, logged_errors) -> tuple[list[str], list[str]]:
    """Set each widget in ``keys`` to each of its options in turn, its default last (which also resets it
    for the next widget); returns (problems, keys swept)."""
    problems, swept = [], []
    for key in keys:
        element = widget(at, key)
        if element is None or element.disabled:  # a browser user cannot change a disabled widget either
            continue
        swept.append(key)
        default = element.value
        tried = [value for value in option_values(at, element, 100 if "ebene" in key else limit) if value != default]
        for value in [*tried, default]:
            if (current := widget(at, key)) is None:
                break  # the page stopped (e.g. a German message); the next widget starts from here
            at = current.set_value(value).run()
            problems += [f"{key}={value!r}: {problem}" for problem in crashes(at, logged_errors)]
    return problems, swept


@pytest.mark.parametrize(
    ("shape", "page"), [_case(shape, page, KNOWN_OPTION_BUGS) for page in PAGE_OPTIONS for shape in SWEEP_SHAPES[page]]
)
def test_page_options_never_crash(shape_databases, logged_errors, monkeypatch, shape, page):
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", shape_databases.url(shape))
    # In the latest year with indicator values: the default year's own bugs are the default-view tests' part.
    at = open_page(page, jahr=SHAPES[shape].years[1], **_params(shape, page))
    assert not crashes(at, logged_errors), crashes(at, logged_errors)
    limit = OPTIONS_PER_WIDGET[shape in FULL_SWEEP_SHAPES]
    problems, swept = sweep(at, PAGE_OPTIONS[page], limit, logged_errors)
    assert not problems, problems
    if _must_offer_options(shape, page):
        assert swept, f"{page} shows none of {PAGE_OPTIONS[page]} on {shape}"


@pytest.mark.parametrize(
    ("shape", "page"), [_case(shape, page, KNOWN_YEAR_BUGS) for shape in YEAR_SHAPES for page in YEAR_PAGES]
)
def test_every_year_never_crashes(shape_databases, logged_errors, monkeypatch, shape, page):
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", shape_databases.url(shape))
    at = open_page(page, **_params(shape, page))
    year_box = at.sidebar.selectbox(key="jahr")
    years = option_values(at, year_box, limit=YEARS_PER_SWEEP)
    assert len(years) >= 1
    problems = []
    for year in years:
        at = at.sidebar.selectbox(key="jahr").set_value(year).run()
        problems += [f"{year}: {problem}" for problem in crashes(at, logged_errors)]
    assert not problems, problems
