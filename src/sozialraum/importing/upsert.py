"""Insert-or-update in one statement per batch, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Connection, Date, Table
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


def upsert_frame(connection: Connection, table: Table, frame: pd.DataFrame, conflict_columns: list[str]) -> None:
    """``upsert`` for large DataFrames: one INSERT … ON CONFLICT statement executed by the driver with
    plain tuples. SQLAlchemy's per-row parameter processing would cap a million-row import at a third of
    the target speed; SQL, conflict rule and result are the same."""
    if frame.empty:
        return
    sqlite = connection.dialect.name == "sqlite"
    columns = list(frame.columns)
    placeholder = "?" if sqlite else "%s"
    updates = ", ".join(f"{column} = excluded.{column}" for column in columns if column not in conflict_columns)
    statement = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([placeholder] * len(columns))}) "
        f"ON CONFLICT ({', '.join(conflict_columns)}) DO UPDATE SET {updates}"
    )
    plain = frame.astype(object).where(frame.notna(), None)
    if sqlite:
        # SQLAlchemy's Date type stores ISO text in SQLite; write the same text.
        for column in columns:
            if isinstance(table.c[column].type, Date):
                plain[column] = plain[column].map(lambda day: day.isoformat() if day is not None else None)
    rows = list(plain.itertuples(index=False, name=None))
    for start in range(0, len(rows), BATCH_SIZE * 10):
        connection.exec_driver_sql(statement, rows[start : start + BATCH_SIZE * 10])
