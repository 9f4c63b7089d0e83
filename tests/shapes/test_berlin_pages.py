"""The Berlin recipe's database: each crash named in issue 14, and its »done when« checks.

Skipped when ``../shared/realdata`` is absent; the recipe is imported once per session. The cases that
fail on main today are strict xfails naming the crash, so each fix shows up as an XPASS failure.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shapes.apptest import PAGES, coloured_areas, crashes, drawn_lines, open_page, option_values, widget
from shapes.conftest import BERLIN_DATA, BERLIN_RECIPE

KNOWN_DEFAULT_BUGS: dict[str, str] = {}
LATEST_INDICATOR_YEAR = 2024
BERLIN_SPACE = "010111"


def _xfail(reason: str | None) -> list:
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


@pytest.fixture
def berlin(berlin_url, monkeypatch) -> str:
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", berlin_url)
    return berlin_url


@pytest.fixture(scope="session")
def berlin_neutral_url(tmp_path_factory) -> str:
    """Berlin with every indicator's polarity set to 0: the recipe beside a rewritten catalogue."""
    if not BERLIN_DATA.is_dir():
        pytest.skip(f"Berlin-Tests übersprungen: offene Daten fehlen ({BERLIN_DATA})")
    from sozialraum.db import make_engine
    from sozialraum.demo.install import ensure_database
    from sozialraum.importing.recipe import run_recipe

    folder = tmp_path_factory.mktemp("berlin_neutral")
    shutil.copy(BERLIN_RECIPE, folder / "recipe.toml")
    # The recipe's index steps name their definitions beside it.
    for definition in BERLIN_RECIPE.parent.glob("*_index.toml"):
        shutil.copy(definition, folder / definition.name)
    lines = (BERLIN_RECIPE.parent / "indikatoren.csv").read_text(encoding="utf-8").splitlines()
    polarity = lines[0].split(";").index("Polarität")
    rewritten = [lines[0]] + [
        ";".join(f if i != polarity else "0" for i, f in enumerate(line.split(";"))) for line in lines[1:]
    ]
    (folder / "indikatoren.csv").write_text("\n".join(rewritten) + "\n", encoding="utf-8")
    url = f"sqlite:///{folder / 'berlin_neutral.db'}"
    engine = make_engine(url)
    ensure_database(engine, load_demo_when_empty=False)
    result = run_recipe(engine, Path(folder / "recipe.toml"), BERLIN_DATA)
    engine.dispose()
    assert result.ok
    return url


@pytest.mark.parametrize("page", [pytest.param(p, marks=_xfail(KNOWN_DEFAULT_BUGS.get(p))) for p in PAGES])
def test_every_page_opens_without_error(berlin, logged_errors, page):
    at = open_page(page)
    assert not crashes(at, logged_errors), crashes(at, logged_errors)


def test_default_year_is_the_latest_with_indicator_values(berlin):
    at = open_page("uebersicht")
    assert at.sidebar.selectbox(key="jahr").value == LATEST_INDICATOR_YEAR


def test_default_map_shows_coloured_areas(berlin, logged_errors):
    at = open_page("karte")
    assert not crashes(at, logged_errors), crashes(at, logged_errors)
    assert coloured_areas(at) >= 10, "the default map shows fewer than ten coloured areas"


def test_entwicklung_draws_lines(berlin, logged_errors):
    at = open_page("entwicklung")
    assert not crashes(at, logged_errors), crashes(at, logged_errors)
    assert drawn_lines(at) >= 1


@pytest.mark.parametrize("page", ["steckbrief", "vergleich", "entwicklung"])
def test_district_level_from_the_url(berlin, logged_errors, page):
    # The Steckbrief shows one district: name it, as a shared link does (Mitte is 01 in both versions).
    area = {"gebiet": "01"} if page == "steckbrief" else {}
    at = open_page(page, ebene="bezirk", jahr=LATEST_INDICATOR_YEAR, **area)
    assert not crashes(at, logged_errors), crashes(at, logged_errors)


def test_budget_on_neutral_indicators(berlin_neutral_url, monkeypatch, logged_errors):
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", berlin_neutral_url)
    at = open_page("budget", jahr=2026)
    assert not crashes(at, logged_errors), crashes(at, logged_errors)


YEAR_BUGS: dict[str, str] = {}


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(p, marks=_xfail(YEAR_BUGS.get(p)))
        for p in ("uebersicht", "budget", "karte", "vergleich", "sozialindex")
    ],
)
def test_every_year_opens_without_error(berlin, logged_errors, page):
    at = open_page(page, jahr=LATEST_INDICATOR_YEAR)
    problems = []
    for year in option_values(at, at.sidebar.selectbox(key="jahr"), limit=100):
        at = at.sidebar.selectbox(key="jahr").set_value(year).run()
        problems += [f"{year}: {problem}" for problem in crashes(at, logged_errors)]
    assert not problems, problems


LEVEL_WIDGETS = {"karte": "ebene", "steckbrief": "steckbrief_ebene", "vergleich": "vergleich_ebene"}
# The Steckbrief switched to »Bezirk« waits for a choice (no crash); with ?gebiet=01 it crashes, see above.
LEVEL_BUGS: dict[str, str] = {}


@pytest.mark.parametrize("page", [pytest.param(p, marks=_xfail(LEVEL_BUGS.get(p))) for p in LEVEL_WIDGETS])
def test_every_level_opens_without_error(berlin, logged_errors, page):
    # A social space chosen in the sidebar (Bezirksregion 010111 in Mitte): the Steckbrief then has an area.
    at = open_page(page, jahr=LATEST_INDICATOR_YEAR, raum=BERLIN_SPACE)
    level_choice = widget(at, LEVEL_WIDGETS[page])
    assert level_choice is not None, f"{page} offers no level choice"
    problems = []
    for level in option_values(at, level_choice, limit=100):
        at = widget(at, LEVEL_WIDGETS[page]).set_value(level).run()
        problems += [f"{level}: {problem}" for problem in crashes(at, logged_errors)]
    assert not problems, problems
