"""Databases of every shape, imported once per test session; pages run against them through AppTest."""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from shapes.generate import MANY_AREAS, SHAPES, Shape, import_city

POSTGRES_ENV = "SOZIALRAUM_TEST_POSTGRES_URL"
BERLIN_DATA = Path(__file__).resolve().parents[3] / "shared" / "realdata"
BERLIN_RECIPE = Path(__file__).resolve().parents[2] / "examples" / "berlin" / "recipe.toml"


class ShapeDatabases:
    """SQLite files (and, on request, PostgreSQL databases) of shapes, generated on first use."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._tmp = tmp_path_factory
        self._urls: dict[tuple[str, str], str] = {}
        self._postgres_created: list[str] = []

    def url(self, name: str, backend: str = "sqlite") -> str:
        if (name, backend) not in self._urls:
            shape = MANY_AREAS if name == MANY_AREAS.name else SHAPES[name]
            folder = self._tmp.mktemp(f"shape_{name}_{backend}")
            url = f"sqlite:///{folder / 'city.db'}" if backend == "sqlite" else self._postgres_url()
            import_city(shape, folder / "files", url).dispose()
            self._urls[(name, backend)] = url
        return self._urls[(name, backend)]

    def shape(self, name: str) -> Shape:
        return MANY_AREAS if name == MANY_AREAS.name else SHAPES[name]

    def _postgres_url(self) -> str:
        admin_url = os.environ.get(POSTGRES_ENV)
        if not admin_url:
            pytest.skip(f"PostgreSQL-Tests übersprungen: {POSTGRES_ENV} ist nicht gesetzt")
        name = f"sozialraum_shape_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        self._postgres_created.append(name)
        return make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    def close(self) -> None:
        if not self._postgres_created:
            return
        admin = create_engine(os.environ[POSTGRES_ENV], isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for name in self._postgres_created:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="session")
def shape_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ShapeDatabases]:
    databases = ShapeDatabases(tmp_path_factory)
    yield databases
    databases.close()


@pytest.fixture(scope="session")
def berlin_url(berlin_sqlite_file: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The Berlin recipe's database (a copy of the session's import); skipped when the open data are not on
    this machine."""
    copy = tmp_path_factory.mktemp("berlin") / "berlin.db"
    shutil.copyfile(berlin_sqlite_file, copy)
    return f"sqlite:///{copy}"


@pytest.fixture(autouse=True)
def fresh_streamlit_caches() -> Iterator[None]:
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def full_error_details() -> Iterator[None]:
    """Exceptions in AppTest carry their real message, so a failing test says what broke."""
    previous = st.get_option("client.showErrorDetails")
    st.set_option("client.showErrorDetails", "full")
    yield
    st.set_option("client.showErrorDetails", previous)


class LoggedRecords:
    """The records logged in the running test phase; read when iterated, because pytest starts a new list
    for each phase (a list taken at fixture setup would stay empty)."""

    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        self._caplog = caplog

    def __iter__(self) -> Iterator[logging.LogRecord]:
        return iter(list(self._caplog.records))


@pytest.fixture
def logged_errors(caplog: pytest.LogCaptureFixture) -> LoggedRecords:
    caplog.set_level(logging.ERROR)
    return LoggedRecords(caplog)
