"""Alembic environment: runs against the engine handed over by ``sozialraum.db.alembic_config``."""

from alembic import context
from sqlalchemy import create_engine

from sozialraum.config import resolve_database_url
from sozialraum.models import Base

config = context.config
engine = config.attributes.get("engine") or create_engine(resolve_database_url())

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # SQLite alters tables by rebuilding them (batch mode: copy, DROP, rename). With foreign keys on,
        # the DROP of e.g. `area` would cascade-delete every observation. SQLite's own procedure for
        # table rebuilds is to switch them off first; the PRAGMA only works outside a transaction.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
