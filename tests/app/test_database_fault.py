"""A database lost mid-session (issue 13, point 8): the page rendered, then the SQLite file is removed or
the PostgreSQL database dropped; the next run shows a German message instead of stale data or Streamlit's
English error, and nothing is created in the lost database's place."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from sozialraum.db import make_engine
from sozialraum.demo.install import ensure_database

APP = str(Path(__file__).resolve().parents[2] / "app.py")
POSTGRES_ENV = "SOZIALRAUM_TEST_POSTGRES_URL"


def titles(at: AppTest) -> list[str]:
    return [title.value for title in at.title]


def fault_messages(at: AppTest) -> list[str]:
    return [error.value for error in at.error]


@pytest.fixture
def own_sqlite_demo(demo_sqlite_file, tmp_path, monkeypatch):
    """A copy of the demo database that this test may delete."""
    path = tmp_path / "sozialraum.db"
    shutil.copy(demo_sqlite_file, path)
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", f"sqlite:///{path}")
    return path


@pytest.mark.parametrize("page", [None, "views/daten.py", "views/karte.py"])
def test_removed_sqlite_file_gives_a_german_message_on_the_next_run(own_sqlite_demo, page):
    at = AppTest.from_file(APP, default_timeout=90)
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception
    assert titles(at), "the page rendered before the database went away"

    own_sqlite_demo.unlink()
    at.run()
    assert not at.exception
    assert titles(at) == []  # no page pretends to be current on cached data
    [message] = fault_messages(at)
    assert "Die Datenbankdatei »sozialraum.db«" in message
    assert "nicht mehr vorhanden" in message
    assert not own_sqlite_demo.exists(), "no empty database (or demo city) may appear in its place"


def test_restored_sqlite_file_is_used_again(own_sqlite_demo, demo_sqlite_file):
    at = AppTest.from_file(APP, default_timeout=90).run()
    own_sqlite_demo.unlink()
    at.run()
    assert fault_messages(at)
    shutil.copy(demo_sqlite_file, own_sqlite_demo)  # restored from the backup: a new file
    at.run()
    assert not at.exception
    assert fault_messages(at) == []
    assert titles(at)


def test_sqlite_file_replaced_by_garbage_gives_the_german_message(own_sqlite_demo):
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception
    own_sqlite_demo.unlink()
    own_sqlite_demo.write_bytes(b"kein SQLite" * 200)
    at.run()
    assert not at.exception
    [message] = fault_messages(at)
    assert "nicht erreichbar oder nicht lesbar" in message


def test_dropped_postgresql_database_gives_a_german_message(monkeypatch):
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        pytest.skip(f"PostgreSQL-Tests übersprungen: {POSTGRES_ENV} ist nicht gesetzt")
    name = f"sozialraum_fault_{os.getpid()}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        engine = make_engine(url)
        ensure_database(engine)
        engine.dispose()
        monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", url)
        at = AppTest.from_file(APP, default_timeout=120).run()
        assert not at.exception
        assert titles(at)

        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        at.run()
        assert not at.exception
        assert titles(at) == []
        [message] = fault_messages(at)
        assert "ist nicht erreichbar" in message
        assert "Datenbankserver" in message
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_lost_connections_are_told_apart_from_page_bugs():
    """For a global error handler: a lost database is a German message, anything else stays a bug."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    from sozialraum.ui.database_fault import is_database_fault

    assert is_database_fault(OperationalError("SELECT 1", {}, Exception("server closed the connection")))
    assert is_database_fault(OperationalError("SELECT 1", {}, Exception("unable to open database file")))
    assert not is_database_fault(IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed")))
    assert not is_database_fault(KeyError(2027))
