"""The Hamburg and Köln recipes (issue 15): run from ``../shared/realdata`` as a planner would, without a
hand-made file, they store the published figures on SQLite and PostgreSQL, and every page opens on each
city. Skipped when the open data are absent (and the PostgreSQL half without SOZIALRAUM_TEST_POSTGRES_URL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shapes import recipes
from shapes.apptest import PAGES, crashes, open_page
from shapes.recipes import BACKENDS, stored_count, stored_value


@pytest.fixture(scope="module")
def recipe_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[recipes.RecipeDatabases]:
    yield from recipes.recipe_databases(tmp_path_factory)


@pytest.mark.parametrize("backend", BACKENDS)
def test_hamburg_stores_the_stadtteilprofile_by_name(recipe_databases, backend):
    url = recipe_databases.url("hamburg", backend)
    assert stored_count(url, "Area", level="social_space") == 104
    end_of_2013 = date(2013, 12, 31)
    assert stored_value(url, "hh_ew", "social_space", end_of_2013, name="St. Pauli") == 22392
    # Stadtteil and Bezirk »Eimsbüttel« share a name; the rows' positions keep them apart.
    assert stored_value(url, "hh_ew", "social_space", end_of_2013, name="Eimsbüttel") == 56097
    assert stored_value(url, "hh_ew", "district", end_of_2013, name="Eimsbüttel") == 252340
    assert stored_value(url, "hh_ew", "city", end_of_2013, name="Hamburg") == 1788994
    assert stored_value(url, "hh_sgb2_anteil", "social_space", end_of_2013, name="Billstedt") == pytest.approx(22.2)
    # The four pairs published together belong to no single Stadtteil.
    assert stored_value(url, "hh_ew", "social_space", end_of_2013, name="Steinwerder") is None


@pytest.mark.parametrize("backend", BACKENDS)
def test_koeln_stores_population_shares_and_one_sided_budgets(recipe_databases, backend):
    from sozialraum.db import make_engine
    from sozialraum.models import BudgetLine

    url = recipe_databases.url("koeln", backend)
    end_of_2012 = date(2012, 12, 31)
    assert stored_value(url, "koeln_ew", "city", end_of_2012, name="Köln") == 1044555
    assert stored_value(url, "koeln_ew", "district", end_of_2012, key="1") == 127827  # »001« in the file
    assert stored_value(url, "koeln_ew", "social_space", end_of_2012, name="Altstadt/Süd") == 27515
    share = stored_value(url, "koeln_auslaender_anteil", "district", end_of_2012, key="1")
    foreigners = stored_value(url, "koeln_auslaender", "district", end_of_2012, key="1")
    assert share == pytest.approx(foreigners / 127827 * 100)
    engine = make_engine(url)
    with Session(engine) as session:
        youth_aid = dict(
            session.execute(
                select(BudgetLine.year, func.sum(func.coalesce(BudgetLine.actual, BudgetLine.planned)))
                .where(BudgetLine.product == "0606")
                .group_by(BudgetLine.year)
            ).all()
        )
        planned_2010 = session.scalar(
            select(func.count()).where(BudgetLine.year == 2010, BudgetLine.planned.is_not(None))
        )
    engine.dispose()
    assert planned_2010 == 0
    assert youth_aid[2010] == 147202289  # Ergebnis 2010: actuals only
    assert youth_aid[2015] == 199910498  # Plan 2015: plan only


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("city", ["hamburg", "koeln"])
def test_every_page_opens_on_the_city(recipe_databases, monkeypatch, logged_errors, city, page):
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", recipe_databases.url(city))
    at = open_page(page)
    assert not crashes(at, logged_errors), crashes(at, logged_errors)
