"""Alembic environment: runs against the engine handed over by ``sozialraum.db.alembic_config``."""

from alembic import context
from sqlalchemy import create_engine

from sozialraum.config import resolve_database_url
from sozialraum.models import Base

config = context.config
engine = config.attributes.get("engine") or create_engine(resolve_database_url())

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
