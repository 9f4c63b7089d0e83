"""Insert-or-update in one statement per batch, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

BATCH_SIZE = 5_000


def upsert(connection: Connection, table: Table, rows: list[dict[str, Any]], conflict_columns: list[str]) -> None:
    """Write ``rows``; where ``conflict_columns`` match an existing row, update it instead. Re-importing the
    same file therefore changes nothing."""
    if not rows:
        return
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    columns = [column for column in rows[0] if column not in conflict_columns]
    for start in range(0, len(rows), BATCH_SIZE):
        statement = insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=conflict_columns, set_={column: statement.excluded[column] for column in columns}
        )
        connection.execute(statement, rows[start : start + BATCH_SIZE])
