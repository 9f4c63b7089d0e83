"""Databases imported by the real-city recipes of ``examples/``, for the city tests of this folder.

Each is built on first use, per city and backend (SQLite, and PostgreSQL when SOZIALRAUM_TEST_POSTGRES_URL
is set), and skipped when the city's open data are absent.
"""

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

from shapes.conftest import BERLIN_DATA as REALDATA

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
POSTGRES_ENV = "SOZIALRAUM_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")
#: The open-data folders a recipe reads, where they are more than the city's own.
DATA_FOLDERS = {"koeln": ("koeln", "koeln_haushalt")}


class RecipeDatabases:
    """One database per city and backend, imported by the city's recipe on first use."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._tmp = tmp_path_factory
        self._urls: dict[tuple[str, str], str] = {}
        self._postgres_created: list[str] = []

    def url(self, city: str, backend: str = "sqlite") -> str:
        if (city, backend) not in self._urls:
            missing = [folder for folder in DATA_FOLDERS.get(city, (city,)) if not (REALDATA / folder).is_dir()]
            if missing:
                pytest.skip(f"{city}-Rezept übersprungen: offene Daten fehlen ({REALDATA / missing[0]})")
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
        from sozialraum.db import make_engine
        from sozialraum.demo.install import ensure_database
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


def recipe_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RecipeDatabases]:
    """The module's recipe databases; PostgreSQL ones are dropped afterwards."""
    databases = RecipeDatabases(tmp_path_factory)
    yield databases
    databases.close()


def stored_value(
    url: str, indicator: str, level: str, period: date, *, key: str | None = None, name: str | None = None
) -> float | None:
    """The stored value of one area (by key or by name) of ``level``, indicator and Stichtag."""
    from sozialraum.db import make_engine
    from sozialraum.models import Area, Indicator, Observation

    engine = make_engine(url)
    with Session(engine) as session:
        value = session.scalar(
            select(Observation.value)
            .join(Area, Area.id == Observation.area_id)
            .join(Indicator, Indicator.id == Observation.indicator_id)
            .where(Indicator.key == indicator, Area.level == level, Observation.period == period)
            .where(Area.key == key if key is not None else Area.name == name)
        )
    engine.dispose()
    return value


def stored_count(url: str, model_name: str, **where: object) -> int:
    from sozialraum import models
    from sozialraum.db import make_engine

    model = getattr(models, model_name)
    engine = make_engine(url)
    with Session(engine) as session:
        count = session.scalar(select(func.count()).select_from(model).filter_by(**where))
    engine.dispose()
    return count
