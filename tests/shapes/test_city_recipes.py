"""The Hamburg and Köln recipes (issue 15): run from ``../shared/realdata`` as a planner would, without a
hand-made file, they store the published figures, and every page opens on each city. Skipped when the open
data are absent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shapes.apptest import PAGES, crashes, open_page
from shapes.conftest import BERLIN_DATA as REALDATA

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _recipe_database(tmp_path_factory: pytest.TempPathFactory, city: str, folders: tuple[str, ...]) -> str:
    if not all((REALDATA / folder).is_dir() for folder in folders):
        pytest.skip(f"{city}-Rezept übersprungen: offene Daten fehlen ({REALDATA})")
    from sozialraum.db import ensure_database, make_engine
    from sozialraum.importing.recipe import run_recipe

    url = f"sqlite:///{tmp_path_factory.mktemp(city) / f'{city}.db'}"
    engine = make_engine(url)
    ensure_database(engine, load_demo_when_empty=False)
    result = run_recipe(engine, EXAMPLES / city / "recipe.toml", REALDATA)
    engine.dispose()
    assert result.ok, [line for _, report in result.reports for line in report.lines()][:10]
    return url


@pytest.fixture(scope="session")
def hamburg_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _recipe_database(tmp_path_factory, "hamburg", ("hamburg",))


@pytest.fixture(scope="session")
def koeln_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _recipe_database(tmp_path_factory, "koeln", ("koeln", "koeln_haushalt"))


def _value(url: str, indicator: str, level: str, name: str, period: date) -> float:
    from sozialraum.db import make_engine
    from sozialraum.models import Area, Indicator, Observation

    engine = make_engine(url)
    with Session(engine) as session:
        value = session.scalar(
            select(Observation.value)
            .join(Area, Area.id == Observation.area_id)
            .join(Indicator, Indicator.id == Observation.indicator_id)
            .where(Indicator.key == indicator, Area.level == level, Area.name == name, Observation.period == period)
        )
    engine.dispose()
    return value


def test_hamburg_stores_the_stadtteilprofile_by_name(hamburg_url):
    end_of_2013 = date(2013, 12, 31)
    assert _value(hamburg_url, "hh_ew", "social_space", "St. Pauli", end_of_2013) == 22392
    # Stadtteil and Bezirk »Eimsbüttel« share a name; the rows' positions keep them apart.
    assert _value(hamburg_url, "hh_ew", "social_space", "Eimsbüttel", end_of_2013) == 56097
    assert _value(hamburg_url, "hh_ew", "district", "Eimsbüttel", end_of_2013) == 252340
    assert _value(hamburg_url, "hh_ew", "city", "Hamburg", end_of_2013) == 1788994
    assert _value(hamburg_url, "hh_sgb2_anteil", "social_space", "Billstedt", end_of_2013) == pytest.approx(
        22.2
    )  # »22,2«


def test_koeln_stores_population_shares_and_one_sided_budgets(koeln_url):
    from sozialraum.db import make_engine
    from sozialraum.models import BudgetLine

    end_of_2012 = date(2012, 12, 31)
    assert _value(koeln_url, "koeln_ew", "city", "Köln", end_of_2012) == 1044555
    assert _value(koeln_url, "koeln_ew", "district", "Innenstadt", end_of_2012) == 127827  # »001« in the file
    assert _value(koeln_url, "koeln_ew", "social_space", "Altstadt/Süd", end_of_2012) == 27515
    share = _value(koeln_url, "koeln_auslaender_anteil", "district", "Innenstadt", end_of_2012)
    foreigners = _value(koeln_url, "koeln_auslaender", "district", "Innenstadt", end_of_2012)
    assert share == pytest.approx(foreigners / 127827 * 100)
    engine = make_engine(koeln_url)
    with Session(engine) as session:
        youth_aid = dict(
            session.execute(
                select(BudgetLine.year, func.sum(func.coalesce(BudgetLine.actual, BudgetLine.planned)))
                .where(BudgetLine.product == "0606")
                .group_by(BudgetLine.year)
            ).all()
        )
        assert session.scalar(select(func.count()).where(BudgetLine.year == 2010, BudgetLine.planned.is_not(None))) == 0
    engine.dispose()
    assert youth_aid[2010] == 147202289  # Ergebnis 2010: actuals only
    assert youth_aid[2015] == 199910498  # Plan 2015: plan only


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_hamburg(hamburg_url, monkeypatch, logged_errors, page):
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", hamburg_url)
    at = open_page(page)
    assert not crashes(at, logged_errors), crashes(at, logged_errors)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_koeln(koeln_url, monkeypatch, logged_errors, page):
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", koeln_url)
    at = open_page(page)
    assert not crashes(at, logged_errors), crashes(at, logged_errors)
