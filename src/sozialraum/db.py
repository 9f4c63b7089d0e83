"""Engine, sessions and schema migrations (Alembic), for SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from sozialraum.config import resolve_database_url
from sozialraum.models import Area

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
#: How long an import waits for another one (or any other writer) before it gives up.
IMPORT_LOCK_WAIT_SECONDS = 30.0
# How long any SQLite statement waits for a lock, not Python's 5 s: while an import commits a million rows,
# pages and goal edits wait for it instead of failing with »database is locked«. Restored after an import.
SQLITE_BUSY_TIMEOUT_MS = 30_000
# One number for pg_advisory_xact_lock: imports of every server on the database, one at a time.
POSTGRES_IMPORT_LOCK = 0x50_7A_1A_0D
_IMPORTS_OF_THIS_PROCESS = threading.Lock()


class DatabaseBusyError(Exception):
    """Another import (or another writer) holds the database's write lock longer than we waited."""


def make_engine(url: str | None = None) -> Engine:
    """Build the engine for ``url`` (or the configured one). SQLite gets foreign keys switched on."""
    url = resolve_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
        return engine
    # A server that is gone should give a message within seconds, not after the system's TCP timeout.
    connect_args = {"connect_timeout": 10} if parsed.get_backend_name() == "postgresql" else {}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:  # DBAPI types
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``: creates it on an empty database, migrates an older one."""
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def is_empty(engine: Engine) -> bool:
    """True when the schema holds no areas: the signal to load the demo city on first start."""
    with Session(engine) as session:
        return session.scalar(select(func.count(Area.id))) == 0


@contextmanager
def import_transaction(engine: Engine, wait_seconds: float = IMPORT_LOCK_WAIT_SECONDS) -> Iterator[Connection]:
    """A write transaction that first takes the import write lock, waiting at most ``wait_seconds``.

    Imports run one at a time: within this process by a lock, across processes by the database itself
    (SQLite: ``BEGIN IMMEDIATE`` with a busy timeout, so the write lock is taken before anything is
    written instead of failing half-way with »database is locked«; PostgreSQL: a transaction-level
    advisory lock with ``lock_timeout``). Raises ``DatabaseBusyError`` when the wait is over; then
    nothing was written. Commits when the block ends normally, rolls back on any exception.
    """
    deadline = time.monotonic() + wait_seconds
    if not _IMPORTS_OF_THIS_PROCESS.acquire(timeout=max(wait_seconds, 0.0)):
        raise DatabaseBusyError
    try:
        remaining_ms = max(1, int((deadline - time.monotonic()) * 1000))
        with engine.connect() as connection:
            try:
                _take_write_lock(connection, remaining_ms)
                yield connection
                connection.commit()
            except OperationalError as error:
                connection.rollback()
                if is_lock_error(error):
                    raise DatabaseBusyError from error
                raise
            except BaseException:
                connection.rollback()
                raise
            finally:
                if connection.dialect.name == "sqlite" and not connection.closed:
                    connection.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
                    connection.commit()
    finally:
        _IMPORTS_OF_THIS_PROCESS.release()


def _take_write_lock(connection: Connection, wait_ms: int) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {wait_ms}")
        # pysqlite opens transactions itself only before DML; an explicit BEGIN IMMEDIATE takes the write
        # lock now (waiting up to busy_timeout), and pysqlite's commit() ends it.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {wait_ms}")
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({POSTGRES_IMPORT_LOCK})")
        connection.exec_driver_sql("SET LOCAL lock_timeout = DEFAULT")


def is_lock_error(error: OperationalError) -> bool:
    """»database is locked« (SQLite) or a lock wait that timed out (PostgreSQL, SQLSTATE 55P03)."""
    text = str(error.orig).lower()
    return "database is locked" in text or "database is busy" in text or getattr(error.orig, "sqlstate", "") == "55P03"
