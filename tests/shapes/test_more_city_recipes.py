"""The Wien and Konstanz recipes: run from ``../shared/realdata`` as a planner would, they store the
published figures on SQLite and PostgreSQL, and every page opens on each city. Skipped when the open data
are absent (and the PostgreSQL half without SOZIALRAUM_TEST_POSTGRES_URL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from shapes.apptest import PAGES, crashes, open_page
from shapes.conftest import BERLIN_DATA as REALDATA

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
POSTGRES_ENV = "SOZIALRAUM_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")


class RecipeDatabases:
    """One database per city and backend, imported by the city's recipe on first use."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._tmp = tmp_path_factory
        self._urls: dict[tuple[str, str], str] = {}
        self._postgres_created: list[str] = []

    def url(self, city: str, backend: str = "sqlite") -> str:
        if (city, backend) not in self._urls:
            if not (REALDATA / city).is_dir():
                pytest.skip(f"{city}-Rezept übersprungen: offene Daten fehlen ({REALDATA / city})")
            self._urls[city, backend] = self._imported(city, self._new_url(city, backend))
        return self._urls[city, backend]

    def _new_url(self, city: str, backend: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{self._tmp.mktemp(city) / f'{city}.db'}"
        admin_url = os.environ.get(POSTGRES_ENV)
        if not admin_url:
            pytest.skip(f"PostgreSQL-Tests übersprungen: {POSTGRES_ENV} ist nicht gesetzt")
        name = f"sozialraum_{city}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        self._postgres_created.append(name)
        return make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    @staticmethod
    def _imported(city: str, url: str) -> str:
        from sozialraum.db import ensure_database, make_engine
        from sozialraum.importing.recipe import run_recipe

        engine = make_engine(url)
        ensure_database(engine, load_demo_when_empty=False)
        result = run_recipe(engine, EXAMPLES / city / "recipe.toml", REALDATA)
        engine.dispose()
        assert result.ok, [line for _, report in result.reports for line in report.lines()][:10]
        return url

    def close(self) -> None:
        if not self._postgres_created:
            return
        admin = create_engine(os.environ[POSTGRES_ENV], isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for name in self._postgres_created:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="module")
def recipe_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RecipeDatabases]:
    databases = RecipeDatabases(tmp_path_factory)
    yield databases
    databases.close()


def _value(url: str, indicator: str, level: str, key: str, period: date) -> float | None:
    from sozialraum.db import make_engine
    from sozialraum.models import Area, Indicator, Observation

    engine = make_engine(url)
    with Session(engine) as session:
        value = session.scalar(
            select(Observation.value)
            .join(Area, Area.id == Observation.area_id)
            .join(Indicator, Indicator.id == Observation.indicator_id)
            .where(Indicator.key == indicator, Area.level == level, Area.key == key, Observation.period == period)
        )
    engine.dispose()
    return value


def _count(url: str, model_name: str, **where: object) -> int:
    from sozialraum import models
    from sozialraum.db import make_engine

    model = getattr(models, model_name)
    engine = make_engine(url)
    with Session(engine) as session:
        count = session.scalar(select(func.count()).select_from(model).filter_by(**where))
    engine.dispose()
    return count


@pytest.mark.parametrize("backend", BACKENDS)
def test_wien_stores_the_published_figures_on_todays_bezirke(recipe_databases, backend):
    url = recipe_databases.url("wien", backend)
    assert _count(url, "Area", level="district") == 23
    assert _count(url, "Area", level="social_space") == 250
    # vie-bez-pop-sex-stk-1869f.csv: »AT13;90100;90100;1869;18691231;68079;;« – an 1869 Stichtag is stored.
    assert _value(url, "wien_ew", "district", "01", date(1869, 12, 31)) == 68079
    assert _value(url, "wien_ew", "district", "21", date(2024, 1, 1)) == 186233
    # vie-bez-biz-pop-age-2002f.csv: the city's row 90000 lands on the city, »41,14« with a decimal comma.
    assert _value(url, "wien_alter_mittel", "city", "90000", date(2002, 1, 1)) == pytest.approx(41.14)
    # vie-bez-biz-ecn-inc-sex-2002f.csv: »25.463« is read as 25463 (German thousands point).
    assert _value(url, "wien_einkommen", "district", "01", date(2002, 12, 31)) == 25463
    assert _value(url, "wien_einkommen", "city", "90000", date(2002, 12, 31)) == 18217


@pytest.mark.parametrize("backend", BACKENDS)
def test_konstanz_stores_stadtteile_without_geometry_and_both_population_tables(recipe_databases, backend):
    url = recipe_databases.url("konstanz", backend)
    assert _count(url, "Area", level="social_space") == 15
    assert _count(url, "Area", level="social_space", geometry=None) == 15
    # bevoelkerung_nach_stadtteilen.csv: »1995,10815,4856,12494,…« and »2025,…,16391,…«.
    assert _value(url, "kn_ew", "social_space", "altstadt", date(1995, 12, 31)) == 10815
    assert _value(url, "kn_ew", "social_space", "petershausenwest", date(2025, 12, 31)) == 16391
    # The historic table until 1993 repeats undivided Petershausen (20334 in 1993) in both halves: once only.
    assert _value(url, "kn_ew_historisch", "social_space", "petershausenwest", date(1993, 12, 31)) == 20334
    assert _value(url, "kn_ew_historisch", "social_space", "petershausenost", date(1993, 12, 31)) is None
    assert _value(url, "kn_ew_historisch", "social_space", "petershausenost", date(1994, 12, 31)) == 6398
    # Its years from 1995 on repeat the newer table and are left to kn_ew.
    assert _value(url, "kn_ew_historisch", "social_space", "altstadt", date(1995, 12, 31)) is None
    # arbeitsmarkt_al_quote.csv: the column »konstanz« is the city; Land and Bund are left out.
    assert _value(url, "kn_al_quote", "city", "konstanz", date(2005, 12, 31)) == pytest.approx(7.0)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("city", ["wien", "konstanz"])
def test_every_page_opens_on_the_city(recipe_databases, monkeypatch, logged_errors, city, page):
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", recipe_databases.url(city))
    at = open_page(page)
    assert not crashes(at, logged_errors), crashes(at, logged_errors)
