"""Shared fixtures: databases on SQLite and, when configured, on PostgreSQL.

PostgreSQL tests need ``SOZIALRAUM_TEST_POSTGRES_URL``, an admin URL of a server on which the tests may
create databases (e.g. ``postgresql+psycopg://root@127.0.0.1:5432/postgres``). Each test run creates
fresh databases with a unique name and drops them afterwards.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from sozialraum.db import make_engine
from sozialraum.demo.install import ensure_database

POSTGRES_ENV = "SOZIALRAUM_TEST_POSTGRES_URL"
# The app turns unexpected errors into a German message; under test they are re-raised as well, so an
# AppTest's ``at.exception`` (and a browser test's stException) still reveals them.
os.environ.setdefault("SOZIALRAUM_RAISE_UNEXPECTED", "1")
# Parallel workers (pytest-xdist) must not share the fallback SQLite file CI points the app at.
if (worker := os.environ.get("PYTEST_XDIST_WORKER")) and os.environ.get("SOZIALRAUM_DATABASE_URL", "").endswith(".db"):
    os.environ["SOZIALRAUM_DATABASE_URL"] = os.environ["SOZIALRAUM_DATABASE_URL"].removesuffix(".db") + f"-{worker}.db"
BACKENDS = ["sqlite", "postgresql"]


def pytest_report_header(config: pytest.Config) -> list[str]:
    packages = ["streamlit", "sqlalchemy", "alembic", "pandas", "geopandas", "shapely", "folium", "plotly"]
    postgres = os.environ.get(POSTGRES_ENV)
    return [
        "versions: " + ", ".join(f"{name} {version(name)}" for name in packages),
        f"postgresql: {make_url(postgres).render_as_string(hide_password=True) if postgres else 'not configured'}",
    ]


class DatabaseFactory:
    """Creates empty databases of one backend and cleans them up."""

    def __init__(self, backend: str, tmp_path_factory: pytest.TempPathFactory) -> None:
        self.backend = backend
        self._tmp = tmp_path_factory
        self._created: list[str] = []
        self._admin: Engine | None = None
        if backend == "postgresql":
            admin_url = os.environ.get(POSTGRES_ENV)
            if not admin_url:
                pytest.skip(f"PostgreSQL-Tests übersprungen: {POSTGRES_ENV} ist nicht gesetzt")
            self._admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")

    def new_url(self) -> str:
        name = f"sozialraum_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        if self._admin is None:
            return f"sqlite:///{self._tmp.mktemp('db') / (name + '.db')}"
        with self._admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        self._created.append(name)
        return make_url(self._admin.url).set(database=name).render_as_string(hide_password=False)

    def copy_of(self, url: str) -> str:
        """A new database holding what ``url`` holds: a file copy on SQLite, ``CREATE DATABASE … TEMPLATE``
        on PostgreSQL (no connection to the original may be open, so its engine must be disposed)."""
        name = f"sozialraum_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        original = make_url(url)
        if self._admin is None:
            target = self._tmp.mktemp("db") / (name + ".db")
            shutil.copyfile(original.database, target)
            return f"sqlite:///{target}"
        with self._admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{original.database}"')
        self._created.append(name)
        return original.set(database=name).render_as_string(hide_password=False)

    def close(self) -> None:
        if self._admin is None:
            return
        with self._admin.connect() as connection:
            for name in self._created:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_factory(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(request.param, tmp_path_factory)
    yield factory
    factory.close()


@pytest.fixture
def empty_engine(database_factory: DatabaseFactory) -> Iterator[Engine]:
    """A fresh database with the current schema and no data."""
    engine = make_engine(database_factory.new_url())
    ensure_database(engine, load_demo_when_empty=False)
    yield engine
    engine.dispose()


@pytest.fixture
def blank_engine(database_factory: DatabaseFactory) -> Iterator[Engine]:
    """A fresh database without any schema."""
    engine = make_engine(database_factory.new_url())
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def demo_engine(database_factory: DatabaseFactory) -> Iterator[Engine]:
    """The demo city, generated once per backend and test run. Tests must not change it."""
    engine = make_engine(database_factory.new_url())
    ensure_database(engine)
    yield engine
    engine.dispose()


REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"
BERLIN_RECIPE = Path(__file__).resolve().parents[1] / "examples" / "berlin" / "recipe.toml"


@pytest.fixture(scope="session")
def berlin_template(database_factory: DatabaseFactory, request: pytest.FixtureRequest) -> str:
    """The Berlin recipe's database, imported once per backend and test worker (about 25 s each). Tests do
    not open it: they take ``berlin_copy`` (or ``database_factory.copy_of``), so none can change another's."""
    if not (REALDATA / "berlin_lor_geometry").is_dir():
        pytest.skip(f"Berlin-Tests übersprungen: offene Daten fehlen ({REALDATA})")
    if database_factory.backend == "sqlite":  # the shapes suite's Berlin is this same file
        return f"sqlite:///{request.getfixturevalue('berlin_sqlite_file')}"
    url = database_factory.new_url()
    _import_berlin(url)
    return url


def _import_berlin(url: str) -> None:
    from sozialraum.importing.recipe import run_recipe

    engine = make_engine(url)
    ensure_database(engine, load_demo_when_empty=False)
    result = run_recipe(engine, BERLIN_RECIPE, REALDATA)
    engine.dispose()
    assert result.ok, [line for _, report in result.reports for line in report.lines()][:10]


@pytest.fixture(scope="session")
def berlin_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Berlin recipe's database as a SQLite file, imported once per test worker; never opened by a test
    (``berlin_template``, ``berlin_copy`` and the shapes suite's ``berlin_url`` hand out copies)."""
    if not (REALDATA / "berlin_lor_geometry").is_dir():
        pytest.skip(f"Berlin-Tests übersprungen: offene Daten fehlen ({REALDATA})")
    path = tmp_path_factory.mktemp("berlin-template") / "berlin.db"
    _import_berlin(f"sqlite:///{path}")
    return path


@pytest.fixture
def berlin_copy(database_factory: DatabaseFactory, berlin_template: str) -> Iterator[Engine]:
    """A private copy of the Berlin recipe's database, for one test."""
    engine = make_engine(database_factory.copy_of(berlin_template))
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def demo_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database file for app and browser tests (SQLite, generated once)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    engine = make_engine(f"sqlite:///{path}")
    ensure_database(engine)
    engine.dispose()
    return path


@pytest.fixture
def env_database_url(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    def set_url(url: str) -> None:
        monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", url)

    return set_url
