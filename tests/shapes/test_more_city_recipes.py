"""The Wien and Konstanz recipes: run from ``../shared/realdata`` as a planner would, they store the
published figures on SQLite and PostgreSQL, and every page opens on each city. Skipped when the open data
are absent (and the PostgreSQL half without SOZIALRAUM_TEST_POSTGRES_URL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from shapes import recipes
from shapes.apptest import PAGES, crashes, open_page
from shapes.recipes import BACKENDS, stored_count, stored_value


@pytest.fixture(scope="module")
def recipe_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[recipes.RecipeDatabases]:
    yield from recipes.recipe_databases(tmp_path_factory)


@pytest.mark.parametrize("backend", BACKENDS)
def test_wien_stores_the_published_figures_on_todays_bezirke(recipe_databases, backend):
    url = recipe_databases.url("wien", backend)
    assert stored_count(url, "Area", level="district") == 23
    assert stored_count(url, "Area", level="social_space") == 250
    # vie-bez-pop-sex-stk-1869f.csv: »AT13;90100;90100;1869;18691231;68079;;« – an 1869 Stichtag is stored.
    assert stored_value(url, "wien_ew", "district", date(1869, 12, 31), key="01") == 68079
    assert stored_value(url, "wien_ew", "district", date(2024, 1, 1), key="21") == 186233
    # vie-bez-biz-pop-age-2002f.csv: the city's row 90000 lands on the city, »41,14« with a decimal comma.
    assert stored_value(url, "wien_alter_mittel", "city", date(2002, 1, 1), key="90000") == pytest.approx(41.14)
    # vie-bez-biz-ecn-inc-sex-2002f.csv: »25.463« is read as 25463 (German thousands point).
    assert stored_value(url, "wien_einkommen", "district", date(2002, 12, 31), key="01") == 25463
    assert stored_value(url, "wien_einkommen", "city", date(2002, 12, 31), key="90000") == 18217


@pytest.mark.parametrize("backend", BACKENDS)
def test_konstanz_stores_stadtteile_without_geometry_and_both_population_tables(recipe_databases, backend):
    url = recipe_databases.url("konstanz", backend)
    assert stored_count(url, "Area", level="social_space") == 15
    assert stored_count(url, "Area", level="social_space", geometry=None) == 15
    # bevoelkerung_nach_stadtteilen.csv: »1995,10815,4856,12494,…« and »2025,…,16391,…«.
    assert stored_value(url, "kn_ew", "social_space", date(1995, 12, 31), key="altstadt") == 10815
    assert stored_value(url, "kn_ew", "social_space", date(2025, 12, 31), key="petershausenwest") == 16391
    # The historic table until 1993 repeats undivided Petershausen (20334 in 1993) in both halves: once only.
    assert stored_value(url, "kn_ew_historisch", "social_space", date(1993, 12, 31), key="petershausenwest") == 20334
    assert stored_value(url, "kn_ew_historisch", "social_space", date(1993, 12, 31), key="petershausenost") is None
    assert stored_value(url, "kn_ew_historisch", "social_space", date(1994, 12, 31), key="petershausenost") == 6398
    # Its years from 1995 on repeat the newer table and are left to kn_ew.
    assert stored_value(url, "kn_ew_historisch", "social_space", date(1995, 12, 31), key="altstadt") is None
    # arbeitsmarkt_al_quote.csv: the column »konstanz« is the city; Land and Bund are left out.
    assert stored_value(url, "kn_al_quote", "city", date(2005, 12, 31), key="konstanz") == pytest.approx(7.0)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("city", ["wien", "konstanz"])
def test_every_page_opens_on_the_city(recipe_databases, monkeypatch, logged_errors, city, page):
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", recipe_databases.url(city))
    at = open_page(page)
    assert not crashes(at, logged_errors), crashes(at, logged_errors)
